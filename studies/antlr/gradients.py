"""The activation-based, timing-based and ANTLR gradients (Kim, Kim & Kim 2020, Eqs. 6-10) as backward recursions.

At every layer the gradient with respect to V[t] is the weighted sum (Eq. 8)

    dL/dV[t] = lambda_act sigma(V[t]) dL/dS[t] + lambda_tim S[t] dL/dt_hat[t] / (-max(V*[t], V*_min))

with the surrogate sigma(V) = exp(-surrogate_beta |V - theta|) (the authors' code: 3), V*[t] = V[t] - (1 - S[t-1])
V[t-1] the one-step rise of the membrane (its value after any reset), clamped below at 1e-2. (lambda_act,
lambda_tim) = (1, 0) is the activation method (the SRM-based one, Eq. 6: no reset paths), (0, 1) the timing method
and (1, 1) ANTLR. Going back in time, with the reset gates (1 - S[t]) held constant,

    e_V[t] = dL/dV[t] + alpha_V (1 - S[t]) e_V[t+1]          g_I[t] = beta_V e_V[t] + alpha_I (1 - S[t]) g_I[t+1]
    dL/dW = beta_I sum_t S_pre[t]^T g_I[t]                     dL/db = beta_bias sum_t e_V[t]

so beta_I g_I[t] = sum_{t_a >= t} dL/dV[t_a] eps[t_a - t] over the t_a the neuron did not spike in between:
the lower layer's dL/dS[t] = beta_I g_I[t] W^T is Eq. 9 before its surrogate. Its dL/dt_hat (Eq. 10) uses
dV_j[t_a]/dt_hat_i = -w_ij (eps[x+1] - eps[x-1]) / 2, x = t_a - t_hat_i (the code's central difference), which the
kernel identities eps[x+1] = alpha_V eps[x] + beta_I beta_V alpha_I^(x+1) and eps[x-1] = (eps[x] - beta_I beta_V
alpha_I^x) / alpha_V turn into one more recursion R[t] = dL/dV[t] + alpha_I (1 - S[t]) R[t+1].
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from brainsnn_studies.antlr.neuron import Neuron, Trace

#: Lower clamp of V* (the authors' code).
MIN_SLOPE = 1e-2


@dataclass(frozen=True)
class Weighting:
    """lambda_act and lambda_tim of Eq. 8 and the surrogate's sharpness."""

    act: float
    tim: float
    surrogate_beta: float = 3.0


#: The paper's three methods: (lambda_act, lambda_tim) = (1, 0), (0, 1) and ANTLR's (1, 1).
METHODS = ("activation", "timing", "antlr")


@dataclass(frozen=True)
class Gradients:
    """dL/dW and dL/db of every layer, and how many of all spikes had their V* clamped."""

    weights: list[np.ndarray]
    biases: list[np.ndarray]
    clamped_slopes: int
    spikes: int


def slopes(potentials: np.ndarray, spikes: np.ndarray) -> np.ndarray:
    """V*[t] = V[t] - (1 - S[t-1]) V[t-1] (V[-1] = 0)."""
    before = np.zeros_like(potentials)
    before[1:] = (1.0 - spikes[:-1]) * potentials[:-1]
    return potentials - before


def surrogate(potentials: np.ndarray, threshold: float, beta: float) -> np.ndarray:
    """sigma(V) = exp(-beta |V - theta|), the code's dS/dV."""
    return np.exp(-beta * np.abs(potentials - threshold))


def summed_outer(below: np.ndarray, above: np.ndarray) -> np.ndarray:
    """sum over steps and samples of below[t, m, b]^T above[t, m, b]: ``(M, n_below, n_above)``."""
    return np.stack([np.tensordot(below[:, m], above[:, m], axes=([0, 1], [0, 1])) for m in range(below.shape[1])])


def backward(neuron: Neuron, weights: list[np.ndarray], trace: Trace, grad_spikes: np.ndarray,
             grad_times: np.ndarray, weighting: Weighting) -> Gradients:
    """Gradients of every layer from the loss's dL/dS_out[t] and dL/dt_hat_out[t] ``(T, M, B, n_out)``."""
    beta_v, alpha_i, alpha_v = neuron.beta_v, neuron.alpha_i, neuron.alpha_v
    steps = trace.inputs.shape[0]
    weight_grads, bias_grads, clamped = [], [], 0
    spike_count = int(sum(s.sum() for s in trace.spikes))
    for layer in range(len(weights) - 1, -1, -1):
        potentials, spikes = trace.potentials[layer], trace.spikes[layer]
        slope = slopes(potentials, spikes)
        clamped += int(np.count_nonzero((slope < MIN_SLOPE) & (spikes > 0)))
        grad_v = weighting.act * surrogate(potentials, neuron.threshold, weighting.surrogate_beta) * grad_spikes
        grad_v = grad_v + weighting.tim * spikes * grad_times / -np.maximum(slope, MIN_SLOPE)
        # e_V and R (stacked on a new axis 0) follow the same recursion with alpha_V and alpha_I
        leaks = np.array([alpha_v, alpha_i])[:, None, None, None]
        grad_er, grad_i = np.zeros((steps, 2, *grad_v.shape[1:])), np.zeros_like(grad_v)
        grad_er[-1], grad_i[-1] = grad_v[-1], beta_v * grad_v[-1]
        gates = 1.0 - spikes
        for t in range(steps - 2, -1, -1):
            grad_er[t] = grad_v[t] + leaks * gates[t] * grad_er[t + 1]
            grad_i[t] = beta_v * grad_er[t, 0] + alpha_i * gates[t] * grad_i[t + 1]
        grad_e, grad_r = grad_er[:, 0], grad_er[:, 1]
        below = trace.inputs if layer == 0 else trace.spikes[layer - 1]
        weight_grads.append(neuron.beta_i * summed_outer(below, grad_i))
        bias_grads.append(beta_v * grad_e.sum(axis=(0, 2))[:, None, :])
        if layer > 0:
            transposed = np.swapaxes(weights[layer], -1, -2)
            psp = neuron.beta_i * grad_i
            step = neuron.beta_i * beta_v * grad_r
            ahead = alpha_v * psp + alpha_i * step
            behind = (psp - step) / alpha_v
            grad_spikes = psp @ transposed
            grad_times = -0.5 * (ahead - behind) @ transposed
    return Gradients(weight_grads[::-1], bias_grads[::-1], clamped, spike_count)
