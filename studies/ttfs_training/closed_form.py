"""The Ch. 2 mapping of a dense ReLU network (Stanojevic 2023: alpha = 1, delta = 0.01, B_low = 10) for inputs in
[0, 1], and the spike count of its "< 1 spike" variant in closed form (Eq. 2.30, Sec. 2.4.4)."""

from __future__ import annotations

import numpy as np

from brainsnn.train import Sequential
from brainsnn.ttfs import ExactMapping, map_to_ttfs, spike_fractions, ttfs_forward
from brainsnn.ttfs.evaluation import pooled_over_neurons
from brainsnn_studies.ttfs_training.data import FlatImages


def mapping_of(relu: Sequential, data: FlatImages, zeta: float) -> ExactMapping:
    """The mapping of ``relu`` with ``X^(n)`` over the training set and window margin ``zeta``."""
    return map_to_ttfs(relu, (data.n_inputs,), (0.0, 1.0), data.x_train, zeta=zeta)


def closed_form_spikes(mapping: ExactMapping, x: np.ndarray) -> float:
    """Spikes per hidden neuron of the "< 1 spike" variant, pooled over layers and samples."""
    fractions = spike_fractions(mapping.ttfs, ttfs_forward(mapping.ttfs, x))
    return pooled_over_neurons(fractions, [layer.threshold.size for layer in mapping.ttfs.hidden])
