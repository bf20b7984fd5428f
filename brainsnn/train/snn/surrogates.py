"""The spike nonlinearity with a surrogate gradient: Heaviside forward, a smooth pseudo-derivative backward.

Forward ``s = H(u) = 1 if u >= 0 else 0`` with ``u = v - threshold`` (a membrane exactly at threshold spikes).
Backward ``ds/du`` is replaced by the named surrogate ``sigma'(u)``:

- ``triangle``: ``gamma * max(0, 1 - |u| / width)``; Bellec et al. 2018, used by BNTT (Kim & Panda 2021) and
  ACE-SNN (Datta et al. 2022) with ``gamma = 0.3``, ``width = 1`` (the threshold).
- ``fast_sigmoid``: ``1 / (1 + slope |u|)^2``, the derivative of ``u / (1 + slope |u|)``; SuperSpike
  (Zenke & Ganguli 2018). Default ``slope = 25`` (snnTorch's default).
- ``exponential``: ``amplitude * exp(-decay |u|)``, the derivative of
  ``sign(u) (amplitude / decay) (1 - exp(-decay |u|))``; ANTLR (Kim et al. 2020) uses ``exp(-3 |u|)``.
- ``arctan``: ``(alpha / 2) / (1 + (pi alpha u / 2)^2)``, the derivative of ``arctan(pi alpha u / 2) / pi + 1/2``;
  Fang et al. 2021 (PLIF), ``alpha = 2`` (peak slope 1). Written as ``a / (1 + (pi a u)^2)`` with ``a = alpha / 2``.
- ``gaussian``: ``(alpha / sqrt(pi)) exp(-alpha^2 u^2)``, the derivative of ``(1 + erf(alpha u)) / 2``; BPSR
  (Yan et al. 2022, Eq. 3) with ``alpha = 0.7``.
"""

import math
from collections.abc import Mapping

import torch

from brainsnn.errors import ConfigError

#: Default parameters of each surrogate; the keys are the keyword names `spike` accepts for it.
SURROGATE_DEFAULTS: dict[str, dict[str, float]] = {
    "triangle": {"gamma": 0.3, "width": 1.0},
    "fast_sigmoid": {"slope": 25.0},
    "exponential": {"amplitude": 1.0, "decay": 3.0},
    "arctan": {"alpha": 2.0},
    "gaussian": {"alpha": 0.7},
}

#: Names of the surrogate derivatives.
SURROGATES = tuple(SURROGATE_DEFAULTS)


class Surrogate:
    """One named surrogate with validated parameters: ``surrogate(u)`` spikes, ``surrogate.derivative(u)``."""

    def __init__(self, name: str = "triangle", parameters: Mapping[str, float] | None = None) -> None:
        if name not in SURROGATE_DEFAULTS:
            raise ConfigError(f"unknown surrogate {name!r}; choose one of {', '.join(SURROGATES)}")
        defaults = SURROGATE_DEFAULTS[name]
        unknown = set(parameters or {}) - set(defaults)
        if unknown:
            raise ConfigError(
                f"surrogate {name!r} takes the parameters {', '.join(defaults)}, not {', '.join(sorted(unknown))}"
            )
        values = {**defaults, **(parameters or {})}
        for key, value in values.items():
            if isinstance(value, bool) or not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
                raise ConfigError(f"surrogate {name!r} needs a finite positive {key}, got {value!r}")
        self.name = name
        self.parameters = {key: float(value) for key, value in values.items()}

    def derivative(self, u: torch.Tensor) -> torch.Tensor:
        """The surrogate ``sigma'(u)`` in closed form, elementwise, in ``u``'s dtype."""
        p = self.parameters
        if self.name == "triangle":
            return p["gamma"] * torch.clamp(1 - u.abs() / p["width"], min=0)
        if self.name == "fast_sigmoid":
            return 1 / (1 + p["slope"] * u.abs()) ** 2
        if self.name == "exponential":
            return p["amplitude"] * torch.exp(-p["decay"] * u.abs())
        if self.name == "gaussian":
            return p["alpha"] / math.sqrt(math.pi) * torch.exp(-((p["alpha"] * u) ** 2))
        half_alpha = p["alpha"] / 2
        return half_alpha / (1 + (math.pi * half_alpha * u) ** 2)

    def __call__(self, u: torch.Tensor) -> torch.Tensor:
        """``H(u)`` as ``u``'s dtype, differentiated with `derivative`."""
        return _SurrogateSpike.apply(u, self)

    def __repr__(self) -> str:
        return f"Surrogate({self.name!r}, {self.parameters})"


class _SurrogateSpike(torch.autograd.Function):
    @staticmethod
    def forward(ctx, u, surrogate):
        ctx.save_for_backward(u)
        ctx.surrogate = surrogate
        return (u >= 0).to(u.dtype)

    @staticmethod
    def backward(ctx, grad_output):
        (u,) = ctx.saved_tensors
        return grad_output * ctx.surrogate.derivative(u), None


def spike(u: torch.Tensor, surrogate: str = "triangle", **parameters: float) -> torch.Tensor:
    """Heaviside ``H(u) = (u >= 0)`` with the named surrogate gradient.

    Parameters
    ----------
    u
        Membrane minus threshold, any shape, floating point.
    surrogate
        One of `SURROGATES`.
    **parameters
        That surrogate's parameters (`SURROGATE_DEFAULTS` lists names and defaults), e.g. ``gamma=0.3``.
    """
    return Surrogate(surrogate, parameters)(u)
