"""The CNN that is converted: ``[conv 3x3 (bias) - batch norm (eps 1e-3) - ReLU (- average pool 2)] x n - flatten -
[linear - batch norm - ReLU] x m - linear``, the layer types of Wu et al. (2022, Sec. 4: biases and BN after every
conv, average instead of max pooling), trained with Adam on cross-entropy."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import torch
from torch import nn

from brainsnn.checkpoint import CheckpointStore
from brainsnn_studies.ecc_conversion.data import Images

#: Configuration keys that determine a trained CNN (a search over conversion parameters reuses it).
TRAINING_KEYS = ("n_train", "n_test", "data_dir", "conv_channels", "pool_after", "dense", "bn_eps", "epochs",
                 "batch_size", "learning_rate")


def build(input_shape: tuple[int, ...], n_classes: int, config: Mapping[str, Any]) -> nn.Sequential:
    """The CNN of ``config['conv_channels']`` (average pooling after the 1-based conv layers in ``pool_after``)
    and ``config['dense']`` hidden units."""
    channels, side = input_shape[0], input_shape[1]
    layers: list[nn.Module] = []
    for index, width in enumerate(config["conv_channels"], start=1):
        layers += [nn.Conv2d(channels, width, 3, padding=1), nn.BatchNorm2d(width, eps=config["bn_eps"]), nn.ReLU()]
        if index in config["pool_after"]:
            layers.append(nn.AvgPool2d(2))
            side //= 2
        channels = width
    features = channels * side * side
    layers.append(nn.Flatten())
    for width in config["dense"]:
        layers += [nn.Linear(features, width), nn.BatchNorm1d(width, eps=config["bn_eps"]), nn.ReLU()]
        features = width
    layers.append(nn.Linear(features, n_classes))
    return nn.Sequential(*layers)


def accuracy(model: nn.Sequential, x: torch.Tensor, y: torch.Tensor, batch_size: int = 500) -> float:
    """Test accuracy of ``model`` in eval mode."""
    model.eval()
    with torch.no_grad():
        predicted = torch.cat([model(x[i:i + batch_size]).argmax(1) for i in range(0, len(x), batch_size)])
    return float((predicted == y).double().mean())


def trained(data: Images, config: Mapping[str, Any], seed: int, store: CheckpointStore) -> nn.Sequential:
    """The CNN trained on ``data`` from ``seed`` (loaded from ``store`` when it was trained before), eval mode."""
    torch.manual_seed(seed)
    n_classes = int(data.y_train.max()) + 1
    model = build(data.shape, n_classes, config)
    name = f"cnn-{data.name}-seed{seed}"
    stored = store.load(name)
    if stored is None:
        optimiser = torch.optim.Adam(model.parameters(), lr=config["learning_rate"])
        generator = torch.Generator().manual_seed(seed)
        for _ in range(config["epochs"]):
            model.train()
            order = torch.randperm(len(data.y_train), generator=generator)
            for start in range(0, len(order), config["batch_size"]):
                batch = order[start:start + config["batch_size"]]
                if len(batch) < 2:  # batch norm needs two samples
                    continue
                optimiser.zero_grad()
                loss = nn.functional.cross_entropy(model(data.x_train[batch]), data.y_train[batch])
                loss.backward()
                optimiser.step()
        stored = {key: value.detach().cpu().numpy() for key, value in model.state_dict().items()}
        store.save(name, stored)
    model.load_state_dict({key: torch.as_tensor(np.asarray(value)) for key, value in stored.items()})
    return model.eval()
