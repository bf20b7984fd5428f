"""Shared digits networks for the TTFS tests: trained once per session (seconds), inputs on [-1, 1]."""

import numpy as np
import pytest

from brainsnn.data.datasets import load_dataset
from brainsnn.train import Adam, Sequential, fit
from brainsnn.train.layers import ActivityL1, BatchNorm, Conv2D, Dense, Dropout, Flatten, MaxPool2D, ReLU

#: Digits pixels 0..255 mapped to [-1, 1], so the input-range fusion has a non-zero offset p = -1.
INPUT_RANGE = (-1.0, 1.0)


@pytest.fixture(scope="session")
def digits():
    data = load_dataset("digits")
    return {
        "x_train": data.x_train / 127.5 - 1.0,
        "y_train": data.y_train,
        "x_test": data.x_test / 127.5 - 1.0,
        "y_test": data.y_test,
        "input_range": INPUT_RANGE,
    }


@pytest.fixture(scope="session")
def trained_mlp(digits):
    """64-32-32-10 with BN before the first ReLU and after the second, dropout and L1 activity."""
    rng = np.random.default_rng(0)
    network = Sequential(
        [
            Dense(64, 32, rng), BatchNorm(32), ReLU(), Dropout(0.08), ActivityL1(1e-4),
            Dense(32, 32, rng), ReLU(), BatchNorm(32),
            Dense(32, 10, rng),
        ]
    )
    fit(network, digits["x_train"], digits["y_train"], epochs=12, batch_size=32, optimizer=Adam(3e-3), seed=0)
    return network


@pytest.fixture(scope="session")
def trained_convnet(digits):
    """conv 4@3x3 same -> ReLU -> BN -> max-pool 2 -> conv 6@3x3 same -> BN -> ReLU -> max-pool 2 -> dense 10.

    Two BN scales of the first block start (and stay) negative, so its max-pool must become a min-pool on
    those channels.
    """
    rng = np.random.default_rng(1)
    network = Sequential(
        [
            Conv2D(1, 4, 3, rng), ReLU(), BatchNorm(4), MaxPool2D(2),
            Conv2D(4, 6, 3, rng), BatchNorm(6), ReLU(), MaxPool2D(2),
            Flatten(), Dense(24, 10, rng),
        ]
    )
    network.layers[2].params["gamma"][:2] = -1.0
    x = digits["x_train"].reshape(-1, 1, 8, 8)
    fit(network, x, digits["y_train"], epochs=12, batch_size=32, optimizer=Adam(3e-3), seed=0)
    assert np.all(network.layers[2].params["gamma"][:2] < 0) and np.all(network.layers[2].params["gamma"][2:] > 0)
    return network
