"""Hidden activations past their TTFS window, and windows that no input of the range can overflow (thesis Sec. 2.4).

A hidden neuron of layer n encodes ``x_i = t_max^(n) - t_i`` and cannot fire before ``t_min^(n)``: an activation
above the window ``B^(n) = t_max^(n) - t_min^(n) = (1 + zeta) X^(n)`` comes out clipped to ``B^(n)``, and every
later layer and the logits are wrong. ``X^(n)`` taken over representative inputs (Eq. 2.24) bounds those inputs
only; other inputs inside the declared range can still overflow. Worst-case windows bound every input of the range
by interval arithmetic over the box ``[0, 1]^d`` the rescaled inputs live in::

    u^(0) = 1,   u^(n) = pool([W+^(n) u^(n-1) + b^(n)]_+),   X^(n) = max_i [W+^(n) u^(n-1) + b^(n)]_+,i

with ``W+ = max(W, 0)``; ReLU and max/min pooling are monotone, so every activation is at most its bound.
"""

import numpy as np

from brainsnn.ttfs.conversion import TTFSNetwork
from brainsnn.ttfs.relu_network import ReluNetwork, apply_weights, pool

#: Relative slack of the window comparison: ``t_max - t_min`` may round below ``B^(n)`` by an ulp.
WINDOW_RTOL = 1e-12


class WindowOverflowWarning(UserWarning):
    """Inputs inside the declared range drove hidden activations past their TTFS windows (outputs are clipped)."""


def window_overflows(relu: ReluNetwork, ttfs: TTFSNetwork, encoded: np.ndarray) -> np.ndarray:
    """Per hidden layer, how many of the rescaled inputs ``encoded`` drive at least one activation past ``B^(n)``."""
    trace = relu.trace(encoded)
    counts = []
    for layer, activation in zip(ttfs.hidden, trace.activations, strict=True):
        window = layer.t_max - layer.t_min
        past = activation > window * (1 + WINDOW_RTOL)
        counts.append(int(past.reshape(len(past), -1).any(axis=1).sum()))
    return np.array(counts)


def worst_case_max_activations(relu: ReluNetwork) -> np.ndarray:
    """``X^(n)`` that bounds the activations of every input in ``[0, 1]^d`` (interval bounds, module docstring)."""
    bound = np.ones((1, *relu.layers[0].input_shape))
    maxima = []
    for layer in relu.hidden:
        activation = np.maximum(apply_weights(np.maximum(layer.weight, 0.0), bound, layer.padding) + layer.bias, 0.0)
        maxima.append(activation.max())
        bound = pool(activation, layer.pool_size, layer.min_pool)
    return np.array(maxima)
