"""Fake quantisers with straight-through gradients (Bengio et al. 2013): quantised forward, identity backward
inside the representable range and zero where the input was clipped.

- `symmetric_quantise`: ``b``-bit scale quantisation over ``[-limit, limit]`` with ``L = 2^(b-1) - 1`` levels
  per sign, ``step = limit / L``, ``q(x) = step * round(clip(x, -limit, limit) / step)``; ACE-SNN's inference
  ("scale") quantiser, ``s = (2^(b-1) - 1) / max|w|`` (Datta et al. 2022), when ``limit = max|x|`` (the default).
- `affine_quantise`: ``b``-bit affine quantisation over ``[min x, max x]``, ``s = (2^b - 1) / (max x - min x)``,
  ``z = round(-s min x) - 2^(b-1)``, ``q = clip(round(s x) + z, -2^(b-1), 2^(b-1) - 1)``, ``x_hat = (q - z) / s``;
  ACE-SNN's training quantiser (the range refreshed on every call).
- `ternary`: ``{-a, 0, +a}``: ``sign(w)`` where ``|w| > Delta = factor * mean|w|`` (factor 0.7, TWN, Li et al. 2016),
  else 0, with ``a = 1`` (scatter-and-gather, Zou et al., lets batch norm absorb the scale) or TWN's
  ``a = mean(|w| : |w| > Delta)`` (``scaled=True``).

``round`` is half to even (torch's and numpy's). Ranges, thresholds and scales computed from the input are treated
as constants in the backward pass.
"""

import math

import torch

from brainsnn.errors import ConfigError


def _check_bits(bits) -> None:
    if isinstance(bits, bool) or not isinstance(bits, int) or not 2 <= bits <= 32:
        raise ConfigError(f"bits must be an integer in 2..32, got {bits!r}")


def _straight_through(quantised: torch.Tensor, passed: torch.Tensor) -> torch.Tensor:
    """``quantised`` exactly in the forward pass, the gradient of ``passed`` in the backward pass."""
    return quantised + (passed - passed.detach())


def symmetric_quantise(x: torch.Tensor, bits: int, limit: float | None = None) -> torch.Tensor:
    """``bits``-bit symmetric quantisation of ``x`` over ``[-limit, limit]`` (default ``limit = max|x|``)."""
    _check_bits(bits)
    if limit is None:
        limit = x.detach().abs().max()
    elif isinstance(limit, bool) or not (isinstance(limit, int | float) and 0 < limit < math.inf):
        raise ConfigError(f"limit must be a finite positive number or None (max|x|), got {limit!r}")
    clipped = torch.clamp(x, -limit, limit)
    step = torch.clamp(torch.as_tensor(limit, dtype=x.dtype, device=x.device), min=torch.finfo(x.dtype).tiny)
    step = step / (2 ** (bits - 1) - 1)
    return _straight_through(torch.round(clipped.detach() / step) * step, clipped)


def affine_quantise(x: torch.Tensor, bits: int) -> torch.Tensor:
    """``bits``-bit affine quantisation of ``x`` over its own range ``[min x, max x]``."""
    _check_bits(bits)
    low, high = x.detach().min(), x.detach().max()
    if not high > low:
        return x
    scale = (2**bits - 1) / (high - low)
    zero_point = torch.round(-scale * low) - 2 ** (bits - 1)
    levels = torch.clamp(torch.round(scale * x.detach()) + zero_point, -(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
    return _straight_through((levels - zero_point) / scale, x)


def ternary(w: torch.Tensor, threshold_factor: float = 0.7, scaled: bool = False) -> torch.Tensor:
    """``w`` mapped to ``{-a, 0, +a}`` with threshold ``threshold_factor * mean|w|`` (see the module docstring)."""
    if isinstance(threshold_factor, bool) or not (
        isinstance(threshold_factor, int | float) and 0 <= threshold_factor < math.inf
    ):
        raise ConfigError(f"threshold_factor must be a finite non-negative number, got {threshold_factor!r}")
    magnitude = w.detach().abs()
    kept = magnitude > threshold_factor * magnitude.mean()
    levels = torch.sign(w.detach()) * kept
    if scaled and kept.any():
        levels = levels * magnitude[kept].mean()
    return _straight_through(levels, w)
