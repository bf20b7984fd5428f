"""The source-recovery network: sparse dendritic connectivity, weight snapshots, frozen warm-up, and the learning
curve against a direct numpy loop."""

import numpy as np
import pytest

from brainsnn.errors import ConfigError
from brainsnn.models.two_compartment import TwoCompartmentParams
from brainsnn_studies.dendritic_bss.network import run_bss_network
from brainsnn_studies.dendritic_bss.phases import TEST, TRAIN, WARM_UP
from brainsnn_studies.dendritic_bss.runs import learning_curve


def _run(connectivity=1.0, device="numpy", **kwargs):
    rng = np.random.default_rng(0)
    stimuli = rng.uniform(0, 1, size=(6, 40))
    phases = [WARM_UP, TRAIN, TRAIN, TRAIN, TEST, TEST]
    return run_bss_network(stimuli, phases, TwoCompartmentParams(eta=1e-3), n_outputs=3, stimulus_ms=20,
                           input_rate_hz=200, device=device, seed=1, connectivity=connectivity, **kwargs)


def test_sparse_network_keeps_a_fixed_fraction_of_synapses_and_the_rest_stay_zero():
    dense, sparse = _run(), _run(connectivity=0.3)
    assert np.all(dense.weights != 0)
    present = sparse.weights != 0
    assert present.mean() == pytest.approx(0.3, abs=0.08)
    again = _run(connectivity=0.3)
    np.testing.assert_array_equal(again.weights != 0, present)  # the mask is drawn from the seed


def test_snapshots_cover_warm_up_and_training_and_only_training_changes_weights():
    run = _run(recorded_synapses=50)
    history = run.weight_history
    assert history.shape == (4, 50)  # t = 0, after the warm-up, after training slots 1 and 2
    np.testing.assert_array_equal(history[0], history[1])  # no plasticity in the warm-up
    assert np.all(np.any(np.diff(history[1:], axis=0) != 0, axis=0))


def test_learning_curve_is_the_mean_over_weights_of_each_windowed_sd():
    history = np.random.default_rng(3).standard_normal((12, 5)).cumsum(axis=0)
    expected = [np.mean([np.std(history[k - 3:k, j]) for j in range(5)]) for k in range(3, 13)]
    np.testing.assert_allclose(learning_curve(history, 3), expected)
    assert learning_curve(history[:2], 3).size == 0


def test_network_rejects_schedules_without_trailing_test_slots_or_unnormalised_stimuli():
    params = TwoCompartmentParams()
    with pytest.raises(ConfigError, match="end with its test slots"):
        run_bss_network(np.zeros((2, 4)), [TEST, TRAIN], params, n_outputs=2, stimulus_ms=10, input_rate_hz=10)
    with pytest.raises(ConfigError, match="normalised"):
        run_bss_network(np.full((1, 4), 2.0), [TEST], params, n_outputs=2, stimulus_ms=10, input_rate_hz=10)


def test_bad_connectivity_raises():
    with pytest.raises(ConfigError, match="connectivity"):
        _run(connectivity=0.0)


@pytest.mark.slow
def test_standalone_build_runs_the_sparse_network_with_snapshots():
    """cpp_standalone: the mask, the second clock of the snapshots and the phase TimedArray compile and run."""
    run = _run(connectivity=0.3, device="cpp_standalone", recorded_synapses=20)
    np.testing.assert_array_equal(run.weights != 0, _run(connectivity=0.3).weights != 0)
    assert run.rates.shape == (2, 20, 3) and np.all((run.rates >= 0) & (run.rates <= 1))
    assert run.weight_history.shape == (4, 20)
    np.testing.assert_array_equal(run.weight_history[0], run.weight_history[1])
