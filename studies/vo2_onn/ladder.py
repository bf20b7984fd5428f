"""A ladder of models on the same stored weights and noisy inputs: where does the ONN's retrieval break?

From the most abstract to the physical circuit, each rung keeps the previous one's weights and inputs:

1. ``hopfield``: the discrete Hopfield network started from sign(input) (:func:`brainsnn.models.hopfield.recall`).
2. ``phase_ideal``: identical phase oscillators (:mod:`brainsnn.models.phase_oscillators`) coupled with strength K
   by the signed in-phase preference the mapping gives each pair, J_ij = 2 g(beta W_ij) - 1 = tanh(beta W_ij)
   (Eqs. 15, 21), with a weight-independent binary-locking term of strength B = ratio * K, started from the delay
   encoding theta_i = pi (1 - x_i) / 2 (Sec. 3.1.2) and run for ``onn_periods``.
3. ``phase_transition``: the simulated two-oscillator locking rule (Eqs. 7-8) composed over the network, event
   driven (:mod:`brainsnn.models.pair_locking_network`): a pair with the pair-equivalent resistance
   R_ij / (N - 1) (Eq. 22) locks in phase when its delay difference is below zeta(R_ij / (N - 1)), read from the
   simulated boundary zeta^-1 of the phase map; each oscillator weighs its neighbours' votes by 1 / R_ij.
4. ``vo2``: the 60-oscillator VO2 circuit in Brian2 (:mod:`brainsnn_studies.vo2_onn.retrieval`).

Rung 2 is also run at ``linear_beta`` for every coupling strength K in ``phase_strengths`` and binary-locking ratio
in ``phase_binarisation_ratios``, and with 0 / 180 deg starts from sign(x) instead of the paper's delays.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import product
from typing import Any

import numpy as np
from brian2 import kohm

from brainsnn.models import pair_locking_network, phase_oscillators
from brainsnn_studies.vo2_onn.circuit import metric_key
from brainsnn_studies.vo2_onn.onn_mapping import ResistanceMapping
from brainsnn_studies.vo2_onn.retrieval import OnnRetrieval, StoredDigits, TestSet, per_test_set, stacked_inputs
from brainsnn_studies.vo2_onn.retrieval_scores import scores

RUNGS = ("hopfield", "phase_ideal", "phase_transition", "vo2")


def simulated_transit(pair_r_kohm, boundary: Mapping[str, Any]) -> np.ndarray:
    """zeta(R) / T_osc of pair resistances (kOhm) from the simulated boundary zeta^-1, interpolated on log R.

    Outside the measured delays the transit is held at the nearest one (0.5 below the boundary's smallest R: in
    phase at every delay).
    """
    fractions = np.asarray(boundary["delay_fraction"], dtype=float)
    resistances = np.asarray(boundary["simulated_r_kohm"], dtype=float)
    finite = np.isfinite(resistances)
    order = np.argsort(resistances[finite])
    return np.interp(np.log(pair_r_kohm), np.log(resistances[finite][order]), fractions[finite][order])


def transition_rung(mapping: ResistanceMapping, digits: StoredDigits, boundary: Mapping[str, Any],
                    inputs: np.ndarray) -> np.ndarray:
    """Rung 3: states of the composed pair rule for ``inputs``."""
    resistances = np.asarray(mapping.matrix(digits.weights) / kohm)
    off_diagonal = ~np.eye(len(resistances), dtype=bool)
    transit = np.full(resistances.shape, 0.5)
    transit[off_diagonal] = simulated_transit(resistances[off_diagonal] / (len(resistances) - 1), boundary)
    weight = np.where(off_diagonal, 1.0 / resistances, 0.0)
    settled = pair_locking_network.settle(transit, pair_locking_network.initial_phases(inputs), weight)
    return pair_locking_network.binary_states(settled.phase)


def ideal_rung(beta: float, digits: StoredDigits, inputs: np.ndarray, strength: float, ratio: float,
               periods: float, encoding: str = "delay") -> np.ndarray:
    """Rung 2: states of the phase-oscillator network with J = tanh(beta W) and B = ``ratio`` K after ``periods``."""
    theta = phase_oscillators.settle(np.tanh(beta * digits.weights),
                                     phase_oscillators.phases_from_inputs(inputs, encoding), strength, periods,
                                     binarisation=ratio * strength)
    return phase_oscillators.binary_states(theta)


def ladder(config: Mapping[str, Any], onn: OnnRetrieval, boundary: Mapping[str, Any]) -> dict[str, Any]:
    """``ladder.<rung>.<beta>.<k>`` (exact retrieval), ``ladder_hamming`` alike, the transit range of each beta's
    mapping and the ideal rung's ``phase_ideal_sweep.<encoding>.<K>.<ratio>.<k>`` at ``linear_beta``."""
    digits, periods, tests = onn.digits, config["onn_periods"], onn.tests
    inputs = stacked_inputs(tests)
    exact: dict[str, dict[str, dict[str, float]]] = {rung: {} for rung in RUNGS}
    hamming: dict[str, dict[str, dict[str, float]]] = {rung: {} for rung in RUNGS}
    transit_range = {}
    for beta, mapping in onn.mappings.items():
        b = metric_key(beta)
        states = {"phase_ideal": per_test_set(tests, ideal_rung(beta, digits, inputs, config["phase_strength"],
                                                                config["phase_binarisation_ratio"], periods)),
                  "phase_transition": per_test_set(tests, transition_rung(mapping, digits, boundary, inputs))}
        for k, (_, targets) in tests.items():
            key = metric_key(k)
            measured = {"hopfield": onn.metrics["hopfield"][key],
                        **{rung: scores(state[k], digits.patterns, targets) for rung, state in states.items()},
                        "vo2": {name: onn.metrics[name][b][key] for name in ("retrieval_accuracy", "hamming")}}
            for rung, values in measured.items():
                exact[rung].setdefault(b, {})[key] = values["retrieval_accuracy"]
                hamming[rung].setdefault(b, {})[key] = values["hamming"]
        pair_r = np.asarray(mapping.resistances / kohm) / (len(digits.weights) - 1)
        transit_range[b] = [float(value) for value in np.sort(simulated_transit(pair_r, boundary))[[0, -1]]]
    return {"ladder": exact, "ladder_hamming": hamming, "ladder_transit": transit_range,
            "phase_ideal_sweep": ideal_sweep(config, digits, tests)}


def ideal_sweep(config: Mapping[str, Any], digits: StoredDigits, tests: Mapping[int, TestSet]) -> dict[str, Any]:
    """Exact retrieval of the ideal rung at ``linear_beta`` per encoding, K, binary-locking ratio and k: the delay
    encoding over every K and ratio of the sweep, the sign encoding at the rung's own K and ratio (its 0 / 180 deg
    start is an equilibrium of both coupling terms, whatever their strengths)."""
    beta, sweep, inputs = config["linear_beta"], {}, stacked_inputs(tests)
    points = [("delay", strength, ratio)
              for strength, ratio in product(config["phase_strengths"], config["phase_binarisation_ratios"])]
    points.append(("sign", config["phase_strength"], config["phase_binarisation_ratio"]))
    for encoding, strength, ratio in points:
        states = per_test_set(tests, ideal_rung(beta, digits, inputs, strength, ratio, config["onn_periods"], encoding))
        sweep.setdefault(encoding, {}).setdefault(metric_key(strength), {})[metric_key(ratio)] = {
            metric_key(k): scores(states[k], digits.patterns, targets)["retrieval_accuracy"]
            for k, (_, targets) in tests.items()}
    return {"beta": beta, **sweep}
