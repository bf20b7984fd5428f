"""The three Table 2.1 architectures of Stanojevic (2023), scaled by the configuration: FC, FC with L1 activity,
and a LeNet5-like conv net (batch norm before each ReLU, max-pool after the first two conv layers)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from brainsnn.errors import ConfigError
from brainsnn.train import Sequential
from brainsnn.train.layers import BatchNorm, Conv2D, Dense, Dropout, Flatten, MaxPool2D, ReLU
from brainsnn.ttfs.fc_network import fc_network

N_CLASSES = 10


def build_network(name: str, config: Mapping[str, Any], n_inputs: int, rng: np.random.Generator) -> Sequential:
    """``fc``: n-H-10 with dropout (thesis "2-layer FC", 784-600-10); ``fc-l1``: the same with L1 activity on the
    hidden layer; ``lenet``: 3 conv (BN before ReLU) with max-pool after the first two, FC, 10 (thesis LeNet5)."""
    if name in ("fc", "fc-l1"):
        l1 = config["l1_coefficient"] if name == "fc-l1" else 0.0
        return fc_network(n_inputs, config["fc_hidden"], rng, l1_coefficient=l1, dropout=config["dropout"],
                          n_classes=N_CLASSES)
    return lenet(config, n_inputs, rng)


def lenet(config: Mapping[str, Any], n_inputs: int, rng: np.random.Generator) -> Sequential:
    """Conv blocks ``Conv2D, BatchNorm, ReLU`` (+ ``MaxPool2D(2)`` after the first two) on a square image of
    ``n_inputs`` pixels, then ``Flatten, Dense(conv_dense), ReLU, Dropout, Dense(10)``."""
    layers, channels, side = [], 1, int(round(np.sqrt(n_inputs)))
    blocks = zip(config["conv_channels"], config["conv_kernels"], config["conv_paddings"], strict=True)
    for index, (out_channels, kernel, padding) in enumerate(blocks):
        layers += [Conv2D(channels, out_channels, kernel, rng, padding=padding), BatchNorm(out_channels), ReLU()]
        side = side if padding == "same" else side - kernel + 1
        if index < 2:
            layers.append(MaxPool2D(2))
            side //= 2
        channels = out_channels
    if side < 1:
        raise ConfigError("conv_kernels / conv_paddings shrink the image below one pixel; use smaller kernels")
    flat = channels * side * side
    return Sequential([*layers, Flatten(), Dense(flat, config["conv_dense"], rng), ReLU(),
                       Dropout(config["dropout"]), Dense(config["conv_dense"], N_CLASSES, rng)])


def input_shape(name: str, image_shape: tuple[int, int]) -> tuple[int, ...]:
    """``(1, height, width)`` for the conv net, ``(height * width,)`` for the FC nets."""
    return (1, *image_shape) if name == "lenet" else (int(np.prod(image_shape)),)
