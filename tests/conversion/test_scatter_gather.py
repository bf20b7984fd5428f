"""Scatter-and-gather conversion (Zou et al. 2021, Eq. 6-10) against hand values and a numpy oracle of the ANN."""

import numpy as np
import pytest
import torch
from torch import nn

from brainsnn.conversion.scatter_gather import (
    MedianQuant,
    TernaryLinear,
    branch_dropout_readout,
    group_counts,
    median_quantise,
    replica_thresholds,
    scatter_gather_network,
)
from brainsnn.errors import ConfigError


def test_median_quantisation_is_eq_7():
    # Eq. 7 (k = 1, B = 2): 0 below 0.25, then steps of 0.5 at 0.25, 0.75, 1.25, 1.75 (ties go up)
    r = torch.tensor([-1.0, 0.2, 0.25, 0.7, 0.75, 1.2, 1.3, 1.74, 1.75, 9.0], requires_grad=True)
    y = median_quantise(r, 1, 2)
    assert y.tolist() == [0.0, 0.0, 0.5, 0.5, 1.0, 1.0, 1.5, 1.5, 2.0, 2.0]
    y.sum().backward()
    # straight-through: the clipped ReLU's gradient, 1 on (0, B) only
    assert r.grad.tolist() == [0, 1, 1, 1, 1, 1, 1, 1, 1, 0]


def test_thresholds_are_eq_8_to_10():
    mean, var, beta, eps = np.array([0.3, -1.0]), np.array([4.0, 0.25]), np.array([0.1, -0.4]), 1e-6
    theta = replica_thresholds(mean, var, beta, np.ones(2), eps, k=1, bound=2, input_scale=2.0)
    # Eq. 9-10: mu' = 2 mu, sigma' = 2 sigma, theta_i = mu' + (c_i - beta) sigma'
    sigma = np.sqrt(var + eps)
    for channel in range(2):
        expected = [2 * mean[channel] + (c - beta[channel]) * 2 * sigma[channel] for c in (0.25, 0.75, 1.25, 1.75)]
        assert theta[channel] == pytest.approx(expected, rel=1e-12)
    with pytest.raises(ConfigError, match="gamma > 0"):
        replica_thresholds(mean, var, beta, np.array([1.0, -0.5]), eps, 1, 2, 1.0)


def _numpy_levels(ann: nn.Sequential, x: np.ndarray) -> list[np.ndarray]:
    """The ANN by hand: s = W y, r = gamma (s - mu) / sqrt(var + eps) + beta, n = clip(floor(r 2^k + 1/2), 0, K)."""
    levels, y = [], x
    layers = list(ann)
    for index in range(0, len(layers) - 1, 3):
        linear, norm, quant = layers[index:index + 3]
        w = linear.weight.detach().numpy()
        if isinstance(linear, TernaryLinear):
            delta = 0.7 * np.abs(w).mean()
            w = np.sign(w) * (np.abs(w) > delta)
        s = y @ w.T
        r = (s - norm.running_mean.numpy()) / np.sqrt(norm.running_var.numpy() + norm.eps) * norm.weight.detach()\
            .numpy() + norm.bias.detach().numpy()
        n = np.clip(np.floor(r * 2**quant.k + 0.5), 0, quant.replicas)
        levels.append(n)
        y = n / 2**quant.k
    return levels


@pytest.mark.parametrize(("k", "bound"), [(0, 1), (1, 2), (0, 4)])
def test_replica_spikes_are_the_ann_levels_neuron_for_neuron(k, bound):
    torch.manual_seed(k + bound)
    ann = nn.Sequential(nn.Linear(12, 20, bias=False), nn.BatchNorm1d(20), MedianQuant(k, bound),
                        TernaryLinear(20, 16, bias=False), nn.BatchNorm1d(16), MedianQuant(k, bound), nn.Linear(16, 3))
    x = torch.rand(300, 12) * 2
    ann.train()
    with torch.no_grad():
        for _ in range(5):
            ann(x)  # running statistics
        for norm in (ann[1], ann[4]):
            norm.weight.uniform_(0.5, 2.0)
            norm.bias.uniform_(-0.5, 1.5)
    ann.eval().double()
    levels = _numpy_levels(ann, x.double().numpy())
    snn = scatter_gather_network(ann, (12,))
    record = snn.record(x.double()[None])
    replicas = bound * 2**k
    for spikes, level, channels in zip(record.spikes, levels, (20, 16), strict=True):
        counts = group_counts(spikes, channels, replicas)
        assert np.array_equal(counts, level)
        # replica m of a neuron fires iff the level reaches m: a thermometer code
        code = spikes[0].numpy().reshape(len(x), channels, replicas)
        assert np.array_equal(code, (level[:, :, None] >= np.arange(1, replicas + 1)).astype(float))
    assert levels[0].max() == replicas  # the range is used up to K
    with torch.no_grad():
        assert np.allclose(record.readout.numpy(), ann(x.double()).numpy(), rtol=0, atol=1e-12)


def test_branch_dropout_of_nothing_is_the_snn_and_bad_rates_are_rejected():
    torch.manual_seed(0)
    ann = nn.Sequential(nn.Linear(6, 8, bias=False), nn.BatchNorm1d(8), MedianQuant(1, 2), nn.Linear(8, 3)).eval()
    snn = scatter_gather_network(ann.double(), (6,))
    x = torch.rand(40, 6, dtype=torch.float64)
    generator = torch.Generator().manual_seed(1)
    assert torch.equal(branch_dropout_readout(snn, x, 0.0, generator), snn(x[None]))
    silenced = branch_dropout_readout(snn, x, 0.999999, generator)
    assert torch.allclose(silenced, snn.layers[-2].bias.expand(40, 3))  # no spike reaches the read-out
    with pytest.raises(ConfigError, match="branch dropout"):
        branch_dropout_readout(snn, x, 1.0, generator)


def test_conversion_rejects_a_training_ann_and_a_quantised_readout():
    ann = nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4), MedianQuant(0, 1), nn.Linear(4, 2))
    with pytest.raises(ConfigError, match="eval mode"):
        scatter_gather_network(ann, (4,))
    with pytest.raises(ConfigError, match="read-out"):
        scatter_gather_network(nn.Sequential(nn.Linear(4, 4), MedianQuant(0, 1)).eval(), (4,))
    with pytest.raises(ConfigError, match="upper bound"):
        MedianQuant(1, 0)
