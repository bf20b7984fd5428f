"""Values in JSON's types: the one conversion behind ``config.json``, ``metrics.json`` and a search's trial log."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any


def json_values(value: Any) -> Any:
    """``value`` in JSON's types, for strict JSON (``allow_nan=False``).

    Mappings become dicts with string keys, lists and tuples become lists, numpy scalars and arrays (anything
    with a ``tolist`` that leaves it) become numbers and lists, and NaN and infinities become ``None``: strict
    JSON has no representation for them, and ``null`` reads back as "undefined".

    Raises
    ------
    TypeError
        For any other type (a path, a Brian2 quantity, ...), naming the value and its type.
    """
    if isinstance(value, Mapping):
        return {str(key): json_values(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_values(item) for item in value]
    if hasattr(value, "tolist"):
        plain = value.tolist()
        if type(plain) is type(value):  # a Brian2 quantity's tolist() gives quantities again
            raise TypeError(f"cannot store {value!r} of type {type(value).__name__} in JSON")
        return json_values(plain)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot store {value!r} of type {type(value).__name__} in JSON")
