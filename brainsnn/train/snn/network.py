"""`SpikingNetwork`: layers applied in order at every discrete time step, the whole network within one step.

At step ``t`` the input spikes ``x[t]`` pass through every layer before step ``t + 1`` starts: a linear layer's
output is the current ``I[t]`` of the neuron layer after it, whose spikes ``s[t]`` feed the next layer in the same
step (the convention of BNTT, Kim & Panda 2021, and of snnTorch/spikingjelly's step mode). The read-out is the last
layer: spike counts ``sum_t s[t]`` of a `LIF` layer, or the mean input ``v[T] / T`` of an `Integrator`
(BNTT's accumulated membrane). `brainsnn.deploy` builds the same network in Brian2 with this step order.

Layers: ``torch.nn`` Linear, Conv2d, AvgPool2d, MaxPool2d, Flatten, BatchNorm1d/2d, Dropout, and brainsnn's
`LIF`, `Integrator` and `TimeBatchNorm` (which also receives the time step).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch import nn

from brainsnn.errors import ConfigError
from brainsnn.train.snn.neurons import LIF, Integrator
from brainsnn.train.snn.time_batch_norm import TimeBatchNorm

LINEAR_LAYERS = (nn.Linear, nn.Conv2d, nn.AvgPool2d, nn.Flatten, nn.BatchNorm1d, nn.BatchNorm2d, nn.Dropout)
LAYER_TYPES = (*LINEAR_LAYERS, nn.MaxPool2d, LIF, Integrator, TimeBatchNorm)


@dataclass(frozen=True)
class SpikeRecord:
    """Spikes ``(T, B, n)`` of every `LIF` layer in order (flattened per sample) and the read-out ``(B, classes)``."""

    spikes: list[torch.Tensor]
    readout: torch.Tensor


class SpikingNetwork(nn.Module):
    """Time-looped sequence of layers; ``forward(inputs)`` takes ``(T, B, *input_shape)`` and returns the read-out."""

    def __init__(self, layers: Sequence[nn.Module]) -> None:
        super().__init__()
        layers = list(layers)
        unknown = [type(layer).__name__ for layer in layers if not isinstance(layer, LAYER_TYPES)]
        if unknown:
            names = ", ".join(sorted({t.__name__ for t in LAYER_TYPES}))
            raise ConfigError(f"SpikingNetwork cannot hold {', '.join(unknown)}; use these layers: {names}")
        if not layers or not isinstance(layers[-1], (LIF, Integrator)):
            raise ConfigError("the last layer of a SpikingNetwork must be a LIF or Integrator read-out")
        self.layers = nn.ModuleList(layers)

    def reset_state(self) -> None:
        """Membranes and refractory counters back to their initial (empty) state."""
        for layer in self.layers:
            if isinstance(layer, (LIF, Integrator)):
                layer.reset_state()

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        return self._run(inputs, record=False).readout

    def record(self, inputs: torch.Tensor) -> SpikeRecord:
        """The read-out and every `LIF` layer's spikes (no gradient)."""
        with torch.no_grad():
            return self._run(inputs, record=True)

    def _run(self, inputs: torch.Tensor, *, record: bool) -> SpikeRecord:
        if inputs.dim() < 3:
            raise ConfigError(f"inputs must be (time steps, batch, *sample shape), got shape {tuple(inputs.shape)}")
        self.reset_state()
        steps = inputs.shape[0]
        trains = {id(layer): [] for layer in self.layers if isinstance(layer, LIF)}
        counts = 0
        for t in range(steps):
            x = inputs[t]
            for layer in self.layers:
                x = layer(x, t) if isinstance(layer, TimeBatchNorm) else layer(x)
                if record and id(layer) in trains:
                    trains[id(layer)].append(x.flatten(1))
            if isinstance(self.layers[-1], LIF):
                counts = counts + x
        readout = counts if isinstance(self.layers[-1], LIF) else self.layers[-1].v / steps
        spikes = [torch.stack(train) for train in trains.values()] if record else []
        return SpikeRecord(spikes=spikes, readout=readout)
