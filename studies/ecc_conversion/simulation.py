"""The converted network run step by step in the torch engine on a constant-current input: the image ``x`` is the
input of every one of the ``T`` steps (Rueckauer et al. 2017; Wu et al. 2022, Sec. 3.1), in batches, keeping only
per-neuron spike counts ``N_i`` and membranes ``V_i(t)`` of every IF layer (not the spike trains). A network that does
not depend on T (no per-step TRE) is read at several T in one run: the state after ``t`` steps is that of a run of
``t`` steps."""

from __future__ import annotations

from collections.abc import Sequence
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


def simulate_prefixes(network, x: torch.Tensor, steps: Sequence[int], batch_size: int = 250) -> dict[int, Simulation]:
    """Run ``network`` (a float64 `brainsnn.train.snn.SpikingNetwork` ending in an `Integrator`) for ``max(steps)``
    steps on images ``x`` and read it after each number of steps in ``steps``."""
    from brainsnn.train.snn import IF

    neurons = [layer for layer in network.layers if isinstance(layer, IF)]
    readout_layer, wanted = network.layers[-1], sorted(set(steps))
    parts: dict[int, list[tuple]] = {t: [] for t in wanted}
    totals: list = [0.0] * len(neurons)
    elapsed = [0]

    def counter(index: int):
        def hook(_, __, spikes):
            totals[index] = totals[index] + spikes
        return hook

    def snapshot(_, __, v):
        elapsed[0] += 1
        t = elapsed[0]
        if t in parts:
            parts[t].append(((v / t).flatten(1).numpy().copy(), [c.flatten(1).numpy().copy() for c in totals],
                             [layer.v.flatten(1).numpy().copy() for layer in neurons]))

    hooks = [layer.register_forward_hook(counter(i)) for i, layer in enumerate(neurons)]
    hooks.append(readout_layer.register_forward_hook(snapshot))
    try:
        for start in range(0, len(x), batch_size):
            totals[:], elapsed[0] = [0.0] * len(neurons), 0
            with torch.no_grad():
                network(constant_current(x[start:start + batch_size], wanted[-1]))
    finally:
        for hook in hooks:
            hook.remove()
    return {t: Simulation(np.concatenate([p[0] for p in part]),
                          [np.concatenate([p[1][i] for p in part]) for i in range(len(neurons))],
                          [np.concatenate([p[2][i] for p in part]) for i in range(len(neurons))])
            for t, part in parts.items()}


def simulate(network, x: torch.Tensor, steps: int, batch_size: int = 250) -> Simulation:
    """Run ``network`` for ``steps`` steps on images ``x``."""
    return simulate_prefixes(network, x, [steps], batch_size)[steps]
