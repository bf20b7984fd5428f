"""Whole-network gradients (loss = cross-entropy + L1 activity) against finite differences, and the loss itself."""

import numpy as np
import pytest
from finite_differences import numerical_gradient, relative_error

from brainsnn.errors import ConfigError
from brainsnn.train import Sequential, softmax_cross_entropy
from brainsnn.train.layers import ActivityL1, BatchNorm, Conv2D, Dense, Dropout, Flatten, MaxPool2D, ReLU


def test_cross_entropy_matches_definition_and_finite_differences():
    rng = np.random.default_rng(0)
    logits, labels = rng.normal(size=(4, 3)), np.array([0, 2, 1, 2])
    loss, grad = softmax_cross_entropy(logits, labels)
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    assert loss == pytest.approx(-np.log(probabilities[np.arange(4), labels]).mean(), rel=1e-14)
    numerical = numerical_gradient(lambda: softmax_cross_entropy(logits, labels)[0], logits)
    assert relative_error(grad, numerical) < 1e-8


def test_cross_entropy_rejects_out_of_range_labels():
    with pytest.raises(ConfigError, match="labels"):
        softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 3]))


def test_conv_network_gradient():
    rng = np.random.default_rng(1)
    network = Sequential(
        [
            Conv2D(1, 3, 3, rng, padding="same"),
            BatchNorm(3),
            ReLU(),
            MaxPool2D(2),
            Conv2D(3, 2, 3, rng, padding="valid"),
            ReLU(),
            BatchNorm(2),
            Flatten(),
            Dropout(0.2),
            Dense(4, 6, rng),
            ReLU(),
            ActivityL1(0.01),
            Dense(6, 4, rng),
        ]
    )
    for layer in network.layers:
        for name in ("bias", "beta"):
            if name in layer.params:
                layer.params[name] += rng.normal(0, 0.3, size=layer.params[name].shape)
    x, labels = rng.normal(size=(5, 1, 8, 6)), np.array([0, 3, 1, 2, 3])

    def loss():
        return network.loss(x, labels, training=True, rng=np.random.default_rng(7))

    network.loss_and_gradients(x, labels, rng=np.random.default_rng(7))
    analytic = {(id(layer), name): layer.grads[name].copy() for layer, name in network.parameters()}
    errors = [
        relative_error(analytic[id(layer), name], numerical_gradient(loss, layer.params[name]))
        for layer, name in network.parameters()
    ]
    assert len(errors) == 12
    assert max(errors) < 1e-6, errors
