"""Phase 1 (ii): fuse an input range ``[p, q]`` into the first layer (thesis Eqs. 2.12-2.14).

With ``x = p + (q - p) u`` and ``u`` in ``[0, 1]``: ``b_k <- b_k + p sum_{i in S_l} w_ki`` (zero-padded
positions excluded, so conv biases become position-dependent) and ``w_ki <- (q - p) w_ki``; the new network
reads ``u = (x - p) / (q - p)``, which the TTFS input layer encodes as spike times ``t = 1 - u``.
"""

import math
from dataclasses import replace

import numpy as np

from brainsnn.errors import ConfigError
from brainsnn.ttfs.relu_network import ReluNetwork


def fuse_input_range(network: ReluNetwork, low: float, high: float) -> ReluNetwork:
    """Equivalent network on inputs rescaled from ``[low, high]`` to ``[0, 1]``."""
    if not (math.isfinite(low) and math.isfinite(high) and high > low):
        raise ConfigError(f"input range needs finite low < high, got [{low!r}, {high!r}] (digits pixels: [0, 255])")
    layers = network.layers
    channels = layers[0].input_shape[0]
    first = layers[0].with_fused_input_map(np.full(channels, high - low), np.full(channels, float(low)))
    if not network.hidden:
        return replace(network, output=first)
    return replace(network, hidden=(first, *network.hidden[1:]))


def rescale_inputs(x: np.ndarray, low: float, high: float) -> np.ndarray:
    """``(x - low) / (high - low)``; `ConfigError` if any sample lies outside ``[low, high]``."""
    if x.min() < low or x.max() > high:
        raise ConfigError(
            f"inputs span [{x.min()!r}, {x.max()!r}], outside the input range [{low!r}, {high!r}]; widen the range"
        )
    return (x - low) / (high - low)
