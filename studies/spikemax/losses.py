"""The four classification losses of Spikemax (Shrestha, Zhu & Sun) on output spikes ``s`` of shape (T, B, C).

With counts over a window of ``W`` steps ``c_i(t) = sum_{k = t - W + 1}^{t} s_i[k]`` (eq. 5; the window is partly
filled for ``t < W``), or over all steps ``c_i = sum_t s_i[t]`` (eq. 7), and a count ``epsilon`` added per class
(the notes' choice for "an infinitesimal count", so a silent window gives p = 1 / C rather than 0 / 0)::

    p_i = (c_i + epsilon) / (sum_j c_j + C epsilon)                                   (eqs. 6-7)
    spike_rate:  sum_i (mean_t s_i - r_i)^2,  r = true_rate on the label, false_rate elsewhere      (eq. 4)
    spikemax:    (1 / T) sum_t -log p_y(t)    windowed counts                          (eq. 8)
    spikemax_g:  -log p_y                     global counts                            (eq. 12)
    spikemax_s:  -log softmax(c)_y            global counts (or rates mean_t s)        (eqs. 13-14)

each averaged over the batch. Their exact derivatives: ``dL/dc_i = (p_i - y_i) / (c_i + epsilon)`` for the
count-probability forms (the paper's eqs. 11-12 are this times W or T, the derivative with respect to the rate),
``p^s_i - y_i`` for spikemax_s (eq. 14); ``dc_i / ds_i[t] = 1`` in each window holding step ``t``.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F

from brainsnn.train.snn import rate_mse

#: Loss names, in the order of the paper's Table I.
LOSSES = ("spike_rate", "spikemax", "spikemax_s", "spikemax_g")
#: What spikemax_s takes the softmax of: counts (the paper's eq. 13) or rates mean_t s (lava-dl's SpikeMax).
SOFTMAX_INPUTS = ("count", "rate")


def window_counts(spikes: torch.Tensor, window: int) -> torch.Tensor:
    """``c(t)``: spikes summed over the last ``window`` steps up to and including ``t``, shape (T, B, C)."""
    total = torch.cumsum(spikes, dim=0)
    earlier = torch.cat([torch.zeros_like(total[:window]), total[:-window]])[: len(total)]
    return total - earlier


def count_probability(counts: torch.Tensor, epsilon: float) -> torch.Tensor:
    """``p_i = (c_i + epsilon) / (sum_j c_j + C epsilon)`` over the last dimension."""
    shifted = counts + epsilon
    return shifted / shifted.sum(dim=-1, keepdim=True)


def spikemax_nll(spikes: torch.Tensor, labels: torch.Tensor, window: int | None, epsilon: float) -> torch.Tensor:
    """spikemax (``window`` steps, eq. 8, mean over t) or spikemax_g (``window=None``, eq. 12), mean over batch."""
    counts = spikes.sum(dim=0) if window is None else window_counts(spikes, window)
    log_p = torch.log(count_probability(counts, epsilon))
    index = labels.expand(*log_p.shape[:-1])[..., None]
    return -log_p.gather(-1, index).mean()


def spikemax_softmax(spikes: torch.Tensor, labels: torch.Tensor, softmax_input: str) -> torch.Tensor:
    """spikemax_s: cross-entropy of softmax(counts) (eq. 13) or of softmax(rates), mean over batch."""
    values = spikes.sum(dim=0) if softmax_input == "count" else spikes.mean(dim=0)
    return F.cross_entropy(values, labels)


def spike_rate(spikes: torch.Tensor, labels: torch.Tensor, true_rate: float, false_rate: float) -> torch.Tensor:
    """Eq. 4 summed over classes (`brainsnn.train.snn.rate_mse`), mean over batch."""
    return rate_mse(spikes, labels, true_rate, false_rate) / len(labels)


def loss_function(name: str, *, window: int, epsilon: float, true_rate: float, false_rate: float,
                  softmax_input: str) -> Callable[[torch.Tensor, torch.Tensor], torch.Tensor]:
    """The loss ``name`` (one of `LOSSES`) as ``loss(output_spikes, labels)``."""
    if name == "spike_rate":
        return lambda spikes, labels: spike_rate(spikes, labels, true_rate, false_rate)
    if name == "spikemax":
        return lambda spikes, labels: spikemax_nll(spikes, labels, window, epsilon)
    if name == "spikemax_g":
        return lambda spikes, labels: spikemax_nll(spikes, labels, None, epsilon)
    return lambda spikes, labels: spikemax_softmax(spikes, labels, softmax_input)
