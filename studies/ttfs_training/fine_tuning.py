"""Fig. 3.5 of Stanojevic (2023): the trained deep B = 1 SNN under hardware constraints — spike-time jitter, K time
steps per layer, q-bit weights, percentile (shortened) windows — before and after fine-tuning through the
constrained forward pass (straight-through gradients, `brainsnn.ttfs.constrained_training`)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import numpy as np

from brainsnn.train import Adam, fit
from brainsnn.train.losses import softmax_cross_entropy
from brainsnn.ttfs import SpikeTimeNetwork
from brainsnn.ttfs.constrained_training import ConstrainedSpikeTimeNetwork, Constraints
from brainsnn_studies.ttfs_training.comparison import mean_setting, setting, spikes_before_window_end
from brainsnn_studies.ttfs_training.data import FlatImages


def constraint_cases(config: Mapping[str, Any]) -> list[tuple[str, float, Constraints]]:
    """(constraint, level, Constraints) for every jitter SD, K, q and window percentile of the configuration."""
    percentile = config["time_quantisation_percentile"]
    return ([("jitter", sd, Constraints(jitter_sd=sd)) for sd in config["finetune_jitter_sds"]]
            + [("time steps K", k, Constraints(time_steps=k, window_percentile=percentile))
               for k in config["finetune_time_steps"]]
            + [("weight bits q", q, Constraints(weight_bits=q)) for q in config["finetune_weight_bits"]]
            + [("window percentile", p, Constraints(window_percentile=p))
               for p in config["finetune_window_percentiles"]])


def fine_tuning(config: Mapping[str, Any], data: FlatImages, trained: SpikeTimeNetwork) -> dict[str, Any]:
    """Every constraint case before and after fine-tuning (Adam); agreement is with the unconstrained network."""
    float_predictions = trained.predict(data.x_test)
    cases = []
    for kind, level, constraints in constraint_cases(config):
        constrained = ConstrainedSpikeTimeNetwork(copy.deepcopy(trained), constraints, data.x_train,
                                                  seed=config["seed"])
        trials = config["finetune_trials"] if constraints.jitter_sd else 1
        before = constrained_setting(constrained, data, float_predictions, trials)
        constrained, kept = fine_tune(constrained, config, data, trials)
        after = constrained_setting(constrained, data, float_predictions, trials)
        cases.append({"constraint": kind, "level": level, "trials": trials, "kept": kept,
                      "before": before, "after": after})
    return {"float_accuracy": float(np.mean(float_predictions == data.y_test)), "float_latency": trained.readout_time,
            "cases": cases}


def constrained_setting(constrained: ConstrainedSpikeTimeNetwork, data: FlatImages, float_predictions: np.ndarray,
                        trials: int) -> dict[str, Any]:
    """Test metrics under the constraints, averaged over ``trials`` passes; agreement with the float network."""
    settings = []
    for _ in range(trials):
        snn_predictions = constrained.predict(data.x_test)
        settings.append(setting(float_predictions, snn_predictions, data.y_test,
                                spikes_before_window_end(constrained.network), constrained.network.readout_time))
    return mean_setting(settings)


def fine_tune(constrained: ConstrainedSpikeTimeNetwork, config: Mapping[str, Any], data: FlatImages,
              trials: int) -> tuple[ConstrainedSpikeTimeNetwork, dict[str, Any]]:
    """Adam through the constrained pass at each learning rate from the same start; keeps the (learning rate,
    epoch) with the lowest constrained training loss (epoch 0: no fine-tuning)."""
    def training_loss(network: ConstrainedSpikeTimeNetwork) -> float:
        return float(np.mean([softmax_cross_entropy(network.forward(data.x_train), data.y_train)[0]
                              for _ in range(trials)]))

    best, best_loss, kept = copy.deepcopy(constrained), training_loss(constrained), {"learning_rate": None, "epoch": 0}
    for learning_rate in config["finetune_learning_rates"]:
        network, optimizer = copy.deepcopy(constrained), Adam(learning_rate)
        for epoch in range(1, config["finetune_epochs"] + 1):
            fit(network, data.x_train, data.y_train, epochs=1, batch_size=config["batch_size"], optimizer=optimizer,
                seed=config["seed"] + 7 + epoch)
            loss = training_loss(network)
            if loss < best_loss:
                best, best_loss, kept = copy.deepcopy(network), loss, {"learning_rate": learning_rate, "epoch": epoch}
    return best, kept
