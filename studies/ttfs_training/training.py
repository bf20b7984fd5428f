"""Training a ReLU network and its spiking twins side by side on identical mini-batches (Stanojevic 2023, Ch. 3)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import numpy as np

from brainsnn.train import fit
from brainsnn.ttfs import SpikeTimeNetwork


def train_side_by_side(networks: Mapping[str, Any], x: np.ndarray, labels: np.ndarray, *, epochs: int,
                       batch_size: int, optimizers: Mapping[str, Any], seed: int, gamma: float,
                       after_epoch: Callable[[int], None] | None = None) -> None:
    """Train every network one epoch at a time on the same mini-batches (seed ``1000 seed + epoch``); after every
    step an SNN widens its windows with the adaptive rule (Eq. 3.3, growth factor ``gamma``)."""
    for epoch in range(epochs):
        for name, network in networks.items():
            after = partial(network.adapt_windows, gamma) if isinstance(network, SpikeTimeNetwork) else None
            with np.errstate(all="ignore"):  # alpha = 1 may overflow; its record then shows the divergence
                fit(network, x, labels, epochs=1, batch_size=batch_size, optimizer=optimizers[name],
                    seed=seed * 1000 + epoch, after_step=after)
        if after_epoch is not None:
            after_epoch(epoch)
