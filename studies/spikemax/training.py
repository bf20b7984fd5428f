"""Mini-batch training of an `SRMNetwork` with Adam on one of the Spikemax losses (surrogate BPTT)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch

from brainsnn_studies.spikemax.srm import SRMNetwork


def as_spikes(samples: np.ndarray, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """``(n, T, C)`` 0/1 samples as a ``(T, n, C)`` tensor."""
    return torch.as_tensor(np.ascontiguousarray(np.swapaxes(samples, 0, 1)), dtype=dtype)


def train(network: SRMNetwork, x: np.ndarray, y: np.ndarray, loss: Callable, *, epochs: int, batch_size: int,
          learning_rate: float, seed: int) -> list[float]:
    """Train in place on samples ``x`` (n, T, C) with labels ``y``; the mean loss of every epoch."""
    optimizer = torch.optim.Adam(network.parameters(), lr=learning_rate)
    generator = torch.Generator().manual_seed(seed)
    labels = torch.as_tensor(y, dtype=torch.int64)
    losses = []
    for _ in range(epochs):
        total = 0.0
        for batch in torch.split(torch.randperm(len(x), generator=generator), batch_size):
            optimizer.zero_grad()
            value = loss(network(as_spikes(x[batch.numpy()]))[-1], labels[batch])
            value.backward()
            optimizer.step()
            total += float(value.detach()) * len(batch)
        losses.append(total / len(x))
    return losses


def output_spikes(network: SRMNetwork, x: np.ndarray, batch_size: int = 256) -> list[np.ndarray]:
    """Every layer's spikes ``(T, n, size)`` (bool) of the float64 network on samples ``x`` (n, T, C)."""
    network = network.double()
    with torch.no_grad():
        parts = [network(as_spikes(x[start:start + batch_size], torch.float64))
                 for start in range(0, len(x), batch_size)]
    return [torch.cat([part[layer] for part in parts], dim=1).numpy().astype(bool) for layer in range(len(parts[0]))]
