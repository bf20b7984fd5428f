"""Post-training quantisation of a BPSR network (Yan et al. 2022, Sec. 2.5): fixed-point weights and biases, leaks
as shifts.

- ``w, b`` -> ``n``-bit fixed point with 1 sign bit and ``n - 1`` fraction bits in units of the threshold:
  ``q(w) = U_th clip(round(w / (U_th 2^-(n-1))) 2^-(n-1), -1, 1 - 2^-(n-1))`` (round half to even), so a weight is
  an integer number of ``U_th / 2^(n-1)`` steps and the membrane accumulates with fixed-point adds (FI-ADD).
- ``tau`` -> ``2^-m`` with ``m = round(-log2 tau)``, the leak a right shift by ``m`` bits; ``m`` is at most
  ``n - 1`` and a leak below ``2^-(n - 1/2)`` (or 0) becomes 0, no carry-over (our choices: the paper gives none).
"""

from __future__ import annotations

import copy

import torch

from brainsnn.errors import ConfigError
from brainsnn_studies.bpsr.network import BPSRNetwork


def _check_bits(bits: int) -> None:
    if isinstance(bits, bool) or not isinstance(bits, int) or not 2 <= bits <= 32:
        raise ConfigError(f"bits must be an integer in 2..32, got {bits!r}")


def fixed_point(values: torch.Tensor, bits: int, unit: float = 1.0) -> torch.Tensor:
    """``values`` on the ``bits``-bit fixed-point grid of ``[-unit, unit)`` (see the module docstring)."""
    _check_bits(bits)
    step = 2.0 ** -(bits - 1)
    return unit * torch.clamp(torch.round(values / (unit * step)) * step, -1.0, 1.0 - step)


def shift_leak(tau: torch.Tensor, max_shift: int) -> torch.Tensor:
    """``tau`` rounded to ``2^-m``, ``m = round(-log2 tau) <= max_shift``; smaller leaks (and 0) become 0."""
    shifts = torch.round(-torch.log2(tau.clamp(min=torch.finfo(tau.dtype).tiny)))
    return torch.where((tau > 0) & (shifts <= max_shift), 2.0 ** -shifts, torch.zeros_like(tau))


def quantised(network: BPSRNetwork, bits: int) -> BPSRNetwork:
    """A copy of ``network`` with ``W, R, b`` on the ``bits``-bit grid and ``tau`` as shifts of at most ``bits - 1``."""
    copied = copy.deepcopy(network)
    with torch.no_grad():
        for layer in copied.layers:
            for parameter in (*layer.weights().values(), layer.bias):
                parameter.copy_(fixed_point(parameter, bits, layer.threshold))
            layer.tau.copy_(shift_leak(layer.tau, bits - 1))
    copied.apply_masks_()
    return copied
