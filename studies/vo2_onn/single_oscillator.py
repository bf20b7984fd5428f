"""One free-running VO2 oscillator (Delacour & Todri-Sanial 2021, Fig. 2, Table 1, Fig. 8A).

The period, the output swing V- .. V+ and the discharge / charge ratio t_d / t_c for several R_S, beside the
closed forms of :class:`VO2Parameters` (tau0 = 0): T_osc = t_c + t_d with each time an RC charge between V- and
V+ (Supplementary Eqs. S5-S7).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from brian2 import kohm, ohm, second, usecond, volt

from brainsnn.models.vo2_oscillator import VO2Parameters
from brainsnn_studies.vo2_onn.circuit import US, metric_key
from brainsnn_studies.vo2_onn.oscillator_pairs import OscillatorPairs


@dataclass(frozen=True)
class SingleOscillator:
    """The metrics of Fig. 2, the measured period (s) and the V_out trace (s, V) of the nominal oscillator."""

    metrics: dict[str, Any]
    period: float
    trace_time: np.ndarray
    trace: np.ndarray


def single_oscillator(pairs: OscillatorPairs, circuit: VO2Parameters, config: Mapping[str, Any]) -> SingleOscillator:
    """Period, swing and t_d / t_c of ``circuit`` and of the ``single_r_s_kohm`` circuits, simulated and closed."""
    r_s = np.asarray(config["single_r_s_kohm"], dtype=float)
    circuits = VO2Parameters(v_h=circuit.v_h, r_s=r_s * kohm)
    stats = pairs.free_running(circuits)
    period = float(pairs.free_running(circuit).period[0])
    _, run = pairs.run(circuit, 0 * second, np.inf * ohm)
    trace = run.voltages[0]
    settled = run.voltage_time > run.voltage_time[-1] / 2
    closed_ratio = np.asarray(circuits.t_discharge / circuits.t_charge)
    metrics = {
        "period_us": period * US,
        "period_closed_form_us": float(circuit.period / usecond),
        "swing_v": [float(trace[settled].min()), float(trace[settled].max())],
        "swing_closed_form_v": [float(circuit.v_minus / volt), float(circuit.v_plus / volt)],
        "td_tc_ratio": {metric_key(r): float(a) for r, a in zip(r_s, stats.asymmetry, strict=True)},
        "td_tc_closed_form": {metric_key(r): float(a) for r, a in zip(r_s, closed_ratio, strict=True)},
        "single_period_us": {metric_key(r): float(p * US) for r, p in zip(r_s, stats.period, strict=True)},
    }
    return SingleOscillator(metrics, period, run.voltage_time, trace)
