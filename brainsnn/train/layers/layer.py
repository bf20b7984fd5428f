"""The interface every trainable building block implements: a forward pass that caches what its backward pass needs."""

import numpy as np


class Layer:
    """One step of a `Sequential` network.

    ``params`` maps names to float64 arrays (updated in place by the optimiser); ``backward`` fills ``grads``
    with the same keys and returns the gradient with respect to the layer's input. ``penalty`` is the
    regularisation term the layer adds to the loss after its latest forward pass (0 for most layers).
    """

    def __init__(self) -> None:
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}

    def forward(self, x: np.ndarray, *, training: bool, rng: np.random.Generator | None) -> np.ndarray:
        raise NotImplementedError

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def penalty(self) -> float:
        return 0.0
