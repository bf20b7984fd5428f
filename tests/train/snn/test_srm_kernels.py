"""SRM kernels: the recursions against direct convolution with the sampled closed-form kernels (numpy)."""

import numpy as np
import pytest
import torch

from brainsnn.errors import ConfigError
from brainsnn.train.snn.srm_kernels import alpha_psp, exponential_psp

STEPS = 40


def exponential_kernel(n, tau):
    return np.exp(-n / tau)


def alpha_kernel(n, tau):
    return n / tau * np.exp(1 - n / tau)


FILTERS = [(exponential_psp, exponential_kernel), (alpha_psp, alpha_kernel)]


def direct_convolution(spikes, kernel):
    """``y[t] = sum_{k <= t} kernel[t - k] s[k]`` over axis 0 by explicit loops."""
    output = np.zeros_like(spikes)
    for t in range(len(spikes)):
        for k in range(t + 1):
            output[t] += kernel[t - k] * spikes[k]
    return output


@pytest.mark.parametrize("tau", [1.0, 2.5, 7.0])
@pytest.mark.parametrize(("psp", "kernel"), FILTERS)
def test_recursion_equals_direct_convolution(psp, kernel, tau):
    spikes = (np.random.default_rng(0).random((STEPS, 3, 2)) < 0.2).astype(float)
    spikes[5, 0, 0] = 2.0
    expected = direct_convolution(spikes, kernel(np.arange(STEPS), tau))
    np.testing.assert_allclose(psp(torch.tensor(spikes), tau).numpy(), expected, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize(("psp", "kernel"), FILTERS)
def test_single_spike_response_is_the_closed_form(psp, kernel):
    spikes = np.zeros(STEPS)
    spikes[3] = 1.0
    response = psp(torch.tensor(spikes), 4.0).numpy()
    assert not response[:3].any()
    np.testing.assert_allclose(response[3:], kernel(np.arange(STEPS - 3), 4.0), rtol=1e-13)


def test_alpha_kernel_peaks_at_one_after_tau_steps():
    spikes = torch.zeros(STEPS, dtype=torch.float64)
    spikes[0] = 1.0
    response = alpha_psp(spikes, 6.0)
    assert int(response.argmax()) == 6
    assert response[6].item() == pytest.approx(1.0, abs=1e-14)
    assert response[0].item() == 0.0


@pytest.mark.parametrize(("psp", "kernel"), FILTERS)
def test_gradient_is_the_time_reversed_kernel(psp, kernel):
    rng = np.random.default_rng(1)
    spikes = torch.tensor(rng.random((STEPS, 2)), requires_grad=True)
    probe = rng.normal(size=(STEPS, 2))
    (psp(spikes, 3.0) * torch.tensor(probe)).sum().backward()
    sampled = kernel(np.arange(STEPS), 3.0)
    expected = [[sum(sampled[t - k] * probe[t, i] for t in range(k, STEPS)) for i in range(2)] for k in range(STEPS)]
    np.testing.assert_allclose(spikes.grad.numpy(), expected, rtol=1e-12)


@pytest.mark.parametrize(
    ("spikes", "tau", "message"),
    [
        (torch.zeros(3), 0.0, "tau"),
        (torch.zeros(3), float("inf"), "tau"),
        (torch.zeros(3, dtype=torch.int64), 2.0, "floating-point"),
        (torch.tensor(1.0), 2.0, r"\(T, ...\)"),
    ],
)
def test_bad_input_is_rejected(spikes, tau, message):
    with pytest.raises(ConfigError, match=message):
        alpha_psp(spikes, tau)
