"""Closed-form evaluation of a `TTFSNetwork`: spike times layer by layer, without simulating (thesis Eq. 2.30, 3.7).

Every input of layer n spikes by ``t_min^(n)`` (padded conv inputs count as spikes at ``t_min^(n)``, x = 0),
so for ``t >= t_min^(n)`` the potential is linear with positive slope ``alpha + sum_j J_ij``::

    V_i(t) = alpha (t - t_ramp) + sum_j J_ij (t - t_j)
    t_i    = clip(A_i / B_i, t_min^(n), t_max^(n))
    A_i    = theta_i + alpha t_ramp + sum_j J_ij t_j,    B_i = alpha + sum_j J_ij

The clip is exact for a threshold gated until ``t_min^(n)`` (a neuron already above threshold fires when the
gate opens) and the forced spike at ``t_max^(n)``. A max-pool forwards the earliest spike of its window, a
min-pool the latest. Output potentials follow Eq. 2.34 at ``t_read = t_max^(M)``.
"""

from dataclasses import dataclass

import numpy as np

from brainsnn.errors import ConfigError
from brainsnn.ttfs.conversion import TTFSLayer, TTFSNetwork
from brainsnn.ttfs.relu_network import apply_weights, per_channel, pool


@dataclass(frozen=True)
class TTFSTrace:
    """Spike times per hidden layer before pooling (``spike_times``) and after (``pooled_times``); output potentials."""

    spike_times: list[np.ndarray]
    pooled_times: list[np.ndarray]
    potentials: np.ndarray


def input_spike_times(x: np.ndarray) -> np.ndarray:
    """``t_j^(0) = 1 - x_j`` for inputs in ``[0, 1]`` (``t_min^(0) = 0``, ``t_max^(0) = 1``)."""
    if x.min() < 0 or x.max() > 1:
        raise ConfigError(
            f"TTFS inputs must lie in [0, 1], got [{x.min()!r}, {x.max()!r}]; rescale with rescale_inputs and fuse "
            "the same range into the network with fuse_input_range"
        )
    return 1.0 - x


def layer_spike_times(layer: TTFSLayer, input_times: np.ndarray) -> np.ndarray:
    """``t_i = clip(A_i / B_i, t_min, t_max)`` for a batch of presynaptic spike times."""
    weight_sums = per_channel(layer.input_weight_sums(), layer.threshold)
    weighted_times = apply_weights(layer.weight, input_times - layer.t_min, layer.padding) + layer.t_min * weight_sums
    crossing = (layer.threshold + layer.alpha * layer.t_ramp + weighted_times) / (layer.alpha + weight_sums)
    return np.clip(crossing, layer.t_min, layer.t_max)


def ttfs_forward(network: TTFSNetwork, x: np.ndarray) -> TTFSTrace:
    """Spike times of every hidden neuron and output potentials for inputs ``(n, *input_shape)`` in ``[0, 1]``."""
    times = input_spike_times(x)
    spike_times, pooled_times = [], []
    for layer in network.hidden:
        layer_times = layer_spike_times(layer, times)
        earliest = np.ones(len(layer.weight), dtype=bool) if layer.min_pool is None else ~layer.min_pool
        times = pool(layer_times, layer.pool_size, take_min=earliest)
        spike_times.append(layer_times)
        pooled_times.append(times)
    output = network.output
    elapsed = output.t_read - times
    potentials = apply_weights(output.weight, elapsed, output.padding) + output.alpha * (output.t_read - output.t_start)
    return TTFSTrace(spike_times, pooled_times, potentials)


def spike_fractions(network: TTFSNetwork, trace: TTFSTrace) -> np.ndarray:
    """Per hidden layer, the fraction of neurons spiking before ``t_max`` — the spikes per neuron of the
    "< 1 spike" variant, where neurons that would be forced at ``t_max`` stay silent (Sec. 2.4)."""
    pairs = zip(network.hidden, trace.spike_times, strict=True)
    return np.array([np.mean(times < layer.t_max) for layer, times in pairs])
