"""The study's data: grey images flattened (MLPs), the same images fed row by row (the sequential task) and colour
32 x 32 images (VGG): CIFAR-10/100 from files, or the procedural colour stand-in, which is never called CIFAR.

Intensities are ``pixels / 255`` in [0, 1]; rate coding draws Bernoulli spikes with probability
``max_rate * x`` per step (Poisson rate coding in discrete time, `brainsnn.train.snn.poisson`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from brainsnn.data.datasets import load_dataset


@dataclass(frozen=True)
class Images:
    """Train and test intensities in [0, 1] (``(n, *shape)`` float32 tensors) with int64 labels."""

    name: str
    x_train: torch.Tensor
    y_train: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor
    n_classes: int

    def summary(self) -> dict[str, Any]:
        return {"name": self.name, "n_train": len(self.y_train), "n_test": len(self.y_test),
                "sample_shape": list(self.x_train.shape[1:]), "n_classes": self.n_classes}


def _images(name: str, x_train, y_train, x_test, y_test, n_classes: int) -> Images:
    def tensor(x):
        return torch.tensor(np.asarray(x, dtype=np.float64) / 255.0, dtype=torch.float32)

    return Images(name, tensor(x_train), torch.tensor(y_train, dtype=torch.int64), tensor(x_test),
                  torch.tensor(y_test, dtype=torch.int64), n_classes)


def grey_images(config: Mapping[str, Any]) -> Images:
    """``config['dataset']`` flattened to ``(n, pixels)``."""
    data = load_dataset(config["dataset"], config["data_dir"], n_train=config["n_train"], n_test=config["n_test"],
                        seed=config["seed"])
    return _images(data.name, data.x_train, data.y_train, data.x_test, data.y_test, data.n_classes)


def colour_images(config: Mapping[str, Any]) -> Images:
    """``config['colour_dataset']`` as ``(n, 3, 32, 32)``, subsets of ``colour_n_train`` / ``colour_n_test``."""
    from brainsnn.data import load_cifar, to_colour_stand_in

    name, n_train, n_test, seed = (config[key] for key in ("colour_dataset", "colour_n_train", "colour_n_test",
                                                             "seed"))
    if name.endswith("-stand-in"):
        grey = load_dataset(name.removesuffix("-stand-in"), config["data_dir"], n_train=n_train, n_test=n_test,
                            seed=seed)
        colour = to_colour_stand_in(grey, seed=seed)
    else:
        colour = load_cifar(name, config["data_dir"], n_train=n_train, n_test=n_test, seed=seed)
    return _images(colour.name, colour.x_train, colour.y_train, colour.x_test, colour.y_test, colour.n_classes)


def rate_code(max_rate: float, steps: int):
    """Encoder ``(x, generator) -> (T, *x.shape)`` Bernoulli spikes with probability ``max_rate x`` per step."""
    from brainsnn.train.snn import poisson

    return lambda x, generator: poisson(x, steps, generator, max_rate_per_step=max_rate)


def sequential_code(pixels_per_step: int):
    """Encoder feeding ``(n, pixels)`` images ``pixels_per_step`` pixels per step, in reading order, as analog
    currents: step ``t`` gets pixels ``t p .. (t + 1) p - 1`` (digits with ``p = 8``: one row per step)."""
    return lambda x, generator: x.reshape(len(x), -1, pixels_per_step).transpose(0, 1)
