"""Exact GEMM FLOPs and stored activations of one training step under LoCal+SGD (Krithivasan et al. 2022, Sec. 2.1).

A weight layer's GEMM (a dense product or a convolution) does ``macs`` multiply-accumulates per sample, i.e.
``2 macs`` FLOPs. With the boundary at ``N``:

* every layer runs its forward GEMM ``z_l = W_l * a_{l-1}``;
* a local layer (``l < N``) adds one GEMM of the same size, ``dW_l = conv(a_{l-1}, z_l)``; a frozen layer nothing;
* an SGD layer (``l >= N``) adds the weight-gradient GEMM ``grad W_l = conv(a_{l-1}, delta_l)`` and, unless it is
  layer ``N`` (back-propagation stops there; for ``N = 0`` the input needs no error), the error GEMM
  ``delta_{l-1} = (W_l^T * delta_l) f'(z_{l-1})``.

Counted: GEMMs only (no bias, batch-norm, activation, pooling, loss, norm or optimiser arithmetic, no evaluation
passes). Stored activations: the input ``a_{l-1}`` of every SGD layer, kept from the forward to the backward pass
for its weight gradient; a local or frozen layer's input is discarded as soon as the forward pass moves on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

BYTES_PER_VALUE = 4  # float32


@dataclass(frozen=True)
class LayerShape:
    """One weight layer for the cost model: multiply-accumulates of its GEMM and values of its input, per sample."""

    macs: int
    inputs: int


def layer_flops(shapes: Sequence[LayerShape], boundary: int, prefix: str = "local") -> list[int]:
    """Training FLOPs per sample of each weight layer with the boundary at ``boundary``; ``prefix`` is ``"local"``
    (LoCal) or ``"frozen"`` (the freezing control)."""
    flops = []
    for index, shape in enumerate(shapes):
        if index < boundary:
            gemms = 2 if prefix == "local" else 1
        else:
            gemms = 2 if index == boundary else 3
        flops.append(2 * shape.macs * gemms)
    return flops


def training_flops(shapes: Sequence[LayerShape], boundary: int, samples: int, prefix: str = "local") -> int:
    """GEMM FLOPs of training ``samples`` samples with the boundary at ``boundary``."""
    return samples * sum(layer_flops(shapes, boundary, prefix))


def stored_activation_bytes(shapes: Sequence[LayerShape], boundary: int, batch_size: int) -> int:
    """Bytes of activations one training step of ``batch_size`` samples keeps for back-propagation (its peak)."""
    return BYTES_PER_VALUE * batch_size * sum(shape.inputs for shape in shapes[boundary:])
