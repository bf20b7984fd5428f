"""Tables 3.1 and 3.3 of Stanojevic (2023): ReLU networks and their B = 1 and alpha = 1 SNNs trained from scratch
with Adam from identical starts on identical mini-batches, one run per seed, mean and SD over seeds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from brainsnn.train import Adam
from brainsnn_studies.ttfs_training.comparison import compare_twins
from brainsnn_studies.ttfs_training.data import FlatImages
from brainsnn_studies.ttfs_training.networks import SLOPE_NAMES, relu_and_twins, row_centred_relu
from brainsnn_studies.ttfs_training.training import train_side_by_side


def trained_twins(config: Mapping[str, Any], data: FlatImages, sizes: Sequence[int], *, epochs: int,
                  learning_rate: float, seed: int) -> dict[str, Any]:
    """A row-centred ReLU net of ``sizes`` (drawn from ``seed``) and its two SNNs, trained with Adam side by side."""
    relu = row_centred_relu(sizes, np.random.default_rng(seed))
    networks = relu_and_twins(relu, data.x_train, config["zeta"])
    train_side_by_side(networks, data.x_train, data.y_train, epochs=epochs, batch_size=config["batch_size"],
                       optimizers={name: Adam(learning_rate) for name in networks}, seed=seed, gamma=config["gamma"])
    return networks


def deep_from_scratch(config: Mapping[str, Any], data: FlatImages) -> tuple[dict[str, Any], dict[str, Any]]:
    """Table 3.1 analogue: the deep FC net, seeds ``seed + 1 ...`` (the thesis averages over trials: deep nets
    drift apart numerically under Adam). Returns the table and the first seed's trained networks, from which
    fine-tuning and the sensitivity sweep start."""
    sizes = [data.n_inputs, *config["deep_hidden"], 10]
    runs, first = [], None
    for seed in range(config["seed"] + 1, config["seed"] + 1 + config["seeds"]):
        networks = trained_twins(config, data, sizes, epochs=config["deep_epochs"],
                                 learning_rate=config["deep_learning_rate"], seed=seed)
        runs.append(compare_twins(networks, data.x_test, data.y_test))
        first = first or networks
    return over_seeds(runs), first


def shallow_from_scratch(config: Mapping[str, Any], data: FlatImages) -> dict[str, Any]:
    """Table 3.3 analogue: inputs-``shallow_hidden``-10 (the thesis's 340), seeds ``seed + 100 ...``."""
    sizes = [data.n_inputs, config["shallow_hidden"], 10]
    runs = []
    for seed in range(config["seed"], config["seed"] + config["seeds"]):
        networks = trained_twins(config, data, sizes, epochs=config["shallow_epochs"],
                                 learning_rate=config["shallow_learning_rate"], seed=seed + 100)
        runs.append(compare_twins(networks, data.x_test, data.y_test))
    return over_seeds(runs)


def over_seeds(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-seed settings and their mean and SD (max for the weight difference; None once a run overflowed)."""
    summary = {}
    for slope in SLOPE_NAMES:
        for key in ("relu_accuracy", "snn_accuracy", "agreement"):
            values = [run[slope][key] for run in runs]
            summary[f"{slope}_{key}"] = {"mean": float(np.mean(values)), "sd": float(np.std(values))}
        differences = [run[slope]["max_weight_difference"] for run in runs]
        summary[f"{slope}_max_weight_difference"] = float(np.max(differences))
    return {"runs": runs, "summary": summary}
