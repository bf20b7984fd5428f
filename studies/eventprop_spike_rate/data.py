"""The two tasks as spike times: Yin-Yang (5 inputs, 3 classes) and an image set standing in for MNIST (digits by
default; Fashion-MNIST or real MNIST files when given), both through `brainsnn.data.load_dataset`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from brainsnn.data import load_dataset
from brainsnn_studies.eventprop_spike_rate.encoding import encode_image, encode_yin_yang


@dataclass(frozen=True)
class Task:
    """Input spike times ``(n, n_in)`` (ms) and labels of both splits."""

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    n_classes: int


def yin_yang_task(config: Mapping[str, Any]) -> Task:
    data = load_dataset("yin-yang", n_train=config["n_train"], n_test=config["n_test"], seed=config["seed"])
    t_min, t_max = config["t_min"], config["t_max"]
    return Task("yin-yang", encode_yin_yang(data.x_train, t_min, t_max), data.y_train,
                encode_yin_yang(data.x_test, t_min, t_max), data.y_test, data.n_classes)


def image_task(config: Mapping[str, Any]) -> Task:
    data = load_dataset(config["image_dataset"], config["data_dir"], n_train=config["image_n_train"],
                        n_test=config["image_n_test"], seed=config["seed"])
    t_min, t_max, skip = config["t_min"], config["t_max"], config["image_skip_zero"]
    return Task(data.name, encode_image(data.x_train, t_min, t_max, skip), data.y_train,
                encode_image(data.x_test, t_min, t_max, skip), data.y_test, data.n_classes)
