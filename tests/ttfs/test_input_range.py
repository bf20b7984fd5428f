"""Input-range fusion: the network on ``(x - p)/(q - p)`` equals the original on ``x`` (Eqs. 2.12-2.14)."""

import numpy as np
import pytest

from brainsnn.errors import ConfigError
from brainsnn.train import Sequential
from brainsnn.train.layers import Conv2D, Dense, Flatten, ReLU
from brainsnn.ttfs import fuse_input_range, fuse_network, rescale_inputs


def test_zero_padded_conv_gets_position_dependent_biases():
    rng = np.random.default_rng(0)
    network = Sequential([Conv2D(2, 3, 3, rng), ReLU(), Flatten(), Dense(3 * 25, 4, rng)])
    low, high = -3.0, 5.0
    x = rng.uniform(low, high, size=(6, 2, 5, 5))
    fused = fuse_input_range(fuse_network(network, (2, 5, 5)), low, high)
    assert [len(np.unique(np.round(channel, 12))) for channel in fused.hidden[0].bias] == [9, 9, 9]
    assert np.abs(fused.logits(rescale_inputs(x, low, high)) - network.forward(x)).max() < 1e-10


def test_network_without_hidden_layers():
    rng = np.random.default_rng(1)
    network = Sequential([Dense(3, 2, rng)])
    x = rng.uniform(10, 20, size=(5, 3))
    fused = fuse_input_range(fuse_network(network, (3,)), 10.0, 20.0)
    assert np.abs(fused.logits(rescale_inputs(x, 10.0, 20.0)) - network.forward(x)).max() < 1e-10


def test_bad_ranges_raise():
    network = fuse_network(Sequential([Dense(3, 2, np.random.default_rng(0))]), (3,))
    with pytest.raises(ConfigError, match="low < high"):
        fuse_input_range(network, 1.0, 1.0)
    with pytest.raises(ConfigError, match="widen"):
        rescale_inputs(np.array([[0.0, 2.0]]), 0.0, 1.0)
