"""Mini-batch training of a `Sequential` network with `Adam`; every random draw comes from one seeded Generator."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from brainsnn.errors import ConfigError
from brainsnn.metrics.label_readout import correct_fraction
from brainsnn.train.adam import Adam
from brainsnn.train.sgd import SGD


class Trainable(Protocol):
    """What `fit` needs: `Sequential`, or any model with the same two methods (e.g. a TTFS spike-time network)."""

    def parameters(self) -> list[tuple[Any, str]]: ...

    def loss_and_gradients(self, x: np.ndarray, labels: np.ndarray, *, rng: np.random.Generator) -> float: ...

    def predict(self, x: np.ndarray) -> np.ndarray: ...


@dataclass(frozen=True)
class TrainingHistory:
    """Mean training loss (cross-entropy + penalties, training mode) per epoch."""

    epoch_losses: tuple[float, ...]


def fit(
    network: Trainable,
    x: np.ndarray,
    labels: np.ndarray,
    *,
    epochs: int,
    batch_size: int,
    optimizer: Adam | SGD,
    seed: int,
    after_step: Callable[[], None] | None = None,
) -> TrainingHistory:
    """Train in place for ``epochs`` passes over reshuffled mini-batches (the last batch may be smaller).

    The shuffles and dropout masks come from ``numpy.random.default_rng(seed)``, so equal seeds (and equal
    initial weights) give bit-identical networks. ``after_step`` runs after every optimiser step (e.g. the
    adaptive t_max rule of a TTFS network).
    """
    if len(x) != len(labels) or len(x) == 0:
        raise ConfigError(f"need as many labels as samples (> 0), got {len(x)} samples and {len(labels)} labels")
    if not (isinstance(epochs, int) and epochs > 0 and isinstance(batch_size, int) and batch_size > 0):
        raise ConfigError(f"epochs and batch_size must be positive integers, got {epochs!r}, {batch_size!r}")
    rng = np.random.default_rng(seed)
    parameters = network.parameters()
    losses = []
    for _ in range(epochs):
        order = rng.permutation(len(x))
        total = 0.0
        for start in range(0, len(x), batch_size):
            batch = order[start : start + batch_size]
            total += network.loss_and_gradients(x[batch], labels[batch], rng=rng) * len(batch)
            optimizer.step(
                [layer.params[name] for layer, name in parameters], [layer.grads[name] for layer, name in parameters]
            )
            if after_step is not None:
                after_step()
        losses.append(total / len(x))
    return TrainingHistory(tuple(losses))


def accuracy(network: Trainable, x: np.ndarray, labels: np.ndarray) -> float:
    """Fraction of samples whose largest inference-mode logit is the label.

    Computed by :func:`brainsnn.metrics.correct_fraction`, the one accuracy of brainsnn.
    """
    return correct_fraction(network.predict(x), labels)
