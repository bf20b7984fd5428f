"""Fig. 3.3 of Stanojevic (2023): a deep ReLU network and its B = 1 and alpha = 1 SNNs trained with plain SGD from
the same row-centred start on identical mini-batches. Under B = 1 gradient descent in spike time follows the
ReLU trajectory exactly (Eq. 3.12: the Jacobians are equal); alpha = 1 drifts away."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from brainsnn.train import SGD
from brainsnn_studies.ttfs_training.comparison import (
    accuracy_of,
    logit_difference,
    predictions,
    setting,
    spikes_before_window_end,
    weight_comparison,
)
from brainsnn_studies.ttfs_training.data import FlatImages
from brainsnn_studies.ttfs_training.networks import SLOPE_NAMES, relu_and_twins, row_centred_relu
from brainsnn_studies.ttfs_training.spectra import trained_spectrum_difference
from brainsnn_studies.ttfs_training.training import train_side_by_side

HISTORY_KEYS = ("train_accuracy", "test_accuracy", "max_weight_difference", "cosine_similarity", "latency")


def sgd_trajectory(config: Mapping[str, Any], data: FlatImages) -> dict[str, Any]:
    """Per epoch: accuracies, weight difference and cosine similarity after ``w = W / B``, latency; the final
    test settings and the trained B = 1 network's Jacobian spectra against the ReLU network's."""
    sizes = [data.n_inputs, *config["deep_hidden"], 10]
    relu = row_centred_relu(sizes, np.random.default_rng(config["seed"]))
    networks = relu_and_twins(relu, data.x_train, config["zeta"])
    start_difference = max(weight_comparison(relu, networks[slope])[0] for slope in SLOPE_NAMES)
    history = {key: [] for key in HISTORY_KEYS}

    def record(epoch: int) -> None:
        for key, values in epoch_record(networks, data).items():
            history[key].append(values)

    train_side_by_side(networks, data.x_train, data.y_train, epochs=config["trajectory_epochs"],
                       batch_size=config["batch_size"], gamma=config["gamma"], seed=config["seed"],
                       optimizers={name: SGD(config["trajectory_learning_rate"]) for name in networks},
                       after_epoch=record)
    relu_predictions = relu.predict(data.x_test)
    final = {slope: setting(relu_predictions, predictions(networks[slope], data.x_test), data.y_test,
                            spikes_before_window_end(networks[slope]), networks[slope].readout_time,
                            max_weight_difference=history["max_weight_difference"][-1][slope],
                            max_logit_difference=logit_difference(relu, networks[slope], data.x_test))
             for slope in SLOPE_NAMES}
    return {"sizes": sizes, "start_weight_difference": start_difference, "history": history, "final": final,
            "jacobian_spectrum_difference": trained_spectrum_difference(relu, networks["linear"], data.x_test[:5])}


def epoch_record(networks: Mapping[str, Any], data: FlatImages) -> dict[str, dict[str, Any]]:
    """One epoch of the history: every network's accuracies; per SNN slope the comparison with the ReLU net."""
    train = {n: accuracy_of(net, data.x_train, data.y_train) for n, net in networks.items()}
    test = {n: accuracy_of(net, data.x_test, data.y_test) for n, net in networks.items()}
    comparisons = {slope: weight_comparison(networks["relu"], networks[slope]) for slope in SLOPE_NAMES}
    return {
        "train_accuracy": train,
        "test_accuracy": test,
        "max_weight_difference": {s: c[0] for s, c in comparisons.items()},
        "cosine_similarity": {s: c[1] for s, c in comparisons.items()},
        "latency": {s: networks[s].readout_time for s in SLOPE_NAMES},
    }
