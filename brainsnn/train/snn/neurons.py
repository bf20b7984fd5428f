"""Discrete-time leaky integrate-and-fire neurons (LIF; IF when ``beta = 1``) and a non-spiking integrator.

One call is one time step ``t`` with input current ``I[t]`` (the discrete LIF of Wu et al. 2018, used by BNTT,
Kim & Panda 2021, eq. 4, and ACE-SNN, Datta et al. 2022, with soft reset):

    v[-1]           = initial_v                                 # every sample starts here (0 by default)
    active[t]       = (refractory_left == 0)                    # before this step's update
    refractory_left = max(refractory_left - 1, 0)
    v[t]            = beta v[t-1] + I[t]  if active[t]  else v[t-1]
    s[t]            = H(v[t] - threshold) * active[t]          # H(0) = 1, surrogate gradient
    v[t]            = v[t] (1 - s[t])                          # reset "zero"
                    = v[t] - threshold s[t]                    # reset "subtract" (soft)
    refractory_left = refractory_steps  where s[t] = 1

A non-zero ``initial_v`` is a pre-charged membrane, e.g. the threshold-residual initial charge ``eta * threshold``
of ECC conversion (Wu, Yi & Huang 2022), which centres the rounding of the spike count.

``brainsnn.deploy`` reproduces these steps in Brian2 bit for bit: do not change their order or arithmetic.
"""

import math
from collections.abc import Mapping

import torch

from brainsnn.errors import ConfigError
from brainsnn.train.snn.surrogates import Surrogate

#: Reset modes of `LIF`.
RESETS = ("zero", "subtract")


def _check_beta(beta) -> float:
    if isinstance(beta, bool) or not (isinstance(beta, int | float) and 0 < beta <= 1):
        raise ConfigError(f"beta (the leak factor per step) must be in (0, 1], 1 for IF; got {beta!r}")
    return float(beta)


class LIF(torch.nn.Module):
    """A layer of LIF neurons stepped once per call; state ``v`` and ``refractory_left`` is created lazily.

    Parameters
    ----------
    beta
        Leak factor per step in (0, 1]; 1 is the non-leaky IF neuron (see `IF`).
    threshold
        Firing threshold, positive.
    reset
        ``"zero"`` (hard) or ``"subtract"`` (soft) reset, see the module docstring.
    refractory_steps
        Steps a neuron stays frozen (no leak, no input, no spike) after a spike; 0 turns refractoriness off.
    surrogate, surrogate_parameters
        Surrogate gradient of the spike (see `brainsnn.train.snn.surrogates`).
    detach_reset
        Exclude the reset term from the gradient (BNTT's code and several papers do).
    initial_v
        Membrane potential at the start of every sample (finite; 0 by default).
    """

    def __init__(
        self,
        beta: float,
        threshold: float = 1.0,
        reset: str = "subtract",
        refractory_steps: int = 0,
        surrogate: str = "triangle",
        surrogate_parameters: Mapping[str, float] | None = None,
        detach_reset: bool = False,
        initial_v: float = 0.0,
    ) -> None:
        super().__init__()
        if isinstance(threshold, bool) or not (isinstance(threshold, int | float) and 0 < threshold < math.inf):
            raise ConfigError(f"threshold must be a finite positive number, got {threshold!r}")
        if reset not in RESETS:
            raise ConfigError(f"unknown reset {reset!r}; choose one of {', '.join(RESETS)}")
        if isinstance(refractory_steps, bool) or not isinstance(refractory_steps, int) or refractory_steps < 0:
            raise ConfigError(f"refractory_steps must be a non-negative integer, got {refractory_steps!r}")
        if not isinstance(detach_reset, bool):
            raise ConfigError(f"detach_reset must be True or False, got {detach_reset!r}")
        if isinstance(initial_v, bool) or not (isinstance(initial_v, int | float) and math.isfinite(initial_v)):
            raise ConfigError(f"initial_v must be a finite number, got {initial_v!r}")
        self.beta = _check_beta(beta)
        self.threshold = float(threshold)
        self.reset = reset
        self.refractory_steps = refractory_steps
        self.surrogate = Surrogate(surrogate, surrogate_parameters)
        self.detach_reset = detach_reset
        self.initial_v = float(initial_v)
        self.reset_state()

    def reset_state(self) -> None:
        """Forget the membrane and refractory counters (start of a new sample batch)."""
        self.v: torch.Tensor | None = None
        self.refractory_left: torch.Tensor | None = None

    def forward(self, current: torch.Tensor) -> torch.Tensor:
        """Advance one step with input ``current``; return the spikes (0/1 in ``current``'s dtype)."""
        if self.v is None:
            self.v = torch.full_like(current, self.initial_v)
            self.refractory_left = torch.zeros(current.shape, dtype=torch.int32, device=current.device)
        elif self.v.shape != current.shape:
            raise ConfigError(
                f"LIF state has shape {tuple(self.v.shape)} but the current has {tuple(current.shape)}; "
                "call reset_state() before a batch of another size"
            )
        integrated = self.beta * self.v + current
        if self.refractory_steps == 0:
            v = integrated
            spikes = self.surrogate(v - self.threshold)
        else:
            active = self.refractory_left == 0
            self.refractory_left = torch.clamp(self.refractory_left - 1, min=0)
            v = torch.where(active, integrated, self.v)
            spikes = self.surrogate(v - self.threshold) * active.to(v.dtype)
        reset_spikes = spikes.detach() if self.detach_reset else spikes
        if self.reset == "zero":
            self.v = v * (1 - reset_spikes)
        else:
            self.v = v - self.threshold * reset_spikes
        if self.refractory_steps:
            self.refractory_left = torch.where(spikes.detach() == 1, self.refractory_steps, self.refractory_left)
        return spikes

    def extra_repr(self) -> str:
        return (
            f"beta={self.beta}, threshold={self.threshold}, reset={self.reset!r}, "
            f"refractory_steps={self.refractory_steps}, surrogate={self.surrogate}, detach_reset={self.detach_reset}, "
            f"initial_v={self.initial_v}"
        )


class IF(LIF):
    """Non-leaky integrate-and-fire neurons: `LIF` with ``beta = 1`` (same keywords otherwise)."""

    def __init__(self, threshold: float = 1.0, reset: str = "subtract", **keywords) -> None:
        super().__init__(1.0, threshold, reset, **keywords)


class Integrator(torch.nn.Module):
    """Non-spiking read-out ``v[t] = beta v[t-1] + I[t]``; returns ``v[t]`` (BNTT's output layer: ``beta = 1``)."""

    def __init__(self, beta: float = 1.0) -> None:
        super().__init__()
        self.beta = _check_beta(beta)
        self.reset_state()

    def reset_state(self) -> None:
        """Forget the membrane."""
        self.v: torch.Tensor | None = None

    def forward(self, current: torch.Tensor) -> torch.Tensor:
        """Advance one step with input ``current``; return the membrane."""
        if self.v is None:
            self.v = torch.zeros_like(current)
        elif self.v.shape != current.shape:
            raise ConfigError(
                f"Integrator state has shape {tuple(self.v.shape)} but the current has {tuple(current.shape)}; "
                "call reset_state() before a batch of another size"
            )
        self.v = self.beta * self.v + current
        return self.v

    def extra_repr(self) -> str:
        return f"beta={self.beta}"
