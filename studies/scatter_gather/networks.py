"""The quantised ANNs (Zou et al. 2021, Sec. 4.1): first layer full-precision weights, hidden layers ternary, each
followed by batch norm without scale (gamma frozen at 1, the paper's Eq. 2) and the median quantisation; pooling is
a full-channel 2 x 2 stride-2 convolution; the read-out is a full-precision linear layer.

- ``digits-conv`` (8 x 8 digits, the notes' scaled-down net): 8C3 SAME - 8P2 - 16C3 SAME - 16P2 - 10FC.
- ``lenet`` (28 x 28): 16C5 SAME - 16C5 - 2P2 - 32C5 - 2P2 - 256FC - 10FC, channels times ``width_scale``.
- ``vgg`` (24 x 24 x 3 crops): 64C3 x 3 - 2P2 - 128C3 x 2 - 2P2 - 256C3 x 2 - 2P2 - 512C3 - 512C3 VALID - 10FC
  (SAME but the last 512C3, as Table 10's core counts imply), channels times ``width_scale``.
"""

from __future__ import annotations

from torch import nn

from brainsnn.conversion.scatter_gather import MedianQuant, TernaryConv2d, TernaryLinear
from brainsnn.errors import ConfigError

#: Data set -> architecture.
ARCHITECTURES = {"digits": "digits-conv", "fashion-mnist": "lenet", "mnist": "lenet", "cifar-10": "vgg"}


def _norm(channels: int, conv: bool) -> nn.Module:
    norm = (nn.BatchNorm2d if conv else nn.BatchNorm1d)(channels)
    norm.weight.requires_grad_(False)
    return norm


def _conv(c_in: int, c_out: int, kernel: int, k: int, bound: int, *, stride: int = 1, padding: int = 0,
          ternary: bool = True) -> list[nn.Module]:
    kind = TernaryConv2d if ternary else nn.Conv2d
    return [kind(c_in, c_out, kernel, stride=stride, padding=padding, bias=False), _norm(c_out, True),
            MedianQuant(k, bound)]


def _pool(channels: int, k: int, bound: int) -> list[nn.Module]:
    return _conv(channels, channels, 2, k, bound, stride=2)


def _scaled(channels: int, width_scale: float) -> int:
    return max(1, round(channels * width_scale))


def build_ann(architecture: str, k: int, bound: int, width_scale: float, n_classes: int) -> nn.Sequential:
    """The quantised ANN ``architecture`` with median quantisation ``(k, bound)``."""
    if architecture == "digits-conv":
        return nn.Sequential(*_conv(1, 8, 3, k, bound, padding=1, ternary=False), *_pool(8, k, bound),
                             *_conv(8, 16, 3, k, bound, padding=1), *_pool(16, k, bound), nn.Flatten(),
                             nn.Linear(16 * 2 * 2, n_classes))
    if architecture == "lenet":
        c1, c2, fc = (_scaled(c, width_scale) for c in (16, 32, 256))
        return nn.Sequential(*_conv(1, c1, 5, k, bound, padding=2, ternary=False), *_conv(c1, c1, 5, k, bound),
                             *_pool(c1, k, bound), *_conv(c1, c2, 5, k, bound), *_pool(c2, k, bound), nn.Flatten(),
                             TernaryLinear(c2 * 4 * 4, fc, bias=False), _norm(fc, False), MedianQuant(k, bound),
                             nn.Linear(fc, n_classes))
    if architecture == "vgg":
        c64, c128, c256, c512 = (_scaled(c, width_scale) for c in (64, 128, 256, 512))
        return nn.Sequential(
            *_conv(3, c64, 3, k, bound, padding=1, ternary=False), *_conv(c64, c64, 3, k, bound, padding=1),
            *_conv(c64, c64, 3, k, bound, padding=1), *_pool(c64, k, bound),
            *_conv(c64, c128, 3, k, bound, padding=1), *_conv(c128, c128, 3, k, bound, padding=1),
            *_pool(c128, k, bound), *_conv(c128, c256, 3, k, bound, padding=1),
            *_conv(c256, c256, 3, k, bound, padding=1), *_pool(c256, k, bound),
            *_conv(c256, c512, 3, k, bound, padding=1), *_conv(c512, c512, 3, k, bound), nn.Flatten(),
            nn.Linear(c512, n_classes))
    raise ConfigError(f"unknown architecture {architecture!r}; choose one of {', '.join(set(ARCHITECTURES.values()))}")
