"""Torch spike encoders: exact spike times of the deterministic codes against numpy, Poisson counts within a
binomial confidence bound, and determinism per seed."""

import numpy as np
import pytest
import torch

from brainsnn.errors import ConfigError
from brainsnn.train.snn.encoders import latency, poisson, rate_regular

STEPS = 20


def intensities(seed=0, shape=(6, 9)):
    x = np.random.default_rng(seed).random(shape)
    x[0, :4] = [0.0, 1.0, 0.5, 1 / STEPS]
    return x


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_rate_regular_counts_and_times(dtype):
    x = torch.tensor(intensities(), dtype=dtype)
    spikes = rate_regular(x, STEPS)
    assert spikes.shape == (STEPS, *x.shape) and spikes.dtype == dtype
    values = x.numpy()
    np.testing.assert_array_equal(spikes.sum(0).numpy(), np.floor(values * values.dtype.type(STEPS)))
    for t in range(STEPS):
        expected = np.floor(values * values.dtype.type(t + 1)) > np.floor(values * values.dtype.type(t))
        np.testing.assert_array_equal(spikes[t].numpy(), expected)


def test_rate_regular_is_an_integrate_and_fire_accumulator():
    x = np.arange(17) / 16
    accumulated, expected = np.zeros_like(x), []
    for _ in range(STEPS):
        accumulated += x
        fired = accumulated >= 1
        accumulated -= fired
        expected.append(fired)
    np.testing.assert_array_equal(rate_regular(torch.tensor(x), STEPS).numpy(), expected)
    assert rate_regular(torch.tensor([0.25]), 8)[:, 0].tolist() == [0, 0, 0, 1, 0, 0, 0, 1]


def test_latency_one_spike_at_the_rounded_step():
    x = intensities(1)
    spikes = latency(torch.tensor(x), STEPS).numpy()
    fires = x > 0
    np.testing.assert_array_equal(spikes.sum(0), fires)
    steps = np.floor((1 - x) * (STEPS - 1) + 0.5)
    np.testing.assert_array_equal(spikes.argmax(0)[fires], steps[fires])
    assert latency(torch.tensor([1.0, 0.5, 1e-9, 0.0]), 5).T.tolist() == [
        [1, 0, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 0, 1], [0, 0, 0, 0, 0]
    ]


def test_latency_threshold_silences_weak_inputs():
    spikes = latency(torch.tensor([0.2, 0.3, 0.31]), 11, threshold=0.3)
    assert spikes.sum(0).tolist() == [0, 0, 1]
    assert int(spikes[:, 2].argmax()) == 7


def test_poisson_counts_within_binomial_bound_and_reproducible():
    x = torch.tensor([0.0, 0.05, 0.3, 0.8, 1.0], dtype=torch.float64)
    steps, rate = 4000, 0.5
    spikes = poisson(x, steps, torch.Generator().manual_seed(7), max_rate_per_step=rate)
    p = x.numpy() * rate
    counts = spikes.sum(0).numpy()
    bound = 5 * np.sqrt(steps * p * (1 - p))
    assert np.all(np.abs(counts - steps * p) <= bound)
    assert counts[0] == 0
    again = poisson(x, steps, torch.Generator().manual_seed(7), max_rate_per_step=rate)
    other = poisson(x, steps, torch.Generator().manual_seed(8), max_rate_per_step=rate)
    assert torch.equal(spikes, again) and not torch.equal(spikes, other)


def test_signed_poisson_is_bntt_generator():
    x = torch.tensor([-2.5, -1.0, -0.2, 0.0, 0.6, 3.0], dtype=torch.float64)
    steps = 4000
    spikes = poisson(x, steps, torch.Generator().manual_seed(3), max_rate_per_step=0.5, signed=True)
    assert set(spikes.unique().tolist()) == {-1.0, 0.0, 1.0}
    p = np.minimum(np.abs(x.numpy()) / 2, 1)
    counts = spikes.abs().sum(0).numpy()
    assert np.all(np.abs(counts - steps * p) <= 5 * np.sqrt(steps * p * (1 - p)))
    np.testing.assert_array_equal(np.sign(spikes.sum(0).numpy()), np.sign(x.numpy()))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: rate_regular(torch.tensor([1.2]), 5), r"in \[0, 1\]"),
        (lambda: latency(torch.tensor([-0.1]), 5), r"in \[0, 1\]"),
        (lambda: latency(torch.tensor([0.5]), 0), "steps"),
        (lambda: latency(torch.tensor([0.5]), 5, threshold=1.0), "threshold"),
        (lambda: rate_regular(torch.tensor([1]), 5), "floating-point"),
        (lambda: poisson(torch.tensor([0.5]), 5, torch.Generator(), max_rate_per_step=2.0), "max_rate_per_step"),
        (lambda: poisson(torch.tensor([float("nan")]), 5, torch.Generator(), signed=True), "finite"),
    ],
)
def test_bad_input_is_rejected(call, message):
    with pytest.raises(ConfigError, match=message):
        call()
