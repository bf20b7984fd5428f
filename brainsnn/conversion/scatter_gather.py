"""Scatter-and-gather conversion of a quantised ANN into a one-step spiking network (Zou et al. 2021, Front.
Neurosci. 15:694170, Eq. 6-10).

The ANN: weight layer (first layer full precision, hidden layers ternary ``{-1, 0, 1}``, `TernaryConv2d` /
`TernaryLinear`), batch norm without scale, then the median quantisation (Eq. 6, `MedianQuant`)

    Quant(r) = clip(floor(r 2^k + 1/2) / 2^k, 0, B),   r = gamma (s - mu) / sqrt(var + eps) + beta,

trained through a straight-through estimator (gradient 1 on ``0 < r < B``, the clipped ReLU of the authors' code;
ties round up, as Eq. 7's ``>=``). The last layer is a full-precision linear read-out.

The SNN ("scatter"): every ANN neuron becomes ``K = B 2^k`` integrate-and-fire replicas that receive its input
``s'`` and fire at most once, replica ``m`` iff ``s' >= theta_m`` (Eq. 8-10, general form)::

    theta_m = a (mu + ((2m - 1) / 2^(k+1) - beta) sqrt(var + eps) / gamma),   m = 1 .. K  (gamma > 0)

with ``a = 1`` for the image input and ``a = 2^k`` where the input is the previous layer's spike counts
``2^k Quant`` (Eq. 9). The number of replicas that fire is ``2^k Quant(r)``: the conversion is exact. "Gather":
each replica projects to the next layer with its ANN neuron's weight, so the next layer sums the counts. One time
step per sample, every neuron starts from zero. Replica ``m`` is built as an `IF` neuron of threshold 1 with the
constant current ``1 - theta_m``; a replica of channel ``c`` is channel ``c K + m - 1`` of its layer. The
deployed synapse count is ``K`` times the ANN's per replicated layer pair on both sides (``K^2``), as in the
paper's crossbar densities (Eq. 16); `brainsnn.deploy` runs it in Brian2 and counts its synaptic operations.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import torch
from torch import nn
from torch.nn import functional

from brainsnn.errors import ConfigError
from brainsnn.train.snn.network import SpikingNetwork
from brainsnn.train.snn.neurons import IF, Integrator
from brainsnn.train.snn.quantisers import ternary


def median_quantise(r: torch.Tensor, k: int, bound: int) -> torch.Tensor:
    """``clip(floor(r 2^k + 1/2) / 2^k, 0, bound)`` forward, gradient 1 where ``0 < r < bound`` (Eq. 6)."""
    scale = 2**k
    levels = torch.clamp(torch.floor(r.detach() * scale + 0.5), 0, bound * scale) / scale
    passed = torch.clamp(r, 0, bound)
    return levels + (passed - passed.detach())


class MedianQuant(nn.Module):
    """The median quantisation of Eq. 6 with level ``k`` (``2^k`` steps per unit) and upper bound ``bound``."""

    def __init__(self, k: int, bound: int) -> None:
        super().__init__()
        if isinstance(k, bool) or not isinstance(k, int) or k < 0:
            raise ConfigError(f"quantisation level k must be a non-negative integer, got {k!r}")
        if isinstance(bound, bool) or not isinstance(bound, int) or bound < 1:
            raise ConfigError(f"upper bound B must be a positive integer, got {bound!r}")
        self.k, self.bound = k, bound

    @property
    def replicas(self) -> int:
        """``K = B 2^k`` spiking neurons per ANN neuron (Eq. 19)."""
        return self.bound * 2**self.k

    def forward(self, r: torch.Tensor) -> torch.Tensor:
        return median_quantise(r, self.k, self.bound)

    def extra_repr(self) -> str:
        return f"k={self.k}, bound={self.bound}"


class TernaryConv2d(nn.Conv2d):
    """`nn.Conv2d` whose forward uses ``ternary(weight)`` (TWN threshold ``0.7 mean|w|``, no scale, identity STE)."""

    threshold_factor = 0.7

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self._conv_forward(x, ternary(self.weight, self.threshold_factor), self.bias)


class TernaryLinear(nn.Linear):
    """`nn.Linear` whose forward uses ``ternary(weight)`` (see `TernaryConv2d`)."""

    threshold_factor = 0.7

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return functional.linear(x, ternary(self.weight, self.threshold_factor), self.bias)


def effective_weight(layer: nn.Conv2d | nn.Linear) -> torch.Tensor:
    """The weight ``layer`` applies: ternary levels for the ternary layers, the stored weight otherwise."""
    if isinstance(layer, (TernaryConv2d, TernaryLinear)):
        return ternary(layer.weight.detach(), layer.threshold_factor)
    return layer.weight.detach()


def replica_thresholds(mean, var, beta, gamma, eps: float, k: int, bound: int, input_scale: float) -> np.ndarray:
    """``(channels, K)`` thresholds ``theta_m`` of Eq. 10 (general form in the module docstring)."""
    mean, var, beta, gamma = (np.asarray(value, dtype=np.float64) for value in (mean, var, beta, gamma))
    if not (gamma > 0).all():
        raise ConfigError("scatter-and-gather needs batch-norm scales gamma > 0 (the paper omits gamma; freeze it at "
                          "1 or keep it positive)")
    centres = (2 * np.arange(1, bound * 2**k + 1) - 1) / 2 ** (k + 1)
    return input_scale * (mean[:, None] + (centres[None, :] - beta[:, None]) * np.sqrt(var + eps)[:, None]
                          / gamma[:, None])


def _norm_statistics(norm: nn.Module | None, channels: int) -> tuple[np.ndarray, ...]:
    if norm is None:
        return np.zeros(channels), np.ones(channels), np.zeros(channels), np.ones(channels), 0.0
    if norm.running_mean is None:
        raise ConfigError("convert a batch norm with running statistics (track_running_stats=True)")
    values = [norm.running_mean, norm.running_var,
              norm.bias if norm.affine else torch.zeros(channels), norm.weight if norm.affine else torch.ones(channels)]
    return (*(value.detach().double().cpu().numpy() for value in values), float(norm.eps))


def _replicated(weight: torch.Tensor, replicas_in: int, replicas_out: int, in_channels: int) -> torch.Tensor:
    """``weight`` (out, in, ...) with every input channel repeated ``replicas_in`` times and every output
    ``replicas_out`` times; a linear layer's inputs are ``in_channels`` channels of equal size."""
    out_features = weight.shape[0]
    shaped = weight.reshape(out_features, in_channels, -1) if weight.dim() == 2 else weight
    shaped = shaped.repeat_interleave(replicas_in, dim=1).repeat_interleave(replicas_out, dim=0)
    return shaped.reshape(out_features * replicas_out, -1) if weight.dim() == 2 else shaped


