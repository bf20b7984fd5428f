"""Batch normalisation ``y = gamma (x - mu) / sqrt(sigma^2 + eps) + beta`` per feature (dense) or channel (conv).

Training uses the batch mean and (biased) variance and updates the running estimates
``mu_hat <- m mu_hat + (1 - m) mu``; inference uses ``mu_hat, sigma_hat^2`` — these are what thesis
Eqs. 2.7-2.11 fuse, with ``kappa = gamma / sqrt(sigma_hat^2 + eps)``. Defaults ``eps = 1e-3``,
``m = 0.99`` follow Keras, which the thesis used.
"""

import numpy as np

from brainsnn.errors import ConfigError
from brainsnn.train.layers.layer import Layer


class BatchNorm(Layer):
    """Normalises axis 1 of ``(n, features)`` or ``(n, channels, h, w)`` inputs; learns ``gamma`` and ``beta``."""

    def __init__(self, n_features: int, epsilon: float = 1e-3, momentum: float = 0.99) -> None:
        super().__init__()
        if not (isinstance(n_features, int) and n_features > 0):
            raise ConfigError(f"BatchNorm needs a positive integer feature count, got {n_features!r}")
        if not epsilon > 0 or not 0 <= momentum < 1:
            raise ConfigError(f"BatchNorm needs epsilon > 0 and 0 <= momentum < 1, got {epsilon!r}, {momentum!r}")
        self.epsilon = epsilon
        self.momentum = momentum
        self.params["gamma"] = np.ones(n_features)
        self.params["beta"] = np.zeros(n_features)
        self.running_mean = np.zeros(n_features)
        self.running_var = np.ones(n_features)

    def _axes_and_shape(self, x):
        if x.ndim not in (2, 4) or x.shape[1] != len(self.running_mean):
            raise ConfigError(
                f"BatchNorm({len(self.running_mean)}) expects (n, {len(self.running_mean)}[, h, w]) inputs, "
                f"got {x.shape}"
            )
        axes = (0,) if x.ndim == 2 else (0, 2, 3)
        shape = (1, -1) if x.ndim == 2 else (1, -1, 1, 1)
        return axes, shape

    def scale_and_shift(self) -> tuple[np.ndarray, np.ndarray]:
        """Inference map ``y = kappa x + (beta - kappa mu_hat)`` as ``(kappa, beta - kappa mu_hat)``."""
        kappa = self.params["gamma"] / np.sqrt(self.running_var + self.epsilon)
        return kappa, self.params["beta"] - kappa * self.running_mean

    def forward(self, x, *, training, rng):
        axes, shape = self._axes_and_shape(x)
        if not training:
            kappa, shift = self.scale_and_shift()
            return kappa.reshape(shape) * x + shift.reshape(shape)
        mean = x.mean(axis=axes)
        var = x.var(axis=axes)
        self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mean
        self.running_var = self.momentum * self.running_var + (1 - self.momentum) * var
        self._axes, self._shape = axes, shape
        self._inv_std = 1.0 / np.sqrt(var + self.epsilon)
        self._normalised = (x - mean.reshape(shape)) * self._inv_std.reshape(shape)
        return self.params["gamma"].reshape(shape) * self._normalised + self.params["beta"].reshape(shape)

    def backward(self, grad_output):
        axes, shape = self._axes, self._shape
        self.grads["gamma"] = (grad_output * self._normalised).sum(axis=axes)
        self.grads["beta"] = grad_output.sum(axis=axes)
        grad_normalised = grad_output * self.params["gamma"].reshape(shape)
        mean_grad = grad_normalised.mean(axis=axes, keepdims=True)
        mean_grad_x = (grad_normalised * self._normalised).mean(axis=axes, keepdims=True)
        return (grad_normalised - mean_grad - self._normalised * mean_grad_x) * self._inv_std.reshape(shape)
