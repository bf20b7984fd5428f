"""Images of the study as ``(n, channels, height, width)`` float32 tensors in [0, 1]: digits (8 x 8, its 70/30
split), Fashion-MNIST / MNIST (28 x 28, official splits, seeded stratified subsets) and CIFAR-10 (the central
24 x 24 crop, the paper's test crop; no training augmentation)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

#: CIFAR crop side (Sec. 4.1).
CROP = 24


@dataclass(frozen=True)
class Images:
    name: str
    x_train: torch.Tensor
    y_train: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor
    n_classes: int

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.x_train.shape[1:])


def load_images(name: str, config: Mapping[str, Any]) -> Images:
    """Data set ``name``; ``n_train`` / ``n_test`` of the config subset every set but digits."""
    subset = {} if name == "digits" else {"n_train": config["n_train"], "n_test": config["n_test"]}
    if name == "cifar-10":
        from brainsnn.data import load_cifar

        data = load_cifar(name, config["data_dir"], seed=config["seed"], **subset)
        start = (data.x_train.shape[-1] - CROP) // 2
        crop = (slice(None), slice(None), slice(start, start + CROP), slice(start, start + CROP))
        x_train, x_test, n_classes = data.x_train[crop], data.x_test[crop], len(data.classes)
    else:
        from brainsnn.data import load_dataset

        data = load_dataset(name, config["data_dir"], seed=config["seed"], **subset)
        side = data.shape
        x_train, x_test = (x.reshape(len(x), 1, *side) for x in (data.x_train, data.x_test))
        n_classes = data.n_classes

    def tensor(x):
        return torch.tensor(np.asarray(x, dtype=np.float64) / 255.0, dtype=torch.float32)

    return Images(name, tensor(x_train), torch.as_tensor(data.y_train, dtype=torch.int64), tensor(x_test),
                  torch.as_tensor(data.y_test, dtype=torch.int64), n_classes)