def _copy(layer: nn.Conv2d | nn.Linear, weight: torch.Tensor, bias: torch.Tensor) -> nn.Module:
    if isinstance(layer, nn.Conv2d):
        copy = nn.Conv2d(weight.shape[1], weight.shape[0], layer.kernel_size, layer.stride, layer.padding,
                         dtype=torch.float64)
    else:
        copy = nn.Linear(weight.shape[1], weight.shape[0], dtype=torch.float64)
    with torch.no_grad():
        copy.weight.copy_(weight)
        copy.bias.copy_(bias)
    return copy


def _blocks(ann: Sequence[nn.Module]) -> list[tuple[nn.Module, nn.Module | None, MedianQuant | None, bool]]:
    """``(weight layer, batch norm, quantiser, flatten before)`` per weight layer; the last one has no quantiser."""
    blocks, layers, flatten = [], list(ann), False
    index = 0
    while index < len(layers):
        layer = layers[index]
        if isinstance(layer, nn.Flatten):
            flatten, index = True, index + 1
            continue
        if not isinstance(layer, (nn.Conv2d, nn.Linear)):
            raise ConfigError(f"scatter-and-gather converts Conv2d/Linear [BatchNorm] MedianQuant blocks and Flatten, "
                              f"got {type(layer).__name__} where a weight layer belongs")
        norm = quant = None
        if index + 1 < len(layers) and isinstance(layers[index + 1], (nn.BatchNorm1d, nn.BatchNorm2d)):
            norm, index = layers[index + 1], index + 1
        if index + 1 < len(layers) and isinstance(layers[index + 1], MedianQuant):
            quant, index = layers[index + 1], index + 1
        blocks.append((layer, norm, quant, flatten))
        flatten, index = False, index + 1
    if not blocks or blocks[-1][2] is not None or any(quant is None for _, _, quant, _ in blocks[:-1]):
        raise ConfigError("the ANN must end with a read-out weight layer and quantise every layer before it")
    if blocks[-1][1] is not None:
        raise ConfigError("the read-out layer of a scatter-and-gather ANN takes no batch norm")
    return blocks


