"""Adam with the thesis's exponential schedule ``eta_t = eta_0 * decay_rate^(t / decay_steps)`` (Sec. 3.6.3).

Update (Kingma & Ba 2015, Keras form): ``m <- b1 m + (1-b1) g``, ``v <- b2 v + (1-b2) g^2``,
``p <- p - eta_t sqrt(1-b2^t)/(1-b1^t) * m / (sqrt(v) + eps)``. The thesis uses ``decay_rate = 0.9``,
``decay_steps = 5000`` (continuous, not staircase).
"""

import math

import numpy as np

from brainsnn.errors import ConfigError


class Adam:
    """Optimiser state for a fixed list of parameter arrays, updated in place by `step`."""

    def __init__(
        self,
        learning_rate: float = 5e-4,
        beta1: float = 0.9,
        beta2: float = 0.999,
        epsilon: float = 1e-7,
        decay_rate: float = 0.9,
        decay_steps: float = 5000,
    ) -> None:
        values = dict(learning_rate=learning_rate, epsilon=epsilon, decay_rate=decay_rate, decay_steps=decay_steps)
        for name, value in values.items():
            if not (math.isfinite(value) and value > 0):
                raise ConfigError(f"Adam {name} must be a finite number > 0, got {value!r}")
        if not (0 <= beta1 < 1 and 0 <= beta2 < 1):
            raise ConfigError(f"Adam betas must lie in [0, 1), got {beta1!r}, {beta2!r}")
        self.learning_rate, self.beta1, self.beta2, self.epsilon = learning_rate, beta1, beta2, epsilon
        self.decay_rate, self.decay_steps = decay_rate, decay_steps
        self.iterations = 0
        self._moments: list[tuple[np.ndarray, np.ndarray]] | None = None

    def learning_rate_at(self, iteration: int) -> float:
        """``eta_0 * decay_rate^(iteration / decay_steps)``."""
        return self.learning_rate * self.decay_rate ** (iteration / self.decay_steps)

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        """One update of every array in ``params`` (in place) with its gradient."""
        if self._moments is None:
            self._moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
        if len(params) != len(self._moments):
            raise ConfigError("Adam.step got a different number of parameters than on its first call")
        rate = self.learning_rate_at(self.iterations)
        self.iterations += 1
        t = self.iterations
        corrected_rate = rate * math.sqrt(1 - self.beta2**t) / (1 - self.beta1**t)
        for param, grad, (first, second) in zip(params, grads, self._moments, strict=True):
            first *= self.beta1
            first += (1 - self.beta1) * grad
            second *= self.beta2
            second += (1 - self.beta2) * grad * grad
            param -= corrected_rate * first / (np.sqrt(second) + self.epsilon)
