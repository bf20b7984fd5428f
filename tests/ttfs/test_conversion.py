"""Phase 2 parameters: windows, the J <-> w bijection (Eqs. 2.28-2.29), thresholds, and validation."""

import numpy as np
import pytest

from brainsnn.errors import ConfigError
from brainsnn.train import Sequential
from brainsnn.train.layers import Dense, ReLU
from brainsnn.ttfs import convert, fuse_network, max_activations, scale_rows


@pytest.fixture
def scaled():
    rng = np.random.default_rng(0)
    network = Sequential([Dense(5, 6, rng), ReLU(), Dense(6, 4, rng), ReLU(), Dense(4, 3, rng)])
    for layer in network.layers:
        if "weight" in layer.params:
            layer.params["weight"] *= 3
    relu = scale_rows(fuse_network(network, (5,)))
    return relu, max_activations(relu, rng.uniform(size=(40, 5)))


def test_windows_chain_with_margin(scaled):
    relu, layer_max = scaled
    ttfs = convert(relu, layer_max, zeta=0.5)
    first, second = ttfs.hidden
    assert (first.t_min, first.t_max) == (1.0, pytest.approx(1.0 + 1.5 * layer_max[0]))
    assert second.t_min == first.t_max and second.t_max == pytest.approx(first.t_max + 1.5 * layer_max[1])
    assert (first.t_ramp, second.t_ramp) == (0.0, first.t_min)
    assert (ttfs.output.t_start, ttfs.output.t_read) == (second.t_min, second.t_max)
    assert ttfs.latency == second.t_max


@pytest.mark.parametrize("alpha", [1.0, 0.3])
def test_inverse_map_recovers_scaled_weights(scaled, alpha):
    relu, layer_max = scaled
    ttfs = convert(relu, layer_max, alpha=alpha)
    for relu_layer, ttfs_layer in zip(relu.hidden, ttfs.hidden, strict=True):
        slope = alpha + ttfs_layer.weight.sum(axis=1, keepdims=True)
        assert np.abs(ttfs_layer.weight / slope - relu_layer.weight).max() < 1e-13


def test_own_ramp_start_lowers_thresholds_by_the_ramp_head_start(scaled):
    relu, layer_max = scaled
    previous, own = (convert(relu, layer_max, ramp_start=start) for start in ("previous", "own"))
    for a, b in zip(previous.hidden, own.hidden, strict=True):
        assert b.t_ramp == a.t_min
        assert np.allclose(a.threshold - b.threshold, a.t_min - a.t_ramp, rtol=0, atol=1e-12)


def test_validation(scaled):
    relu, layer_max = scaled
    with pytest.raises(ConfigError, match="zeta"):
        convert(relu, layer_max, zeta=-1.0)
    with pytest.raises(ConfigError, match="alpha"):
        convert(relu, layer_max, alpha=0.0)
    with pytest.raises(ConfigError, match="ramp_start"):
        convert(relu, layer_max, ramp_start="later")
    with pytest.raises(ConfigError, match="representative"):
        convert(relu, np.array([1.0, 0.0]))
    rng = np.random.default_rng(1)
    unscaled = fuse_network(Sequential([Dense(2, 1, rng), ReLU(), Dense(1, 1, rng)]), (2,))
    unscaled.hidden[0].weight[:] = 1.0
    with pytest.raises(ConfigError, match="scale_rows"):
        convert(unscaled, np.array([1.0]))
