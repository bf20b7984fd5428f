"""Device variability (Delacour & Todri-Sanial 2021, Fig. 7).

One circuit parameter at a time (R_met, R_ins, V_L, V_H) is changed by a relative amount on both oscillators of a
pair; the free-running period T_osc and the neutral resistance R_0 = zeta^-1(T/4) (Eq. 12) are measured and
compared with the nominal circuit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from brian2 import second

from brainsnn.models.vo2_oscillator import VO2Parameters
from brainsnn_studies.vo2_onn.circuit import US, metric_key
from brainsnn_studies.vo2_onn.oscillator_pairs import OscillatorPairs
from brainsnn_studies.vo2_onn.transition import simulated_zeta_inverse


def variability(pairs: OscillatorPairs, circuit: VO2Parameters, config: Mapping[str, Any], nominal_period_us: float,
                nominal_r0_kohm: float | None) -> dict[str, dict[str, Any]]:
    """Per varied parameter and change (``variability``): T_osc (us), R_0 (kOhm) and their relative changes."""
    variants = [(name, change) for name, changes in config["variability"].items() for change in changes]
    batch = VO2Parameters.stack([circuit.varied(**{name: change}) for name, change in variants])
    periods = pairs.free_running(batch).period
    r0 = simulated_zeta_inverse(pairs, batch, periods / 4 * second, config)
    table: dict[str, dict[str, Any]] = {}
    for (name, change), period, resistance in zip(variants, periods, r0, strict=True):
        table.setdefault(name, {})[metric_key(change)] = {
            "period_us": float(period * US), "r0_kohm": float(resistance),
            "period_change": float(period * US / nominal_period_us - 1),
            "r0_change": float(resistance / nominal_r0_kohm - 1) if nominal_r0_kohm else None}
    return table
