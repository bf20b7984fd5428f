"""Diehl & Cook network: the in-graph schedule (re-presentation, frozen phases, normalisation, chunking)."""

import numpy as np
import pytest

from brainsnn.backend import use_backend
from brainsnn.errors import ConfigError
from brainsnn.networks.diehl_cook import DiehlCookNetwork, DiehlCookParameters, NetworkState

N_INPUT, N_EXC = 16, 4


def _params(**overrides):
    base = dict(n_input=N_INPUT, n_exc=N_EXC, rule="dc", present_ms=60.0, rest_ms=20.0, dt_ms=0.5,
                max_rate_hz=200.0, norm_total=6.0, n_recorded_synapses=8, max_boosts=3)
    return DiehlCookParameters(**{**base, **overrides})


def _run(params, rates, learn, chunk_size=None, seed=1, slack=0.5):
    rng = np.random.default_rng(seed)
    state = NetworkState.initial(params, rng)
    state.weights[:] = np.tile(np.linspace(0.2, 0.6, N_INPUT)[:, None], (1, N_EXC)).ravel()
    with use_backend("numpy", seed=seed) as backend:
        recorded = np.arange(params.n_recorded_synapses)
        network = DiehlCookNetwork(params, backend, chunk_size or len(rates), slack, recorded)
        results, start = [], 0
        while start < len(rates):
            stop = min(start + network.chunk_size, len(rates))
            result = network.run_chunk(rates[start:stop], learn[start:stop], state)
            results.append(result)
            state, start = result.state, start + result.n_completed
        return state, results


def test_silent_samples_are_shown_again_with_a_boost_up_to_the_limit():
    rates = np.zeros((3, N_INPUT))  # no input: the layer stays silent, so every sample is boosted max_boosts times
    state, (result,) = _run(_params(), rates, np.zeros(3), slack=5)
    np.testing.assert_array_equal(result.presentations, [4, 4, 4])
    assert result.counts.sum() == 0


def test_driven_samples_are_shown_once_and_spikes_are_attributed():
    rates = np.full((4, N_INPUT), 150.0)
    _, (result,) = _run(_params(min_spikes=1), rates, np.zeros(4))
    assert result.n_completed == 4
    np.testing.assert_array_equal(result.presentations, [1, 1, 1, 1])
    assert (result.counts.sum(axis=1) >= 1).all()


def test_frozen_samples_change_neither_weights_nor_thresholds():
    rng = np.random.default_rng(0)
    rates = rng.uniform(0, 150, (4, N_INPUT))
    params = _params(min_spikes=0)
    learned, _ = _run(params, rates, np.ones(4))
    assert np.ptp(learned.theta_mv) > 0 or learned.theta_mv.max() > 0, "learning phase must adapt thresholds"
    with use_backend("numpy", seed=2) as backend:
        network = DiehlCookNetwork(params, backend, 4, 0.5, np.arange(8))
        frozen = network.run_chunk(rates, np.zeros(4), learned)
    columns = frozen.state.weights.reshape(N_INPUT, N_EXC).sum(axis=0)
    np.testing.assert_allclose(columns, params.norm_total, rtol=1e-9)  # normalised once, then untouched
    np.testing.assert_allclose(frozen.weight_snapshots[1:], frozen.weight_snapshots[:-1], rtol=1e-9)
    np.testing.assert_array_equal(frozen.state.theta_mv, learned.theta_mv)


def test_learning_normalises_each_column_at_every_sample_start():
    rng = np.random.default_rng(3)
    params = _params(min_spikes=0, n_recorded_synapses=N_INPUT * N_EXC)
    _, (result,) = _run(params, rng.uniform(0, 150, (5, N_INPUT)), np.ones(5))
    columns = result.weight_snapshots.reshape(len(result.weight_snapshots), N_INPUT, N_EXC).sum(axis=1)
    np.testing.assert_allclose(columns, params.norm_total, rtol=1e-9)
    assert not np.allclose(result.weight_snapshots[0], result.weight_snapshots[-1])


def test_a_stream_longer_than_a_chunk_runs_in_pieces():
    rng = np.random.default_rng(4)
    rates = rng.uniform(50, 150, (5, N_INPUT))
    _, results = _run(_params(min_spikes=0), rates, np.ones(5), chunk_size=2)
    assert sum(r.n_completed for r in results) == 5
    assert len(results) >= 3


def test_bad_parameters_are_rejected():
    with pytest.raises(ConfigError, match="unknown STDP rule"):
        _params(rule="oja").check()
    with pytest.raises(ConfigError, match="present_ms"):
        _params(present_ms=-1.0).check()
    with pytest.raises(ConfigError, match="w0"):
        _params(rule="log", rule_params={"w0": 0.0}).check()
