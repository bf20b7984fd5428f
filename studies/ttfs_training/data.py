"""The images every experiment uses: flattened, pixels / 255 as inputs ``x in [0, 1]`` (input spikes at
``t = tau_c (1 - x)``, thesis Eq. 3.1)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from brainsnn.data.datasets import load_dataset


@dataclass(frozen=True)
class FlatImages:
    """Train and test images as ``(n, pixels)`` arrays in [0, 1] with their labels."""

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray

    @property
    def n_inputs(self) -> int:
        return self.x_train.shape[1]

    def summary(self) -> dict[str, Any]:
        return {"name": self.name, "n_train": len(self.y_train), "n_test": len(self.y_test),
                "n_inputs": self.n_inputs}


def flat_images(config: Mapping[str, Any]) -> FlatImages:
    """``config['dataset']`` flattened, pixels / 255."""
    data = load_dataset(config["dataset"], config["data_dir"])
    x_train, x_test = (x.reshape(len(x), -1) / 255.0 for x in (data.x_train, data.x_test))
    return FlatImages(data.name, x_train, data.y_train, x_test, data.y_test)
