"""Classification losses on a spiking network's output, given as a ``(T, B, C)`` tensor over time (spikes or
membranes) or already reduced to ``(B, C)``; ``labels`` are ``B`` class indices.

- `count_cross_entropy`: ``mean_b CE(softmax(scale * c_b), y_b)`` with ``c = sum_t out[t]`` (spike counts; BNTT's
  output is the mean membrane, i.e. pass ``membrane.mean(0)`` or ``scale = 1 / T``), averaged over the batch.
- `rate_mse`: ``sum_{b,c} (r_bc - target_bc)^2`` with ``r = mean_t s[t]`` and target ``true_rate`` on the label,
  ``false_rate`` elsewhere; summed over batch and classes, without a 1/2 (lava-dl's ``SpikeRate``, the spike-rate
  loss of Shrestha et al.'s Spikemax paper).
- `spikemax`: ``-sum_b log p_{b,y_b}`` with ``p = r / (sum_c r + eps)`` (Shrestha, Zhu & Sun 2022, eq. 7, the
  global "spikemax_g" form; lava-dl's ``SpikeMax`` probability mode: rates, ``eps = 1e-6``, summed). A batch whose
  true class never fires has ``p = 0`` and an infinite loss, as in the paper.
"""

import math

import torch
import torch.nn.functional as F

from brainsnn.errors import ConfigError


def _reduced(outputs: torch.Tensor, labels: torch.Tensor, reduce) -> torch.Tensor:
    if outputs.dim() not in (2, 3):
        raise ConfigError(f"outputs must be (T, B, C) over time or (B, C), got shape {tuple(outputs.shape)}")
    values = reduce(outputs, dim=0) if outputs.dim() == 3 else outputs
    if labels.shape != values.shape[:1] or labels.dtype != torch.int64:
        raise ConfigError(f"labels must be a ({values.shape[0]},) int64 tensor of class indices, got {labels.dtype} "
                          f"{tuple(labels.shape)}")
    if labels.numel() and not 0 <= int(labels.min()) <= int(labels.max()) < values.shape[1]:
        raise ConfigError(f"labels must be class indices in 0..{values.shape[1] - 1}")
    return values


def _positive(name: str, value) -> None:
    if isinstance(value, bool) or not (isinstance(value, int | float) and 0 < value < math.inf):
        raise ConfigError(f"{name} must be a finite positive number, got {value!r}")


def count_cross_entropy(outputs: torch.Tensor, labels: torch.Tensor, scale: float = 1.0) -> torch.Tensor:
    """Softmax cross-entropy of ``scale`` times the counts (``(T, B, C)`` summed over T) or ``(B, C)`` values."""
    _positive("scale", scale)
    return F.cross_entropy(scale * _reduced(outputs, labels, torch.sum), labels)


def rate_mse(
    outputs: torch.Tensor, labels: torch.Tensor, true_rate: float = 0.2, false_rate: float = 0.04
) -> torch.Tensor:
    """Summed squared error of rates (``(T, B, C)`` averaged over T, or ``(B, C)``) to one-hot target rates.

    The defaults are Spikemax's NMNIST targets (0.2, 0.04) per step.
    """
    for name, value in (("true_rate", true_rate), ("false_rate", false_rate)):
        if isinstance(value, bool) or not (isinstance(value, int | float) and 0 <= value <= 1):
            raise ConfigError(f"{name} must be a rate per step in [0, 1], got {value!r}")
    rates = _reduced(outputs, labels, torch.mean)
    one_hot = F.one_hot(labels, rates.shape[1]).to(rates.dtype)
    target = true_rate * one_hot + false_rate * (1 - one_hot)
    return ((rates - target) ** 2).sum()


def spikemax(outputs: torch.Tensor, labels: torch.Tensor, eps: float = 1e-6) -> torch.Tensor:
    """Summed negative log of the true class's share ``r / (sum r + eps)`` of the rates (mean over T)."""
    _positive("eps", eps)
    rates = _reduced(outputs, labels, torch.mean)
    probability = rates / (rates.sum(dim=1, keepdim=True) + eps)
    return -torch.log(probability.gather(1, labels[:, None])).sum()
