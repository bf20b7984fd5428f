"""A `Sequential` network: layers applied in order, the loss is softmax cross-entropy plus the layers' penalties."""

from collections.abc import Sequence

import numpy as np

from brainsnn.errors import ConfigError
from brainsnn.train.layers.layer import Layer
from brainsnn.train.losses import softmax_cross_entropy


class Sequential:
    """Chain of `Layer` objects mapping ``(n, *input_shape)`` inputs to ``(n, classes)`` logits."""

    def __init__(self, layers: Sequence[Layer]) -> None:
        if not layers or not all(isinstance(layer, Layer) for layer in layers):
            raise ConfigError("Sequential needs a non-empty list of brainsnn.train.layers objects")
        self.layers = list(layers)

    def forward(self, x: np.ndarray, *, training: bool = False, rng: np.random.Generator | None = None) -> np.ndarray:
        """Logits; ``training`` switches on dropout (masks from ``rng``) and batch statistics in batch norm."""
        for layer in self.layers:
            x = layer.forward(x, training=training, rng=rng)
        return x

    def backward(self, grad_logits: np.ndarray) -> np.ndarray:
        """Fill every layer's ``grads`` from ``dL/dlogits``; returns ``dL/dinput``."""
        for layer in reversed(self.layers):
            grad_logits = layer.backward(grad_logits)
        return grad_logits

    def loss(self, x, labels, *, training: bool = False, rng: np.random.Generator | None = None) -> float:
        """Cross-entropy plus regularisation penalties, without gradients."""
        logits = self.forward(x, training=training, rng=rng)
        return softmax_cross_entropy(logits, labels)[0] + sum(layer.penalty() for layer in self.layers)

    def loss_and_gradients(self, x, labels, *, rng: np.random.Generator | None = None) -> float:
        """Training-mode loss; afterwards each layer's ``grads`` hold its exact gradient."""
        logits = self.forward(x, training=True, rng=rng)
        loss, grad_logits = softmax_cross_entropy(logits, labels)
        self.backward(grad_logits)
        return loss + sum(layer.penalty() for layer in self.layers)

    def parameters(self) -> list[tuple[Layer, str]]:
        """Every trainable array as ``(layer, name)``, in layer order."""
        return [(layer, name) for layer in self.layers for name in layer.params]

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Class labels by the largest inference-mode logit."""
        return self.forward(x).argmax(axis=1)
