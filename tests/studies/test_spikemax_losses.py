"""The Spikemax losses against numpy loops of eqs. 4-14, their closed-form derivatives and finite differences."""

import math

import numpy as np
import pytest
import torch

from brainsnn.train.snn import spikemax as engine_spikemax
from brainsnn_studies.spikemax.losses import loss_function, spike_rate, spikemax_nll, spikemax_softmax, window_counts

STEPS, BATCH, CLASSES = 12, 3, 4
LABELS = torch.tensor([0, 2, 3])


def random_spikes(seed=0):
    """Non-negative 'spikes' (T, B, C) in float64: the losses are smooth functions of them."""
    return torch.rand(STEPS, BATCH, CLASSES, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)


def test_window_counts_against_a_loop():
    spikes = random_spikes()
    for window in (1, 5, STEPS, STEPS + 3):
        expected = np.array([[spikes[max(0, t - window + 1): t + 1, b].sum(0).numpy() for b in range(BATCH)]
                             for t in range(STEPS)])
        assert window_counts(spikes, window).numpy() == pytest.approx(expected)


def test_spikemax_gradient_is_the_closed_form_summed_over_windows():
    """dL/ds_i[k] = (1 / (T B)) sum over windows t holding k of (p_i(t) - y_i) / (c_i(t) + eps)."""
    spikes, window, eps = random_spikes().requires_grad_(), 5, 0.3
    spikemax_nll(spikes, LABELS, window, eps).backward()
    s = spikes.detach().numpy()
    expected = np.zeros_like(s)
    for t in range(STEPS):
        start = max(0, t - window + 1)
        for b, label in enumerate(LABELS.tolist()):
            c = s[start: t + 1, b].sum(0)
            p = (c + eps) / (c + eps).sum()
            target = np.eye(CLASSES)[label]
            expected[start: t + 1, b] += (p - target) / (c + eps) / (STEPS * BATCH)
    assert spikes.grad.numpy() == pytest.approx(expected, rel=1e-10, abs=1e-14)


def test_spikemax_value_and_finite_differences():
    spikes, window, eps = random_spikes(1), 4, 1.0
    value = 0.0
    for t in range(STEPS):
        c = spikes[max(0, t - window + 1): t + 1].sum(0).numpy()
        p = (c + eps) / (c + eps).sum(1, keepdims=True)
        value -= np.log(p[np.arange(BATCH), LABELS.numpy()]).sum()
    assert float(spikemax_nll(spikes, LABELS, window, eps)) == pytest.approx(value / (STEPS * BATCH), rel=1e-12)
    assert torch.autograd.gradcheck(lambda s: spikemax_nll(s, LABELS, window, eps), (spikes.requires_grad_(),))


def test_spikemax_g_is_the_engine_spikemax_of_rates_when_eps_vanishes():
    spikes = random_spikes(2) + 0.1
    ours = spikemax_nll(spikes, LABELS, None, 1e-12)
    assert float(ours) == pytest.approx(float(engine_spikemax(spikes, LABELS, eps=1e-12)) / BATCH, rel=1e-9)
    spikes.requires_grad_()
    spikemax_nll(spikes, LABELS, None, 0.5).backward()
    c = spikes.detach().sum(0).numpy() + 0.5
    expected = (c / c.sum(1, keepdims=True) - np.eye(CLASSES)[LABELS.numpy()]) / c / BATCH
    assert spikes.grad.numpy() == pytest.approx(np.broadcast_to(expected, spikes.shape), rel=1e-10)


@pytest.mark.parametrize(("softmax_input", "scale"), [("count", 1.0), ("rate", 1 / STEPS)])
def test_spikemax_s_gradient_is_softmax_minus_target(softmax_input, scale):
    spikes = random_spikes(3).requires_grad_()
    spikemax_softmax(spikes, LABELS, softmax_input).backward()
    values = spikes.detach().sum(0).numpy() * scale
    softmax = np.exp(values) / np.exp(values).sum(1, keepdims=True)
    expected = (softmax - np.eye(CLASSES)[LABELS.numpy()]) * scale / BATCH
    assert spikes.grad.numpy() == pytest.approx(np.broadcast_to(expected, spikes.shape), rel=1e-10)


def test_spike_rate_value_and_the_loss_table():
    spikes = random_spikes(4)
    target = np.where(np.eye(CLASSES)[LABELS.numpy()] == 1, 0.2, 0.02)
    expected = ((spikes.mean(0).numpy() - target) ** 2).sum() / BATCH
    assert float(spike_rate(spikes, LABELS, 0.2, 0.02)) == pytest.approx(expected, rel=1e-12)
    keywords = {"window": 4, "epsilon": 1.0, "true_rate": 0.2, "false_rate": 0.02, "softmax_input": "count"}
    assert float(loss_function("spike_rate", **keywords)(spikes, LABELS)) == pytest.approx(expected, rel=1e-12)
    silent = torch.zeros(STEPS, BATCH, CLASSES, dtype=torch.float64)
    for name in ("spikemax", "spikemax_g"):  # p = 1 / C everywhere when nothing fires
        assert float(loss_function(name, **keywords)(silent, LABELS)) == pytest.approx(math.log(CLASSES))
