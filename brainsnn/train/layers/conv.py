"""2-D convolution (cross-correlation, stride 1) via im2col, with 'same' zero padding or 'valid'.

``a_{o,y,x} = sum_{c,u,v} w_{o,c,u,v} x_{c, y+u-p, x+v-p} + b_o`` with ``x`` zero outside the image
(``p = (k-1)/2`` for 'same', 0 for 'valid'); feature maps are ``(n, channels, height, width)``.
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from brainsnn.errors import ConfigError
from brainsnn.train.layers.layer import Layer

PADDINGS = ("same", "valid")


def padding_width(kernel_size: int, padding: str) -> int:
    """Zero rows/columns added on each side: ``(k-1)/2`` for 'same' (odd k only), 0 for 'valid'."""
    if padding not in PADDINGS:
        raise ConfigError(f"padding must be one of {', '.join(PADDINGS)}, got {padding!r}")
    if padding == "valid":
        return 0
    if kernel_size % 2 == 0:
        raise ConfigError(f"'same' padding needs an odd kernel size, got {kernel_size}; use 3, 5, ...")
    return (kernel_size - 1) // 2


def im2col(x: np.ndarray, kernel_size: int, padding: str) -> np.ndarray:
    """Patches of ``x`` as rows: ``(n, out_h, out_w, channels * k * k)``, channel slowest, as in ``weight.reshape``."""
    pad = padding_width(kernel_size, padding)
    padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    windows = sliding_window_view(padded, (kernel_size, kernel_size), axis=(2, 3))  # n, c, oh, ow, k, k
    n, c, out_h, out_w = windows.shape[:4]
    return windows.transpose(0, 2, 3, 1, 4, 5).reshape(n, out_h, out_w, c * kernel_size * kernel_size)


def col2im(columns: np.ndarray, input_shape: tuple[int, ...], kernel_size: int, padding: str) -> np.ndarray:
    """Adjoint of `im2col`: sum every patch entry back onto the input position it was read from."""
    n, c, h, w = input_shape
    pad = padding_width(kernel_size, padding)
    out_h, out_w = columns.shape[1:3]
    patches = columns.reshape(n, out_h, out_w, c, kernel_size, kernel_size)
    padded = np.zeros((n, c, h + 2 * pad, w + 2 * pad))
    for u in range(kernel_size):
        for v in range(kernel_size):
            padded[:, :, u : u + out_h, v : v + out_w] += patches[:, :, :, :, u, v].transpose(0, 3, 1, 2)
    return padded[:, :, pad : pad + h, pad : pad + w]


def conv2d(x: np.ndarray, weight: np.ndarray, padding: str) -> np.ndarray:
    """Convolution of ``(n, c, h, w)`` maps with ``(out, c, k, k)`` kernels, no bias: ``(n, out, out_h, out_w)``."""
    columns = im2col(x, weight.shape[-1], padding)
    return (columns @ weight.reshape(len(weight), -1).T).transpose(0, 3, 1, 2)


class Conv2D(Layer):
    """Convolution with one bias per output channel; He-normal initial kernels ``N(0, 2/(c k^2))``."""

    def __init__(
        self, in_channels: int, out_channels: int, kernel_size: int, rng: np.random.Generator, padding: str = "same"
    ) -> None:
        super().__init__()
        sizes = (in_channels, out_channels, kernel_size)
        if not all(isinstance(size, int) and size > 0 for size in sizes):
            raise ConfigError(f"Conv2D needs positive integer channels and kernel size, got {sizes}")
        padding_width(kernel_size, padding)
        self.padding = padding
        fan_in = in_channels * kernel_size * kernel_size
        self.params["weight"] = rng.normal(
            0.0, np.sqrt(2.0 / fan_in), size=(out_channels, in_channels, kernel_size, kernel_size)
        )
        self.params["bias"] = np.zeros(out_channels)

    def forward(self, x, *, training, rng):
        weight = self.params["weight"]
        if x.ndim != 4 or x.shape[1] != weight.shape[1]:
            raise ConfigError(
                f"Conv2D expects (n, {weight.shape[1]}, height, width) inputs, got {x.shape}; reshape the data"
            )
        self._input_shape = x.shape
        self._columns = im2col(x, weight.shape[-1], self.padding)
        out = self._columns @ weight.reshape(len(weight), -1).T + self.params["bias"]
        return out.transpose(0, 3, 1, 2)

    def backward(self, grad_output):
        weight = self.params["weight"]
        grad_rows = grad_output.transpose(0, 2, 3, 1)  # n, oh, ow, out
        flat_rows = grad_rows.reshape(-1, len(weight))
        self.grads["weight"] = (flat_rows.T @ self._columns.reshape(len(flat_rows), -1)).reshape(weight.shape)
        self.grads["bias"] = flat_rows.sum(axis=0)
        grad_columns = grad_rows @ weight.reshape(len(weight), -1)
        return col2im(grad_columns, self._input_shape, weight.shape[-1], self.padding)
