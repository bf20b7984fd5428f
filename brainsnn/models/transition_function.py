"""Analytic phase transition function of two coupled VO2 oscillators (Delacour & Todri-Sanial 2021, Eqs. 9-12).

Oscillator 2 starts Delta t_init after oscillator 1; both switches close when oscillator 2 reaches V+, so both are
insulating with (Supplementary Eq. S9, reconstructed from the circuit; it reproduces every number of the text)::

    V0_2 = V+,   V0_1 = V_std + (V+ - V_std) exp(-Delta t_init / tau_d)

Their mean relaxes to V_std with tau_d = C_P (R_S || R_ins) and reaches V- at t* = -tau_d ln A, while their
difference decays with tau' = C_P / (1/R_S + 1/R_ins + 2/R_C) (Eq. 9). They lock in phase if the difference is
below epsilon at t*, which gives Eq. 10::

    R_C = 2 (R_S || R_ins) ln A / (ln(epsilon / (V0_2 - V0_1)) - ln A),
    A = (V- - V_std) / ((V0_1 + V0_2) / 2 - V_std)

The paper's epsilon(R_C) (Supplementary Eq. S22) is not recoverable; here epsilon is one constant fitted to the
simulated boundary (:func:`fit_epsilon`), so Eq. 10 is explicit in Delta t: it *is* zeta^-1 (Eq. 11), and zeta
(Eq. 7) is its numerical inverse. R_0 = zeta^-1(T_osc / 4) is the neutral resistance (Eq. 12).
"""

from __future__ import annotations

import numpy as np
from brian2 import Quantity, ohm, second, volt
from scipy.optimize import brentq, minimize_scalar

from brainsnn.errors import ConfigError
from brainsnn.models.vo2_oscillator import VO2Parameters


def zeta_inverse(circuit: VO2Parameters, delay: Quantity, epsilon: Quantity) -> Quantity:
    """Eq. 10: the coupling resistance whose transition delay is ``delay`` (inf where no resistance locks
    out of phase, i.e. the initial difference is already below ``epsilon`` when V- is reached)."""
    v_std, v_plus = float(circuit.v_std_ins / volt), float(circuit.v_plus / volt)
    v1 = v_std + (v_plus - v_std) * np.exp(-np.asarray(delay / second) / float(circuit.tau_discharge / second))
    log_a = np.log((float(circuit.v_minus / volt) - v_std) / ((v1 + v_plus) / 2 - v_std))
    denominator = np.log(float(epsilon / volt) / (v_plus - v1)) - log_a
    r_parallel = float(circuit.r_s * circuit.r_ins / (circuit.r_s + circuit.r_ins) / ohm)
    with np.errstate(divide="ignore", invalid="ignore"):
        resistance = np.where(denominator < 0, 2 * r_parallel * log_a / denominator, np.inf)
    return resistance * ohm


def zeta(circuit: VO2Parameters, resistance: Quantity, epsilon: Quantity, period: Quantity) -> Quantity:
    """Eq. 7: the transition delay of coupling ``resistance`` (numerical inverse of Eq. 10 on (0, period / 2]).
    Large resistances tend to the delay whose uncoupled difference (V+ - V0_1) A is epsilon at V-; period / 2
    where no delay locks out of phase."""
    half = float(period / second) / 2

    def transit(r_ohm: float) -> float:
        def gap(delay: float) -> float:
            return float(zeta_inverse(circuit, delay * second, epsilon) / ohm) - r_ohm

        low = 1e-6 * half
        if gap(low) <= 0:
            return 0.0
        if gap(half) >= 0:
            return half
        return brentq(gap, low, half, xtol=1e-15)

    values = np.asarray(resistance / ohm, dtype=float)
    return np.vectorize(transit)(values) * second


def fit_epsilon(circuit: VO2Parameters, delays: Quantity, resistances: Quantity) -> Quantity:
    """The constant epsilon that best fits measured boundary points (``delays[k]``, ``resistances[k]``) in the
    least-squares sense on log R_C (searched between 1 uV and 100 mV)."""
    delays, log_r = np.asarray(delays / second), np.log(np.asarray(resistances / ohm))
    if delays.size == 0 or delays.shape != log_r.shape or not np.all(np.isfinite(log_r)):
        raise ConfigError("fit_epsilon needs matching, finite boundary points")

    def loss(log_epsilon: float) -> float:
        predicted = np.log(np.asarray(zeta_inverse(circuit, delays * second, np.exp(log_epsilon) * volt) / ohm))
        return float(np.sum(np.where(np.isfinite(predicted), predicted - log_r, 10.0) ** 2))

    result = minimize_scalar(loss, bounds=(np.log(1e-6), np.log(0.1)), method="bounded", options={"xatol": 1e-6})
    return float(np.exp(result.x)) * volt
