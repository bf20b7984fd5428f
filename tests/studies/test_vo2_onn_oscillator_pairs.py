"""Batched oscillator pairs on the numpy target: free-running phases against the delay, strong coupling, padding.

R_S = 3 kOhm (T_osc ~ 2.3 us) keeps the runs short; the phase of an uncoupled pair is 360 deg * delay / T_osc.
"""

import numpy as np
import pytest
from brian2 import kohm, ohm, second, usecond

from brainsnn.backend import use_backend
from brainsnn.errors import ConfigError
from brainsnn.models.vo2_oscillator import VO2Parameters
from brainsnn_studies.vo2_onn.oscillator_pairs import OscillatorPairs

CIRCUIT = VO2Parameters(r_s=3 * kohm)


@pytest.fixture
def pairs():
    with use_backend("numpy") as backend:
        yield OscillatorPairs(backend, 3, 6 * CIRCUIT.period, recorded_pairs=1)


def test_uncoupled_pairs_keep_the_phase_of_their_delay(pairs):
    period = float(pairs.free_running(CIRCUIT).period[0])
    assert period == pytest.approx(float(CIRCUIT.period / second), rel=0.02)
    fractions = np.array([0.1, 0.2, 0.45])
    readout = pairs.second_oscillator_phases(CIRCUIT, fractions * period * second, np.inf * ohm)
    np.testing.assert_allclose(readout.phase_deg, 360 * fractions, atol=1.0)
    np.testing.assert_array_equal(readout.state, [1, 1, -1])
    assert readout.converged.all()
    np.testing.assert_allclose(readout.locked_period, period, rtol=1e-3)


def test_strong_coupling_locks_in_phase_and_per_pair_circuits_differ(pairs):
    readout = pairs.second_oscillator_phases(CIRCUIT, 0.3 * CIRCUIT.period, 0.5 * kohm)
    assert readout.phase_deg[0] == pytest.approx(0, abs=2) or readout.phase_deg[0] == pytest.approx(360, abs=2)
    stats = pairs.free_running(VO2Parameters(r_s=np.array([3.0, 4.0]) * kohm))
    assert len(stats.period) == 2  # the third pair is padding and is not reported
    np.testing.assert_allclose(stats.period * 1e6, [float(CIRCUIT.period / usecond),
                                                    float(VO2Parameters(r_s=4 * kohm).period / usecond)], rtol=0.02)


def test_too_many_pairs_is_an_error(pairs):
    with pytest.raises(ConfigError, match="batch holds 3"):
        pairs.run(CIRCUIT, np.linspace(0.1, 0.4, 4) * CIRCUIT.period, np.inf * ohm)
