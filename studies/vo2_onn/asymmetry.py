"""Waveform asymmetry and binary locking (Delacour & Todri-Sanial 2021, Sec. 2.1.9, Figs. 8-9).

For each R_S (and so each ratio t_d / t_c), a 4-oscillator network stores one pattern with the two resistances
R_+-1 = (N - 1) zeta^-1(T/4 +- T/8) of that circuit (N - 1 = 3), and retrieves it from an input with one pixel
flipped. The paper finds all oscillators in phase below t_d / t_c ~ 7, the flipped one near 270 deg up to ~20,
and the pattern retrieved above.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from brian2 import kohm, second, volt

from brainsnn.backend import use_backend
from brainsnn.metrics.retrieval import exact_retrieval
from brainsnn.models.vo2_oscillator import VO2Parameters
from brainsnn_studies.vo2_onn.circuit import US, circuit_from, metric_key
from brainsnn_studies.vo2_onn.hopfield_onn import HopfieldONN
from brainsnn_studies.vo2_onn.oscillator_pairs import OscillatorPairs
from brainsnn_studies.vo2_onn.transition import bracket_kohm, simulated_zeta_inverse


def asymmetry_resistances(pairs: OscillatorPairs, circuit: VO2Parameters,
                          config: Mapping[str, Any]) -> dict[str, dict[str, float]]:
    """Per ``asymmetry_r_s_kohm``: t_d / t_c, T_osc (us) and the pair resistances zeta^-1(T/4 +- T/8) (kOhm)."""
    r_s = np.asarray(config["asymmetry_r_s_kohm"], dtype=float)
    stats = pairs.free_running(VO2Parameters(v_h=circuit.v_h, r_s=r_s * kohm))
    both = VO2Parameters(v_h=circuit.v_h, r_s=np.concatenate([r_s, r_s]) * kohm)
    delays = np.concatenate([3 * stats.period / 8, stats.period / 8]) * second
    resistances = simulated_zeta_inverse(pairs, both, delays, config)
    rows = zip(r_s, stats.asymmetry, stats.period, resistances[: len(r_s)], resistances[len(r_s):], strict=True)
    return {metric_key(r): {"td_tc": float(a), "period_us": float(p * US), "r_plus_kohm": float(plus),
                            "r_minus_kohm": float(minus)} for r, a, p, plus, minus in rows}


def four_oscillator_test(config: Mapping[str, Any], resistances: Mapping[str, Mapping[str, float]]
                         ) -> dict[str, dict[str, Any]]:
    """Figs. 8B-9: ``four_pattern`` stored with 3 R_+-1 of each R_S, retrieved from ``four_input``; every row of
    ``resistances`` with the output phases (deg) and whether the pattern, all in phase or an intermediate phase
    came out. A resistance without a boundary inside the bisection bracket is replaced by the bracket's top."""
    pattern = np.asarray(config["four_pattern"], dtype=int)
    weights = np.outer(pattern, pattern)
    rows = {}
    with use_backend(config["device"], label="vo2-four", seed=config["seed"], threads=config["threads"]) as backend:
        onn = HopfieldONN(backend, 1, len(pattern), config["pair_periods"] * circuit_from(config).period,
                          config["hysteresis"])
        for r_s, row in resistances.items():
            circuit = VO2Parameters(v_h=config["v_h_volt"] * volt, r_s=float(r_s) * kohm)
            top = float(bracket_kohm(config, circuit, 1)[1][0])
            r_plus, r_minus = (row[k] if np.isfinite(row[k]) else top for k in ("r_plus_kohm", "r_minus_kohm"))
            matrix = np.where(weights > 0, 3 * r_plus, 3 * r_minus) * kohm
            result = onn.retrieve(circuit, matrix, np.asarray(config["four_input"], dtype=float),
                                  row["period_us"] / US * second)
            rows[r_s] = {**row, "phases_deg": result.phases_deg[0],
                         "correct": bool(exact_retrieval(result.states, pattern[None])[0] and not result.flagged[0]),
                         "all_in_phase": bool(np.all(result.states == 1)), "intermediate": bool(result.flagged[0])}
    return rows
