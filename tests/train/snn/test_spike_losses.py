"""Spike losses against numpy formulas and their gradients against float64 central differences."""

import numpy as np
import pytest
import torch

from brainsnn.errors import ConfigError
from brainsnn.train.snn.spike_losses import count_cross_entropy, rate_mse, spikemax

STEPS, BATCH, CLASSES = 6, 5, 4
LABELS = np.array([0, 3, 1, 1, 2])


def numpy_count_cross_entropy(outputs, labels, scale):
    logits = scale * (outputs.sum(0) if outputs.ndim == 3 else outputs)
    logits = logits - logits.max(axis=1, keepdims=True)
    log_p = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    return -log_p[np.arange(len(labels)), labels].mean()


def numpy_rate_mse(outputs, labels, true_rate, false_rate):
    rates = outputs.mean(0) if outputs.ndim == 3 else outputs
    target = np.full(rates.shape, false_rate)
    target[np.arange(len(labels)), labels] = true_rate
    return ((rates - target) ** 2).sum()


def numpy_spikemax(outputs, labels, eps):
    rates = outputs.mean(0) if outputs.ndim == 3 else outputs
    return -np.log(rates[np.arange(len(labels)), labels] / (rates.sum(axis=1) + eps)).sum()


CASES = [
    (count_cross_entropy, numpy_count_cross_entropy, {"scale": 0.7}),
    (rate_mse, numpy_rate_mse, {"true_rate": 0.3, "false_rate": 0.05}),
    (spikemax, numpy_spikemax, {"eps": 1e-3}),
]


def numerical_gradient(function, x, step=1e-6):
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        upper, lower = x.copy(), x.copy()
        upper[index] += step
        lower[index] -= step
        grad[index] = (function(upper) - function(lower)) / (2 * step)
    return grad


@pytest.mark.parametrize("shape", [(STEPS, BATCH, CLASSES), (BATCH, CLASSES)])
@pytest.mark.parametrize(("loss", "reference", "keywords"), CASES)
def test_value_and_gradient(loss, reference, keywords, shape):
    outputs = np.random.default_rng(0).uniform(0.05, 1.0, size=shape)
    inputs = torch.tensor(outputs, requires_grad=True)
    value = loss(inputs, torch.tensor(LABELS), **keywords)
    value.backward()
    assert value.item() == pytest.approx(reference(outputs, LABELS, **keywords), rel=1e-12)
    expected = numerical_gradient(lambda x: reference(x, LABELS, **keywords), outputs)
    np.testing.assert_allclose(inputs.grad.numpy(), expected, rtol=1e-6, atol=1e-9)


def test_spike_counts_by_hand():
    spikes = torch.zeros(4, 1, 3, dtype=torch.float64)
    spikes[:, 0, 0] = torch.tensor([1.0, 1.0, 0.0, 1.0])
    spikes[1, 0, 2] = 1.0
    labels = torch.tensor([0])
    assert spikemax(spikes, labels).item() == pytest.approx(-np.log(0.75 / (1 + 1e-6)), rel=1e-12)
    assert rate_mse(spikes, labels, true_rate=0.5, false_rate=0.0).item() == pytest.approx(0.25**2 + 0.25**2)
    expected = -np.log(np.exp(3) / (np.exp(3) + 1 + np.exp(1)))
    assert count_cross_entropy(spikes, labels).item() == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: spikemax(torch.ones(2, 3), torch.tensor([0, 3])), r"0\.\.2"),
        (lambda: spikemax(torch.ones(2, 3), torch.tensor([0.0, 1.0])), "int64"),
        (lambda: rate_mse(torch.ones(4, 2, 3), torch.tensor([0, 1, 2])), r"\(2,\)"),
        (lambda: count_cross_entropy(torch.ones(3), torch.tensor([0])), r"\(T, B, C\)"),
        (lambda: count_cross_entropy(torch.ones(2, 3), torch.tensor([0, 1]), scale=0.0), "scale"),
        (lambda: rate_mse(torch.ones(2, 3), torch.tensor([0, 1]), true_rate=2.0), "true_rate"),
    ],
)
def test_bad_input_is_rejected(call, message):
    with pytest.raises(ConfigError, match=message):
        call()
