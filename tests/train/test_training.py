"""Adam, its schedule, and training on digits: accuracy, determinism per seed."""

import numpy as np
import pytest

from brainsnn.data.datasets import load_dataset
from brainsnn.errors import ConfigError
from brainsnn.train import SGD, Adam, Sequential, accuracy, fit
from brainsnn.train.layers import ActivityL1, BatchNorm, Dense, Dropout, ReLU


def test_schedule_decays_by_rate_every_decay_steps():
    adam = Adam(learning_rate=1e-3)
    assert adam.learning_rate_at(0) == 1e-3
    assert adam.learning_rate_at(5000) == pytest.approx(0.9e-3, rel=1e-14)
    assert adam.learning_rate_at(2500) == pytest.approx(1e-3 * np.sqrt(0.9), rel=1e-14)


def test_first_adam_step_moves_each_parameter_by_the_learning_rate():
    param, grad = np.array([1.0, -2.0, 3.0]), np.array([0.5, -4.0, 1e-3])
    Adam(learning_rate=0.01, epsilon=1e-12).step([param], [grad])
    assert np.allclose(param, [0.99, -1.99, 2.99], rtol=0, atol=1e-8)


def test_adam_minimises_a_quadratic():
    target = np.array([1.5, -0.5])
    param = np.zeros(2)
    adam = Adam(learning_rate=0.05)
    for _ in range(2000):
        adam.step([param], [2 * (param - target)])
    assert np.allclose(param, target, atol=1e-3)


def test_sgd_step_and_validation():
    param = np.array([1.0, -2.0])
    SGD(0.1).step([param], [np.array([2.0, -1.0])])
    assert np.allclose(param, [0.8, -1.9], rtol=0, atol=1e-15)
    with pytest.raises(ConfigError, match="learning_rate"):
        SGD(0.0)


def test_adam_rejects_bad_settings():
    with pytest.raises(ConfigError, match="learning_rate"):
        Adam(learning_rate=-1.0)


def _train(seed):
    data = load_dataset("digits")
    rng = np.random.default_rng(seed)
    network = Sequential(
        [Dense(64, 32, rng), BatchNorm(32), ReLU(), Dropout(0.08), ActivityL1(1e-4), Dense(32, 10, rng)]
    )
    history = fit(
        network, data.x_train / 255, data.y_train, epochs=15, batch_size=32, optimizer=Adam(3e-3), seed=seed
    )
    return network, history, data


def test_mlp_learns_digits_deterministically():
    network, history, data = _train(seed=0)
    again, _, _ = _train(seed=0)
    other, _, _ = _train(seed=1)
    assert history.epoch_losses[-1] < 0.5 * history.epoch_losses[0]
    assert accuracy(network, data.x_test / 255, data.y_test) > 0.94
    for (layer, name), (twin, _) in zip(network.parameters(), again.parameters(), strict=True):
        assert np.array_equal(layer.params[name], twin.params[name])
    assert not np.array_equal(network.layers[0].params["weight"], other.layers[0].params["weight"])


def test_fit_rejects_mismatched_data():
    network = Sequential([Dense(2, 2, np.random.default_rng(0))])
    with pytest.raises(ConfigError, match="labels"):
        fit(network, np.zeros((3, 2)), np.zeros(2, dtype=int), epochs=1, batch_size=2, optimizer=Adam(), seed=0)
