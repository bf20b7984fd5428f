"""Operation counts of Wu, Yi & Huang (2022, Front. Neurosci. 16:759900, Sec. 4.1), eqs. (13)-(14).

A CNN spends ``sum_n (2 f_in^n + 1) M^n`` operations per image (eq. 13: a multiply and an add per input and the
bias of each of the ``M^n`` neurons of layer ``n`` with fan-in ``f_in^n``); an SNN spends one accumulate per
outgoing synapse of every spike, ``sum_n sum_i N_i^n f_out,i^n`` (eq. 14 with the per-neuron spike totals
``N_i^n`` over the ``T`` steps, which is how ``sum_t f_out^n s^n`` is meant: notes B8.5). The input projection of a
constant-current input is not a spike and is not counted here (the analog image multiplies ``W^1`` once).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import torch
from torch import nn

from brainsnn.errors import ConfigError
from brainsnn.metrics.synaptic_operations import accumulates_per_sample


def cnn_operations(model: nn.Module, input_shape: tuple[int, ...]) -> int:
    """Eq. (13) for the Conv2d and Linear layers of ``model`` on one sample of ``input_shape`` (nominal fan-in
    ``C_in k^2`` of a convolution, padding included; pooling and batch norm not counted)."""
    total = 0

    def count(layer, _, output):
        nonlocal total
        fan_in = layer.in_features if isinstance(layer, nn.Linear) else layer.in_channels * math.prod(
            layer.kernel_size) // layer.groups
        total += (2 * fan_in + 1) * output[0].numel()

    hooks = [layer.register_forward_hook(count) for layer in model.modules() if isinstance(layer, (nn.Conv2d,
                                                                                                   nn.Linear))]
    try:
        with torch.no_grad():
            parameter = next(model.parameters())
            model(torch.zeros((1, *input_shape), dtype=parameter.dtype))
    finally:
        for hook in hooks:
            hook.remove()
    return total


def snn_operations(plan, spike_counts: Sequence[np.ndarray]) -> np.ndarray:
    """Eq. (14) per layer and sample: ``(samples, spiking layers)`` accumulates from the spike counts
    ``(samples, n)`` of every spiking population of ``plan`` (a `brainsnn.deploy.DeploymentPlan`, in the order of
    ``plan.spiking``) and the fan-out of its synapses into the population after it."""
    populations = plan.populations
    spiking = [i for i, population in enumerate(populations) if population.kind == "spiking"]
    if len(spike_counts) != len(spiking):
        raise ConfigError(f"{len(spike_counts)} spike-count arrays for {len(spiking)} spiking populations")
    columns = [accumulates_per_sample(np.asarray(counts), populations[i + 1].synapses.pre)
               for i, counts in zip(spiking, spike_counts, strict=True)]
    return np.stack(columns, axis=1).astype(np.float64)
