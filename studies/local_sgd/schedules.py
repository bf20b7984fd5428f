"""Where the Localized -> SGD boundary lies each epoch (Krithivasan et al. 2022, Sec. 2.2, Eqs. 2-4, Algorithm 1).

Layers ``0 .. N - 1`` learn locally and layers ``N .. L - 1`` by SGD; back-propagation stops at layer ``N``. The
boundary starts at 0 (all SGD), never moves back and never passes ``L - 1`` (the output layer keeps SGD).

Static schedules, re-parametrised so that ``c1`` is the largest fraction of layers learnt locally and ``c2`` the
fraction of the epochs before local learning starts (the paper's Sec. 3.5 semantics; its literal Eqs. 2-4 do not
have them): with ``u = (E - c2 E_max) / ((1 - c2) E_max)`` for ``E >= c2 E_max``,
``N(E) = floor(c1 L shape(u))`` and ``shape`` linear ``u``, quadratic ``1 - (1 - u)^2`` (Eq. 3 with c1, c2 as
fractions) or exponential ``(exp(k u) - 1) / (exp(k) - 1)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: Static schedule shapes of Eqs. 2-4.
SCHEDULES = ("linear", "quadratic", "exponential")


def schedule_shape(schedule: str, u: float, rate: float) -> float:
    """The fraction ``shape(u)`` in [0, 1] of the final local depth reached at progress ``u`` in [0, 1]."""
    if schedule == "linear":
        return u
    if schedule == "quadratic":
        return 1.0 - (1.0 - u) ** 2
    if schedule == "exponential":
        return math.expm1(rate * u) / math.expm1(rate)
    raise ValueError(f"unknown schedule {schedule!r}; choose one of {', '.join(SCHEDULES)}")


def static_boundary(schedule: str, epoch: int, epochs: int, n_layers: int, c1: float, c2: float,
                    rate: float = 3.0) -> int:
    """Transition layer ``N(E)`` of a static schedule at epoch ``epoch`` (0-based) of ``epochs``."""
    start = c2 * epochs
    if epoch < start:
        return 0
    u = min(1.0, (epoch - start) / ((1.0 - c2) * epochs))
    return min(n_layers - 1, math.floor(c1 * n_layers * schedule_shape(schedule, u, rate) + 1e-9))


def layer_shift(l_shift: float, n_layers: int) -> int:
    """``L_shift`` as a number of layers: ``ceil(l_shift * L)``, at least 1."""
    return max(1, math.ceil(l_shift * n_layers - 1e-9))


@dataclass
class DynamicBoundary:
    """Algorithm 1: move the boundary by ``shift`` layers when ``||dW_E|| <= alpha W_avg``.

    ``||dW_E||`` is the Frobenius norm of the transition layer's net change over epoch ``E``; ``W_avg`` its
    exponential running average ``W_avg <- ema W_avg + (1 - ema) ||dW_E||``, started at the first norm, updated
    after the comparison and restarted when the boundary moves (a new layer's norms are not comparable). No move
    before epoch ``warmup`` (the next epoch's index) nor with fewer than ``min_history`` norms in the average.
    """

    n_layers: int
    alpha: float
    shift: int
    ema: float
    warmup: int
    min_history: int = 2
    boundary: int = 0
    average: float | None = None
    history: int = 0

    def observe(self, epoch: int, norm: float) -> int:
        """Record the norm of epoch ``epoch`` and return the boundary of epoch ``epoch + 1``."""
        movable = epoch + 1 >= self.warmup and self.history >= self.min_history and self.boundary < self.n_layers - 1
        if movable and norm <= self.alpha * self.average:
            self.boundary = min(self.n_layers - 1, self.boundary + self.shift)
            self.average, self.history = None, 0
            return self.boundary
        self.average = norm if self.average is None else self.ema * self.average + (1 - self.ema) * norm
        self.history += 1
        return self.boundary


def weak_supervision_sign(epoch_losses: list[float]) -> int:
    """Algorithm 2: -1 (anti-Hebbian) when the mean training loss rose between the last two epochs, else +1."""
    if len(epoch_losses) >= 2 and epoch_losses[-2] < epoch_losses[-1]:
        return -1
    return 1
