"""The trained networks as chains of weight layers: a bias-free ReLU MLP, optionally behind a VGG-style stack of
3x3 convolutions with batch norm (VGG13 on CIFAR in the paper preset; Krithivasan et al. 2022, Sec. 3).

Each weight layer splits into its GEMM ``z = W * a`` (the part LoCal's cost model counts), what follows it
(``after``: batch norm, ReLU, max-pooling) and its Hebbian update ``dW = conv(a, z)`` (``z^T a`` for a fully
connected layer, the sum over batch and positions), which costs exactly one weight-gradient GEMM.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch
import torch.nn.functional as F

from brainsnn_studies.local_sgd.cost import LayerShape


class Dense(torch.nn.Module):
    """``z = a W^T`` (input flattened), then ReLU unless it is the readout."""

    def __init__(self, n_in: int, n_out: int, readout: bool, generator: torch.Generator):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.randn(n_out, n_in, generator=generator) * math.sqrt(2.0 / n_in))
        self.readout = readout

    def gemm(self, a: torch.Tensor) -> torch.Tensor:
        return a.flatten(1) @ self.weight.T

    def after(self, z: torch.Tensor) -> torch.Tensor:
        return z if self.readout else torch.relu(z)

    def hebbian(self, a: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        return z.T @ a.flatten(1)

    def shape(self, input_shape: Sequence[int]) -> tuple[LayerShape, tuple[int, ...]]:
        n_out, n_in = self.weight.shape
        return LayerShape(n_in * n_out, n_in), (n_out,)


class Conv(torch.nn.Module):
    """3x3 convolution (padding 1), batch norm, ReLU and an optional 2x2 max-pool."""

    def __init__(self, c_in: int, c_out: int, pool: bool, generator: torch.Generator):
        super().__init__()
        fan_in = 9 * c_in
        self.weight = torch.nn.Parameter(torch.randn(c_out, c_in, 3, 3, generator=generator) * math.sqrt(2.0 / fan_in))
        self.norm = torch.nn.BatchNorm2d(c_out)
        self.pool = pool

    def gemm(self, a: torch.Tensor) -> torch.Tensor:
        return F.conv2d(a, self.weight, padding=1)

    def after(self, z: torch.Tensor) -> torch.Tensor:
        a = torch.relu(self.norm(z))
        return F.max_pool2d(a, 2) if self.pool else a

    def hebbian(self, a: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        return torch.nn.grad.conv2d_weight(a, self.weight.shape, z, padding=1)

    def shape(self, input_shape: Sequence[int]) -> tuple[LayerShape, tuple[int, ...]]:
        c_out, c_in = self.weight.shape[:2]
        _, height, width = input_shape
        macs = height * width * c_out * c_in * 9
        output = (c_out, height // 2, width // 2) if self.pool else (c_out, height, width)
        return LayerShape(macs, c_in * height * width), output


def build_network(input_shape: Sequence[int], conv_channels: Sequence[int], pool_after: Sequence[int],
                  hidden: Sequence[int], n_classes: int, seed: int) -> torch.nn.ModuleList:
    """Conv layers ``conv_channels`` (pooling after the indices ``pool_after``; none: an MLP on the flattened
    input), dense layers ``hidden`` and the readout; He-normal weights from a generator seeded with ``seed``."""
    generator = torch.Generator().manual_seed(seed)
    layers: list[torch.nn.Module] = []
    shape = tuple(input_shape)
    for index, channels in enumerate(conv_channels):
        layers.append(Conv(shape[0], channels, index in pool_after, generator))
        shape = layers[-1].shape(shape)[1]
    widths = [math.prod(shape), *hidden, n_classes]
    layers += [Dense(n_in, n_out, index == len(widths) - 2, generator)
               for index, (n_in, n_out) in enumerate(zip(widths[:-1], widths[1:], strict=True))]
    return torch.nn.ModuleList(layers)


def layer_shapes(network: torch.nn.ModuleList, input_shape: Sequence[int]) -> list[LayerShape]:
    """The `LayerShape` of every weight layer of ``network`` for inputs of ``input_shape``."""
    shapes, shape = [], tuple(input_shape)
    for layer in network:
        cost, shape = layer.shape(shape)
        shapes.append(cost)
    return shapes
