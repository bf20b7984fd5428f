"""CNN-3D of ACE-SNN (Datta et al. 2022, Table 1) as a stack of bias-free synaptic stages, and its ANN training.

Every stage is a Conv3d (the last one a Flatten + Linear classifier) with no bias; the ANN puts a ReLU (and dropout
0.2 in training, the paper's regulariser) between stages, the SNN a spiking layer (`brainsnn_studies.ace_snn.qstdb`).
Inputs are ``(B, 1, bands, p, p)`` patches: torch's Conv3d depth is the spectral axis. The six conv layers keep the
paper's kernels, strides and paddings, given as (depth, height, width) — the table's padding column pads the
spectral depth (the notes' B8 #9) — with the channels a parameter (paper: 20, 40, 84, 84, 84, 84). ANN training:
SGD with momentum 0.9, the learning rate divided by 10 at 60 %, 80 % and 90 % of the epochs (paper: lr 0.01,
100 epochs).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import torch
from torch import nn

#: (kernel, stride, padding) of the six Conv3d layers of CNN-3D, each as (depth, height, width).
CNN3D_LAYERS = (
    ((3, 3, 3), (1, 1, 1), (0, 0, 0)),
    ((3, 1, 1), (2, 1, 1), (1, 0, 0)),
    ((3, 3, 3), (1, 1, 1), (1, 0, 0)),
    ((3, 1, 1), (2, 1, 1), (1, 0, 0)),
    ((3, 1, 1), (1, 1, 1), (1, 0, 0)),
    ((2, 1, 1), (2, 1, 1), (1, 0, 0)),
)
#: Fractions of the epochs after which the ANN's learning rate is divided by 10 (paper: epochs 60, 80, 90 of 100).
ANN_MILESTONES = (0.6, 0.8, 0.9)
DROPOUT = 0.2


def cnn3d_stages(channels: Sequence[int], bands: int, patch: int, n_classes: int) -> nn.ModuleList:
    """The synaptic stages of CNN-3D with ``channels[i]`` filters in conv layer ``i``, for ``(1, bands, patch,
    patch)`` inputs; the last stage is the classifier."""
    stages, previous = [], 1
    for out_channels, (kernel, stride, padding) in zip(channels, CNN3D_LAYERS, strict=True):
        stages.append(nn.Conv3d(previous, out_channels, kernel, stride, padding, bias=False))
        previous = out_channels
    with torch.no_grad():
        features = nn.Sequential(*stages)(torch.zeros(1, 1, bands, patch, patch)).numel()
    stages.append(nn.Sequential(nn.Flatten(), nn.Linear(features, n_classes, bias=False)))
    return nn.ModuleList(stages)


def stage_layer(stage: nn.Module) -> nn.Conv3d | nn.Linear:
    """The weighted layer of a stage (the Conv3d itself, or the classifier's Linear)."""
    return stage if isinstance(stage, nn.Conv3d) else stage[-1]


class ANN(nn.Module):
    """``stage_L(... ReLU(stage_1(x)))`` with dropout after every ReLU in training."""

    def __init__(self, stages: nn.ModuleList) -> None:
        super().__init__()
        self.stages = stages
        self.dropout = nn.Dropout(DROPOUT)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for stage in self.stages[:-1]:
            x = self.dropout(torch.relu(stage(x)))
        return self.stages[-1](x)


def train_epochs(batch_loss: Callable[[torch.Tensor], torch.Tensor], optimizer: torch.optim.Optimizer,
                 schedule: torch.optim.lr_scheduler.LRScheduler, n: int, *, epochs: int, batch_size: int, seed: int,
                 after_step: Callable[[], None] = lambda: None) -> list[float]:
    """Mini-batch descent on ``batch_loss(indices)`` over a shuffle of ``range(n)`` seeded by ``seed`` (one per
    epoch); ``after_step`` runs after every optimiser step, ``schedule`` steps once per epoch. The mean loss of every
    epoch."""
    generator = torch.Generator().manual_seed(seed)
    losses = []
    for _ in range(epochs):
        total = 0.0
        for batch in torch.split(torch.randperm(n, generator=generator), batch_size):
            loss = batch_loss(batch)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            after_step()
            total += loss.item() * len(batch)
        losses.append(total / n)
        schedule.step()
    return losses


def train_ann(ann: ANN, x: torch.Tensor, y: torch.Tensor, *, epochs: int, learning_rate: float, batch_size: int,
              seed: int) -> list[float]:
    """Cross-entropy training with SGD (momentum 0.9) and the step schedule; the mean loss of every epoch."""
    optimizer = torch.optim.SGD(ann.parameters(), lr=learning_rate, momentum=0.9, weight_decay=5e-4)
    milestones = [max(1, round(fraction * epochs)) for fraction in ANN_MILESTONES]
    schedule = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones, gamma=0.1)
    ann.train()
    losses = train_epochs(lambda batch: nn.functional.cross_entropy(ann(x[batch]), y[batch]), optimizer, schedule,
                          len(y), epochs=epochs, batch_size=batch_size, seed=seed)
    ann.eval()
    return losses


def ann_predictions(ann: ANN, x: torch.Tensor, batch_size: int = 512) -> np.ndarray:
    """Predicted classes of the eval-mode ANN."""
    ann.eval()
    with torch.no_grad():
        return np.concatenate([ann(part).argmax(dim=1).numpy() for part in torch.split(x, batch_size)])


def layer_shapes(stages: nn.ModuleList, input_shape: Sequence[int]):
    """`brainsnn_studies.ace_snn.energy_model.LayerShape` of every stage for inputs of ``input_shape``."""
    from brainsnn_studies.ace_snn.energy_model import LayerShape

    shapes, h = [], torch.zeros(1, *input_shape, dtype=stages[0].weight.dtype)
    with torch.no_grad():
        for stage in stages:
            layer = stage_layer(stage)
            h = stage(h)
            kernel = int(np.prod(layer.weight.shape[2:])) if isinstance(layer, nn.Conv3d) else 1
            outputs = int(np.prod(h.shape[2:])) if isinstance(layer, nn.Conv3d) else 1
            shapes.append(LayerShape(int(layer.weight.shape[1]), int(layer.weight.shape[0]), kernel, outputs))
    return shapes
