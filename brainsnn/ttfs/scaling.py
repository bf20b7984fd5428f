"""Phase 1 (iii)-(iv): row scaling so that ``-B_low <= sum_j w_ij <= 1 - delta`` in every hidden layer, and the
layer maxima ``X^(n)`` (thesis Algorithm 1, Eqs. 2.15-2.24).

The ReLU symmetry ``[a]_+ = C [a / C]_+`` (C > 0) moves a factor from the rows of layer n into the columns of
layer n+1; pooling commutes with it. Layers are processed in order, each after receiving the factors of the
previous one (Algorithm 1, line 14)::

    c_i = sum_j w_ij                                   (2.15; conv: the whole kernel, padding included)
    s_i = (1 - delta) / c_i   if c_i > 1 - delta       (2.16)
          B_low / |c_i|       if c_i <= -B_low         (2.18)
          1                   otherwise
    row i of layer n  *= s_i,   column i of layer n+1  /= s_i   (2.17, 2.19)
"""

import math
from dataclasses import replace

import numpy as np

from brainsnn.errors import ConfigError
from brainsnn.ttfs.relu_network import ReluNetwork

#: delta is not given in the thesis ("0 < delta << 1"); the authors' code uses an upper bound of 0.99.
DEFAULT_DELTA = 0.01
#: Lower bound on the row sums, thesis value.
DEFAULT_B_LOW = 10.0


def row_scale_factors(row_sums: np.ndarray, delta: float, b_low: float) -> np.ndarray:
    """``s_i`` of Eqs. 2.16 and 2.18 for the row sums ``c_i``."""
    factors = np.ones_like(row_sums)
    too_high = row_sums > 1 - delta
    too_low = row_sums <= -b_low
    factors[too_high] = (1 - delta) / row_sums[too_high]
    factors[too_low] = b_low / np.abs(row_sums[too_low])
    return factors


def scale_rows(network: ReluNetwork, delta: float = DEFAULT_DELTA, b_low: float = DEFAULT_B_LOW) -> ReluNetwork:
    """Function-preserving copy of ``network`` whose hidden row sums lie in ``[-b_low, 1 - delta]``."""
    if not (math.isfinite(delta) and 0 < delta < 1):
        raise ConfigError(f"delta must lie in (0, 1), got {delta!r} (the authors' code uses 0.01)")
    if not (math.isfinite(b_low) and b_low > 0):
        raise ConfigError(f"B_low must be a finite number > 0, got {b_low!r} (the thesis uses 10)")
    layers = list(network.layers)
    for index in range(len(network.hidden)):
        factors = row_scale_factors(layers[index].row_sums(), delta, b_low)
        layers[index] = layers[index].with_scaled_outputs(factors)
        following = layers[index + 1]
        layers[index + 1] = following.with_fused_input_map(1.0 / factors, np.zeros_like(factors))
    return replace(network, hidden=tuple(layers[:-1]), output=layers[-1])


def max_activations(network: ReluNetwork, x: np.ndarray) -> np.ndarray:
    """``X^(n) = max_{i, mu} x_i^(n)(mu)`` per hidden layer over the samples ``x`` (Eq. 2.24)."""
    return np.array([activation.max() for activation in network.trace(x).activations])
