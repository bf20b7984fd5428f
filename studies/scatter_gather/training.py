"""Training of the quantised ANN (Sec. 4.1): Adam, cross-entropy, the learning rate divided by 10 every
``lr_step_epochs`` epochs (paper: 1e-3, every 200), straight-through gradients through the quantisers."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import torch
from torch import nn
from torch.nn import functional

from brainsnn.progress import progress


def train_ann(ann: nn.Sequential, x: torch.Tensor, y: torch.Tensor, config: Mapping[str, Any], seed: int,
              label: str) -> float:
    """Train ``ann`` in place; returns the seconds taken."""
    started = time.perf_counter()
    generator = torch.Generator().manual_seed(seed)
    optimizer = torch.optim.Adam([p for p in ann.parameters() if p.requires_grad], lr=config["learning_rate"])
    schedule = torch.optim.lr_scheduler.StepLR(optimizer, config["lr_step_epochs"], gamma=0.1)
    ann.train()
    for _ in progress(range(config["epochs"]), label, unit="epoch"):
        for batch in torch.split(torch.randperm(len(y), generator=generator), config["batch_size"]):
            if len(batch) < 2:  # batch norm needs two samples
                continue
            loss = functional.cross_entropy(ann(x[batch]), y[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        schedule.step()
    ann.eval()
    return time.perf_counter() - started
