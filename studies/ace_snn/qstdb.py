"""The converted SNN and Q-STDB, quantisation-aware spike-timing-dependent backpropagation (Datta et al. 2022,
Sec. 3.2-4, after DIET-SNN, Rathi & Roy 2020).

The ANN's bias-free stages ``f_l`` drive spiking layers with one leak ``lambda_l`` and one threshold ``v_l`` each
(trainable), direct (analog) input ``x`` at every step and a non-spiking accumulator read-out (Eq. 2-3, 15)::

    u_l[t] = lambda_l u_l[t-1] + f_l(o_{l-1}[t]; w_hat_l);  o_l[t] = H(u_l[t] - v_l);  u_l[t] -= v_l o_l[t]
    u_L[t] = u_L[t-1] + f_L(o_{L-1}[t]; w_hat_L)

with ``H(0) = 1`` (`brainsnn.train.snn.LIF`'s convention, so the network deploys to Brian2 as LIF layers). The loss
is the cross-entropy of ``softmax(u_L[T])`` (Eq. 16). The spike's gradient is the surrogate of Eq. 21 on
``z = u / v - 1``: ``do/dz = gamma max(0, 1 - |z|)`` (gamma = 0.3), so ``do/du = gamma max(0, 1 - |z|) / v`` and
``do/dv = -gamma max(0, 1 - |z|) u / v^2``; the reset term ``-v_l o_l`` keeps its gradient in ``v_l`` but not in
``o_l`` (the notes' B8 #3). ``w_hat`` is the weight fake-quantised per tensor (`brainsnn.train.snn.affine_quantise`
in training, ``symmetric_quantise``, the paper's "scale", at inference) with a straight-through gradient (Eq. 20's
factor 1), the range refreshed at every mini-batch. Training: Adam, the learning rate halved at 60 %, 80 % and 90 %
of the epochs (paper: lr 1e-4, 100 epochs); after every step ``lambda`` is clipped to [0, 1] and ``v`` kept
positive.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from brainsnn.errors import ConfigError
from brainsnn_studies.ace_snn.networks import stage_layer, train_epochs

#: Fractions of the epochs after which Q-STDB's learning rate is halved (paper: epochs 60, 80, 90 of 100).
QSTDB_MILESTONES = (0.6, 0.8, 0.9)
#: Smallest threshold kept by training.
MIN_THRESHOLD = 1e-3
SCHEMES = ("affine", "scale")


@dataclass(frozen=True)
class Quantiser:
    """Per-tensor fake quantisation of every weight: ``scheme`` "affine" or "scale" at ``bits`` bits."""

    scheme: str
    bits: int

    def __call__(self, weight: torch.Tensor) -> torch.Tensor:
        from brainsnn.train.snn import affine_quantise, symmetric_quantise

        return affine_quantise(weight, self.bits) if self.scheme == "affine" else symmetric_quantise(weight, self.bits)


def scale_range_loss(weight: torch.Tensor) -> float:
    """Eq. 28 relative to the affine range: ``(2 max(w_max, |w_min|) - (w_max - w_min)) / (w_max - w_min)``, the
    share of scale quantisation's range that no weight uses (its bins are that much wider than affine's)."""
    high, low = float(weight.detach().max()), float(weight.detach().min())
    return (2 * max(high, -low) - (high - low)) / (high - low)


class _Spike(torch.autograd.Function):
    """``H(u - v)`` forward; Eq. 21's surrogate on ``z = u / v - 1`` backward."""

    @staticmethod
    def forward(ctx, membrane, threshold, gamma):
        ctx.save_for_backward(membrane, threshold)
        ctx.gamma = gamma
        return (membrane - threshold >= 0).to(membrane.dtype)

    @staticmethod
    def backward(ctx, grad):
        membrane, threshold = ctx.saved_tensors
        surrogate = ctx.gamma * torch.clamp(1 - torch.abs(membrane / threshold - 1), min=0) * grad
        return surrogate / threshold, (-surrogate * membrane / threshold**2).sum(), None


@dataclass(frozen=True)
class SpikeRun:
    """Read-out ``u_L[T]`` ``(B, classes)`` and the spike count of every spiking layer per sample ``(B,)``."""

    readout: torch.Tensor
    spikes: list[torch.Tensor]


