"""Mini-batch BPTT training of a `SpikingNetwork` (surrogate gradients through every time step).

Each batch of intensities ``(B, *shape)`` is encoded into spikes ``(T, B, *shape)`` by ``encode(x, generator)``
(e.g. ``lambda x, g: poisson(x, 25, g)``), run through the network, and the loss of the read-out is
back-propagated through time. Shuffling and encoding draw from one ``torch.Generator`` seeded by ``seed``, so a
seeded run on one device reproduces bit for bit (with `configure_torch`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch.nn import functional

from brainsnn.errors import ConfigError
from brainsnn.progress import progress
from brainsnn.train.snn.network import SpikingNetwork

Encoder = Callable[[torch.Tensor, torch.Generator], torch.Tensor]
Loss = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


@dataclass(frozen=True)
class EpochLog:
    """Mean training loss, training accuracy (in training mode, as the batches went by) and wall time of an epoch."""

    loss: float
    accuracy: float
    seconds: float


def _batches(n: int, batch_size: int, generator: torch.Generator | None) -> list[torch.Tensor]:
    order = torch.randperm(n, generator=generator) if generator is not None else torch.arange(n)
    return list(torch.split(order, batch_size))


def _check(x: torch.Tensor, y: torch.Tensor, batch_size: int) -> None:
    if len(x) != len(y) or len(x) == 0:
        raise ConfigError(f"need as many labels as samples (> 0), got {len(x)} samples and {len(y)} labels")
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ConfigError(f"batch_size must be a positive integer, got {batch_size!r}")


def fit(
    network: SpikingNetwork,
    x: torch.Tensor,
    y: torch.Tensor,
    *,
    encode: Encoder,
    optimizer: torch.optim.Optimizer,
    epochs: int,
    batch_size: int = 64,
    loss: Loss = functional.cross_entropy,
    seed: int = 0,
    description: str = "training",
) -> list[EpochLog]:
    """Train ``network`` in place on intensities ``x`` with labels ``y``; one `EpochLog` per epoch."""
    _check(x, y, batch_size)
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise ConfigError(f"epochs must be a positive integer, got {epochs!r}")
    device = next(network.parameters()).device
    generator = torch.Generator(device="cpu").manual_seed(seed)
    encoder_generator = torch.Generator(device=device).manual_seed(seed + 1)
    logs = []
    for _ in progress(range(epochs), description):
        network.train()
        started, total_loss, correct = time.perf_counter(), 0.0, 0
        for batch in _batches(len(x), batch_size, generator):
            inputs = encode(x[batch].to(device), encoder_generator)
            labels = y[batch].to(device)
            optimizer.zero_grad()
            readout = network(inputs)
            batch_loss = loss(readout, labels)
            batch_loss.backward()
            optimizer.step()
            total_loss += float(batch_loss.detach()) * len(batch)
            correct += int((readout.argmax(dim=1) == labels).sum())
        seconds = time.perf_counter() - started
        logs.append(EpochLog(loss=total_loss / len(x), accuracy=correct / len(x), seconds=seconds))
    network.eval()
    return logs


def predict(
    network: SpikingNetwork, x: torch.Tensor, *, encode: Encoder, batch_size: int = 256, seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor]:
    """The encoded input spikes ``(T, n, *shape)`` (on the CPU) and the eval-mode read-out ``(n, classes)``."""
    _check(x, x, batch_size)
    network.eval()
    device = next(network.parameters()).device
    generator = torch.Generator(device=device).manual_seed(seed)
    spikes, readouts = [], []
    with torch.no_grad():
        for batch in _batches(len(x), batch_size, None):
            inputs = encode(x[batch].to(device), generator)
            spikes.append(inputs.cpu())
            readouts.append(network(inputs).cpu())
    return torch.cat(spikes, dim=1), torch.cat(readouts)
