"""VO2 oscillator: closed forms against Table 1, validation, and simulated periods against the closed forms."""

import numpy as np
import pytest
from brian2 import EventMonitor, Network, defaultclock, kohm, nsecond, ohm, second, usecond, volt
from brian2.units.fundamentalunits import DimensionMismatchError

from brainsnn.backend import use_backend
from brainsnn.errors import ConfigError
from brainsnn.metrics.oscillation import cycle_statistics
from brainsnn.models.vo2_oscillator import VO2Parameters, vo2_oscillator_group


def test_table_1_closed_forms():
    circuit = VO2Parameters()
    assert circuit.v_minus / volt == pytest.approx(0.501)
    assert circuit.v_plus / volt == pytest.approx(1.5)
    assert circuit.v_std_ins / volt == pytest.approx(2.5 * 20 / 120.2)
    assert circuit.period / usecond == pytest.approx(21.6, rel=0.002)  # Table 1's T_osc
    # with Table 1's literal V_H = 1.99 V (V- = V_DD - V_H = 0.51 V) the period would be 20.74 us
    assert VO2Parameters(v_h=1.99 * volt).period / usecond == pytest.approx(20.74, abs=0.01)


@pytest.mark.parametrize(("r_s", "paper"), [(20, 59), (3, 3.7), (2, 1.8)])
def test_discharge_charge_ratio_matches_the_paper(r_s, paper):
    circuit = VO2Parameters(r_s=r_s * kohm)
    assert float(circuit.t_discharge / circuit.t_charge) == pytest.approx(paper, rel=0.02)


def test_period_is_the_sum_of_two_exponential_relaxations():
    circuit = VO2Parameters()
    tau_d = 500e-12 * (20e3 * 100.2e3 / 120.2e3)
    discharge = tau_d * np.log((1.5 - 0.41597) / (0.501 - 0.41597))
    assert float(circuit.t_discharge / second) == pytest.approx(discharge, rel=1e-4)


def test_non_oscillating_circuits_are_rejected():
    with pytest.raises(ConfigError, match="insulating state"):
        VO2Parameters().varied(v_h=0.06).check_oscillates()
    with pytest.raises(ConfigError, match="metallic state"):
        VO2Parameters(r_s=0.5 * kohm).check_oscillates()
    with pytest.raises(ConfigError, match="exceed"):
        VO2Parameters(v_l=2.1 * volt).check_oscillates()
    with pytest.raises(ConfigError, match="positive"):
        VO2Parameters(r_s=-1 * kohm)
    with pytest.raises(DimensionMismatchError):
        VO2Parameters(r_s=20 * volt)


def _simulated_statistics(circuit: VO2Parameters, hysteresis: str, duration):
    with use_backend("numpy"):
        defaultclock.dt = 2 * nsecond
        group = vo2_oscillator_group(circuit, np.size(circuit.r_s), "oscillators", hysteresis)
        ends, starts = EventMonitor(group, "mit", name="ends"), EventMonitor(group, "imt", name="starts")
        Network(group, ends, starts).run(duration)
        return cycle_statistics(ends.i[:], ends.t[:] / usecond, starts.i[:], starts.t[:] / usecond,
                                np.size(circuit.r_s), cycles=2)


def test_comparator_period_matches_closed_form():
    circuit = VO2Parameters(r_s=np.array([3.0, 5.0]) * kohm)
    stats = _simulated_statistics(circuit, "comparator", 14 * usecond)
    # the device state lags the comparator by tau0 = 10 ns: a few tens of ns longer per cycle
    np.testing.assert_allclose(stats.period, np.asarray(circuit.period / usecond), rtol=0.02)
    np.testing.assert_allclose(stats.asymmetry, np.asarray(circuit.t_discharge / circuit.t_charge), rtol=0.05)


def test_tanh_hysteresis_switches_at_the_folds_of_eq_3():
    circuit = VO2Parameters(r_s=3 * kohm)
    alpha, width = float(circuit.alpha * volt), float((circuit.v_h - circuit.v_l) / volt)
    u = np.arccosh(np.sqrt(alpha * width)) / (2 * alpha)  # fold: alpha (V_H - V_L) sech^2(2 alpha u) = 1
    fold_high = width * (1 + np.tanh(2 * alpha * u)) / 2 + float(circuit.v_l / volt) - u
    fold_low = width * (1 - np.tanh(2 * alpha * u)) / 2 + float(circuit.v_l / volt) + u
    # alpha = 200/V puts the fold 9.6 mV inside V_H
    assert float(circuit.v_h / volt) - fold_high == pytest.approx(0.0096, abs=0.001)
    folded = VO2Parameters(r_s=3 * kohm, v_h=fold_high * volt, v_l=fold_low * volt)
    tanh = _simulated_statistics(circuit, "tanh", 14 * usecond)
    comparator_at_folds = _simulated_statistics(folded, "comparator", 14 * usecond)
    comparator = _simulated_statistics(circuit, "comparator", 14 * usecond)
    assert tanh.period[0] == pytest.approx(comparator_at_folds.period[0], rel=0.005)
    assert tanh.period[0] < comparator.period[0] * 0.985  # the folds shorten the cycle by ~2.4 %


def test_unknown_hysteresis_is_rejected():
    with use_backend("numpy"), pytest.raises(ConfigError, match="hysteresis"):
        vo2_oscillator_group(VO2Parameters(), 1, "oscillators", "schmitt")


def test_stack_builds_per_oscillator_arrays():
    stacked = VO2Parameters.stack([VO2Parameters(), VO2Parameters().varied(r_met=-0.2)])
    np.testing.assert_allclose(stacked.r_met / ohm, [990.0, 792.0])
