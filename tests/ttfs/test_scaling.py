"""Row scaling (Eqs. 2.15-2.23): bounded row sums, identical logits, activations scaled by positive factors."""

import numpy as np
import pytest

from brainsnn.errors import ConfigError
from brainsnn.train import Sequential
from brainsnn.train.layers import Conv2D, Dense, Flatten, MaxPool2D, ReLU
from brainsnn.ttfs import fuse_network, max_activations, scale_rows
from brainsnn.ttfs.scaling import row_scale_factors

DELTA, B_LOW = 0.01, 10.0


def network_with_extreme_rows(rng):
    """Conv + dense net whose rows sum both above 1 - delta and below -B_low."""
    network = Sequential(
        [
            Conv2D(1, 4, 3, rng), ReLU(), MaxPool2D(2), Flatten(),
            Dense(16, 6, rng), ReLU(), Dense(6, 3, rng),
        ]
    )
    network.layers[0].params["weight"][:2] = np.abs(network.layers[0].params["weight"][:2]) * 2
    network.layers[0].params["weight"][2] = -np.abs(network.layers[0].params["weight"][2]) * 20
    network.layers[4].params["weight"][:3] = np.abs(network.layers[4].params["weight"][:3]) * 5
    network.layers[4].params["weight"][3] = -np.abs(network.layers[4].params["weight"][3]) * 40
    for layer in network.layers:
        if "bias" in layer.params:
            layer.params["bias"] = rng.normal(0, 0.5, size=layer.params["bias"].shape)
    return fuse_network(network, (1, 4, 4))


def test_scaling_bounds_rows_and_preserves_logits():
    rng = np.random.default_rng(0)
    original = network_with_extreme_rows(rng)
    for layer in original.hidden:
        sums = layer.row_sums()
        assert (sums > 1 - DELTA).any() and (sums <= -B_LOW).any()
    scaled = scale_rows(original, DELTA, B_LOW)
    for layer in scaled.hidden:
        sums = layer.row_sums()
        assert np.all(sums <= 1 - DELTA + 1e-12) and np.all(sums >= -B_LOW - 1e-12)
    x = rng.normal(size=(30, 1, 4, 4))
    assert np.abs(scaled.logits(x) - original.logits(x)).max() < 1e-10
    before, after = original.trace(x).activations, scaled.trace(x).activations
    for old, new in zip(before, after, strict=True):  # x_bar = s_i x per channel, 0 < s_i <= 1 (2.20-2.23)
        assert np.array_equal(old > 0, new > 0)
        for channel in range(old.shape[1]):
            active = old[:, channel] > 0
            ratios = new[:, channel][active] / old[:, channel][active]
            assert np.all(np.abs(ratios - ratios[:1]) < 1e-12) and np.all(ratios <= 1 + 1e-12)
    first_factors = row_scale_factors(original.hidden[0].row_sums(), DELTA, B_LOW)
    expected = before[0] * first_factors[None, :, None, None]
    assert np.abs(after[0] - expected).max() < 1e-12 * np.abs(before[0]).max()


def test_scale_factors_follow_the_two_rules():
    factors = row_scale_factors(np.array([2.0, 0.5, -20.0, -10.0, 0.99]), DELTA, B_LOW)
    assert np.allclose(factors, [0.99 / 2.0, 1.0, 0.5, 1.0, 1.0])


def test_max_activations_per_layer():
    rng = np.random.default_rng(1)
    network = fuse_network(Sequential([Dense(3, 4, rng), ReLU(), Dense(4, 2, rng)]), (3,))
    x = rng.normal(size=(50, 3))
    hidden = np.maximum(x @ network.hidden[0].weight.T + network.hidden[0].bias, 0)
    assert max_activations(network, x) == pytest.approx([hidden.max()], rel=1e-14)


@pytest.mark.parametrize("delta, b_low", [(0.0, 10.0), (1.0, 10.0), (0.01, 0.0), (float("nan"), 10.0)])
def test_bad_bounds_raise(delta, b_low):
    network = fuse_network(Sequential([Dense(3, 2, np.random.default_rng(0))]), (3,))
    with pytest.raises(ConfigError):
        scale_rows(network, delta, b_low)
