"""Fully connected layer ``a_i = sum_j w_ij x_j + b_i`` (thesis Eq. 2.1), weights stored ``(n_out, n_in)``."""

import numpy as np

from brainsnn.errors import ConfigError
from brainsnn.train.layers.layer import Layer


class Dense(Layer):
    """Affine map of ``(n, n_in)`` inputs; He-normal initial weights ``N(0, 2/n_in)``, zero biases."""

    def __init__(self, n_in: int, n_out: int, rng: np.random.Generator) -> None:
        super().__init__()
        if not (isinstance(n_in, int) and isinstance(n_out, int) and n_in > 0 and n_out > 0):
            raise ConfigError(f"Dense needs positive integer sizes, got n_in={n_in!r}, n_out={n_out!r}")
        self.params["weight"] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        self.params["bias"] = np.zeros(n_out)

    def forward(self, x, *, training, rng):
        if x.ndim != 2 or x.shape[1] != self.params["weight"].shape[1]:
            raise ConfigError(
                f"Dense expects inputs of shape (n, {self.params['weight'].shape[1]}), got {x.shape}; "
                "insert a Flatten layer or fix n_in"
            )
        self._input = x
        return x @ self.params["weight"].T + self.params["bias"]

    def backward(self, grad_output):
        self.grads["weight"] = grad_output.T @ self._input
        self.grads["bias"] = grad_output.sum(axis=0)
        return grad_output @ self.params["weight"]
