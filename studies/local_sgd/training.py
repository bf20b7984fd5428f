"""LoCal+SGD training of a chain of weight layers (Krithivasan et al. 2022, Sec. 2, Algorithms 1-2).

Each mini-batch runs the layers before the boundary ``N`` without autograd; a local layer then takes the normalised
Hebbian step ``W_l <- W_l + s lr_L dW_l / ||dW_l||_F`` with ``dW_l = conv(a_{l-1}, z_l)`` summed over batch and
positions (pre-activations ``z_l``, before batch norm; Fig. 1) and the weak-supervision sign ``s`` of the epoch
(Algorithm 2); a frozen layer keeps its weights. Batch norm of a local or frozen layer normalises with batch
statistics but its affine parameters are not trained. The detached output of layer ``N - 1`` enters the SGD layers,
so autograd computes exactly the GEMMs `brainsnn_studies.local_sgd.cost` counts (no error GEMM at layer ``N``).
SGD uses momentum and weight decay with a step learning-rate schedule; the local learning rate has its own.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import torch
import torch.nn.functional as F

from brainsnn_studies.local_sgd.data import Images
from brainsnn_studies.local_sgd.modes import Mode
from brainsnn_studies.local_sgd.network import build_network
from brainsnn_studies.local_sgd.schedules import DynamicBoundary, layer_shift, static_boundary, weak_supervision_sign

#: Test images per evaluation batch.
EVALUATION_BATCH = 1000


@dataclass
class Run:
    """Per-epoch record of one training run."""

    boundaries: list[int] = field(default_factory=list)
    signs: list[int] = field(default_factory=list)
    train_losses: list[float] = field(default_factory=list)
    test_accuracies: list[float] = field(default_factory=list)
    transition_norms: list[float] = field(default_factory=list)
    epoch_seconds: list[float] = field(default_factory=list)


def forward(layers: Sequence[torch.nn.Module], x: torch.Tensor) -> torch.Tensor:
    """The output of ``layers`` applied in turn."""
    for layer in layers:
        x = layer.after(layer.gemm(x))
    return x


def local_step(layer: torch.nn.Module, a: torch.Tensor, z: torch.Tensor, rate: float) -> None:
    """``W <- W + rate dW / ||dW||_F`` with the layer's Hebbian ``dW`` of input ``a`` and output ``z`` (in place;
    ``rate`` carries the sign)."""
    delta = layer.hebbian(a, z)
    norm = float(torch.linalg.vector_norm(delta))
    if norm > 0:
        layer.weight.add_(delta, alpha=rate / norm)


def step(network: Sequence[torch.nn.Module], x: torch.Tensor, y: torch.Tensor, boundary: int, prefix: str,
         local_rate: float, optimiser: torch.optim.Optimizer) -> float:
    """One mini-batch: local (or frozen) layers before ``boundary``, SGD from it on; returns the batch loss."""
    with torch.no_grad():
        for layer in network[:boundary]:
            z = layer.gemm(x)
            if prefix == "local":
                local_step(layer, x, z, local_rate)
            x = layer.after(z)
    loss = F.cross_entropy(forward(network[boundary:], x), y)
    optimiser.zero_grad(set_to_none=True)
    loss.backward()
    optimiser.step()
    return float(loss.detach())


def accuracy(network: torch.nn.ModuleList, x: torch.Tensor, y: torch.Tensor) -> float:
    """Test accuracy with batch norm in inference mode."""
    network.eval()
    with torch.no_grad():
        correct = sum(int((forward(network, x[i:i + EVALUATION_BATCH]).argmax(1) == y[i:i + EVALUATION_BATCH]).sum())
                      for i in range(0, len(y), EVALUATION_BATCH))
    network.train()
    return correct / len(y)


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


def network_for(config: Mapping[str, Any], images: Images, seed: int) -> torch.nn.ModuleList:
    return build_network(images.input_shape, config["conv_channels"], config["pool_after"], config["hidden"],
                         images.n_classes, seed)


def train(images: Images, mode: Mode, config: Mapping[str, Any], seed: int, device: torch.device) -> Run:
    """Train ``config``'s network in ``mode``; weights and data order depend on ``seed`` only (paired across
    modes)."""
    network = network_for(config, images, seed).to(device)
    order = torch.Generator().manual_seed(seed + 1)
    x_train, y_train = torch.from_numpy(images.x_train).to(device), torch.from_numpy(images.y_train).to(device)
    x_test, y_test = torch.from_numpy(images.x_test).to(device), torch.from_numpy(images.y_test).to(device)
    optimiser = torch.optim.SGD(network.parameters(), lr=config["learning_rate"], momentum=config["momentum"],
                                weight_decay=config["weight_decay"])
    next_boundary = boundary_rule(mode, config, len(network))
    run, boundary = Run(), 0
    for epoch in range(config["epochs"]):
        sign = weak_supervision_sign(run.train_losses) if mode.weak_supervision else 1
        for group in optimiser.param_groups:
            group["lr"] = config["learning_rate"] * config["lr_decay"] ** (epoch // config["lr_step_epochs"])
        local_rate = sign * config["local_learning_rate"] * config["local_lr_decay"] ** (
            epoch // config["local_lr_step_epochs"])
        start_weight = network[boundary].weight.detach().clone()
        permutation = torch.randperm(len(y_train), generator=order).to(device)
        started, total = time.perf_counter(), 0.0
        for first in range(0, len(permutation), config["batch_size"]):
            batch = permutation[first:first + config["batch_size"]]
            total += len(batch) * step(network, x_train[batch], y_train[batch], boundary, mode.prefix, local_rate,
                                       optimiser)
        if device.type == "cuda":
            torch.cuda.synchronize()
        run.epoch_seconds.append(time.perf_counter() - started)
        norm = float(torch.linalg.vector_norm(network[boundary].weight.detach() - start_weight))
        run.boundaries.append(boundary)
        run.signs.append(sign)
        run.train_losses.append(total / len(permutation))
        run.transition_norms.append(norm)
        run.test_accuracies.append(accuracy(network, x_test, y_test))
        boundary = max(boundary, next_boundary(epoch, norm))
    return run
