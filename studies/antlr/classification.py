"""Classification with each method's loss and decision rule (Kim, Kim & Kim 2020, Secs. 4.2-4.3).

activation  count loss with target ``count_target`` for the desired output and 0 for the others; decision: most
            output spikes (ties: earliest first spike, then lowest index)
timing      latency loss; the no-spike weight penalty; decision: earliest first output spike
antlr       latency loss plus the no-spike term on the desired output (lambda 0.1); decision: earliest first spike
            (ties of the earliest spike: most spikes, then lowest index)

A sample whose outputs stay silent is wrong. Spikes per sample are hidden + output spikes up to the decision
(the first output spike under the latency decision, the whole window under the count decision) and, separately,
in the whole window. The forward pass never stops early.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from brainsnn_studies.antlr.gradients import Weighting
from brainsnn_studies.antlr.losses import count_loss, first_spike_steps, latency_loss
from brainsnn_studies.antlr.neuron import Neuron, forward
from brainsnn_studies.antlr.training import Network, Trainer

#: Test samples per forward pass of the evaluation.
CHUNK = 256


@dataclass(frozen=True)
class Split:
    """Spikes ``(T, n_samples, n_in)`` and integer labels."""

    inputs: np.ndarray
    labels: np.ndarray


@dataclass(frozen=True)
class Recipe:
    """Everything a classification training run needs besides the data and the method."""

    hidden: tuple[int, ...]
    epochs: int
    batch_size: int
    learning_rate: float
    gain: float
    softmax_beta: float
    no_spike_weight: float
    count_target: float
    single_spike: bool
    neuron: Neuron


def uses_latency(method: str) -> bool:
    return method != "activation"


def make_trainer(method: str, weighting: Weighting, recipe: Recipe, sizes: tuple[int, ...],
                 seeds: list[int]) -> Trainer:
    n_out = sizes[-1]
    if uses_latency(method):
        weight = recipe.no_spike_weight if method == "antlr" else 0.0

        def loss(spikes, labels):
            return latency_loss(spikes, labels, recipe.softmax_beta, weight)
    else:
        def loss(spikes, labels):
            return count_loss(spikes, recipe.count_target * np.eye(n_out)[labels])
    return Trainer(recipe.neuron, Network.initial(sizes, len(seeds), recipe.gain, seeds), weighting, loss,
                   recipe.learning_rate, penalise_silence=method == "timing", single_spike=recipe.single_spike)


def train_classifier(method: str, weighting: Weighting, recipe: Recipe, train: Split, n_classes: int,
                     seeds: list[int]) -> Trainer:
    """Train one network per seed (own initialisation and sample order) for ``recipe.epochs`` epochs with the loss
    and decision of ``method`` and the gradient ``weighting``."""
    sizes = (train.inputs.shape[-1], *recipe.hidden, n_classes)
    trainer = make_trainer(method, weighting, recipe, sizes, seeds)
    orders = [np.random.default_rng([seed, 2]) for seed in seeds]
    batches = len(train.labels) // recipe.batch_size
    for _ in range(recipe.epochs):
        permutations = np.stack([rng.permutation(len(train.labels)) for rng in orders])
        for batch in range(batches):
            index = permutations[:, batch * recipe.batch_size:(batch + 1) * recipe.batch_size]
            trainer.step(train.inputs[:, index], train.labels[index])
    return trainer


def decide(output: np.ndarray, method: str) -> tuple[np.ndarray, np.ndarray]:
    """Predicted class (-1: no output spike) and decision step of every ``(M, N)`` sample."""
    steps = output.shape[0]
    first, counts = first_spike_steps(output), output.sum(axis=0)
    if uses_latency(method):
        earliest = first.min(axis=-1)
        score = np.where(first == earliest[..., None], counts, -1.0)
        silent, when = earliest == steps, np.minimum(earliest, steps - 1)
    else:
        most = counts.max(axis=-1)
        score = np.where(counts == most[..., None], steps - first, -1.0)
        silent, when = most == 0, np.full(most.shape, steps - 1)
    return np.where(silent, -1, score.argmax(axis=-1)), when


@dataclass(frozen=True)
class Evaluation:
    """Per model: accuracy, mean spikes per sample up to the decision and in the whole window."""

    accuracy: np.ndarray
    spikes_to_decision: np.ndarray
    spikes_total: np.ndarray


def evaluate(network: Network, method: str, recipe: Recipe, split: Split) -> Evaluation:
    correct, to_decision, total = 0.0, 0.0, 0.0
    for start in range(0, len(split.labels), CHUNK):
        inputs = split.inputs[:, None, start:start + CHUNK]
        trace = forward(recipe.neuron, network.weights, network.biases, inputs, recipe.single_spike)
        predicted, when = decide(trace.output, method)
        correct = correct + (predicted == split.labels[start:start + CHUNK]).sum(axis=-1)
        before = np.arange(trace.output.shape[0])[:, None, None] <= when[None]
        for spikes in trace.spikes:
            to_decision = to_decision + (spikes.sum(axis=-1) * before).sum(axis=(0, 2))
            total = total + spikes.sum(axis=(0, 2, 3))
    n = len(split.labels)
    return Evaluation(correct / n, to_decision / n, total / n)
