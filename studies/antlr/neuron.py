"""The discrete-time current-based LIF neuron of ANTLR (Kim, Kim & Kim 2020, Eqs. 1-5), in float64 numpy.

    I_j[t] = alpha_I (1 - S_j[t-1]) I_j[t-1] + beta_I sum_i w_ij S_i[t]                       (Eq. 2)
    V_j[t] = alpha_V (1 - S_j[t-1]) V_j[t-1] + beta_V I_j[t] + beta_bias b_j                  (Eq. 1)
    S_j[t] = 1 if V_j[t] >= theta else 0                                                      (Eq. 3)

A spike resets both V and I, so V is the SRM sum of Eq. 4 over the input spikes since the neuron's last spike with
the kernel eps[tau] = beta_I beta_V sum_{k=0}^{tau} alpha_I^k alpha_V^(tau-k). As in the authors' code
(``beta_auto``), beta_V = beta_bias = 1 / max_tau eps[tau] / (beta_I beta_V): the PSP peaks at 1. A spike
propagates through every layer within its time step. With ``single_spike`` a neuron fires at most once.

Arrays are time-major: inputs ``(T, M, B, n_in)`` for ``M`` independent models (trials or seeds, each with its own
weights ``(M, n_in, n_out)`` and biases ``(M, 1, n_out)``) and ``B`` samples each.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

#: Steps over which the PSP peak is searched (alpha = 0.99 peaks near step 99).
PEAK_SEARCH_STEPS = 10_000


@dataclass(frozen=True)
class Neuron:
    """Constants of Eqs. 1-3 (defaults: the authors' code, alpha_I = alpha_V = 0.99, beta_I = 1, theta = 1)."""

    alpha_i: float = 0.99
    alpha_v: float = 0.99
    beta_i: float = 1.0
    threshold: float = 1.0

    @cached_property
    def beta_v(self) -> float:
        """1 / max_tau sum_k alpha_I^k alpha_V^(tau-k) / beta_I: the PSP of a unit weight peaks at 1."""
        return 1.0 / (self.beta_i * float(np.max(raw_kernel(self.alpha_i, self.alpha_v, PEAK_SEARCH_STEPS))))

    def kernel(self, steps: int) -> np.ndarray:
        """eps[0 .. steps-1] of Eq. 4, with beta_I beta_V."""
        return self.beta_i * self.beta_v * raw_kernel(self.alpha_i, self.alpha_v, steps)


def raw_kernel(alpha_i: float, alpha_v: float, steps: int) -> np.ndarray:
    """sum_{k=0}^{tau} alpha_I^k alpha_V^(tau-k) for tau = 0 .. steps-1, in closed form: (tau + 1) alpha^tau when
    alpha_I = alpha_V = alpha, else (alpha_I^(tau+1) - alpha_V^(tau+1)) / (alpha_I - alpha_V)."""
    tau = np.arange(steps)
    if alpha_i == alpha_v:
        return (tau + 1) * alpha_v**tau
    return (alpha_i ** (tau + 1) - alpha_v ** (tau + 1)) / (alpha_i - alpha_v)


@dataclass(frozen=True)
class Trace:
    """Everything the backward passes need: the input spikes and every layer's V[t] and S[t] ``(T, M, B, n)``."""

    inputs: np.ndarray
    potentials: list[np.ndarray]
    spikes: list[np.ndarray]

    @property
    def output(self) -> np.ndarray:
        return self.spikes[-1]


def forward(neuron: Neuron, weights: list[np.ndarray], biases: list[np.ndarray], inputs: np.ndarray,
            single_spike: bool = False) -> Trace:
    """Run Eqs. 1-3 layer after layer within each step on ``inputs`` ``(T, M, B, n_in)`` (0/1)."""
    steps = inputs.shape[0]
    beta_v = neuron.beta_v
    first_drive = neuron.beta_i * (inputs @ weights[0])
    potentials, spikes = [], []
    shape = first_drive.shape[1:-1]
    for weight in weights:
        potentials.append(np.zeros((steps, *shape, weight.shape[-1])))
        spikes.append(np.zeros((steps, *shape, weight.shape[-1])))
    currents = [np.zeros((*shape, w.shape[-1])) for w in weights]
    volts = [np.zeros((*shape, w.shape[-1])) for w in weights]
    fired = [np.zeros((*shape, w.shape[-1]), dtype=bool) for w in weights]
    for t in range(steps):
        for layer, (weight, bias) in enumerate(zip(weights, biases, strict=True)):
            drive = first_drive[t] if layer == 0 else neuron.beta_i * (spikes[layer - 1][t] @ weight)
            keep = 1.0 - spikes[layer][t - 1] if t > 0 else 1.0
            currents[layer] = neuron.alpha_i * keep * currents[layer] + drive
            volts[layer] = neuron.alpha_v * keep * volts[layer] + beta_v * currents[layer] + beta_v * bias
            spike = volts[layer] >= neuron.threshold
            if single_spike:
                spike &= ~fired[layer]
                fired[layer] |= spike
            potentials[layer][t] = volts[layer]
            spikes[layer][t] = spike
    return Trace(inputs, potentials, spikes)
