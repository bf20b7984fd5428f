"""The networks of Kim & Panda (2021): LIF MLPs, VGG9 / VGG11, each with one of three normalisations.

Every hidden layer is ``Linear/Conv2d (no bias) -> norm -> LIF`` with leak ``lambda``, threshold ``theta``, soft reset
(``u -= theta``, detached from the gradient as in the authors' code) and the triangle surrogate
``alpha max(0, 1 - |u - theta| / theta)`` (Eq. 8 with the missing absolute value, alpha = 0.3); the read-out is a
non-spiking integrator with lambda = 1 and no norm, read as ``u^T / T`` (Eq. 5, divided by T as in the code).

Norms (``variant``): ``none``; ``bn``, one standard batch norm (gamma and beta) shared by every step, batch
statistics in training and one running average at test; ``bntt``, `TimeBatchNorm` (Eq. 9: statistics and gamma per
step, no beta). Weights: Xavier-uniform with gain 2 (the authors' code). VGG layouts are the code's:
VGG9 ``c64 c64 P c128 c128 P c256 c256 c256 P FC1024``, VGG11 ``c64 P c128 P c256 c256 P c512 c512 P c512 c512 P
FC4096`` (P: 2x2 average pooling), 3x3 kernels with padding 1, widths scaled by ``width / 64``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from torch import nn

from brainsnn.train.snn import LIF, Integrator, SpikingNetwork, TimeBatchNorm

#: Conv widths (multiples of the first layer's) and pooling ("P") of the authors' VGG9 and VGG11.
VGG_LAYOUTS = {
    "vgg9": (1, 1, "P", 2, 2, "P", 4, 4, 4, "P"),
    "vgg11": (1, "P", 2, "P", 4, 4, "P", 8, 8, "P", 8, 8, "P"),
}
#: Xavier-uniform gain of the authors' code.
INIT_GAIN = 2.0


def norm_layers(variant: str, features: int, steps: int, conv: bool, config: Mapping[str, Any]) -> list[nn.Module]:
    """The normalisation after a weight layer of ``features`` outputs: none, shared BN or BNTT."""
    eps, momentum = config["bn_eps"], config["bn_momentum"]
    if variant == "bntt":
        return [TimeBatchNorm(features, steps, eps=eps, momentum=momentum)]
    if variant == "bn":
        return [(nn.BatchNorm2d if conv else nn.BatchNorm1d)(features, eps=eps, momentum=momentum)]
    return []


def lif(config: Mapping[str, Any]) -> LIF:
    """A soft-reset LIF layer with the triangle surrogate (Eq. 4 and 8)."""
    return LIF(config["leak"], config["threshold"], "subtract", detach_reset=True,
               surrogate_parameters={"gamma": config["surrogate_alpha"], "width": config["threshold"]})


def initialised(layers: list[nn.Module]) -> SpikingNetwork:
    """The layers as a `SpikingNetwork`, weights Xavier-uniform with gain 2."""
    for layer in layers:
        if isinstance(layer, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(layer.weight, gain=INIT_GAIN)
    return SpikingNetwork(layers)


def mlp(n_inputs: int, hidden: tuple[int, ...], variant: str, steps: int, config: Mapping[str, Any],
        n_classes: int = 10) -> SpikingNetwork:
    """``n_inputs - hidden... - n_classes`` with a norm and LIF after every hidden weight layer."""
    layers: list[nn.Module] = []
    width = n_inputs
    for size in hidden:
        layers += [nn.Linear(width, size, bias=False), *norm_layers(variant, size, steps, False, config), lif(config)]
        width = size
    return initialised([*layers, nn.Linear(width, n_classes, bias=False), Integrator()])


def vgg(layout: str, width: int, fc: int, variant: str, steps: int, config: Mapping[str, Any],
        n_classes: int = 10, side: int = 32) -> SpikingNetwork:
    """VGG9 or VGG11 on ``(3, side, side)`` images with conv widths ``width x`` the layout's multiples."""
    layers: list[nn.Module] = []
    channels = 3
    for entry in VGG_LAYOUTS[layout]:
        if entry == "P":
            layers.append(nn.AvgPool2d(2))
            side //= 2
            continue
        out = entry * width
        layers += [nn.Conv2d(channels, out, 3, padding=1, bias=False),
                   *norm_layers(variant, out, steps, True, config), lif(config)]
        channels = out
    layers += [nn.Flatten(), nn.Linear(channels * side * side, fc, bias=False),
               *norm_layers(variant, fc, steps, False, config), lif(config),
               nn.Linear(fc, n_classes, bias=False), Integrator()]
    return initialised(layers)
