"""L1 activity regularisation (thesis Table 2.1 "FC L1"): identity forward, adds ``coefficient * mean_mu sum_i |x_i|``.

Placed after a ReLU it penalises the summed activity per sample, which pushes units to zero and so lowers the
spike count of the converted TTFS network. The penalty is averaged over the batch (as Keras does).
"""

import numpy as np

from brainsnn.errors import ConfigError
from brainsnn.train.layers.layer import Layer


class ActivityL1(Layer):
    """Identity layer whose `penalty` is ``coefficient * sum |x| / n_samples`` of its latest input."""

    def __init__(self, coefficient: float) -> None:
        super().__init__()
        if not (np.isfinite(coefficient) and coefficient >= 0):
            raise ConfigError(f"L1 activity coefficient must be a finite number >= 0, got {coefficient!r}")
        self.coefficient = coefficient

    def forward(self, x, *, training, rng):
        self._input = x
        return x

    def penalty(self):
        return self.coefficient * float(np.abs(self._input).sum()) / len(self._input)

    def backward(self, grad_output):
        return grad_output + self.coefficient * np.sign(self._input) / len(self._input)