def scatter_gather_network(ann: Sequence[nn.Module], input_shape: tuple[int, ...]) -> SpikingNetwork:
    """The float64 scatter-and-gather SNN of the eval-mode quantised ``ann`` (an ``nn.Sequential``) for samples of
    ``input_shape``; run it for one time step on the (unscaled) input: its read-out equals the ANN's output."""
    if getattr(ann, "training", False):
        raise ConfigError("convert an ANN in eval mode: call ann.eval() first (batch-norm statistics)")
    layers, replicas, scale, shape = [], 1, 1.0, tuple(input_shape)
    with torch.no_grad():
        probe = torch.zeros((1, *shape), dtype=torch.float64)
        for layer, norm, quant, flatten in _blocks(ann):
            channels_in = shape[0]
            if flatten:
                layers.append(nn.Flatten())
                probe = probe.flatten(1)
            weight = effective_weight(layer).double()
            out_channels = weight.shape[0]
            bias = (layer.bias.detach().double() if layer.bias is not None else torch.zeros(out_channels)).numpy()
            if quant is None:
                full = _replicated(weight / scale, replicas, 1, channels_in)
                layers += [_copy(layer, full, torch.as_tensor(bias)), Integrator()]
                break
            mean, var, beta, gamma, eps = _norm_statistics(norm, out_channels)
            thresholds = replica_thresholds(mean - bias, var, beta, gamma, eps, quant.k, quant.bound, scale)
            full = _replicated(weight, replicas, quant.replicas, channels_in)
            current = torch.as_tensor(1.0 - thresholds.reshape(-1))
            copy = _copy(layer, full, current)
            layers += [copy, IF(threshold=1.0, reset="zero")]
            probe = copy(probe)
            replicas, scale = quant.replicas, float(2**quant.k)
            shape = (out_channels, *probe.shape[2:]) if probe.dim() > 2 else (out_channels,)
    return SpikingNetwork(layers).double().eval()


def group_counts(spikes: torch.Tensor | np.ndarray, channels: int, replicas: int) -> np.ndarray:
    """Spikes ``(samples, channels K positions)`` of a replicated layer summed over the ``K`` replicas of every ANN
    neuron: ``(samples, channels positions)``, the ANN's ``2^k Quant`` (a ``(T, samples, n)`` record is summed
    over ``T`` first)."""
    values = np.asarray(spikes.cpu() if isinstance(spikes, torch.Tensor) else spikes, dtype=np.float64)
    if values.ndim == 3:
        values = values.sum(axis=0)
    samples = values.shape[0]
    if values.shape[1] % (channels * replicas):
        raise ConfigError(f"{values.shape[1]} neurons are not {channels} channels x {replicas} replicas")
    return values.reshape(samples, channels, replicas, -1).sum(axis=2).reshape(samples, -1)


def quantised_levels(ann: Sequence[nn.Module], x: torch.Tensor) -> tuple[list[torch.Tensor], torch.Tensor]:
    """The eval-mode ``ann``'s levels ``2^k Quant(r)`` of every `MedianQuant` (flattened per sample) and its
    output on ``x``."""
    levels = []
    with torch.no_grad():
        for layer in ann:
            x = layer(x)
            if isinstance(layer, MedianQuant):
                levels.append((x * 2**layer.k).flatten(1))
    return levels, x


def branch_dropout_readout(network: SpikingNetwork, inputs: torch.Tensor, p: float,
                           generator: torch.Generator) -> torch.Tensor:
    """Read-out of a one-step scatter-and-gather ``network`` on ``inputs`` ``(samples, *shape)`` with every replica
    ("branch") of the first spiking layer silenced with probability ``p``, i.i.d. per sample (Zou et al., Sec. 4.2,
    Tables 4-6)."""
    if not 0 <= p < 1 or math.isnan(p):
        raise ConfigError(f"branch dropout probability must be in [0, 1), got {p!r}")
    network.reset_state()
    x, silenced = inputs.to(torch.float64), False
    with torch.no_grad():
        for layer in network.layers:
            x = layer(x)
            if isinstance(layer, IF) and not silenced:
                keep = torch.rand(x.shape, generator=generator, dtype=torch.float64) >= p
                x, silenced = x * keep, True
    return x
