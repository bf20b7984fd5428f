"""Image datasets as ``(n, channels, height, width)`` float32 arrays, standardised with the training set's pixel mean
and standard deviation; digits, MNIST and Fashion-MNIST from `brainsnn.data.load_dataset`, CIFAR-10 from
`brainsnn.data.load_cifar` (class-stratified subsets of ``n_train`` / ``n_test`` images)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from brainsnn.data import load_cifar, load_dataset


@dataclass(frozen=True, eq=False)
class Images:
    """Standardised float32 ``(n, channels, height, width)`` images with int64 labels."""

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    n_classes: int

    @property
    def input_shape(self) -> tuple[int, ...]:
        return tuple(self.x_train.shape[1:])

    def summary(self) -> dict[str, Any]:
        return {"name": self.name, "n_train": len(self.y_train), "n_test": len(self.y_test),
                "input_shape": list(self.input_shape), "n_classes": self.n_classes}


def load_images(config: Mapping[str, Any]) -> Images:
    """``config['dataset']``, ``(x - mean) / sd`` with the training pixels' mean and s.d."""
    name, seed = config["dataset"], config["seed"]
    if name == "cifar-10":
        data = load_cifar(name, config["data_dir"], n_train=config["n_train"], n_test=config["n_test"], seed=seed)
        x_train, y_train, x_test, y_test = data.x_train, data.y_train, data.x_test, data.y_test
    else:
        data = load_dataset(name, config["data_dir"], n_train=config["n_train"], n_test=config["n_test"], seed=seed)
        x_train, y_train = data.x_train.reshape(-1, 1, *data.shape), data.y_train
        x_test, y_test = data.x_test.reshape(-1, 1, *data.shape), data.y_test
    x_train, x_test = x_train.astype(np.float32), x_test.astype(np.float32)
    mean, sd = x_train.mean(), x_train.std()
    return Images(name, (x_train - mean) / sd, y_train, (x_test - mean) / sd, y_test, data.n_classes)
