"""The Spike Response Model network of Spikemax (Shrestha, Zhu & Sun, eqs. 1-2) with SLAYER-style training.

In time steps of 1 ms, layer ``l`` with input spikes ``s^(l-1)`` and weights ``W^(l)``::

    u^(l)[t] = W^(l) (eps * s^(l-1))[t] + (nu * s^(l))[t],      s^(l)[t] = H(u^(l)[t] - theta)
    eps(n) = (n / tau_s) exp(1 - n / tau_s),   nu(n) = -2 theta (n / tau_r) exp(1 - n / tau_r)   (n >= 0)

``eps(0) = nu(0) = 0``: a spike acts from the next step on, so there is no hard reset, the refractory kernel
pulls the membrane down. The PSP term is linear: the alpha-filtered input of all steps is one product with the
(T, T) lower-triangular Toeplitz matrix ``K[t, k] = eps(t - k)`` (built by `brainsnn.train.snn.alpha_psp` from the
identity, so exact), then the weights. Only the refractory term needs the layer's own past spikes and is stepped.

Backward (SLAYER, Shrestha & Orchard 2018): ``ds/du`` is the surrogate ``rho(u) = exp(-|u - theta| / tau_rho) /
tau_rho`` (the notes' choice, ``tau_rho = surrogate_width * theta``); the gradient through the refractory kernel is
neglected, so the error reaches the weights through ``K`` transposed: temporal credit assignment by correlating
the error with the PSP kernel backward in time.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch

from brainsnn.train.snn import Surrogate, alpha_psp


def psp_matrix(steps: int, tau: float, dtype: torch.dtype = torch.float64) -> torch.Tensor:
    """``K[t, k] = eps(t - k)`` (zero for ``k >= t``): the alpha kernel applied to unit impulses."""
    return alpha_psp(torch.eye(steps, dtype=dtype), tau)


class SRMNetwork(torch.nn.Module):
    """Dense SRM layers ``sizes[0] -> sizes[1] -> ... -> sizes[-1]``; ``forward`` returns every layer's spikes.

    Weights start as ``N(0, weight_scale / sqrt(n_in))`` drawn from ``generator``.
    """

    def __init__(self, sizes: Sequence[int], *, tau_s: float, tau_r: float, theta: float, surrogate_width: float,
                 weight_scale: float, generator: torch.Generator) -> None:
        super().__init__()
        self.sizes = tuple(sizes)
        self.tau_s, self.tau_r, self.theta = float(tau_s), float(tau_r), float(theta)
        width = surrogate_width * theta
        self.surrogate = Surrogate("exponential", {"amplitude": 1 / width, "decay": 1 / width})
        self.weights = torch.nn.ParameterList(
            torch.nn.Parameter(torch.randn(n_out, n_in, generator=generator) * weight_scale / math.sqrt(n_in))
            for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:], strict=True))
        self._kernels: dict[tuple[int, torch.dtype], torch.Tensor] = {}

    def _kernel(self, steps: int, dtype: torch.dtype) -> torch.Tensor:
        if (steps, dtype) not in self._kernels:
            self._kernels[(steps, dtype)] = psp_matrix(steps, self.tau_s, dtype)
        return self._kernels[(steps, dtype)]

    def refractory(self, psp: torch.Tensor) -> torch.Tensor:
        """``(nu * s)[t]`` of the spikes the membrane ``psp + (nu * s)`` produces, stepped, without gradient."""
        decay = math.exp(-1 / self.tau_r)
        scale = -2 * self.theta * math.e / self.tau_r
        trace = torch.zeros_like(psp[0])
        weighted = torch.zeros_like(psp[0])
        refractory = torch.empty_like(psp)
        with torch.no_grad():
            for t, psp_now in enumerate(psp):
                weighted = decay * (weighted + trace)
                refractory[t] = scale * weighted
                trace = decay * trace + (psp_now + refractory[t] >= self.theta).to(psp.dtype)
        return refractory

    def forward(self, spikes: torch.Tensor) -> list[torch.Tensor]:
        """Spikes ``(T, B, sizes[0])`` in, the spikes ``(T, B, n)`` of every layer out (last = output)."""
        steps, batch = spikes.shape[:2]
        kernel = self._kernel(steps, spikes.dtype)
        layers = []
        for weight in self.weights:
            if weight.shape[0] < weight.shape[1]:  # filter the narrower side: K (S W^T) = (K S) W^T
                psp = (kernel @ (spikes @ weight.T).reshape(steps, -1)).reshape(steps, batch, -1)
            else:
                psp = (kernel @ spikes.reshape(steps, -1)).reshape(steps, batch, -1) @ weight.T
            spikes = self.surrogate(psp + self.refractory(psp.detach()) - self.theta)
            layers.append(spikes)
        return layers
