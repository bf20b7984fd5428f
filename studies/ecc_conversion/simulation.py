"""The converted network run step by step in the torch engine on a constant-current input: the image ``x`` is the
input of every one of the ``T`` steps (Rueckauer et al. 2017; Wu et al. 2022, Sec. 3.1), in batches, keeping only
per-neuron spike counts ``N_i`` and final membranes ``V_i(T)`` of every IF layer (not the spike trains)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch


@dataclass(frozen=True)
class Simulation:
    """Read-out ``v[T] / T`` ``(samples, classes)``; per IF layer the spike counts and final membranes
    ``(samples, n)``."""

    readout: np.ndarray
    counts: list[np.ndarray]
    final_v: list[np.ndarray]


def constant_current(x: torch.Tensor, steps: int) -> torch.Tensor:
    """``(T, samples, *shape)`` float64: the same images at every step (a view, no copy)."""
    return x.double().unsqueeze(0).expand(steps, *x.shape)


def simulate(network, x: torch.Tensor, steps: int, batch_size: int = 250) -> Simulation:
    """Run ``network`` (a float64 `brainsnn.train.snn.SpikingNetwork`) for ``steps`` steps on images ``x``."""
    from brainsnn.train.snn import IF

    neurons = [layer for layer in network.layers if isinstance(layer, IF)]
    readouts, counts, final_v = [], [[] for _ in neurons], [[] for _ in neurons]
    totals: list = [0.0] * len(neurons)

    def counter(index: int):
        def hook(_, __, spikes):
            totals[index] = totals[index] + spikes
        return hook

    hooks = [layer.register_forward_hook(counter(i)) for i, layer in enumerate(neurons)]
    try:
        for start in range(0, len(x), batch_size):
            totals[:] = [0.0] * len(neurons)
            with torch.no_grad():
                readouts.append(network(constant_current(x[start:start + batch_size], steps)).numpy())
            for i, layer in enumerate(neurons):
                counts[i].append(totals[i].flatten(1).numpy())
                final_v[i].append(layer.v.flatten(1).numpy())
    finally:
        for hook in hooks:
            hook.remove()
    return Simulation(np.concatenate(readouts), [np.concatenate(c) for c in counts],
                      [np.concatenate(v) for v in final_v])
