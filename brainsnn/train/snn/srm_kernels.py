"""Post-synaptic potential kernels of the Spike Response Model (Gerstner & Kistler 2002) as causal filters.

A spike train ``s[t]`` (time steps of length 1; ``tau`` in steps) is filtered as ``y[t] = sum_k eps(t - k) s[k]``
with, for ``n >= 0``,

- exponential ``eps(n) = exp(-n / tau)`` (``eps(0) = 1``: a spike counts in its own step), computed by
  ``y[t] = d y[t-1] + s[t]`` with ``d = exp(-1 / tau)``;
- alpha ``eps(n) = (n / tau) exp(1 - n / tau)`` (``eps(0) = 0``, peak 1 at ``n = tau``; the PSP kernel of SLAYER
  and Spikemax, Shrestha et al.), computed exactly by two state variables
  ``a[t] = d a[t-1] + s[t]``, ``b[t] = d (b[t-1] + a[t-1])`` (so ``b[t] = sum_k (t - k) d^(t-k) s[k]``) and
  ``y[t] = (e / tau) b[t]``.

Both recursions are exact samples of the kernels (no discretisation error) and differentiable.
"""

import math

import torch

from brainsnn.errors import ConfigError


def _decay(spikes: torch.Tensor, tau: float) -> float:
    if isinstance(tau, bool) or not (isinstance(tau, int | float) and 0 < tau < math.inf):
        raise ConfigError(f"tau must be a finite positive number of time steps, got {tau!r}")
    if spikes.dim() < 1 or not spikes.is_floating_point():
        raise ConfigError(f"spikes must be a floating-point (T, ...) tensor, got {spikes.dtype} {tuple(spikes.shape)}")
    return math.exp(-1.0 / tau)


def exponential_psp(spikes: torch.Tensor, tau: float) -> torch.Tensor:
    """``spikes`` (``(T, ...)``) filtered with ``exp(-n / tau)``; same shape and dtype."""
    decay = _decay(spikes, tau)
    trace = torch.zeros_like(spikes[0])
    filtered = []
    for spikes_now in spikes:
        trace = decay * trace + spikes_now
        filtered.append(trace)
    return torch.stack(filtered)


def alpha_psp(spikes: torch.Tensor, tau: float) -> torch.Tensor:
    """``spikes`` (``(T, ...)``) filtered with ``(n / tau) exp(1 - n / tau)``; same shape and dtype."""
    decay = _decay(spikes, tau)
    trace = torch.zeros_like(spikes[0])
    weighted = torch.zeros_like(spikes[0])
    filtered = []
    for spikes_now in spikes:
        weighted = decay * (weighted + trace)
        trace = decay * trace + spikes_now
        filtered.append(weighted)
    return (math.e / tau) * torch.stack(filtered)
