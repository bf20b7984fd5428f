"""Phase 1 (i): batch-norm fusion (thesis Algorithm 1, Eqs. 2.7-2.11) turning a trained `Sequential` into a
`ReluNetwork` with the same inference-mode logits.

* BN right after an affine layer (before its ReLU) folds into that layer: ``b <- kappa (b - mu) + beta``,
  ``w <- kappa w`` (2.7-2.8).
* BN after a ReLU folds into the *next* affine layer: ``b <- b + W (beta - kappa mu)`` evaluated with zero
  padding, which makes conv biases position-dependent (2.9, 2.11), then ``w <- kappa w`` (2.10).
* A max-pool that sees BN outputs with ``kappa < 0`` becomes a min-pool of the ReLU outputs on those channels
  (``max(kappa x + c) = kappa min(x) + c``, Fig. 2.2c).
* BN before the first affine layer is an input map and folds into it the same way.
* Dropout and L1 activity layers are the identity at inference and are dropped.
"""

from dataclasses import dataclass, replace

import numpy as np

from brainsnn.errors import ConfigError
from brainsnn.train.layers import ActivityL1, BatchNorm, Conv2D, Dense, Dropout, Flatten, MaxPool2D, ReLU
from brainsnn.train.layers.conv import padding_width
from brainsnn.train.network import Sequential
from brainsnn.ttfs.relu_network import ReluLayer, ReluNetwork, per_channel


@dataclass
class _OpenLayer:
    """The affine layer being assembled and whether its ReLU has been seen."""

    layer: ReluLayer
    rectified: bool = False


def _compose(first: tuple[np.ndarray, np.ndarray] | None, scale: np.ndarray, shift: np.ndarray):
    """The map ``scale * (s1 x + c1) + shift`` (per channel; ``first`` repeated over positions if it is coarser)."""
    if first is None:
        return scale, shift
    repeats = len(scale) // len(first[0])
    return scale * np.repeat(first[0], repeats), scale * np.repeat(first[1], repeats) + shift


def _output_shape(weight: np.ndarray, input_shape: tuple[int, ...], padding: str | None) -> tuple[int, ...]:
    if padding is None:
        return (len(weight),)
    kernel_size = weight.shape[-1]
    shrink = kernel_size - 1 - 2 * padding_width(kernel_size, padding)
    return (len(weight), input_shape[1] - shrink, input_shape[2] - shrink)


def fuse_network(network: Sequential, input_shape: tuple[int, ...]) -> ReluNetwork:
    """Canonical `ReluNetwork` of ``network`` (inference mode) for samples of shape ``input_shape``.

    Supported order per hidden layer: ``Dense|Conv2D [BatchNorm] ReLU`` followed by any of ``BatchNorm``,
    ``MaxPool2D`` (at most one), ``Flatten``, ``Dropout``, ``ActivityL1``; the network ends with an affine layer.
    """
    hidden: list[ReluLayer] = []
    current: _OpenLayer | None = None
    pending: tuple[np.ndarray, np.ndarray] | None = None  # BN map waiting for the next affine layer
    shape = tuple(input_shape)
    for position, step in enumerate(network.layers):
        name = f"layer {position} ({type(step).__name__})"
        if isinstance(step, Dense | Conv2D):
            if current is not None and not current.rectified:
                raise ConfigError(f"{name}: two affine layers without a ReLU between them; insert a ReLU")
            if current is not None:
                hidden.append(current.layer)
            weight, bias = step.params["weight"].copy(), step.params["bias"]
            padding = step.padding if isinstance(step, Conv2D) else None
            out_shape = _output_shape(weight, shape, padding)
            neuron_bias = np.broadcast_to(per_channel(bias, np.empty(out_shape)), out_shape).copy()
            layer = ReluLayer(weight=weight, bias=neuron_bias, input_shape=shape, padding=padding)
            if pending is not None:
                layer = layer.with_fused_input_map(*pending)
                pending = None
            current = _OpenLayer(layer)
            shape = out_shape
        elif isinstance(step, BatchNorm):
            kappa, shift = step.scale_and_shift()
            if current is not None and not current.rectified:
                fused = current.layer.with_scaled_outputs(kappa)
                current.layer = replace(fused, bias=fused.bias + per_channel(shift, fused.bias))
            else:
                pending = _compose(pending, kappa, shift)
        elif isinstance(step, ReLU):
            if current is None or current.rectified:
                raise ConfigError(f"{name}: a ReLU must follow an affine layer (optionally with BatchNorm between)")
            current.rectified = True
        elif isinstance(step, MaxPool2D):
            if current is None or not current.rectified or current.layer.pool_size != 1 or len(shape) != 3:
                raise ConfigError(f"{name}: MaxPool2D is supported once per conv layer, after its ReLU")
            min_pool = np.zeros(shape[0], dtype=bool) if pending is None else pending[0] < 0
            if len(min_pool) != shape[0]:
                raise ConfigError(f"{name}: batch norm before this pool must be per channel")
            current.layer = replace(current.layer, pool_size=step.size, min_pool=min_pool)
            shape = (shape[0], shape[1] // step.size, shape[2] // step.size)
        elif isinstance(step, Flatten):
            shape = (int(np.prod(shape)),)
        elif not isinstance(step, Dropout | ActivityL1):
            raise ConfigError(f"{name}: no exact TTFS mapping for this layer type")
    if current is None or current.rectified or pending is not None:
        raise ConfigError("the network must end with a Dense (or Conv2D) output layer without ReLU or BatchNorm")
    return ReluNetwork(hidden=tuple(hidden), output=current.layer)
