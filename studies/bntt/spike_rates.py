"""Spike accounting (Kim & Panda 2021, Supplementary D: a layer's spikes over the T steps of an inference divided by
its number of neurons), from spike totals so that test batches can be summed first.

    spikes per neuron (layer l) = N_l / (n_l S)           per inference, S test samples
    spike rate                  = sum_l N_l / (sum_l n_l S T)   per hidden neuron and time step

with ``N_l`` the spikes of layer ``l`` over all samples and steps and ``n_l`` its number of neurons.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def layer_spike_totals(spikes: Sequence) -> np.ndarray:
    """``N_l``: total spikes of each layer's ``(T, samples, neurons)`` spike array."""
    return np.array([float(np.asarray(layer).sum()) for layer in spikes])


def spikes_per_neuron(totals: np.ndarray, sizes: Sequence[int], samples: int) -> np.ndarray:
    """Spikes per neuron per inference of each layer, ``N_l / (n_l S)``."""
    return np.asarray(totals, dtype=float) / (np.asarray(sizes, dtype=float) * samples)


def spike_rate(totals: np.ndarray, sizes: Sequence[int], samples: int, steps: int) -> float:
    """Spikes per hidden neuron per time step, pooled over layers: ``sum N_l / (sum n_l S T)``."""
    return float(np.sum(totals) / (np.sum(sizes) * samples * steps))
