"""The training protocols of the paper as ensembles: every network of a phase trains in one event loop
(`brainsnn_studies.eventprop_spike_rate.training`).

Phase 1 trains networks from the initial weights of their seed (Table 2, then the calibration if chosen), each
with its own loss (L_W, L or L_A). Phase 2 continues chosen phase-1 networks with a fresh Adam at the phase-2
learning rate, keeping alpha and eta (notes A.8.6): the 2-phase strategy is phase 1 with L_A, then L.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from brainsnn_studies.eventprop_spike_rate.data import Task
from brainsnn_studies.eventprop_spike_rate.initialisation import TABLE_2, calibrate, table_2_weights
from brainsnn_studies.eventprop_spike_rate.losses import Loss
from brainsnn_studies.eventprop_spike_rate.neuron import LIF
from brainsnn_studies.eventprop_spike_rate.simulation import input_spikes
from brainsnn_studies.eventprop_spike_rate.training import measure, train


@dataclass(frozen=True)
class Member:
    """One network: a name, its seed, its loss; ``parent`` names the phase-1 network a phase-2 member continues."""

    name: str
    seed: int
    loss: Loss
    parent: str | None = None


def lif_of(config: Mapping[str, Any]) -> LIF:
    return LIF(config["tau_m"], config["tau_s"], config["r_m"], config["theta"], config["t_end"])


def loss_of(config: Mapping[str, Any], kind: str, alpha: float, eta: float) -> Loss:
    return Loss(kind, alpha, eta if kind != "lw" else 0.0, config["tau0"], config["tau1"], config["sp_scope"],
                config["sp_min_gap"])


def initial_weights(config: Mapping[str, Any], task: Task, sizes: list[int], ranges: str, seed: int
                    ) -> tuple[list[np.ndarray], list[float]]:
    """Table 2 weights of ``seed`` and, when ``config['init']`` is ``calibrated``, scaled per layer."""
    weights = table_2_weights(sizes, TABLE_2[ranges], np.random.default_rng(seed))
    if config["init"] == "table2":
        return weights, [1.0] * len(weights)
    n = min(config["calibration_samples"], len(task.x_train))
    return calibrate(lif_of(config), weights, input_spikes(task.x_train[:n]), n,
                     (config["calibration_low"], config["calibration_high"]))


def stacked(weights: list[list[np.ndarray]]) -> list[np.ndarray]:
    return [np.stack([w[layer] for w in weights]) for layer in range(len(weights[0]))]


def run_phase(config: Mapping[str, Any], task: Task, weights: list[np.ndarray], members: list[Member], epochs: int,
              learning_rate: float) -> dict[str, dict[str, Any]]:
    """Train the stacked ``weights`` of ``members`` in place; per member its test measurements, its training
    history (per epoch) and its weights."""
    lif, losses = lif_of(config), [m.loss for m in members]
    seeds = [1000 * m.seed + index for index, m in enumerate(members)]
    history = train(lif, weights, task.x_train, task.y_train, losses, epochs, np.full(len(members), learning_rate),
                    config["batch_size"], seeds)
    results = measure(lif, weights, task.x_test, task.y_test, losses)
    return {m.name: {"test": results[g], "history": {key: values[:, g].tolist() for key, values in history.items()},
                     "weights": [w[g].copy() for w in weights]} for g, m in enumerate(members)}


def run_protocol(config: Mapping[str, Any], task: Task, sizes: list[int], ranges: str, phase_1: list[Member],
                 phase_2: list[Member], epochs: tuple[int, int], learning_rates: tuple[float, float]
                 ) -> dict[str, dict[str, Any]]:
    """Phase 1 from the initial weights of each member's seed, then phase 2 from the named phase-1 networks."""
    initial = {seed: initial_weights(config, task, sizes, ranges, seed) for seed in {m.seed for m in phase_1}}
    weights = stacked([initial[m.seed][0] for m in phase_1])
    done = run_phase(config, task, weights, phase_1, epochs[0], learning_rates[0])
    for m in phase_1:
        done[m.name]["calibration"] = initial[m.seed][1]
    if phase_2:
        weights = stacked([done[m.parent]["weights"] for m in phase_2])
        done |= run_phase(config, task, weights, phase_2, epochs[1], learning_rates[1])
    return done
