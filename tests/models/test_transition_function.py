"""Eq. 10 against an independent integration of the two coupled insulating oscillators, and its inverses."""

import numpy as np
import pytest
from brian2 import kohm, mvolt, ohm, second, volt
from scipy.linalg import expm
from scipy.optimize import brentq

from brainsnn.errors import ConfigError
from brainsnn.models.transition_function import fit_epsilon, zeta, zeta_inverse
from brainsnn.models.vo2_oscillator import VO2Parameters

CIRCUIT = VO2Parameters()
PERIOD = float(CIRCUIT.period / second)


def _difference_when_oscillator_1_reaches_v_minus(resistance_ohm: float, delay_s: float) -> float:
    """Integrate C dV/dt = (V_DD - V) / R_ins - V / R_S + (V_other - V) / R_C for both (insulating) oscillators
    from the initial voltages at t_on until their mean reaches V-, and return V_out2 - V_out1 then."""
    c, r_s, r_ins = 500e-12, 20e3, 100.2e3
    v_std, v_plus, v_minus = 2.5 * r_s / (r_s + r_ins), 1.5, 2.5 - 1.999
    tau_d = c * r_s * r_ins / (r_s + r_ins)
    v0 = np.array([v_std + (v_plus - v_std) * np.exp(-delay_s / tau_d), v_plus])
    g = 1 / r_s + 1 / r_ins
    a = np.array([[-g - 1 / resistance_ohm, 1 / resistance_ohm], [1 / resistance_ohm, -g - 1 / resistance_ohm]]) / c
    steady = np.full(2, v_std)

    def state(t):
        return steady + expm(a * t) @ (v0 - steady)

    t_star = brentq(lambda t: state(t).mean() - v_minus, 0, 10 * tau_d)
    return float(np.diff(state(t_star))[0])


@pytest.mark.parametrize("fraction", [0.1, 0.25, 0.45])
def test_eq_10_puts_the_difference_at_epsilon_when_v_minus_is_reached(fraction):
    epsilon = 0.2 * mvolt
    resistance = float(zeta_inverse(CIRCUIT, fraction * PERIOD * second, epsilon) / ohm)
    assert _difference_when_oscillator_1_reaches_v_minus(resistance, fraction * PERIOD) == pytest.approx(
        float(epsilon / volt), rel=1e-6)


def test_eq_10_with_constant_epsilon_reproduces_the_simulated_boundary():
    # epsilon = 0.2 mV reproduces the locking boundary simulated with an ideal comparator: these R_C at
    # delta t / T = 0.05 .. 0.5
    expected = [20.7, 17.2, 15.5, 14.4, 13.6, 12.9, 12.4, 12.0, 11.6, 11.3]
    delays = np.arange(1, 11) * 0.05 * PERIOD * second
    np.testing.assert_allclose(zeta_inverse(CIRCUIT, delays, 0.2 * mvolt) / kohm, expected, atol=0.051)


def test_no_resistance_locks_out_of_phase_when_the_difference_is_already_below_epsilon():
    assert np.isinf(zeta_inverse(CIRCUIT, 1e-9 * second, 0.2 * mvolt) / ohm)


def test_zeta_inverts_zeta_inverse():
    delays = np.array([0.08, 0.2, 0.33, 0.5]) * PERIOD * second
    resistances = zeta_inverse(CIRCUIT, delays, 0.3 * mvolt)
    np.testing.assert_allclose(zeta(CIRCUIT, resistances, 0.3 * mvolt, PERIOD * second) / second,
                               delays / second, rtol=1e-6)
    # beyond the ends of (0, T/2]
    assert float(zeta(CIRCUIT, 1 * kohm, 0.3 * mvolt, PERIOD * second) / second) == pytest.approx(PERIOD / 2)
    # as R_C -> inf, the delay whose uncoupled difference (V+ - V0_1) A has decayed to epsilon when V- is reached
    delay = float(zeta(CIRCUIT, 1e9 * kohm, 0.3 * mvolt, PERIOD * second) / second)
    v_std, v_plus = float(CIRCUIT.v_std_ins / volt), float(CIRCUIT.v_plus / volt)
    v1 = v_std + (v_plus - v_std) * np.exp(-delay / float(CIRCUIT.tau_discharge / second))
    decay = (float(CIRCUIT.v_minus / volt) - v_std) / ((v1 + v_plus) / 2 - v_std)
    assert (v_plus - v1) * decay == pytest.approx(0.3e-3, rel=1e-4)


def test_fit_epsilon_recovers_the_generating_value():
    delays = np.linspace(0.05, 0.5, 8) * PERIOD * second
    resistances = zeta_inverse(CIRCUIT, delays, 0.37 * mvolt)
    assert float(fit_epsilon(CIRCUIT, delays, resistances) / mvolt) == pytest.approx(0.37, rel=1e-3)
    with pytest.raises(ConfigError):
        fit_epsilon(CIRCUIT, delays, resistances[:3])
