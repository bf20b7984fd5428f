"""LoCal+SGD training of a bias-free ReLU MLP (Krithivasan et al. 2022, Sec. 2, Algorithms 1-2).

Each mini-batch runs the layers before the boundary ``N`` without autograd; a local layer then takes the normalised
Hebbian step ``W_l <- W_l + s lr_L dW_l / ||dW_l||_F`` with ``dW_l = z_l^T a_{l-1}`` summed over the batch
(pre-activations ``z_l``, Fig. 1) and the weak-supervision sign ``s`` of the epoch (Algorithm 2); a frozen layer
keeps its weights. The detached output of layer ``N - 1`` enters the SGD layers, so autograd computes exactly the
GEMMs `brainsnn_studies.local_sgd.cost` counts (no error GEMM at layer ``N``). SGD uses momentum and weight decay
with a step learning-rate schedule; the local learning rate has its own step schedule.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import torch
import torch.nn.functional as F

from brainsnn_studies.local_sgd.data import Images
from brainsnn_studies.local_sgd.modes import Mode
from brainsnn_studies.local_sgd.schedules import DynamicBoundary, layer_shift, static_boundary, weak_supervision_sign


@dataclass
class Run:
    """Per-epoch record of one training run."""

    boundaries: list[int] = field(default_factory=list)
    signs: list[int] = field(default_factory=list)
    train_losses: list[float] = field(default_factory=list)
    test_accuracies: list[float] = field(default_factory=list)
    transition_norms: list[float] = field(default_factory=list)
    epoch_seconds: list[float] = field(default_factory=list)


def init_weights(sizes: Sequence[int], seed: int, device: torch.device) -> list[torch.nn.Parameter]:
    """He-normal ``(n_out, n_in)`` weights, ``N(0, 2 / n_in)``, from a generator seeded with ``seed``."""
    generator = torch.Generator().manual_seed(seed)
    return [torch.nn.Parameter((torch.randn(n_out, n_in, generator=generator) * math.sqrt(2.0 / n_in)).to(device))
            for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)]


def forward(weights: Sequence[torch.Tensor], x: torch.Tensor) -> torch.Tensor:
    """Logits of the MLP: ReLU after every layer but the last."""
    for index, weight in enumerate(weights):
        x = x @ weight.T
        if index < len(weights) - 1:
            x = torch.relu(x)
    return x


def local_step(weight: torch.Tensor, a: torch.Tensor, z: torch.Tensor, rate: float) -> None:
    """``W <- W + rate dW / ||dW||_F`` with ``dW = z^T a`` (in place; ``rate`` carries the sign)."""
    delta = z.T @ a
    norm = torch.linalg.matrix_norm(delta)
    if norm > 0:
        weight.add_(delta, alpha=rate / float(norm))


def step(weights: Sequence[torch.nn.Parameter], x: torch.Tensor, y: torch.Tensor, boundary: int, prefix: str,
         local_rate: float, optimiser: torch.optim.Optimizer) -> float:
    """One mini-batch: local (or frozen) layers before ``boundary``, SGD from it on; returns the batch loss."""
    with torch.no_grad():
        for weight in weights[:boundary]:
            z = x @ weight.T
            if prefix == "local":
                local_step(weight, x, z, local_rate)
            x = torch.relu(z)
    loss = F.cross_entropy(forward(weights[boundary:], x), y)
    optimiser.zero_grad(set_to_none=True)
    loss.backward()
    optimiser.step()
    return float(loss.detach())


def accuracy(weights: Sequence[torch.Tensor], x: torch.Tensor, y: torch.Tensor) -> float:
    with torch.no_grad():
        return float((forward(weights, x).argmax(1) == y).float().mean())


def boundary_rule(mode: Mode, config: Mapping[str, Any], n_layers: int):
    """``next_boundary(epoch, norm)`` -> the boundary of epoch ``epoch + 1`` after epoch ``epoch``'s norm."""
    if mode.rule == "sgd":
        return lambda epoch, norm: 0
    if mode.rule == "dynamic":
        dynamic = DynamicBoundary(n_layers, config["alpha"], layer_shift(config["l_shift"], n_layers), config["ema"],
                                  config["dynamic_warmup_epochs"])
        return dynamic.observe
    return lambda epoch, norm: static_boundary(mode.rule, epoch + 1, config["epochs"], n_layers, config["c1"],
                                               config["c2"], config["exponential_rate"])


def train(images: Images, sizes: Sequence[int], mode: Mode, config: Mapping[str, Any], seed: int,
          device: torch.device) -> Run:
    """Train the MLP ``sizes`` in ``mode``; weights and data order depend on ``seed`` only (paired across modes)."""
    weights = init_weights(sizes, seed, device)
    order = torch.Generator().manual_seed(seed + 1)
    x_train, y_train = torch.from_numpy(images.x_train).to(device), torch.from_numpy(images.y_train).to(device)
    x_test, y_test = torch.from_numpy(images.x_test).to(device), torch.from_numpy(images.y_test).to(device)
    optimiser = torch.optim.SGD(weights, lr=config["learning_rate"], momentum=config["momentum"],
                                weight_decay=config["weight_decay"])
    next_boundary = boundary_rule(mode, config, len(weights))
    run, boundary = Run(), 0
    for epoch in range(config["epochs"]):
        sign = weak_supervision_sign(run.train_losses) if mode.weak_supervision else 1
        for group in optimiser.param_groups:
            group["lr"] = config["learning_rate"] * config["lr_decay"] ** (epoch // config["lr_step_epochs"])
        local_rate = sign * config["local_learning_rate"] * config["local_lr_decay"] ** (
            epoch // config["local_lr_step_epochs"])
        start_weight = weights[boundary].detach().clone()
        permutation = torch.randperm(len(y_train), generator=order).to(device)
        started, total = time.perf_counter(), 0.0
        for first in range(0, len(permutation), config["batch_size"]):
            batch = permutation[first:first + config["batch_size"]]
            total += len(batch) * step(weights, x_train[batch], y_train[batch], boundary, mode.prefix, local_rate,
                                       optimiser)
        run.epoch_seconds.append(time.perf_counter() - started)
        norm = float(torch.linalg.matrix_norm(weights[boundary].detach() - start_weight))
        run.boundaries.append(boundary)
        run.signs.append(sign)
        run.train_losses.append(total / len(permutation))
        run.transition_norms.append(norm)
        run.test_accuracies.append(accuracy(weights, x_test, y_test))
        boundary = max(boundary, next_boundary(epoch, norm))
    return run
