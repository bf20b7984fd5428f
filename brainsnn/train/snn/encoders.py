"""Spike encoders for the torch engine: intensities ``x`` -> spike tensors of shape ``(T, *x.shape)`` in ``x``'s dtype.

- `poisson`: independent Bernoulli draws per step (the discrete-time Poisson/rate code),
  ``s[t] = (U[t] < p)`` with ``U[t] ~ Uniform[0, 1)`` and ``p = x * max_rate_per_step``. ``signed=True`` is BNTT's
  generator (Kim & Panda 2021, code ``PoissonGen``) for normalised inputs of either sign:
  ``s[t] = sign(x) (U[t] < min(|x| max_rate_per_step, 1))``; theirs is ``max_rate_per_step = 0.5``.
- `rate_regular`: the deterministic rate code of an integrate-and-fire accumulator fed ``x`` per step:
  a spike at step ``t`` (0-based) iff ``floor((t + 1) x) > floor(t x)``, i.e. exactly ``floor(T x)`` spikes,
  evenly spaced with period ``1 / x``, the first at step ``ceil(1 / x) - 1``.
- `latency`: time-to-first-spike code, one spike per input with ``x > threshold`` at step
  ``t = floor((1 - x)(T - 1) + 1/2)`` (round half up; ``x = 1`` fires at step 0, small ``x`` near ``T - 1``);
  inputs ``x <= threshold`` (by default ``x = 0``) stay silent.
"""

import math

import torch

from brainsnn.errors import ConfigError


def _check(x: torch.Tensor, steps: int, low: float = 0.0) -> None:
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise ConfigError(f"steps must be a positive integer, got {steps!r}")
    if not x.is_floating_point():
        raise ConfigError(f"intensities must be a floating-point tensor, got {x.dtype}; convert with .float()")
    if x.numel() and not (bool(torch.isfinite(x).all()) and x.min() >= low and (low < 0 or x.max() <= 1)):
        span = "finite" if low < 0 else "in [0, 1]"
        raise ConfigError(f"intensities must be {span}; rescale them (e.g. divide pixels by 255)")


def poisson(
    x: torch.Tensor,
    steps: int,
    generator: torch.Generator,
    max_rate_per_step: float = 1.0,
    signed: bool = False,
) -> torch.Tensor:
    """Bernoulli spikes with probability ``x * max_rate_per_step`` per step (signed: see the module docstring).

    ``generator`` (on ``x``'s device) makes the draw reproducible: the same seed gives the same spikes.
    """
    _check(x, steps, low=-math.inf if signed else 0.0)
    if isinstance(max_rate_per_step, bool) or not (
        isinstance(max_rate_per_step, int | float) and 0 < max_rate_per_step <= 1
    ):
        raise ConfigError(f"max_rate_per_step must be in (0, 1], got {max_rate_per_step!r}")
    uniform = torch.rand((steps, *x.shape), generator=generator, dtype=x.dtype, device=x.device)
    probability = torch.clamp(x.abs() * max_rate_per_step, max=1.0)
    spikes = (uniform < probability).to(x.dtype)
    return spikes * torch.sign(x) if signed else spikes


def rate_regular(x: torch.Tensor, steps: int) -> torch.Tensor:
    """``floor(steps * x)`` evenly spaced spikes per input (``x`` in [0, 1])."""
    _check(x, steps)
    t = torch.arange(steps + 1, dtype=x.dtype, device=x.device).reshape(-1, *([1] * x.dim()))
    counts = torch.floor(t * x)
    return (counts[1:] > counts[:-1]).to(x.dtype)


def latency(x: torch.Tensor, steps: int, threshold: float = 0.0) -> torch.Tensor:
    """One spike per input ``x > threshold`` at step ``floor((1 - x)(steps - 1) + 1/2)``; ``x`` in [0, 1]."""
    _check(x, steps)
    if isinstance(threshold, bool) or not (isinstance(threshold, int | float) and 0 <= threshold < 1):
        raise ConfigError(f"threshold must be in [0, 1), got {threshold!r}")
    fire_step = torch.floor((1 - x) * (steps - 1) + 0.5)
    t = torch.arange(steps, dtype=x.dtype, device=x.device).reshape(-1, *([1] * x.dim()))
    return ((t == fire_step) & (x > threshold)).to(x.dtype)
