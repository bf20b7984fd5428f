"""Canonical ReLU network that Phase 1 and Phase 2 of the exact mapping operate on (thesis Sec. 2.3-2.4).

Each hidden layer is ``x^(n) = pool([W^(n) x^(n-1) + b^(n)]_+)`` with an optional per-channel max- or
min-pooling; the output layer is affine. Unlike `brainsnn.train.Sequential`, conv biases are stored per neuron
(``(channels, h, w)``) because fusing batch norm after a zero-padded layer makes them position-dependent
(Eq. 2.11, 2.14), and a min-pool flag per channel records where a negative batch-norm scale turned a max-pool
into a min-pool (Fig. 2.2c).
"""

from dataclasses import dataclass, replace

import numpy as np

from brainsnn.train.layers.conv import conv2d
from brainsnn.train.layers.pooling import pool_windows


def apply_weights(weight: np.ndarray, x: np.ndarray, padding: str | None) -> np.ndarray:
    """``sum_j w_ij x_j`` per neuron: dense product on flattened ``x`` (``padding=None``) or zero-padded conv."""
    if padding is None:
        return x.reshape(len(x), -1) @ weight.T
    return conv2d(x, weight, padding)


def pool(x: np.ndarray, size: int, take_min: np.ndarray | None) -> np.ndarray:
    """Non-overlapping ``size x size`` pooling; channel ``c`` takes the minimum where ``take_min[c]``, else the max."""
    if size == 1:
        return x
    windows = pool_windows(x, size)
    if take_min is None or not take_min.any():
        return windows.max(axis=-1)
    return np.where(take_min[None, :, None, None], windows.min(axis=-1), windows.max(axis=-1))


def per_channel(values: np.ndarray, like: np.ndarray) -> np.ndarray:
    """Broadcast one value per channel (axis 1 of a batch, axis 0 of ``like``) over the trailing axes of ``like``."""
    return values.reshape((-1,) + (1,) * (like.ndim - 1))


@dataclass(frozen=True, eq=False)
class ReluLayer:
    """One affine layer: ``weight`` ``(out, in)`` (dense, ``padding=None``) or ``(out, c, k, k)`` (conv).

    ``bias`` holds one value per neuron, ``(out,)`` or ``(out, h, w)``; ``input_shape`` is the shape of one
    input sample (a dense layer flattens it, channel slowest). ``pool_size`` > 1 pools the ReLU outputs;
    ``min_pool[c]`` marks channels pooled by the minimum.
    """

    weight: np.ndarray
    bias: np.ndarray
    input_shape: tuple[int, ...]
    padding: str | None = None
    pool_size: int = 1
    min_pool: np.ndarray | None = None

    def preactivation(self, x: np.ndarray) -> np.ndarray:
        """``a = W x + b`` for a batch ``x`` of shape ``(n, *input_shape)``."""
        return apply_weights(self.weight, x, self.padding) + self.bias

    def row_sums(self) -> np.ndarray:
        """``c_i = sum_j w_ij`` per output channel (Eq. 2.15); for conv the whole kernel, padding included."""
        return self.weight.reshape(len(self.weight), -1).sum(axis=1)

    def with_scaled_outputs(self, factor: np.ndarray) -> "ReluLayer":
        """Rows (weights and bias) of output channel ``i`` multiplied by ``factor[i]``."""
        return replace(
            self, weight=per_channel(factor, self.weight) * self.weight, bias=per_channel(factor, self.bias) * self.bias
        )

    def with_fused_input_map(self, scale: np.ndarray, shift: np.ndarray) -> "ReluLayer":
        """The layer applied to ``scale * x + shift`` (one value per input channel or feature), as weights and bias.

        ``b <- b + W shift`` evaluated with zero padding, so conv biases become position-dependent
        (Eq. 2.9, 2.11, 2.12, 2.14); then ``w_ki <- scale_i w_ki`` (Eq. 2.10, 2.13). ``scale`` and ``shift``
        given per channel of a flattened map are repeated over its positions.
        """
        scale, shift = (self._expand_to_inputs(values) for values in (scale, shift))
        constant_input = np.broadcast_to(per_channel(shift, np.empty(self.input_shape)), self.input_shape)
        bias = self.bias + apply_weights(self.weight, constant_input[None], self.padding)[0]
        if self.padding is None:
            flat = self.weight.reshape(len(self.weight), self.input_shape[0], -1)
            weight = (flat * scale[None, :, None]).reshape(self.weight.shape)
        else:
            weight = self.weight * scale[None, :, None, None]
        return replace(self, weight=weight, bias=bias)

    def _expand_to_inputs(self, values: np.ndarray) -> np.ndarray:
        """Per-channel values repeated over positions when a dense layer reads a flattened map."""
        n_inputs = self.input_shape[0]
        return values if len(values) == n_inputs else np.repeat(values, n_inputs // len(values))


@dataclass(frozen=True)
class ReluTrace:
    """Per hidden layer the ReLU outputs before pooling (``activations``) and after (``outputs``); the logits."""

    activations: list[np.ndarray]
    outputs: list[np.ndarray]
    logits: np.ndarray


@dataclass(frozen=True, eq=False)
class ReluNetwork:
    """Hidden ReLU layers (with optional pooling) followed by an affine output layer."""

    hidden: tuple[ReluLayer, ...]
    output: ReluLayer

    @property
    def layers(self) -> tuple[ReluLayer, ...]:
        return (*self.hidden, self.output)

    def trace(self, x: np.ndarray) -> ReluTrace:
        """Forward pass of a batch ``(n, *input_shape)`` keeping every hidden layer's activations."""
        activations, outputs = [], []
        for layer in self.hidden:
            activation = np.maximum(layer.preactivation(x), 0.0)
            x = pool(activation, layer.pool_size, layer.min_pool)
            activations.append(activation)
            outputs.append(x)
        return ReluTrace(activations, outputs, self.output.preactivation(x))

    def logits(self, x: np.ndarray) -> np.ndarray:
        return self.trace(x).logits
