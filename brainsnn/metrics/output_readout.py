"""Class read out of a supervised output layer: the output neuron that fires most during the presentation.

Mo et al. (2022) do not say how ALSA's outputs are read; here the prediction is the output with the most spikes
in the presentation window, ties broken by the earliest first spike, and a sample with no output spike gets
:data:`SILENT` (never correct). Where outputs rarely fire (a readout of sparse feature spikes), ties and silence
can instead be broken by each output's synaptic drive, sum_j w_jc n_j over the presynaptic spike counts n_j.
"""

from __future__ import annotations

import numpy as np

from brainsnn.errors import ConfigError
from brainsnn.units import in_unit

SILENT = -1


def most_active_output(counts, first_spike_ms) -> np.ndarray:
    """Predicted class per sample from ``(..., n_classes)`` spike counts and first-spike latencies (inf: none;
    in ms or a Brian2 quantity)."""
    spikes = np.asarray(counts, dtype=float)
    latency = np.asarray(in_unit(first_spike_ms, "ms", "first_spike_ms"), dtype=float)
    if spikes.shape != latency.shape or spikes.ndim < 1:
        raise ConfigError(f"counts {spikes.shape} and first_spike_ms {latency.shape} must share one shape")
    most = spikes == spikes.max(axis=-1, keepdims=True)
    earliest_among_most = np.argmin(np.where(most, latency, np.inf), axis=-1)
    return np.where(spikes.max(axis=-1) > 0, earliest_among_most, SILENT)


def most_driven_output(counts, drive) -> np.ndarray:
    """Predicted class per sample: most spikes, ties (and silence) broken by the larger ``drive``."""
    spikes, inputs = np.asarray(counts, dtype=float), np.asarray(drive, dtype=float)
    if spikes.shape != inputs.shape or spikes.ndim < 1:
        raise ConfigError(f"counts {spikes.shape} and drive {inputs.shape} must share one shape")
    most = spikes == spikes.max(axis=-1, keepdims=True)
    return np.argmax(np.where(most, inputs, -np.inf), axis=-1)
