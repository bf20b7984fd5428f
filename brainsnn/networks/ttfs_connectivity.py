"""Synapse index arrays of a TTFS network: dense, zero-padded conv (explicit im2col, no weight sharing in Brian2)
and non-overlapping pooling, for one sample, then replicated block-diagonally over a batch.

Neurons of a layer are numbered in C order of their shape (channel slowest); copy ``b`` of a batch adds
``b * n_neurons``. A conv synapse ``(c, y + u - p, x + v - p) -> (k, y, x)`` carries ``weight[k, c, u, v]``;
positions in the zero padding have no synapse: their weights are returned per neuron as ``padding_weight``
(a padded input is x = 0, a spike at ``t_min``, thesis Eq. 2.14 / Sec. 5.2 of the note).
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


def connections(weight: np.ndarray, input_shape: tuple[int, ...], padding: str | None) -> Connections:
    """All-to-all (``padding=None``, ``weight`` ``(out, in)``) or conv (``weight`` ``(out, c, k, k)``) synapses."""
    if padding is None:
        n_out, n_in = weight.shape
        return Connections(
            pre=np.tile(np.arange(n_in), n_out),
            post=np.repeat(np.arange(n_out), n_in),
            weight=weight.ravel().copy(),
            padding_weight=np.zeros(n_out),
        )
    return _conv_connections(weight, input_shape, padding)


def _conv_connections(weight: np.ndarray, input_shape: tuple[int, ...], padding: str) -> Connections:
    n_out, channels, kernel, _ = weight.shape
    _, height, width = input_shape
    pad = padding_width(kernel, padding)
    out_h, out_w = height + 2 * pad - kernel + 1, width + 2 * pad - kernel + 1
    k, c, y, x, u, v = np.meshgrid(
        np.arange(n_out), np.arange(channels), np.arange(out_h), np.arange(out_w), np.arange(kernel),
        np.arange(kernel), indexing="ij",
    )
    in_y, in_x = y + u - pad, x + v - pad
    inside = (in_y >= 0) & (in_y < height) & (in_x >= 0) & (in_x < width)
    post = np.ravel_multi_index((k, y, x), (n_out, out_h, out_w))
    values = weight[k, c, u, v]
    padding_weight = np.bincount(post[~inside], weights=values[~inside], minlength=n_out * out_h * out_w)
    pre = np.ravel_multi_index((c[inside], in_y[inside], in_x[inside]), input_shape)
    return Connections(pre=pre, post=post[inside], weight=values[inside], padding_weight=padding_weight)


def pool_connections(shape: tuple[int, int, int], size: int) -> Connections:
    """Each neuron of a ``(c, h, w)`` map -> the pooling neuron of its ``size x size`` window."""
    channels, height, width = shape
    c, y, x = np.meshgrid(np.arange(channels), np.arange(height), np.arange(width), indexing="ij")
    post = np.ravel_multi_index((c, y // size, x // size), (channels, height // size, width // size)).ravel()
    return Connections(
        pre=np.arange(channels * height * width), post=post, weight=np.ones(post.size),
        padding_weight=np.zeros(channels * (height // size) * (width // size)),
    )
