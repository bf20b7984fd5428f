"""Batch-norm fusion: the fused `ReluNetwork` reproduces the `Sequential` network's inference logits exactly."""

import numpy as np
import pytest

from brainsnn.errors import ConfigError
from brainsnn.train import Sequential
from brainsnn.train.layers import ActivityL1, BatchNorm, Conv2D, Dense, Dropout, Flatten, MaxPool2D, ReLU
from brainsnn.ttfs import fuse_network

TOLERANCE = 1e-10


def randomise_batch_norms(network, rng):
    """Random BN statistics and affine parameters, with scales of both signs."""
    for layer in network.layers:
        if isinstance(layer, BatchNorm):
            size = len(layer.running_mean)
            layer.params["gamma"] = rng.uniform(0.5, 2.0, size) * rng.choice([-1.0, 1.0], size)
            layer.params["beta"] = rng.normal(size=size)
            layer.running_mean = rng.normal(size=size)
            layer.running_var = rng.uniform(0.5, 2.0, size)
        for name in ("bias",):
            if name in layer.params:
                layer.params[name] = rng.normal(0, 0.5, size=layer.params[name].shape)
    return network


def test_mlp_with_batch_norm_before_and_after_relu():
    rng = np.random.default_rng(0)
    network = randomise_batch_norms(
        Sequential(
            [
                BatchNorm(6), Dense(6, 5, rng), BatchNorm(5), ReLU(), Dropout(0.3), ActivityL1(0.1),
                Dense(5, 4, rng), ReLU(), BatchNorm(4), BatchNorm(4), Dense(4, 3, rng),
            ]
        ),
        rng,
    )
    x = rng.normal(size=(20, 6))
    fused = fuse_network(network, (6,))
    assert len(fused.hidden) == 2
    assert np.abs(fused.logits(x) - network.forward(x)).max() < TOLERANCE


def test_conv_net_negative_scales_turn_max_pool_into_min_pool():
    rng = np.random.default_rng(1)
    network = randomise_batch_norms(
        Sequential(
            [
                Conv2D(2, 4, 3, rng), ReLU(), BatchNorm(4), MaxPool2D(2),
                Conv2D(4, 3, 3, rng), ReLU(), MaxPool2D(2), BatchNorm(3),
                Conv2D(3, 3, 3, rng, padding="valid"), BatchNorm(3), ReLU(),
                Flatten(), BatchNorm(3), Dense(3, 5, rng),
            ]
        ),
        rng,
    )
    x = rng.normal(size=(10, 2, 12, 12))
    fused = fuse_network(network, (2, 12, 12))
    assert np.array_equal(fused.hidden[0].min_pool, network.layers[2].params["gamma"] < 0)
    assert fused.hidden[0].min_pool.any() and not fused.hidden[0].min_pool.all()
    assert not fused.hidden[1].min_pool.any()  # BN after the pool: no flip
    assert np.abs(fused.logits(x) - network.forward(x)).max() < TOLERANCE


def test_batch_norm_after_relu_before_same_conv_gives_nine_biases_per_channel():
    rng = np.random.default_rng(2)
    network = randomise_batch_norms(
        Sequential([Conv2D(1, 2, 3, rng), ReLU(), BatchNorm(2), Conv2D(2, 3, 3, rng), ReLU(), Flatten(),
                    Dense(3 * 36, 2, rng)]),
        rng,
    )
    fused = fuse_network(network, (1, 6, 6))
    bias = fused.hidden[1].bias
    assert bias.shape == (3, 6, 6)
    assert [len(np.unique(np.round(channel, 12))) for channel in bias] == [9, 9, 9]
    x = rng.normal(size=(4, 1, 6, 6))
    assert np.abs(fused.logits(x) - network.forward(x)).max() < TOLERANCE


def test_max_pool_without_batch_norm_stays_max():
    rng = np.random.default_rng(3)
    network = Sequential([Conv2D(1, 2, 3, rng), ReLU(), MaxPool2D(2), Flatten(), Dense(8, 2, rng)])
    fused = fuse_network(network, (1, 4, 4))
    assert not fused.hidden[0].min_pool.any()
    x = rng.normal(size=(3, 1, 4, 4))
    assert np.abs(fused.logits(x) - network.forward(x)).max() < TOLERANCE


@pytest.mark.parametrize(
    "layers, message",
    [
        (lambda rng: [ReLU(), Dense(3, 2, rng)], "ReLU must follow"),
        (lambda rng: [Dense(3, 3, rng), Dense(3, 2, rng)], "without a ReLU"),
        (lambda rng: [Dense(3, 3, rng), ReLU()], "must end"),
        (lambda rng: [Dense(3, 3, rng), ReLU(), BatchNorm(3)], "must end"),
        (lambda rng: [Conv2D(1, 1, 3, rng), MaxPool2D(2), ReLU(), Flatten(), Dense(4, 2, rng)], "MaxPool2D"),
    ],
)
def test_unsupported_orders_raise(layers, message):
    network = Sequential(layers(np.random.default_rng(0)))
    shape = (1, 4, 4) if isinstance(network.layers[0], Conv2D) else (3,)
    with pytest.raises(ConfigError, match=message):
        fuse_network(network, shape)
