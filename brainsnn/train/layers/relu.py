"""Rectified linear unit ``x = [a]_+`` (thesis Eq. 2.1)."""

import numpy as np

from brainsnn.train.layers.layer import Layer


class ReLU(Layer):
    """Elementwise ``max(a, 0)``; the gradient at ``a = 0`` is taken as 0."""

    def forward(self, x, *, training, rng):
        self._active = x > 0
        return np.where(self._active, x, 0.0)

    def backward(self, grad_output):
        return np.where(self._active, grad_output, 0.0)
