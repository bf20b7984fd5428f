"""Physical values at the library's boundary: a number in the documented unit, or a Brian2 quantity.

Public functions name the unit of a physical argument in its name (``duration_s``, ``dt_ms``, ``rate_hz``) and take
a plain number in that unit. They also accept a Brian2 quantity of the right dimension, so
``duration_s=1 * second`` and ``duration_s=1.0`` mean the same; :func:`in_unit` is the one conversion::

    in_unit(250 * ms, "second", "duration_s") == 0.25
    in_unit(0.25, "second", "duration_s") == 0.25
    in_unit(250 * mV, "second", "duration_s")  ->  ConfigError naming the unit

This module does not import Brian2: a value can only be a quantity if Brian2 was loaded to build it.
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np

from brainsnn.errors import ConfigError

_QUANTITY_MODULE = "brian2.units.fundamentalunits"


def in_unit(value: Any, unit: str, name: str) -> Any:
    """``value`` as a number (or array) in ``unit``; numbers and None pass through unchanged.

    Parameters
    ----------
    value
        A plain number, array or None (already in ``unit``), or a Brian2 quantity (scalar or array).
    unit : str
        Name of a Brian2 unit, e.g. ``"second"``, ``"ms"``, ``"Hz"``, ``"mV"``, ``"ohm"``.
    name : str
        The argument's name, for the error message.

    Returns
    -------
    float or numpy.ndarray or the value itself
        ``float(value / unit)`` for a scalar quantity, a float array for an array quantity.

    Raises
    ------
    ConfigError
        When ``value`` is a quantity of another dimension (e.g. a voltage for a duration).
    """
    fundamental = sys.modules.get(_QUANTITY_MODULE)
    if fundamental is None or not isinstance(value, fundamental.Quantity):
        return value
    import brian2

    target = getattr(brian2, unit)
    if not fundamental.have_same_dimensions(value, target):
        raise ConfigError(
            f"{name} is in {unit}: give a number or a Brian2 quantity of that dimension (e.g. {name}=2*{unit}), "
            f"got {value!r}"
        )
    magnitude = np.asarray(value / target, dtype=float)
    return float(magnitude) if magnitude.ndim == 0 else magnitude
