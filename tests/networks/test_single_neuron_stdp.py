"""Single-neuron STDP network: the linear Poisson neuron's rate and the pooled input statistics."""

import numpy as np
import pytest

from brainsnn.data.correlated_pools import correlated_pool_spikes
from brainsnn.errors import ConfigError
from brainsnn.networks.single_neuron_stdp import run_single_neuron_stdp


def test_output_rate_is_the_weighted_input_rate_without_plasticity():
    """rho = sum_i w_i r_i for a kernel of unit area (Gilson et al. 2012); plasticity made negligible."""
    result = run_single_neuron_stdp(
        ["add", "log"], {"add": {"eta": 1e-12}, "log": {"eta": 1e-12}}, duration_s=15.0, dt_ms=0.1,
        pool_correlations=(0, 0, 0, 0), initial_weight={"add": 0.02, "log": 0.01}, device="numpy", seed=5,
    )
    for rule in ("add", "log"):
        expected = result.initial_weights[rule].sum() * result.input_rate_hz
        assert result.output_rate_hz[rule] == pytest.approx(expected, rel=0.2)  # ~300 spikes: 3.5 s.d.
        np.testing.assert_allclose(result.final_weights[rule], result.initial_weights[rule], atol=1e-9)
    assert result.weight_snapshots["add"].shape == (150, 200)


def test_pools_have_the_requested_rate_and_within_pool_correlation():
    rng = np.random.default_rng(0)
    indices, times = correlated_pool_spikes([40, 40], [0.3, 0.0], 20.0, 200.0, 1e-3, rng)
    counts = np.zeros((80, 2000))
    np.add.at(counts, (indices, (times / 0.1).astype(int)), 1)
    assert counts.sum() / 80 / 200.0 == pytest.approx(20.0, rel=0.03)
    corr = np.corrcoef(counts)
    within_correlated = corr[:40, :40][np.triu_indices(40, 1)].mean()
    within_independent = corr[40:, 40:][np.triu_indices(40, 1)].mean()
    assert within_correlated == pytest.approx(0.3, abs=0.04)
    assert abs(within_independent) < 0.02
    assert np.all(np.diff(times) >= 0)
    pairs = set(zip(indices.tolist(), np.round(times / 1e-3).astype(int).tolist(), strict=True))
    assert len(pairs) == len(indices)  # one spike per neuron and step


def test_bad_pool_settings_are_rejected():
    rng = np.random.default_rng(0)
    with pytest.raises(ConfigError, match="one correlation per pool"):
        correlated_pool_spikes([10, 10], [0.1], 10.0, 1.0, 1e-4, rng)
    with pytest.raises(ConfigError, match=r"\[0, 1\]"):
        correlated_pool_spikes([10], [1.5], 10.0, 1.0, 1e-4, rng)
