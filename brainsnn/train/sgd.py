"""Plain stochastic gradient descent ``p <- p - eta g`` (thesis Fig. 3.3 compares training trajectories with it)."""

import math

import numpy as np

from brainsnn.errors import ConfigError


class SGD:
    """Constant learning rate, no momentum; `step` updates the arrays in place (same interface as `Adam`)."""

    def __init__(self, learning_rate: float = 5e-4) -> None:
        if not (math.isfinite(learning_rate) and learning_rate > 0):
            raise ConfigError(f"SGD learning_rate must be a finite number > 0, got {learning_rate!r} (thesis: 5e-4)")
        self.learning_rate = learning_rate

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        for param, grad in zip(params, grads, strict=True):
            param -= self.learning_rate * grad
