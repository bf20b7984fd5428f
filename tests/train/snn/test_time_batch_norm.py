"""BNTT against numpy formulas: per-step batch statistics, per-step running estimates, evaluation with them, the
folded affine map, and gradients against finite differences (float64)."""

import numpy as np
import pytest
import torch

from brainsnn.errors import ConfigError
from brainsnn.train.snn.time_batch_norm import TimeBatchNorm

STEPS, CHANNELS = 3, 4


def numpy_normalise(x, mean, var, gamma, beta, eps):
    shape = (1, -1) + (1,) * (x.ndim - 2)
    return gamma.reshape(shape) * (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + eps) + beta.reshape(shape)


def random_layer(learn_shift, rng):
    layer = TimeBatchNorm(CHANNELS, STEPS, learn_shift=learn_shift).double()
    with torch.no_grad():
        layer.gamma.copy_(torch.tensor(rng.uniform(0.5, 2.0, size=(STEPS, CHANNELS))))
        if learn_shift:
            layer.beta.copy_(torch.tensor(rng.normal(size=(STEPS, CHANNELS))))
    return layer


@pytest.mark.parametrize("learn_shift", [False, True])
@pytest.mark.parametrize("shape", [(6, CHANNELS), (5, CHANNELS, 3, 2)])
def test_training_uses_batch_statistics_of_its_step_and_updates_only_that_step(shape, learn_shift):
    rng = np.random.default_rng(0)
    layer = random_layer(learn_shift, rng)
    x = rng.normal(2.0, 3.0, size=shape)
    axes = (0,) if len(shape) == 2 else (0, 2, 3)
    mean, var = x.mean(axis=axes), x.var(axis=axes)
    gamma = layer.gamma[1].detach().numpy()
    beta = layer.beta[1].detach().numpy() if learn_shift else np.zeros(CHANNELS)
    output = layer(torch.tensor(x), 1)
    np.testing.assert_allclose(output.detach().numpy(), numpy_normalise(x, mean, var, gamma, beta, 1e-4), rtol=1e-12)
    count = x.size // CHANNELS
    np.testing.assert_allclose(layer.running_mean.numpy(), [np.zeros(CHANNELS), 0.1 * mean, np.zeros(CHANNELS)])
    expected_var = [np.ones(CHANNELS), 0.9 + 0.1 * var * count / (count - 1), np.ones(CHANNELS)]
    np.testing.assert_allclose(layer.running_var.numpy(), expected_var, rtol=1e-12)


def test_running_estimates_are_exponential_averages_over_batches():
    rng = np.random.default_rng(1)
    layer = TimeBatchNorm(CHANNELS, STEPS, momentum=0.3).double()
    mean, var = np.zeros(CHANNELS), np.ones(CHANNELS)
    for _ in range(4):
        x = rng.normal(1.0, 2.0, size=(8, CHANNELS))
        layer(torch.tensor(x), 2)
        mean = 0.7 * mean + 0.3 * x.mean(axis=0)
        var = 0.7 * var + 0.3 * x.var(axis=0, ddof=1)
    np.testing.assert_allclose(layer.running_mean[2].numpy(), mean, rtol=1e-12)
    np.testing.assert_allclose(layer.running_var[2].numpy(), var, rtol=1e-12)


@pytest.mark.parametrize("learn_shift", [False, True])
def test_evaluation_uses_running_estimates_and_equals_the_folded_map(learn_shift):
    rng = np.random.default_rng(2)
    layer = random_layer(learn_shift, rng)
    for t in range(STEPS):
        layer(torch.tensor(rng.normal(t, 1 + t, size=(10, CHANNELS, 2, 2))), t)
    layer.eval()
    x = rng.normal(size=(3, CHANNELS, 2, 2))
    for t in range(STEPS):
        beta = layer.beta[t].detach().numpy() if learn_shift else np.zeros(CHANNELS)
        expected = numpy_normalise(
            x, layer.running_mean[t].numpy(), layer.running_var[t].numpy(), layer.gamma[t].detach().numpy(), beta, 1e-4
        )
        output = layer(torch.tensor(x), t).detach().numpy()
        np.testing.assert_allclose(output, expected, rtol=1e-12)
        scale, shift = layer.folded(t)
        folded = scale.numpy().reshape(1, -1, 1, 1) * x + shift.numpy().reshape(1, -1, 1, 1)
        np.testing.assert_allclose(folded, expected, rtol=1e-12, atol=1e-12)


def test_gradients_match_finite_differences():
    rng = np.random.default_rng(3)
    layer = random_layer(True, rng)
    x = torch.tensor(rng.normal(size=(5, CHANNELS, 2, 3)), requires_grad=True)
    assert torch.autograd.gradcheck(lambda x: layer(x, 0), (x,))
    probe = torch.tensor(rng.normal(size=(5, CHANNELS, 2, 3)))
    (layer(x, 2) * probe).sum().backward()
    x_hat = (x.detach() - x.detach().mean(dim=(0, 2, 3), keepdim=True)) / torch.sqrt(
        x.detach().var(dim=(0, 2, 3), unbiased=False, keepdim=True) + 1e-4
    )
    np.testing.assert_allclose(layer.gamma.grad[2].numpy(), (probe * x_hat).sum(dim=(0, 2, 3)).numpy(), rtol=1e-10)
    np.testing.assert_allclose(layer.beta.grad[2].numpy(), probe.sum(dim=(0, 2, 3)).numpy(), rtol=1e-12)
    assert not layer.gamma.grad[[0, 1]].any()


def test_bntt_defaults():
    layer = TimeBatchNorm(2, 5)
    assert (layer.eps, layer.beta, layer.steps) == (1e-4, None, 5)
    assert [name for name, _ in layer.named_parameters()] == ["gamma"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: TimeBatchNorm(0, 3), "positive integer features"),
        (lambda: TimeBatchNorm(2, 3, eps=0.0), "eps > 0"),
        (lambda: TimeBatchNorm(2, 3)(torch.zeros(4, 2), 3), "integer in 0..2"),
        (lambda: TimeBatchNorm(2, 3)(torch.zeros(4, 3), 0), r"\(B, 2\) or \(B, 2, H, W\)"),
        (lambda: TimeBatchNorm(2, 3).folded(-1), "integer in 0..2"),
    ],
)
def test_bad_input_is_rejected(call, message):
    with pytest.raises(ConfigError, match=message):
        call()