def weighted_stage(stage: nn.Module, quantiser: Quantiser | None):
    """``stage`` with its weight replaced by the fake-quantised one (a function of its input)."""
    layer = stage_layer(stage)
    weight = layer.weight if quantiser is None else quantiser(layer.weight)
    if isinstance(stage, nn.Conv3d):
        return lambda x: nn.functional.conv3d(x, weight, None, stage.stride, stage.padding)
    return lambda x: nn.functional.linear(x.flatten(1), weight)


class ConvertedSNN(nn.Module):
    """The spiking network of ``stages`` with thresholds ``thresholds`` and leaks 1 (see the module docstring)."""

    def __init__(self, stages: nn.ModuleList, thresholds: Sequence[float], gamma: float = 0.3) -> None:
        super().__init__()
        if len(thresholds) != len(stages) - 1:
            raise ConfigError(f"{len(stages) - 1} spiking layers need as many thresholds, got {len(thresholds)}")
        self.stages = stages
        dtype = stages[0].weight.dtype
        self.thresholds = nn.Parameter(torch.tensor(list(thresholds), dtype=dtype))
        self.leaks = nn.Parameter(torch.ones(len(thresholds), dtype=dtype))
        self.gamma = gamma
        self.quantiser: Quantiser | None = None

    def run(self, x: torch.Tensor, steps: int) -> SpikeRun:
        """``steps`` time steps of direct input ``x`` ``(B, 1, bands, p, p)``."""
        maps = [weighted_stage(stage, self.quantiser) for stage in self.stages]
        drive = maps[0](x)
        membranes: list[torch.Tensor | float] = [0.0] * len(self.thresholds)
        counts = [torch.zeros(len(x), dtype=x.dtype) for _ in self.thresholds]
        readout = 0.0
        for _ in range(steps):
            h = drive
            for layer, threshold in enumerate(self.thresholds):
                if layer:
                    h = maps[layer](h)
                membrane = self.leaks[layer] * membranes[layer] + h
                h = _Spike.apply(membrane, threshold, self.gamma)
                membranes[layer] = membrane - threshold * h.detach()
                counts[layer] = counts[layer] + h.detach().flatten(1).sum(dim=1)
            readout = readout + maps[-1](h)
        return SpikeRun(readout=readout, spikes=counts)

    def clip(self) -> None:
        """Leaks into [0, 1] and thresholds positive, after an optimiser step."""
        with torch.no_grad():
            self.leaks.clamp_(0.0, 1.0)
            self.thresholds.clamp_(min=MIN_THRESHOLD)


def train_qstdb(snn: ConvertedSNN, x: torch.Tensor, y: torch.Tensor, *, steps: int, epochs: int,
                learning_rate: float, batch_size: int, seed: int) -> list[float]:
    """Q-STDB (BPTT through ``steps`` steps with the current ``snn.quantiser``); the mean loss of every epoch."""
    optimizer = torch.optim.Adam(snn.parameters(), lr=learning_rate)
    milestones = [max(1, round(fraction * epochs)) for fraction in QSTDB_MILESTONES]
    schedule = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones, gamma=0.5)
    return train_epochs(lambda batch: nn.functional.cross_entropy(snn.run(x[batch], steps).readout, y[batch]),
                        optimizer, schedule, len(y), epochs=epochs, batch_size=batch_size, seed=seed,
                        after_step=snn.clip)


def evaluate_snn(snn: ConvertedSNN, x: torch.Tensor, y: torch.Tensor, steps: int,
                 batch_size: int = 256) -> dict[str, object]:
    """Overall accuracy (%) and spikes per neuron over the ``steps`` steps of every spiking layer, on ``x, y``."""
    with torch.no_grad():
        correct, totals = 0, None
        for batch in torch.split(torch.arange(len(y)), batch_size):
            run = snn.run(x[batch], steps)
            correct += int((run.readout.argmax(dim=1) == y[batch]).sum())
            sums = np.array([float(count.sum()) for count in run.spikes])
            totals = sums if totals is None else totals + sums
        sizes = layer_sizes(snn, x.shape[1:])
    return {"overall_accuracy": 100.0 * correct / len(y), "zeta": (totals / len(y) / np.array(sizes)).tolist()}


def layer_sizes(snn: ConvertedSNN, input_shape: Sequence[int]) -> list[int]:
    """Neurons of every spiking layer."""
    sizes, h = [], torch.zeros(1, *input_shape, dtype=snn.thresholds.dtype)
    with torch.no_grad():
        for stage in snn.stages[:-1]:
            h = stage(h)
            sizes.append(h.numel())
    return sizes
