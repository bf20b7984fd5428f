"""Inverted dropout: while training, ``y = x * m / (1 - rate)`` with ``m ~ Bernoulli(1 - rate)``; identity otherwise."""


from brainsnn.errors import ConfigError
from brainsnn.train.layers.layer import Layer


class Dropout(Layer):
    """Drops each unit with probability ``rate`` during training; masks come from the ``rng`` passed to forward."""

    def __init__(self, rate: float) -> None:
        super().__init__()
        if not 0.0 <= rate < 1.0:
            raise ConfigError(f"dropout rate must be in [0, 1), got {rate!r} (the authors' code uses 0.08)")
        self.rate = rate

    def forward(self, x, *, training, rng):
        if not training or self.rate == 0.0:
            self._scale = None
            return x
        if rng is None:
            raise ConfigError("Dropout in training mode needs a numpy Generator: pass rng= to forward")
        self._scale = (rng.random(x.shape) >= self.rate) / (1.0 - self.rate)
        return x * self._scale

    def backward(self, grad_output):
        return grad_output if self._scale is None else grad_output * self._scale
