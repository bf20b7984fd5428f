"""The three losses of Table 1 (Kim, Kim & Kim 2020) with their dL/dS[t] and dL/dt_hat[t], averaged over samples.

count        L = sum_o (sum_t S_o[t] - n_o)^2 / T                   dL/dS_o[t] = 2 (sum_t S_o[t] - n_o) / T
spike train  L = sum_o sum_t d_o[t]^2, d = kappa*S - kappa*S_tar    dL/dS_o[t] = 2 sum_tau kappa[tau - t] d_o[tau]
                                                                    dL/dt_hat = -2 sum_tau kappa*[tau - t_hat] d_o[tau]
latency      L = -sum_o y_o log p_o, p = softmax(beta (T - t_first))  dL/dt_first_o = -beta (p_o - y_o)

kappa[t] = exp(-t / tau_kappa) (causal), kappa* its central difference (kappa[x+1] - kappa[x-1]) / 2. Under the
latency loss a silent output counts as firing at T and gets no timing gradient, only its first spike gets one (the
authors' code). ``no_spike_weight`` adds ANTLR's term (lambda / 2) (min(n_d, 1) - 1)^2 on the desired output d:
dL/dS_d[t] = -lambda while it is silent. Arrays are ``(T, M, B, n_out)``; losses are ``(M,)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LossGrad:
    loss: np.ndarray
    grad_spikes: np.ndarray
    grad_times: np.ndarray


def count_loss(spikes: np.ndarray, targets: np.ndarray) -> LossGrad:
    """Count loss of Table 1 with target counts ``targets`` ``(M, B, n_out)``."""
    steps, samples = spikes.shape[0], spikes.shape[2]
    error = spikes.sum(axis=0) - targets
    loss = (error**2).sum(axis=-1).mean(axis=-1) / steps
    grad = np.broadcast_to(2.0 * error / steps / samples, spikes.shape).copy()
    return LossGrad(loss, grad, np.zeros_like(spikes))


def exponential_kernel(steps: int, tau: float) -> np.ndarray:
    """kappa[t] = exp(-t / tau), t = 0 .. steps-1."""
    return np.exp(-np.arange(steps) / tau)


def filtered(spikes: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """(kappa * S)[t] = sum_{s <= t} kappa[t - s] S[s] along axis 0."""
    steps = spikes.shape[0]
    lags = np.arange(steps)[:, None] - np.arange(steps)[None, :]
    matrix = np.where(lags >= 0, kernel[np.clip(lags, 0, None)], 0.0)
    return np.tensordot(matrix, spikes, axes=(1, 0))


def spike_train_loss(spikes: np.ndarray, target: np.ndarray, tau: float) -> LossGrad:
    """Spike-train loss of Table 1 against the target trains ``target`` (same shape as ``spikes``)."""
    steps, samples = spikes.shape[0], spikes.shape[2]
    kernel = exponential_kernel(steps + 1, tau)
    difference = filtered(spikes, kernel[:steps]) - filtered(target, kernel[:steps])
    loss = (difference**2).sum(axis=(0, 3)).mean(axis=-1)
    lags = np.arange(steps)[None, :] - np.arange(steps)[:, None]  # [t, tau] = tau - t
    forward = np.where(lags >= 0, kernel[np.clip(lags, 0, steps - 1)], 0.0)
    ahead = np.where(lags + 1 >= 0, kernel[np.clip(lags + 1, 0, steps)], 0.0)
    behind = np.where(lags - 1 >= 0, kernel[np.clip(lags - 1, 0, steps)], 0.0)
    grad_spikes = 2.0 * np.tensordot(forward, difference, axes=(1, 0)) / samples
    grad_times = -np.tensordot(ahead - behind, difference, axes=(1, 0)) / samples * spikes
    return LossGrad(loss, grad_spikes, grad_times)


def first_spike_steps(spikes: np.ndarray) -> np.ndarray:
    """Step of each neuron's first spike ``(M, B, n)``; ``T`` where it is silent."""
    fired = spikes.any(axis=0)
    return np.where(fired, spikes.argmax(axis=0), spikes.shape[0])


def latency_loss(spikes: np.ndarray, labels: np.ndarray, beta: float, no_spike_weight: float = 0.0) -> LossGrad:
    """Latency (first-spike softmax) loss of Table 1 for integer ``labels`` ``(M, B)``."""
    steps, samples, n_out = spikes.shape[0], spikes.shape[2], spikes.shape[3]
    first = first_spike_steps(spikes)
    logits = beta * (steps - first)
    logits = logits - logits.max(axis=-1, keepdims=True)
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)
    onehot = np.eye(n_out)[labels]
    counts = spikes.sum(axis=0)
    silent_target = (counts * onehot).sum(axis=-1) == 0
    loss = -np.log((probabilities * onehot).sum(axis=-1)) + 0.5 * no_spike_weight * silent_target
    fired = first < steps
    grad_first = np.where(fired, -beta * (probabilities - onehot), 0.0) / samples
    grad_times = np.zeros_like(spikes)
    m, b, o = np.nonzero(fired)
    grad_times[first[m, b, o], m, b, o] = grad_first[m, b, o]
    grad_spikes = np.broadcast_to(-no_spike_weight * (silent_target[..., None] * onehot) / samples,
                                  spikes.shape).copy()
    return LossGrad(loss.mean(axis=-1), grad_spikes, grad_times)
