"""Training loop shared by the tasks: Adam on the clipped gradients of `gradients.backward`, M models at once.

Each of the ``M`` models (trials or seeds) has its own weights, initialisation and sample order; one step feeds every
model its own mini-batch. Following the authors' code [code, ``KyungsuKim42/ANTLR``]: gradients clipped element-wise
to +-1, Adam (lr 1e-3), and for the timing method the no-spike penalty of Comsa et al.: every incoming weight of a
neuron gets ``-(100 / fan_in) x`` (fraction of the batch in which it stayed silent) added to its gradient.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from brainsnn.train.adam import Adam
from brainsnn_studies.antlr.gradients import Gradients, Weighting, backward
from brainsnn_studies.antlr.losses import LossGrad
from brainsnn_studies.antlr.neuron import Neuron, Trace, forward

#: Element-wise gradient clip of the authors' code.
GRADIENT_CLIP = 1.0
#: Scale of the timing method's no-spike penalty (the authors' code: 100 / fan_in).
NO_SPIKE_PENALTY = 100.0


@dataclass
class Network:
    """Weights ``(M, n_in, n_out)`` and biases ``(M, 1, n_out)`` of every layer of ``M`` models."""

    weights: list[np.ndarray]
    biases: list[np.ndarray]

    @classmethod
    def initial(cls, sizes: tuple[int, ...], models: int, gain: float, seeds: list[int]) -> Network:
        """w ~ N(0, (gain / sqrt(fan_in))^2) drawn per model from its seed, biases 0."""
        rngs = [np.random.default_rng(seed) for seed in seeds[:models]]
        weights = [np.stack([rng.normal(0.0, gain / np.sqrt(n_in), (n_in, n_out)) for rng in rngs])
                   for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)]
        return cls(weights, [np.zeros((models, 1, n)) for n in sizes[1:]])

    def parameters(self) -> list[np.ndarray]:
        return [*self.weights, *self.biases]


def no_spike_penalty(trace: Trace, weights: list[np.ndarray]) -> list[np.ndarray]:
    """The timing method's extra weight gradient: -(100 / fan_in) mean_batch(silent) on each incoming weight."""
    return [-NO_SPIKE_PENALTY / w.shape[1] * np.broadcast_to((s.sum(axis=0) == 0).mean(axis=1)[:, None, :], w.shape)
            for w, s in zip(weights, trace.spikes, strict=True)]


@dataclass
class Trainer:
    """One optimiser over a `Network`; ``loss`` maps the output spikes and the batch's targets to a `LossGrad`."""

    neuron: Neuron
    network: Network
    weighting: Weighting
    loss: Callable[[np.ndarray, np.ndarray], LossGrad]
    learning_rate: float = 1e-3
    penalise_silence: bool = False
    single_spike: bool = False

    def __post_init__(self) -> None:
        self.adam = Adam(learning_rate=self.learning_rate, epsilon=1e-8, decay_rate=1.0)
        self.clamped_slopes, self.spikes = 0, 0

    @property
    def clamped_fraction(self) -> float:
        """Fraction of the spikes seen in training whose V* was clamped to 1e-2."""
        return self.clamped_slopes / max(self.spikes, 1)

    def step(self, inputs: np.ndarray, targets: np.ndarray) -> np.ndarray:
        """One update on ``inputs`` ``(T, M, B, n_in)``; returns the loss of each model before it."""
        net = self.network
        trace = forward(self.neuron, net.weights, net.biases, inputs, self.single_spike)
        result = self.loss(trace.output, targets)
        grads: Gradients = backward(self.neuron, net.weights, trace, result.grad_spikes, result.grad_times,
                                    self.weighting)
        self.clamped_slopes += grads.clamped_slopes
        self.spikes += grads.spikes
        weight_grads = grads.weights
        if self.penalise_silence:
            weight_grads = [g + p for g, p in zip(weight_grads, no_spike_penalty(trace, net.weights), strict=True)]
        clipped = [np.clip(g, -GRADIENT_CLIP, GRADIENT_CLIP) for g in [*weight_grads, *grads.biases]]
        self.adam.step(net.parameters(), clipped)
        return result.loss
