"""The IRIS cross-validation stream (Mo et al. 2022, Sec. 3.2): every seed and fold as one copy of the layer.

Each class is split into ``iris_folds`` stratified groups (seeded shuffle); all but one group train, one tests.
Every feature is min-max scaled on the training folds and encoded by ``iris_neurons_per_feature`` triangular
receptive fields (Eq. 8) firing at up to ``iris_peak_rate_hz``. A copy's stream is ``iris_epochs`` times the
shuffled training samples (supervised) followed by the held-out fold (unsupervised).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.datasets import load_iris
from sklearn.model_selection import StratifiedKFold

from brainsnn.data.encoders import triangular_population


@dataclass
class IrisStream:
    """Inputs of :func:`~brainsnn_studies.alsa.classifier.run_alsa_classifiers` and where the tests lie."""

    rates: np.ndarray  # (n_copies, n_slots, n_inputs) in Hz
    labels: np.ndarray  # (n_copies, n_slots)
    supervised: np.ndarray  # (n_slots,) training slots
    test_slots: list[np.ndarray]  # per epoch, the slots of its test pass
    copies: list[tuple[int, int]]  # (seed, fold) of each copy


def iris_stream(config: Mapping[str, Any]) -> IrisStream:
    """Per copy (seed x fold): ``iris_epochs`` x (shuffled training samples, then the held-out fold)."""
    features, targets = load_iris(return_X_y=True)
    rates, labels, copies = [], [], []
    for seed in config["iris_seeds"]:
        rng = np.random.default_rng(seed)
        splitter = StratifiedKFold(config["iris_folds"], shuffle=True, random_state=seed)
        for fold, (train, test) in enumerate(splitter.split(features, targets)):
            if config["iris_train_subset"] is not None:
                train = rng.choice(train, size=min(config["iris_train_subset"], len(train)), replace=False)
            low, high = features[train].min(axis=0), features[train].max(axis=0)

            def encode(rows, low=low, high=high):
                code = triangular_population(features[rows], config["iris_neurons_per_feature"], low, high,
                                             config["iris_half_width"])
                return config["iris_peak_rate_hz"] * code.reshape(len(rows), -1)

            stream = []
            for _ in range(config["iris_epochs"]):
                order = rng.permutation(train)
                stream += [(encode(order), targets[order]), (encode(test), targets[test])]
            rates.append(np.concatenate([r for r, _ in stream]))
            labels.append(np.concatenate([y for _, y in stream]))
            copies.append((seed, fold))
    n_train, n_test, epochs = len(train), len(test), config["iris_epochs"]
    supervised = np.tile(np.r_[np.ones(n_train, bool), np.zeros(n_test, bool)], epochs)
    test_slots = [np.arange(e * (n_train + n_test) + n_train, (e + 1) * (n_train + n_test)) for e in range(epochs)]
    return IrisStream(np.array(rates), np.array(labels), supervised, test_slots, copies)
