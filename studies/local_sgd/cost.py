"""Exact GEMM FLOPs and stored activations of one training step of a bias-free MLP under LoCal+SGD.

Weight layer ``l`` maps ``n_l`` to ``n_{l+1}`` features; one GEMM over it costs ``2 n_l n_{l+1}`` FLOPs per sample
(a multiply and an add per weight). With the boundary at ``N`` (Krithivasan et al. 2022, Sec. 2.1):

* every layer runs its forward GEMM ``z_l = W_l a_{l-1}``;
* a local layer (``l < N``) adds one GEMM, ``dW_l = z_l a_{l-1}^T``; a frozen layer adds nothing;
* an SGD layer (``l >= N``) adds the weight-gradient GEMM ``grad W_l = delta_l a_{l-1}^T`` and, unless it is layer
  ``N`` (back-propagation stops there; for ``N = 0`` the input needs no error), the error GEMM
  ``delta_{l-1} = (W_l^T delta_l) * f'(z_{l-1})``.

Counted: GEMMs only (no bias, activation, loss, norm or optimiser arithmetic, no evaluation passes). Stored
activations: the input ``a_{l-1}`` of every SGD layer, kept from the forward to the backward pass for its
weight gradient (for ReLU it also gives ``f'(z) = [a > 0]``); a local or frozen layer's input is discarded as soon
as the forward pass moves on.
"""

from __future__ import annotations

from collections.abc import Sequence

BYTES_PER_VALUE = 4  # float32


def gemm_flops(n_in: int, n_out: int) -> int:
    """FLOPs of one ``n_out x n_in`` GEMM for one sample."""
    return 2 * n_in * n_out


def layer_flops(sizes: Sequence[int], boundary: int, prefix: str = "local") -> list[int]:
    """Training FLOPs per sample of each weight layer of the MLP ``sizes`` with the boundary at ``boundary``;
    ``prefix`` is ``"local"`` (LoCal) or ``"frozen"`` (the freezing control)."""
    flops = []
    for index, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        gemm = gemm_flops(n_in, n_out)
        if index < boundary:
            flops.append(gemm * (2 if prefix == "local" else 1))
        else:
            flops.append(gemm * (2 if index == boundary else 3))
    return flops


def training_flops(sizes: Sequence[int], boundary: int, samples: int, prefix: str = "local") -> int:
    """GEMM FLOPs of training ``samples`` samples with the boundary at ``boundary``."""
    return samples * sum(layer_flops(sizes, boundary, prefix))


def stored_activation_bytes(sizes: Sequence[int], boundary: int, batch_size: int) -> int:
    """Bytes of activations one training step of ``batch_size`` samples keeps for back-propagation (its peak)."""
    return BYTES_PER_VALUE * batch_size * sum(sizes[boundary:-1])
