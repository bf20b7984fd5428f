"""Data-based weight normalisation (Diehl et al. 2015; Rueckauer et al. 2017): the largest activation of each layer.

A ReLU network converts to integrate-and-fire neurons of threshold 1 when every layer's activations are divided by
their maximum over the training data, ``lambda_n = max_i a_i^n`` (or a high percentile, Rueckauer et al. 2017):

    W^n <- W^n lambda_{n-1} / lambda_n,    b^n <- b^n / lambda_n,    lambda_0 = 1 (inputs in [0, 1])

so the most active neuron of every layer fires at one spike per step. Wu, Yi & Huang (2022, Front. Neurosci.
16:759900, Remark 1) show it is current normalisation (`brainsnn.conversion.ecc`) with ``kappa = 1``;
`weight_normalised` is that case with batch norm folded without its epsilon and no residual elimination — the
"2017-SNN" baseline of their Fig. 3.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from brainsnn.errors import ConfigError


def activation_maxima(model: nn.Sequential, inputs: torch.Tensor, *, percentile: float = 100.0,
                      batch_size: int = 100) -> list[float]:
    """``lambda_n`` of ``model`` (eval mode) on ``inputs``: the ``percentile`` of every ReLU's output over all
    neurons and samples, then of the last layer's output (the pre-softmax scores), in layer order. Computed in
    batches of ``batch_size`` (the paper's code: 100) with the maximum taken over the batch percentiles."""
    if not 0 < percentile <= 100:
        raise ConfigError(f"percentile must be in (0, 100], got {percentile!r}")
    if model.training:
        raise ConfigError("compute activation maxima in eval mode: call model.eval() first (batch norm)")
    taps = [i for i, layer in enumerate(model) if isinstance(layer, nn.ReLU)] + [len(model) - 1]
    maxima = np.zeros(len(taps))
    with torch.no_grad():
        for start in range(0, len(inputs), batch_size):
            x = inputs[start:start + batch_size]
            k = 0
            for i, layer in enumerate(model):
                x = layer(x)
                if i == taps[k]:
                    value = np.percentile(x.detach().double().cpu().numpy(), percentile)
                    maxima[k] = max(maxima[k], float(value))
                    k += 1
    if not (maxima > 0).all():
        raise ConfigError(f"a layer is silent on the calibration data (activation maxima {maxima.tolist()}); "
                          "use more calibration samples or a trained network")
    return maxima.tolist()


def weight_normalised(model: nn.Sequential, maxima: list[float]):
    """The 2017-SNN baseline: ``kappa = 1`` (threshold 1), batch norm folded with ``eps = 0`` (Rueckauer et al.
    ignore it), no residual elimination; a `brainsnn.train.snn.SpikingNetwork` with analog (constant-current)
    input."""
    from brainsnn.conversion.ecc import ecc_network

    return ecc_network(model, maxima, kappa=1.0, eps=0.0, eta=0.0)
