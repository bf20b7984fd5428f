"""Synapse index arrays of layered Brian2 networks: dense, zero-padded strided conv (explicit im2col, no weight
sharing in Brian2, so memory is proportional to the true fan-in) and pooling windows, for one sample, then
replicated block-diagonally over a batch. Used by the TTFS network and by `brainsnn.deploy`.

Neurons of a layer are numbered in C order of their shape (channel slowest, as ``torch.flatten``); copy ``b`` of a
batch adds ``b * n_neurons``. A conv synapse ``(c, s y + u - p, s x + v - p) -> (k, y, x)`` (stride ``s``, padding
``p``) carries ``weight[k, c, u, v]``; positions in the zero padding have no synapse: their weights are returned per
neuron as ``padding_weight`` (the TTFS network needs them: a padded input is x = 0, a spike at ``t_min``, thesis
Eq. 2.14 / Sec. 5.2 of the note; for spiking inputs a padded position never spikes and they are ignored).
"""

from dataclasses import dataclass

import numpy as np

from brainsnn.train.layers.conv import padding_width


@dataclass(frozen=True)
class Connections:
    """``pre[s] -> post[s]`` with ``weight[s]``; ``padding_weight`` per post neuron (zeros for dense layers)."""

    pre: np.ndarray
    post: np.ndarray
    weight: np.ndarray
    padding_weight: np.ndarray

    def replicate(self, n_copies: int, n_pre: int, n_post: int) -> "Connections":
        """Block-diagonal copies for a batch of ``n_copies`` independent samples."""
        pre_offsets = (np.arange(n_copies) * n_pre)[:, None]
        post_offsets = (np.arange(n_copies) * n_post)[:, None]
        return Connections(
            pre=(self.pre[None] + pre_offsets).ravel(),
            post=(self.post[None] + post_offsets).ravel(),
            weight=np.tile(self.weight, n_copies),
            padding_weight=np.tile(self.padding_weight, n_copies),
        )


def connections(
    weight: np.ndarray, input_shape: tuple[int, ...], padding: str | int | None, stride: int = 1
) -> Connections:
    """All-to-all (``padding=None``, ``weight`` ``(out, in)``) or conv (``weight`` ``(out, c, k, k)``) synapses.

    ``padding`` is 'same' / 'valid' or the number of zero rows and columns on each side.
    """
    if padding is None:
        n_out, n_in = weight.shape
        return Connections(
            pre=np.tile(np.arange(n_in), n_out),
            post=np.repeat(np.arange(n_out), n_in),
            weight=weight.ravel().copy(),
            padding_weight=np.zeros(n_out),
        )
    pad = padding if isinstance(padding, int) else padding_width(weight.shape[-1], padding)
    return _conv_connections(weight, input_shape, pad, stride)


def conv_output_side(side: int, kernel: int, padding: int, stride: int) -> int:
    """Output rows (or columns) of a conv or pooling window: ``(side + 2 p - k) // s + 1``."""
    return (side + 2 * padding - kernel) // stride + 1


def _conv_connections(weight: np.ndarray, input_shape: tuple[int, ...], pad: int, stride: int) -> Connections:
    n_out, channels, kernel, _ = weight.shape
    _, height, width = input_shape
    out_h, out_w = conv_output_side(height, kernel, pad, stride), conv_output_side(width, kernel, pad, stride)
    k, c, y, x, u, v = np.meshgrid(
        np.arange(n_out), np.arange(channels), np.arange(out_h), np.arange(out_w), np.arange(kernel),
        np.arange(kernel), indexing="ij",
    )
    in_y, in_x = stride * y + u - pad, stride * x + v - pad
    inside = (in_y >= 0) & (in_y < height) & (in_x >= 0) & (in_x < width)
    post = np.ravel_multi_index((k, y, x), (n_out, out_h, out_w))
    values = weight[k, c, u, v]
    padding_weight = np.bincount(post[~inside], weights=values[~inside], minlength=n_out * out_h * out_w)
    pre = np.ravel_multi_index((c[inside], in_y[inside], in_x[inside]), input_shape)
    return Connections(pre=pre, post=post[inside], weight=values[inside], padding_weight=padding_weight)


def pool_connections(shape: tuple[int, int, int], size: int, stride: int | None = None) -> Connections:
    """Each neuron of a ``(c, h, w)`` map -> the pooling neuron of every ``size x size`` window it lies in
    (windows ``stride`` apart, default ``size``: non-overlapping), weight 1, in order of the presynaptic neuron."""
    stride = stride or size
    channels, height, width = shape
    out_h, out_w = conv_output_side(height, size, 0, stride), conv_output_side(width, size, 0, stride)
    c, y, x, u, v = np.meshgrid(
        np.arange(channels), np.arange(out_h), np.arange(out_w), np.arange(size), np.arange(size), indexing="ij"
    )
    pre = np.ravel_multi_index((c, stride * y + u, stride * x + v), shape).ravel()
    post = np.ravel_multi_index((c, y, x), (channels, out_h, out_w)).ravel()
    order = np.argsort(pre, kind="stable")
    return Connections(
        pre=pre[order], post=post[order], weight=np.ones(pre.size), padding_weight=np.zeros(channels * out_h * out_w)
    )
