"""A trained `SpikingNetwork` as populations and synapse lists (numpy float64), ready to become Brian2 objects.

Every run of linear layers between two populations (Linear, Conv2d with padding/stride, AvgPool2d, Flatten,
eval-mode BatchNorm, Dropout) is composed into one affine map ``I = A s + b`` of the source population's spikes
``s``: ``A`` becomes the synapses (conv as computed indices, `brainsnn.networks.layer_connectivity`, so memory is
proportional to the true fan-in), ``b`` a constant current per neuron. Batch norm is folded into the weights:
``gamma (W s + c - mu) / sqrt(var + eps) + beta = (a W) s + a (c - mu) + beta`` with ``a = gamma / sqrt(var +
eps)``. A `TimeBatchNorm` (BNTT: its own statistics per time step) directly before a neuron layer becomes a
per-step gain and offset of that layer's input current, ``I[t] = scale[t] (A s) + offset[t]`` (tables of
``(T, n)``). A MaxPool2d of spikes is an OR of its window (the max of 0/1 values): a *relay* population that spikes
when any member does, in the same time step. ``macs`` counts the multiply-accumulates of the equivalent ANN
(conv: output neurons x in-channels x k^2; dense: in x out; pooling and batch norm not counted).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from scipy import sparse
from torch import nn

from brainsnn.errors import ConfigError
from brainsnn.networks.layer_connectivity import Connections, connections, conv_output_side, pool_connections
from brainsnn.train.snn.network import SpikingNetwork
from brainsnn.train.snn.neurons import LIF, Integrator
from brainsnn.train.snn.time_batch_norm import TimeBatchNorm


@dataclass(frozen=True)
class Population:
    """One group of neurons and the synapses into it from the population before it (none for the input).

    ``kind``: "input" (spike sources), "spiking" (LIF), "relay" (OR of a max-pooling window) or "integrator"
    (non-spiking read-out).
    """

    name: str
    kind: str
    shape: tuple[int, ...]
    synapses: Connections | None = None
    bias: np.ndarray | None = None
    beta: float = 1.0
    threshold: float = 1.0
    reset: str = "zero"
    refractory_steps: int = 0
    initial_v: float = 0.0
    step_scale: np.ndarray | None = None
    step_offset: np.ndarray | None = None

    @property
    def size(self) -> int:
        return math.prod(self.shape)


@dataclass(frozen=True)
class DeploymentPlan:
    """Populations in step order (the input first) and the ANN-equivalent multiply-accumulates per inference."""

    populations: list[Population]
    macs: int

    @property
    def spiking(self) -> list[Population]:
        """The LIF populations, in the order of `SpikeRecord.spikes`."""
        return [population for population in self.populations if population.kind == "spiking"]


class _AffineMap:
    """``I = A s + b`` from a source population's spikes to the current layer's values (shape ``shape``)."""

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = shape
        self.matrix = sparse.identity(math.prod(shape), format="csr")
        self.offset = np.zeros(math.prod(shape))
        self.is_identity = True

    def apply(self, matrix: sparse.spmatrix, offset: np.ndarray, shape: tuple[int, ...]) -> None:
        self.matrix = (matrix @ self.matrix).tocsr()
        self.offset = matrix @ self.offset + offset
        self.shape, self.is_identity = shape, False

    def scale(self, factor: np.ndarray, shift: np.ndarray) -> None:
        """Per-element ``factor * I + shift`` (batch norm)."""
        self.matrix = sparse.diags(factor) @ self.matrix
        self.offset = factor * self.offset + shift
        self.is_identity = False


def _array(tensor: torch.Tensor | float) -> np.ndarray:
    return torch.as_tensor(tensor).detach().to("cpu", torch.float64).numpy()


def _square(value, name: str, layer: nn.Module) -> int:
    values = value if isinstance(value, tuple) else (value, value)
    if values[0] != values[1]:
        raise ConfigError(f"{type(layer).__name__}: deploy supports square {name} only, got {value}")
    return int(values[0])


def _matrix(wiring: Connections, n_post: int, n_pre: int) -> sparse.csr_matrix:
    return sparse.csr_matrix((wiring.weight, (wiring.post, wiring.pre)), shape=(n_post, n_pre))


def _per_channel(values: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    return np.repeat(values, math.prod(shape[1:]))


def _conv(layer: nn.Conv2d, affine: _AffineMap) -> int:
    if layer.groups != 1 or _square(layer.dilation, "dilation", layer) != 1 or layer.padding_mode != "zeros":
        raise ConfigError("Conv2d: deploy supports groups=1, dilation=1 and zero padding")
    if isinstance(layer.padding, str):
        raise ConfigError("Conv2d: give padding as a number of rows (padding=1), not 'same'/'valid'")
    kernel = _square(layer.kernel_size, "kernel_size", layer)
    stride, padding = _square(layer.stride, "stride", layer), _square(layer.padding, "padding", layer)
    if len(affine.shape) != 3:
        raise ConfigError(f"Conv2d needs (channels, height, width) inputs, got shape {affine.shape}")
    channels, height, width = affine.shape
    if layer.in_channels != channels:
        raise ConfigError(f"Conv2d expects {layer.in_channels} channels but the layers before it give {channels}")
    shape = (layer.out_channels, conv_output_side(height, kernel, padding, stride),
             conv_output_side(width, kernel, padding, stride))
    wiring = connections(_array(layer.weight), affine.shape, padding, stride)
    bias = np.zeros(layer.out_channels) if layer.bias is None else _array(layer.bias)
    affine.apply(_matrix(wiring, math.prod(shape), math.prod(affine.shape)), _per_channel(bias, shape), shape)
    return math.prod(shape) * layer.in_channels * kernel**2


def _linear(layer: nn.Linear, affine: _AffineMap) -> int:
    if len(affine.shape) != 1:
        raise ConfigError(f"Linear after shape {affine.shape}: insert nn.Flatten() before it")
    if layer.in_features != affine.shape[0]:
        raise ConfigError(f"Linear expects {layer.in_features} inputs but the layers before it give {affine.shape[0]}")
    weight = _array(layer.weight)
    bias = np.zeros(layer.out_features) if layer.bias is None else _array(layer.bias)
    affine.apply(sparse.csr_matrix(weight), bias, (layer.out_features,))
    return weight.size


def _pool_window(layer: nn.AvgPool2d | nn.MaxPool2d) -> tuple[int, int]:
    kernel = _square(layer.kernel_size, "kernel_size", layer)
    stride = _square(layer.stride if layer.stride is not None else kernel, "stride", layer)
    if _square(layer.padding, "padding", layer) != 0 or layer.ceil_mode:
        raise ConfigError(f"{type(layer).__name__}: deploy supports padding=0 and ceil_mode=False")
    if isinstance(layer, nn.MaxPool2d) and _square(layer.dilation, "dilation", layer) != 1:
        raise ConfigError("MaxPool2d: deploy supports dilation=1")
    return kernel, stride


def _pooled_shape(shape: tuple[int, ...], kernel: int, stride: int) -> tuple[int, int, int]:
    if len(shape) != 3:
        raise ConfigError(f"pooling needs (channels, height, width) inputs, got shape {shape}; pool before Flatten")
    channels, height, width = shape
    return channels, conv_output_side(height, kernel, 0, stride), conv_output_side(width, kernel, 0, stride)


def _batch_norm(layer: nn.BatchNorm1d | nn.BatchNorm2d, affine: _AffineMap) -> None:
    if layer.running_mean is None:
        raise ConfigError(f"{type(layer).__name__} without running statistics cannot be folded into weights")
    factor = 1.0 / np.sqrt(_array(layer.running_var) + layer.eps)
    gamma = _array(layer.weight) if layer.affine else np.ones_like(factor)
    beta = _array(layer.bias) if layer.affine else np.zeros_like(factor)
    scale = gamma * factor
    shift = beta - _array(layer.running_mean) * scale
    affine.scale(_per_channel(scale, affine.shape), _per_channel(shift, affine.shape))


def deployment_plan(network: SpikingNetwork, input_shape: tuple[int, ...]) -> DeploymentPlan:
    """The populations and synapses of ``network`` for samples of ``input_shape`` (e.g. ``(1, 8, 8)``)."""
    if network.training:
        raise ConfigError("deploy a network in eval mode: call network.eval() first (batch norm, dropout)")
    shape = tuple(int(side) for side in input_shape)
    populations = [Population("inputs", "input", shape)]
    affine, macs, time_norm = _AffineMap(shape), 0, None
    for layer in network.layers:
        if time_norm is not None and not isinstance(layer, (LIF, Integrator, TimeBatchNorm)):
            raise ConfigError("a TimeBatchNorm must come directly before a LIF or Integrator layer to be deployed")
        if isinstance(layer, nn.Conv2d):
            macs += _conv(layer, affine)
        elif isinstance(layer, nn.Linear):
            macs += _linear(layer, affine)
        elif isinstance(layer, nn.AvgPool2d):
            kernel, stride = _pool_window(layer)
            pooled = _pooled_shape(affine.shape, kernel, stride)
            wiring = pool_connections(affine.shape, kernel, stride)
            matrix = _matrix(wiring, math.prod(pooled), math.prod(affine.shape)) / kernel**2
            affine.apply(matrix, np.zeros(math.prod(pooled)), pooled)
        elif isinstance(layer, nn.Flatten):
            if layer.start_dim != 1 or layer.end_dim != -1:
                raise ConfigError("Flatten: deploy supports start_dim=1, end_dim=-1 (the defaults)")
            affine.shape = (math.prod(affine.shape),)
        elif isinstance(layer, (nn.BatchNorm1d, nn.BatchNorm2d)):
            _batch_norm(layer, affine)
        elif isinstance(layer, TimeBatchNorm):
            if time_norm is not None:
                raise ConfigError("two TimeBatchNorm layers in a row cannot be deployed; merge them")
            time_norm = layer
        elif isinstance(layer, nn.MaxPool2d):
            if not affine.is_identity:
                raise ConfigError("MaxPool2d must directly follow a spiking layer (the max of spikes is their OR)")
            kernel, stride = _pool_window(layer)
            pooled = _pooled_shape(affine.shape, kernel, stride)
            populations.append(Population(
                f"relay_{len(populations)}", "relay", pooled, synapses=pool_connections(affine.shape, kernel, stride),
            ))
            affine = _AffineMap(pooled)
        elif isinstance(layer, (LIF, Integrator)):
            populations.append(_neurons(layer, affine, len(populations), time_norm))
            affine, time_norm = _AffineMap(affine.shape), None
    return DeploymentPlan(populations=populations, macs=macs)


def _step_tables(norm: TimeBatchNorm, affine: _AffineMap) -> dict[str, np.ndarray]:
    """``scale[t]`` and ``offset[t] = scale[t] b + shift[t]`` per neuron for the current ``A s + b``."""
    folded = [norm.folded(t) for t in range(norm.steps)]
    scale = np.stack([_per_channel(_array(step_scale), affine.shape) for step_scale, _ in folded])
    shift = np.stack([_per_channel(_array(step_shift), affine.shape) for _, step_shift in folded])
    return {"step_scale": scale, "step_offset": scale * affine.offset + shift}


def _neurons(layer: LIF | Integrator, affine: _AffineMap, index: int, time_norm: TimeBatchNorm | None) -> Population:
    coo = affine.matrix.tocoo()
    synapses = Connections(pre=coo.col.astype(np.int64), post=coo.row.astype(np.int64), weight=coo.data.copy(),
                           padding_weight=np.zeros(coo.shape[0]))
    if time_norm is None:
        current = {"bias": affine.offset.copy()}
    else:
        if time_norm.gamma.shape[1] != affine.shape[0]:
            raise ConfigError(f"TimeBatchNorm({time_norm.gamma.shape[1]}) after {affine.shape[0]} channels")
        current = _step_tables(time_norm, affine)
    common = dict(shape=affine.shape, synapses=synapses, beta=float(layer.beta), **current)
    if isinstance(layer, Integrator):
        return Population(f"readout_{index}", "integrator", **common)
    return Population(
        f"layer_{index}", "spiking", threshold=float(layer.threshold), reset=layer.reset,
        refractory_steps=int(layer.refractory_steps), initial_v=layer.initial_v, **common,
    )
