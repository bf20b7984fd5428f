"""The configured oscillator circuit and the units and keys of the study's metrics.

Table 1 of Delacour & Todri-Sanial (2021) with the configured V_H and R_S (:class:`VO2Parameters`). The metrics
give times in us, resistances in kOhm and phases in degrees, and key per-parameter tables by the parameter's value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from brian2 import kohm, volt

from brainsnn.models.vo2_oscillator import VO2Parameters

#: Seconds to microseconds, the time unit of the metrics.
US = 1e6


def circuit_from(config: Mapping[str, Any]) -> VO2Parameters:
    """Table 1 with the configured V_H (``v_h_volt``) and R_S (``r_s_kohm``)."""
    return VO2Parameters(v_h=config["v_h_volt"] * volt, r_s=config["r_s_kohm"] * kohm)


def metric_key(value: float) -> str:
    """The metrics.json key of a parameter value (1.875 -> "1.875", 12 -> "12")."""
    return f"{value:g}"
