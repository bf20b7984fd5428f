"""The losses of Table 1 against finite differences: the count and spike-train losses are quadratic in a continuous
relaxation of S, so central differences are exact; dL/dt_hat is the derivative along half the difference of the
neighbouring steps' unit impulses; the latency loss is differentiated in continuous first-spike times."""

import numpy as np
import pytest
from scipy.special import logsumexp

from brainsnn_studies.antlr.losses import count_loss, latency_loss, spike_train_loss

H = 1e-4


def trains(rng, steps, shape, p):
    return (rng.random((steps, *shape)) < p).astype(float)


def central(f, x, direction):
    return (f(x + H * direction) - f(x - H * direction)) / (2 * H)


def test_count_loss_gradient_is_the_derivative_of_the_squared_count_error():
    rng = np.random.default_rng(0)
    spikes, targets = trains(rng, 10, (1, 3, 4), 0.3), rng.integers(0, 3, (1, 3, 4)).astype(float)
    result = count_loss(spikes, targets)
    assert result.loss[0] == pytest.approx(((spikes.sum(0) - targets) ** 2).sum(-1).mean() / 10)
    for index in [(0, 0, 0, 0), (4, 0, 2, 3), (9, 0, 1, 1)]:
        unit = np.zeros_like(spikes)
        unit[index] = 1.0
        assert result.grad_spikes[index] == pytest.approx(central(lambda s: count_loss(s, targets).loss[0], spikes,
                                                                  unit), rel=1e-6)
    assert not result.grad_times.any()


def test_spike_train_loss_gradients_match_finite_differences():
    rng = np.random.default_rng(1)
    steps = 30
    spikes, target = trains(rng, steps, (1, 2, 3), 0.15), trains(rng, steps, (1, 2, 3), 0.1)
    spikes[[0, -1]] = 0.0  # interior spikes only: a one-step shift stays inside the window

    def loss(s):
        return spike_train_loss(s, target, 4.0).loss[0]

    result = spike_train_loss(spikes, target, 4.0)
    for index in [(3, 0, 0, 0), (17, 0, 1, 2), (29, 0, 1, 0)]:
        unit = np.zeros_like(spikes)
        unit[index] = 1.0
        assert result.grad_spikes[index] == pytest.approx(central(loss, spikes, unit), rel=1e-6, abs=1e-9)
    t, m, b, o = [index[0] for index in np.nonzero(spikes)]
    shift = np.zeros_like(spikes)
    shift[t + 1, m, b, o], shift[t - 1, m, b, o] = 0.5, -0.5
    assert result.grad_times[t, m, b, o] == pytest.approx(central(loss, spikes, shift), rel=1e-6)
    assert not result.grad_times[spikes == 0].any()


def test_latency_loss_differentiates_the_softmax_of_first_spike_times():
    steps, beta = 20, 0.3
    spikes = np.zeros((steps, 1, 2, 3))
    first = np.array([[4.0, 9.0, 20.0], [7.0, 3.0, 12.0]])  # 20: silent
    for b in range(2):
        for o in range(3):
            if first[b, o] < steps:
                spikes[int(first[b, o]):, 0, b, o] = 1.0  # the later spikes get no timing gradient
    labels = np.array([[1, 2]])
    result = latency_loss(spikes, labels, beta)

    def loss(times):
        logits = beta * (steps - times)
        return np.mean(logsumexp(logits, axis=-1) - logits[[0, 1], labels[0]])

    assert result.loss[0] == pytest.approx(loss(first))
    for b, o in [(0, 0), (0, 1), (1, 0), (1, 1), (1, 2)]:
        unit = np.zeros_like(first)
        unit[b, o] = 1.0
        t = int(first[b, o])
        assert result.grad_times[t, 0, b, o] == pytest.approx(central(loss, first, unit), rel=1e-6)
        assert np.count_nonzero(result.grad_times[:, 0, b, o]) == 1
    assert not result.grad_times[:, 0, 0, 2].any()  # silent output: no timing gradient
    assert not result.grad_spikes.any()


def test_no_spike_term_pushes_a_silent_desired_output_only():
    spikes = np.zeros((8, 1, 2, 3))
    spikes[2, 0, 0, 1] = 1.0
    result = latency_loss(spikes, np.array([[1, 2]]), 0.2, no_spike_weight=0.1)
    plain = latency_loss(spikes, np.array([[1, 2]]), 0.2)
    assert result.loss[0] - plain.loss[0] == pytest.approx(0.5 * 0.1 / 2)  # one silent target of two samples
    assert np.all(result.grad_spikes[:, 0, 1, 2] == pytest.approx(-0.1 / 2))
    assert np.count_nonzero(result.grad_spikes) == 8
