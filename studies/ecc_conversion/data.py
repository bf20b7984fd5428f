"""The study's images: intensities in [0, 1] as ``(n, channels, height, width)`` float32 tensors — scikit-learn's
8 x 8 digits, Fashion-MNIST (28 x 28) and, for the paper preset, CIFAR-10 from the user's files. ``lambda_0 = 1``
of the conversion assumes this range (Wu et al. 2022, eq. 7)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from brainsnn.data import load_cifar, load_dataset
from brainsnn.data.subsets import stratified_pair


@dataclass(frozen=True)
class Images:
    """Train and test images with int64 labels."""

    name: str
    x_train: torch.Tensor
    y_train: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.x_train.shape[1:])


def images(name: str, config: Mapping[str, Any]) -> Images:
    """``name`` with at most ``config['n_train']`` / ``config['n_test']`` stratified samples (null: all; a data set
    with fewer keeps all, so one preset serves digits and Fashion-MNIST), split and drawn by ``config['seed']``."""
    seed = config["seed"]
    if name == "cifar-10":
        data, shape = load_cifar(name, config["data_dir"], seed=seed), (3, 32, 32)
    else:
        data = load_dataset(name, config["data_dir"], seed=seed)
        shape = (1, *data.shape)

    def kept(x: np.ndarray, y: np.ndarray, n: int | None) -> tuple[torch.Tensor, torch.Tensor]:
        x, y = np.asarray(x), np.asarray(y)
        if n is not None and n < len(y):
            x, y = stratified_pair(x, y, n, seed)
        pixels = np.asarray(x, dtype=np.float64).reshape(len(x), *shape) / 255.0
        return torch.tensor(pixels, dtype=torch.float32), torch.as_tensor(y, dtype=torch.int64)

    return Images(name, *kept(data.x_train, data.y_train, config["n_train"]),
                  *kept(data.x_test, data.y_test, config["n_test"]))
