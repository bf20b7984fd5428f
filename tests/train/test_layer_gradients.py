"""Every layer's backward pass against central finite differences of a random linear functional of its output."""

import numpy as np
import pytest
from finite_differences import numerical_gradient, relative_error

from brainsnn.errors import ConfigError
from brainsnn.train.layers import ActivityL1, BatchNorm, Conv2D, Dense, Dropout, Flatten, MaxPool2D, ReLU

TOLERANCE = 1e-6


def check_layer(layer, x, *, seed=3):
    """Assert input and parameter gradients of ``sum(r * layer(x))`` (+ penalty) match finite differences."""
    out = layer.forward(x, training=True, rng=np.random.default_rng(seed))
    probe = np.random.default_rng(99).normal(size=out.shape)

    def objective():
        out = layer.forward(x, training=True, rng=np.random.default_rng(seed))
        return float((probe * out).sum()) + layer.penalty()

    objective()
    grad_input = layer.backward(probe)
    analytic = {name: grad.copy() for name, grad in layer.grads.items()}
    errors = {"input": relative_error(grad_input, numerical_gradient(objective, x))}
    for name, param in layer.params.items():
        errors[name] = relative_error(analytic[name], numerical_gradient(objective, param))
    assert set(analytic) == set(layer.params)
    assert max(errors.values()) < TOLERANCE, errors
    return errors


@pytest.fixture
def rng():
    return np.random.default_rng(0)


def test_dense(rng):
    check_layer(Dense(5, 4, rng), rng.normal(size=(3, 5)))


@pytest.mark.parametrize("padding", ["same", "valid"])
def test_conv(rng, padding):
    layer = Conv2D(2, 3, 3, rng, padding=padding)
    layer.params["bias"] = rng.normal(size=3)
    check_layer(layer, rng.normal(size=(2, 2, 5, 4)))


def test_conv_matches_direct_sum(rng):
    layer = Conv2D(2, 3, 3, rng, padding="same")
    x = rng.normal(size=(1, 2, 4, 5))
    padded = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    direct = np.zeros((1, 3, 4, 5))
    for o in range(3):
        for y in range(4):
            for z in range(5):
                direct[0, o, y, z] = (layer.params["weight"][o] * padded[0, :, y : y + 3, z : z + 3]).sum()
    assert np.allclose(layer.forward(x, training=False, rng=None), direct, rtol=0, atol=1e-12)


@pytest.mark.parametrize("shape", [(6, 4), (4, 3, 2, 3)])
def test_batch_norm_training_mode(rng, shape):
    layer = BatchNorm(shape[1])
    layer.params["gamma"] = rng.normal(size=shape[1])
    layer.params["beta"] = rng.normal(size=shape[1])
    check_layer(layer, rng.normal(size=shape))


def test_batch_norm_inference_uses_running_statistics(rng):
    layer = BatchNorm(3, momentum=0.5)
    x = rng.normal(2.0, 3.0, size=(50, 3))
    layer.forward(x, training=True, rng=None)
    assert np.allclose(layer.running_mean, 0.5 * x.mean(axis=0))
    assert np.allclose(layer.running_var, 0.5 + 0.5 * x.var(axis=0))
    expected = (x - layer.running_mean) / np.sqrt(layer.running_var + layer.epsilon)
    assert np.allclose(layer.forward(x, training=False, rng=None), expected, atol=1e-12)


def test_relu(rng):
    check_layer(ReLU(), rng.normal(size=(4, 6)))


def test_max_pool(rng):
    layer = MaxPool2D(2)
    x = rng.normal(size=(2, 3, 4, 6))
    check_layer(layer, x)
    out = layer.forward(x, training=False, rng=None)
    assert out[1, 2, 1, 2] == x[1, 2, 2:4, 4:6].max()


def test_flatten(rng):
    check_layer(Flatten(), rng.normal(size=(2, 3, 2, 2)))


def test_dropout_fixed_mask(rng):
    layer = Dropout(0.3)
    errors = check_layer(layer, rng.normal(size=(50, 8)))
    assert errors["input"] < TOLERANCE
    out = layer.forward(np.ones((400, 50)), training=True, rng=np.random.default_rng(1))
    assert set(np.unique(out)) == {0.0, 1 / 0.7}
    assert abs((out == 0).mean() - 0.3) < 0.01
    assert np.array_equal(layer.forward(out, training=False, rng=None), out)


def test_activity_l1(rng):
    layer = ActivityL1(0.05)
    x = rng.normal(size=(5, 7))
    check_layer(layer, x)
    layer.forward(x, training=True, rng=None)
    assert layer.penalty() == pytest.approx(0.05 * np.abs(x).sum() / 5)


@pytest.mark.parametrize(
    "build",
    [
        lambda rng: Dense(0, 3, rng),
        lambda rng: Conv2D(1, 2, 4, rng, padding="same"),
        lambda rng: Conv2D(1, 2, 3, rng, padding="full"),
        lambda rng: MaxPool2D(1),
        lambda rng: Dropout(1.0),
        lambda rng: ActivityL1(-1.0),
        lambda rng: BatchNorm(3, epsilon=0.0),
    ],
)
def test_bad_configuration_raises(rng, build):
    with pytest.raises(ConfigError):
        build(rng)


def test_pool_size_must_divide(rng):
    with pytest.raises(ConfigError, match="divide"):
        MaxPool2D(2).forward(rng.normal(size=(1, 1, 3, 4)), training=False, rng=None)
