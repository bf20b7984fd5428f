"""Synaptic operations of a spiking run: every spike is one accumulate per outgoing synapse.

``AC = sum_i n_i d_i`` over presynaptic neurons ``i`` with ``n_i`` spikes and ``d_i`` outgoing synapses (fan-out), the
count the gradient-SNN papers report per inference (e.g. BNTT, Kim & Panda 2021, Sec. 5.4). Computed per layer from
spike counts (``(samples, n_pre)``, as recorded by Brian2 monitors) and the synapses' presynaptic indices.
"""

import numpy as np

from brainsnn.errors import ConfigError


def fan_out(presynaptic: np.ndarray, n_pre: int) -> np.ndarray:
    """Outgoing synapses per presynaptic neuron."""
    return np.bincount(np.asarray(presynaptic, dtype=np.int64), minlength=n_pre)


def accumulates_per_sample(spike_counts: np.ndarray, presynaptic: np.ndarray) -> np.ndarray:
    """``sum_i n_i d_i`` per sample from ``spike_counts`` ``(samples, n_pre)`` and the synapses' sources."""
    counts = np.asarray(spike_counts)
    if counts.ndim != 2:
        raise ConfigError(f"spike counts must be (samples, presynaptic neurons), got shape {counts.shape}")
    degrees = fan_out(presynaptic, counts.shape[1])
    if degrees.size != counts.shape[1]:
        raise ConfigError(f"synapses name presynaptic neuron {degrees.size - 1}, beyond the {counts.shape[1]} counted")
    return counts @ degrees
