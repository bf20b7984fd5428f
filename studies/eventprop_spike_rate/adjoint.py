"""Exact EventProp gradients (Wunderlich & Pehle 2021; Fontanini et al. 2024, Eqs. 4-8), layer by layer.

Between events the adjoint follows `LIF.adjoint_back`. At the k-th spike of neuron ``n`` only ``lambda_V`` jumps
(Eq. 5; ``lambda_I`` is continuous)::

    lambda_V^- = [lambda_V^+ R_m I^- + dL/dt_k + sum_m (R_m lambda_V^+ - lambda_I^+)_m W_mn] / (R_m I^- - Theta)

and the weight gradient samples the postsynaptic ``lambda_I`` at the presynaptic spike times (Eq. 8)::

    dL/dW_ij = -tau_s sum_{k: spikes of j} lambda_I,i(t_k)

A feed-forward layer needs only its downstream layer's adjoint, through the coupling sum of Eq. 5, which
`layer_backward` returns for every spike it received; the network backward runs from the output layer down.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from brainsnn_studies.eventprop_spike_rate.neuron import LIF
from brainsnn_studies.eventprop_spike_rate.simulation import Spikes

#: The denominator ``R_m I^- - Theta`` of Eq. 5 is clipped below at this fraction of ``Theta`` (grazing spikes).
MIN_SLOPE = 1e-3


@dataclass(frozen=True)
class LayerGradient:
    """``dL/dW`` of one layer, the coupling term of Eq. 5 for every spike it received, and how many jumps of
    Eq. 5 had their denominator clipped."""

    weights: np.ndarray
    coupling: np.ndarray
    clipped: int


def layer_backward(lif: LIF, weights: np.ndarray, arrivals: Spikes, own: Spikes, dl_dt: np.ndarray,
                   group: np.ndarray) -> LayerGradient:
    """Backward pass of one layer of an ensemble (`brainsnn_studies.eventprop_spike_rate.simulation`); ``dl_dt`` is
    ``dL/dt_k`` of each of its own spikes (loss terms plus the downstream coupling)."""
    n_groups, n_post, n_pre = weights.shape
    n_samples = len(group)
    sample = np.concatenate([arrivals.sample, own.sample])
    time = np.concatenate([arrivals.time, own.time])
    ref = np.concatenate([np.arange(len(arrivals)), -1 - np.arange(len(own))])  # >= 0: arrival, < 0: own spike
    order = np.lexsort((-time, sample))
    counts = np.bincount(sample, minlength=n_samples)
    slot = np.arange(len(order)) - np.repeat(np.cumsum(counts) - counts, counts)
    width = int(counts.max(initial=0))
    times = np.full((n_samples, width), np.nan)
    refs = np.zeros((n_samples, width), dtype=int)
    times[sample[order], slot], refs[sample[order], slot] = time[order], ref[order]
    lam_v = np.zeros((n_samples, n_post))
    lam_i = np.zeros_like(lam_v)
    lam_i_at = np.zeros((len(arrivals), n_post))
    drive_at = np.zeros((len(arrivals), n_post))
    now = np.full(n_samples, lif.t_end)
    clipped = 0
    for k in range(width):
        t = np.where(np.isnan(times[:, k]), now, times[:, k])
        lam_v, lam_i = lif.adjoint_back(lam_v, lam_i, (now - t)[:, None])
        now = t
        valid = ~np.isnan(times[:, k])
        got = np.nonzero(valid & (refs[:, k] >= 0))[0]
        which = refs[got, k]
        lam_i_at[which] = lam_i[got]
        drive_at[which] = lif.r_m * lam_v[got] - lam_i[got]
        fired = np.nonzero(valid & (refs[:, k] < 0))[0]
        spike = -1 - refs[fired, k]
        neuron = own.neuron[spike]
        slope = lif.r_m * own.current[spike] - lif.theta
        clipped += int(np.sum(slope < MIN_SLOPE * lif.theta))
        slope = np.maximum(slope, MIN_SLOPE * lif.theta)
        lam_v[fired, neuron] = (lam_v[fired, neuron] * lif.r_m * own.current[spike] + dl_dt[spike]) / slope
    source = group[arrivals.sample] * n_pre + arrivals.neuron
    pick = sparse.csr_matrix((np.ones(len(arrivals)), (source, np.arange(len(arrivals)))),
                             shape=(n_groups * n_pre, len(arrivals)))
    grad = -lif.tau_s * np.asarray(pick @ lam_i_at).reshape(n_groups, n_pre, n_post).transpose(0, 2, 1)
    coupling = np.einsum("km,km->k", drive_at, weights[group[arrivals.sample], :, arrivals.neuron])
    return LayerGradient(grad, coupling, clipped)


def network_backward(lif: LIF, weights: list[np.ndarray], layers: list[Spikes], dl_dt: list[np.ndarray],
                     group: np.ndarray) -> tuple[list[np.ndarray], int]:
    """``dL/dW`` of every layer from the spikes of every layer (input first) and the loss's ``dL/dt`` of each
    spike of each non-input layer; also the number of clipped jumps."""
    grads: list[np.ndarray] = [np.zeros(0)] * len(weights)
    coupling = np.zeros(len(layers[-1]))
    clipped = 0
    for index in range(len(weights) - 1, -1, -1):
        result = layer_backward(lif, weights[index], layers[index], layers[index + 1], dl_dt[index] + coupling,
                                group)
        grads[index], coupling, clipped = result.weights, result.coupling, clipped + result.clipped
    return grads, clipped
