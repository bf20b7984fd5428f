"""Threshold balancing: the firing threshold of each converted layer from the ANN's own weights and data.

Sengupta et al. (2019, Front. Neurosci. 13:95) set each layer's threshold to the largest input current its IF
neurons receive while the network runs; Rathi et al. (2020, ICLR, hybrid conversion + STDB) and ACE-SNN (Datta
et al. 2022, Sec. 3.2) use a percentile of it instead (99.7 %) and scale the result (by 0.8) before fine-tuning.
Layers are balanced in order, each with the thresholds of the layers before it already set:

    I_l[t]   = f_l(s_{l-1}[t])                      # the weighted input sum (pre-activation) of layer l
    theta_l  = percentile_p({I_l[t] : all t, samples, neurons})
    u_l[t]   = u_l[t-1] + I_l[t];  s_l[t] = H(u_l[t] - theta_l);  u_l[t] -= theta_l s_l[t]   # IF, leak 1, soft reset

with ``s_0[t] = x[t]`` the input (an analog value every step for direct coding, or spikes); the IF layer is
`brainsnn.train.snn.IF` (``H(0) = 1``). The returned thresholds are the percentiles times ``scale``; the spikes that
set the later layers use the unscaled ones (the scale is applied after balancing, as the papers do).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import torch

from brainsnn.errors import ConfigError
from brainsnn.train.snn.neurons import IF


def percentile_thresholds(
    stages: Sequence[Callable[[torch.Tensor], torch.Tensor]], inputs: torch.Tensor, *, percentile: float = 99.7,
    scale: float = 1.0,
) -> list[float]:
    """The threshold of each spiking layer, ``scale`` times the ``percentile`` of its input current.

    Parameters
    ----------
    stages
        The synaptic map ``f_l`` into each spiking layer, in order (e.g. a conv or linear layer without bias),
        taking a batch ``(B, ...)``.
    inputs
        ``(T, B, ...)``: the input of the first stage at each of the T steps (the paper: 100 steps, 50 samples).
    percentile, scale
        Percentile in (0, 100] of the currents, and the factor applied to the result (the paper: 99.7 and 0.8).
    """
    if not 0 < percentile <= 100:
        raise ConfigError(f"percentile must be in (0, 100] (the paper uses 99.7), got {percentile!r}")
    if not scale > 0:
        raise ConfigError(f"scale must be positive (the paper uses 0.8), got {scale!r}")
    if inputs.dim() < 2:
        raise ConfigError(f"inputs must be (time steps, batch, ...), got shape {tuple(inputs.shape)}")
    thresholds = []
    trains = inputs
    with torch.no_grad():
        for stage in stages:
            steps, batch = trains.shape[:2]
            currents = stage(trains.reshape(steps * batch, *trains.shape[2:]))
            currents = currents.reshape(steps, batch, *currents.shape[1:])
            threshold = float(torch.quantile(currents.flatten().double(), percentile / 100))
            if not threshold > 0:
                raise ConfigError(f"layer {len(thresholds) + 1} gets no positive current at the {percentile} "
                                  "percentile: its threshold would not be positive (is the ANN trained?)")
            neurons = IF(threshold, reset="subtract")
            trains = torch.stack([neurons(current) for current in currents])
            thresholds.append(threshold)
    return [scale * threshold for threshold in thresholds]
