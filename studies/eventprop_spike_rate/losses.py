"""The losses of Fontanini et al. (2024), Eqs. 9-15, as functions of spike times, and ``dL/dt_k`` of every spike.

With ``t_a`` the first spike of output neuron ``a`` of a sample, ``T`` the target and ``N_b`` the batch size::

    CE = -1/N_b sum_b log softmax_T(-t / tau0)           CS = 1/N_b sum_b (exp(t_T / tau1) - 1)
    AS = 1/(N_O N_b) sum_b sum_a (exp(t_a / tau1) - 1)    SP = 1/N_b sum_b sum_neurons sum_{p >= 2} 1 / (t_p - t_1)
    L_W = CE + alpha CS (Eq. 9),   L = CE + alpha CS + eta SP (Eq. 11),   L_A = CE + alpha AS + eta SP (Eq. 13)

An output neuron that never fires enters the loss values with ``t = T`` and gets no gradient (notes A.8.3). SP
sums over every non-input neuron (Eq. 12) or the output layer only (``sp_scope``); a gap ``t_p - t_1`` below
``sp_min_gap`` counts as ``sp_min_gap`` and gets no gradient (notes A.8.9).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from brainsnn_studies.eventprop_spike_rate.simulation import Spikes

LOSSES = ("lw", "l", "la")


@dataclass(frozen=True)
class Loss:
    """One of `LOSSES` with its hyper-parameters (times in ms)."""

    kind: str
    alpha: float
    eta: float = 0.0
    tau0: float = 0.5
    tau1: float = 6.4
    sp_scope: str = "all"
    sp_min_gap: float = 0.1


@dataclass(frozen=True)
class LossValue:
    """Per network of the ensemble: total loss and its terms; and ``dL/dt_k`` of every spike of every non-input
    layer (the networks' losses are summed, so each network's gradient is that of its own loss)."""

    total: np.ndarray
    terms: dict[str, np.ndarray]
    dl_dt: list[np.ndarray]


def spike_rank(spikes: Spikes, n_neurons: int) -> tuple[np.ndarray, np.ndarray]:
    """Rank (1 = first) of each spike among its neuron's spikes in its sample, and the index of that first spike."""
    order = np.lexsort((spikes.time, spikes.neuron, spikes.sample))
    group = (spikes.sample * n_neurons + spikes.neuron)[order]
    starts = np.r_[True, group[1:] != group[:-1]] if len(order) else np.zeros(0, dtype=bool)
    start_pos = np.maximum.accumulate(np.where(starts, np.arange(len(order)), 0))
    rank, first = np.empty(len(order), dtype=int), np.empty(len(order), dtype=int)
    rank[order] = np.arange(len(order)) - start_pos + 1
    first[order] = order[start_pos]
    return rank, first


def first_spike_times(spikes: Spikes, n_samples: int, n_neurons: int) -> np.ndarray:
    """``(B, N)`` time of each neuron's first spike (``inf`` if silent)."""
    first = np.full((n_samples, n_neurons), np.inf)
    np.minimum.at(first, (spikes.sample, spikes.neuron), spikes.time)
    return first


def predictions(output: Spikes, n_samples: int, n_classes: int) -> np.ndarray:
    """Class of the first output spike; -1 where no output neuron fired."""
    first = first_spike_times(output, n_samples, n_classes)
    return np.where(np.isfinite(first).any(1), np.argmin(first, 1), -1)


def spike_penalty(spikes: Spikes, n_neurons: int, weight: np.ndarray, min_gap: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Per sample, ``weight[b] sum_neurons sum_{p >= 2} 1 / (t_p - t_1)`` of one layer (Eq. 12, gaps floored at
    ``min_gap[b]``), and its derivative with respect to every spike time."""
    rank, first = spike_rank(spikes, n_neurons)
    later = rank >= 2
    sample = spikes.sample[later]
    gap = spikes.time[later] - spikes.time[first[later]]
    floored = np.maximum(gap, min_gap[sample])
    value = np.bincount(sample, weights=weight[sample] / floored, minlength=len(weight))
    slope = np.where(gap > min_gap[sample], weight[sample] / floored ** 2, 0.0)
    grad = np.zeros(len(spikes))
    grad[later] -= slope
    np.add.at(grad, first[later], slope)
    return value, grad


def evaluate_loss(losses: list[Loss], layers: list[Spikes], sizes: list[int], labels: np.ndarray, group: np.ndarray,
                  t_end: float) -> LossValue:
    """Loss of each network ``losses[g]`` on its samples (``group[b] = g``) and ``dL/dt_k`` for the spikes of every
    non-input layer (``layers[0]`` is the input)."""
    n_samples, n_out, n_groups = len(labels), sizes[-1], len(losses)

    def per_sample(name: str) -> np.ndarray:
        return np.array([getattr(loss, name) for loss in losses], dtype=float)[group]

    def per_group(values: np.ndarray) -> np.ndarray:
        return np.bincount(group, weights=values, minlength=n_groups)

    kind = np.array([loss.kind for loss in losses])[group]
    alpha, eta, tau0, tau1 = per_sample("alpha"), per_sample("eta"), per_sample("tau0"), per_sample("tau1")
    share = 1.0 / np.bincount(group, minlength=n_groups)[group]  # 1 / N_b of each sample's network
    output = layers[-1]
    first = first_spike_times(output, n_samples, n_out)
    fired = np.isfinite(first)
    t = np.where(fired, first, t_end)
    logits = -t / tau0[:, None]
    logits -= logits.max(1, keepdims=True)
    p = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    rows = np.arange(n_samples)
    target = np.zeros_like(p)
    target[rows, labels] = 1.0
    d_first = np.where(fired, (target - p) * (share / tau0)[:, None], 0.0)
    growth = np.exp(t / tau1[:, None])
    terms = {"ce": per_group(-np.log(p[rows, labels]) * share),
             "cs": per_group((growth[rows, labels] - 1.0) * share),
             "as": per_group((growth - 1.0).mean(1) * share), "sp": np.zeros(n_groups)}
    uses_as = (kind == "la")[:, None]
    regulariser = np.where(uses_as, fired / n_out, fired & (target > 0)) * growth
    d_first += regulariser * (alpha * share / tau1)[:, None]
    dl_dt = [np.zeros(len(spikes)) for spikes in layers[1:]]
    sp_weight = np.where(kind == "lw", 0.0, share)
    gap = per_sample("sp_min_gap")
    output_only = np.array([loss.sp_scope == "output" for loss in losses])[group]
    for index in range(len(dl_dt)):
        weight = sp_weight * (~output_only | (index == len(dl_dt) - 1))
        value, grad = spike_penalty(layers[index + 1], sizes[index + 1], weight, gap)
        terms["sp"] += per_group(value)
        dl_dt[index] += eta[layers[index + 1].sample] * grad
    rank, _ = spike_rank(output, n_out)
    is_first = rank == 1
    dl_dt[-1][is_first] += d_first[output.sample[is_first], output.neuron[is_first]]
    g_alpha = np.array([loss.alpha for loss in losses])
    g_eta = np.array([loss.eta for loss in losses])
    g_as = np.array([loss.kind == "la" for loss in losses])
    total = terms["ce"] + g_alpha * np.where(g_as, terms["as"], terms["cs"]) + g_eta * terms["sp"]
    return LossValue(total, terms, dl_dt)
