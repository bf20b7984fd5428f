"""Flattened image datasets, standardised with the training set's pixel mean and standard deviation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from brainsnn.data import load_dataset


@dataclass(frozen=True, eq=False)
class Images:
    """Standardised float32 ``(n, features)`` images with int64 labels."""

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    n_classes: int

    def summary(self) -> dict[str, Any]:
        return {"name": self.name, "n_train": len(self.y_train), "n_test": len(self.y_test),
                "n_features": self.x_train.shape[1], "n_classes": self.n_classes}


def load_images(config: Mapping[str, Any]) -> Images:
    """``config['dataset']`` (class-stratified ``n_train`` / ``n_test`` subsets), ``(x - mean) / sd``."""
    data = load_dataset(config["dataset"], config["data_dir"], n_train=config["n_train"], n_test=config["n_test"],
                        seed=config["seed"])
    mean, sd = data.x_train.mean(), data.x_train.std()
    return Images(config["dataset"], ((data.x_train - mean) / sd).astype(np.float32), data.y_train,
                  ((data.x_test - mean) / sd).astype(np.float32), data.y_test, data.n_classes)
