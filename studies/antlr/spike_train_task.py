"""Random spike-train matching (Kim, Kim & Kim 2020, Sec. 4.1, Fig. 6): a 10-50-50-5 network learns to answer one
fixed random input pattern (three random spikes per input neuron in T steps) with one fixed random target train
(``n_target`` spikes per output at distinct steps drawn uniformly from [T/4, 3T/4)), under the spike-train loss.
Every trial draws its own input, target and initial weights; trials train side by side as independent models.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from brainsnn_studies.antlr.gradients import Weighting
from brainsnn_studies.antlr.losses import spike_train_loss
from brainsnn_studies.antlr.neuron import Neuron
from brainsnn_studies.antlr.training import Network, Trainer

#: Input spikes per input neuron (the paper's three).
INPUT_SPIKES = 3


@dataclass(frozen=True)
class Pattern:
    """Inputs ``(T, M, 1, n_in)`` and targets ``(T, M, 1, n_out)`` of ``M`` trials."""

    inputs: np.ndarray
    targets: np.ndarray


def random_trains(rng: np.random.Generator, steps: int, neurons: int, spikes: int, low: int, high: int) -> np.ndarray:
    """``(steps, neurons)`` 0/1 trains with ``spikes`` spikes per neuron at distinct steps in [low, high)."""
    trains = np.zeros((steps, neurons))
    for neuron in range(neurons):
        trains[rng.choice(np.arange(low, high), size=spikes, replace=False), neuron] = 1.0
    return trains


def patterns(sizes: tuple[int, ...], steps: int, target_spikes: int, seeds: list[int]) -> Pattern:
    """One input pattern and one target train per trial seed."""
    inputs, targets = [], []
    for seed in seeds:
        rng = np.random.default_rng([seed, 1])
        inputs.append(random_trains(rng, steps, sizes[0], INPUT_SPIKES, 0, steps))
        targets.append(random_trains(rng, steps, sizes[-1], target_spikes, steps // 4, 3 * steps // 4))
    return Pattern(np.stack(inputs, axis=1)[:, :, None, :], np.stack(targets, axis=1)[:, :, None, :])


def loss_curves(weighting: Weighting, sizes: tuple[int, ...], steps: int, target_spikes: int, iterations: int,
                seeds: list[int], *, gain: float, learning_rate: float, kernel_tau: float,
                neuron: Neuron, penalise_silence: bool) -> np.ndarray:
    """Spike-train loss before every update, ``(iterations, trials)``, with ``weighting`` on the trials ``seeds``
    (``penalise_silence``: the timing method's no-spike penalty)."""
    pattern = patterns(sizes, steps, target_spikes, seeds)
    trainer = Trainer(neuron, Network.initial(sizes, len(seeds), gain, seeds), weighting,
                      lambda spikes, target: spike_train_loss(spikes, target, kernel_tau), learning_rate,
                      penalise_silence=penalise_silence)
    return np.stack([trainer.step(pattern.inputs, pattern.targets) for _ in range(iterations)])
