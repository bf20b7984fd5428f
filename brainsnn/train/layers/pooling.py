"""Non-overlapping max-pooling over ``size x size`` windows (stride = size) of ``(n, c, h, w)`` maps."""

import numpy as np

from brainsnn.errors import ConfigError
from brainsnn.train.layers.layer import Layer


def pool_windows(x: np.ndarray, size: int) -> np.ndarray:
    """``(n, c, h/size, w/size, size*size)`` view of the pooling windows; `ConfigError` if size does not divide."""
    n, c, h, w = x.shape
    if h % size or w % size:
        raise ConfigError(f"pool size {size} must divide the feature map {h}x{w}; change the pool size or padding")
    blocks = x.reshape(n, c, h // size, size, w // size, size).transpose(0, 1, 2, 4, 3, 5)
    return blocks.reshape(n, c, h // size, w // size, size * size)


class MaxPool2D(Layer):
    """``y = max`` over each window; the gradient goes to the first maximal entry of the window."""

    def __init__(self, size: int) -> None:
        super().__init__()
        if not (isinstance(size, int) and size >= 2):
            raise ConfigError(f"pool size must be an integer >= 2, got {size!r}")
        self.size = size

    def forward(self, x, *, training, rng):
        windows = pool_windows(x, self.size)
        self._input_shape = x.shape
        self._argmax = windows.argmax(axis=-1)
        return np.take_along_axis(windows, self._argmax[..., None], axis=-1)[..., 0]

    def backward(self, grad_output):
        n, c, h, w = self._input_shape
        size = self.size
        grad_windows = np.zeros((n, c, h // size, w // size, size * size))
        np.put_along_axis(grad_windows, self._argmax[..., None], grad_output[..., None], axis=-1)
        blocks = grad_windows.reshape(n, c, h // size, w // size, size, size).transpose(0, 1, 2, 4, 3, 5)
        return blocks.reshape(n, c, h, w)
