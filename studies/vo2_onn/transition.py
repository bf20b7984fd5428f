"""The simulated transition function of a pair and the epsilon of Eq. 10 fitted to it.

Delacour & Todri-Sanial (2021), Secs. 2.1.6-2.1.8: zeta^-1(Delta t) is the coupling resistance above which a pair
whose supplies turn on Delta t apart locks out of phase (Eq. 8). It is measured by batched bisection on log R_C
(:meth:`OscillatorPairs.zeta_inverse`); Eq. 10 gives it in closed form up to one voltage epsilon, fitted here to
the simulated boundary. The free-running period and that epsilon are all the mapping of Eq. 22 needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, replace
from typing import Any

import numpy as np
from brian2 import Quantity, kohm, mvolt, second

from brainsnn.backend import Backend, use_backend
from brainsnn.errors import ConfigError
from brainsnn.models.transition_function import fit_epsilon
from brainsnn.models.vo2_oscillator import VO2Parameters
from brainsnn_studies.vo2_onn.circuit import circuit_from
from brainsnn_studies.vo2_onn.oscillator_pairs import OscillatorPairs

#: Pairs whose V_out is recorded for the waveform figures (Figs. 2-4).
RECORDED_PAIRS = 3


def pair_batch(config: Mapping[str, Any], backend: Backend, period_estimate: Quantity) -> OscillatorPairs:
    """``pair_batch`` pairs simulated for ``pair_periods`` periods (build inside ``use_backend``)."""
    return OscillatorPairs(backend, config["pair_batch"], config["pair_periods"] * period_estimate,
                           config["hysteresis"], recorded_pairs=RECORDED_PAIRS)


def bracket_kohm(config: Mapping[str, Any], circuit: VO2Parameters, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per pair, ``r_bracket_kohm`` scaled by R_S / ``r_s_kohm``: zeta^-1 grows with R_S || R_ins (Eq. 10), so
    the low-R_S circuits of Fig. 8 need a lower bracket than the nominal one."""
    scale = np.asarray(circuit.r_s / kohm) / config["r_s_kohm"] * np.ones(n)
    low, high = config["r_bracket_kohm"]
    return low * scale, high * scale


def simulated_zeta_inverse(pairs: OscillatorPairs, circuit: VO2Parameters, delays: Quantity,
                           config: Mapping[str, Any]) -> np.ndarray:
    """Simulated zeta^-1 (kOhm) at ``delays`` (NaN outside the bracket), in batches of the pair batch size;
    ``circuit`` is one circuit or one per delay."""
    values = []
    delays = np.atleast_1d(np.asarray(delays / second))
    low, high = bracket_kohm(config, circuit, len(delays))
    for part in chunks(len(delays), pairs.n_pairs):
        chunk_circuit = circuit if np.ndim(circuit.r_s) == 0 else _slice_circuit(circuit, part)
        values.append(np.asarray(pairs.zeta_inverse(chunk_circuit, delays[part] * second, low[part] * kohm,
                                                    high[part] * kohm, config["bisection_iterations"]) / kohm))
    return np.concatenate(values)


def _slice_circuit(circuit: VO2Parameters, part: slice) -> VO2Parameters:
    return replace(circuit, **{p.name: (getattr(circuit, p.name) * np.ones(np.size(circuit.r_s)))[part]
                               for p in fields(circuit)})


def chunks(total: int, size: int) -> list[slice]:
    """Consecutive slices of at most ``size`` items covering ``total`` items."""
    return [slice(start, min(start + size, total)) for start in range(0, total, size)]


def fitted_boundary(pairs: OscillatorPairs, circuit: VO2Parameters, period: float,
                    config: Mapping[str, Any]) -> tuple[np.ndarray, np.ndarray, Quantity]:
    """The ``boundary_delays`` fractions, the simulated zeta^-1 (kOhm) there and the epsilon of Eq. 10 fitted to
    it (least squares on log R_C)."""
    fractions = np.asarray(config["boundary_delays"], dtype=float)
    boundary = simulated_zeta_inverse(pairs, circuit, fractions * period * second, config)
    finite = np.isfinite(boundary)
    if not finite.any():
        raise ConfigError("no boundary point inside r_bracket_kohm; widen the bracket")
    epsilon = fit_epsilon(circuit, fractions[finite] * period * second, boundary[finite] * kohm)
    return fractions, boundary, epsilon


def calibrate(config: Mapping[str, Any]) -> tuple[float, float]:
    """Free-running period (s) and fitted epsilon (mV) of the configured circuit: what the mapping needs."""
    circuit = circuit_from(config)
    with use_backend(config["device"], label="vo2-pairs", seed=config["seed"], threads=config["threads"]) as backend:
        pairs = pair_batch(config, backend, circuit.period)
        period = float(pairs.free_running(circuit).period[0])
        _, _, epsilon = fitted_boundary(pairs, circuit, period, config)
    return period, float(epsilon / mvolt)
