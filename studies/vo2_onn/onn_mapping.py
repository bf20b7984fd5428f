"""Mapping Hebbian weights to coupling resistances (Delacour & Todri-Sanial 2021, Eqs. 19-22, Fig. 14).

Two oscillators with delays Delta t ~ U(0, T/2) lock in phase with probability zeta(R_C) 2 / T (Eq. 20); equating it
with the Hopfield activation g(W) (Eq. 15) gives::

    mu_N(W_ij) = R_ij = (N - 1) zeta^-1((T / 2) g(W_ij))                                              (22)

where (N - 1) conserves each oscillator's coupling current over its N - 1 resistors. The Hebbian weights (Eq. 23)
take M + 1 levels, so the mapping needs zeta^-1 at M + 1 delays only. R_C^min is the resistance of the largest
weight; Delta R^max and Delta R^min are the full spread and the smallest step between consecutive levels (Fig. 14B).
The linear approximation R_C ~ R_C^min + n Delta R (n = 0 .. M counted from the largest weight, least squares) is
the paper's dashed line in Fig. 14C.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import Quantity, ohm, second

from brainsnn.errors import ConfigError
from brainsnn.models.hopfield import activation


def weight_levels(weights) -> np.ndarray:
    """Distinct off-diagonal weights, largest first (rounded to 1e-12 to merge equal levels)."""
    weights = np.asarray(weights, dtype=float)
    off_diagonal = weights[~np.eye(len(weights), dtype=bool)]
    return np.unique(np.round(off_diagonal, 12))[::-1]


def transit_delays(levels, beta: float, period: Quantity) -> Quantity:
    """Delays (T/2) g(W) whose zeta^-1 gives each level's pair resistance (Eq. 21)."""
    if not beta > 0:
        raise ConfigError(f"beta must be positive, got {beta}")
    return float(period / second) / 2 * activation(levels, beta) * second


@dataclass(frozen=True)
class ResistanceMapping:
    """Resistance of each weight level for an ``n``-oscillator network (levels largest first)."""

    levels: np.ndarray
    resistances: Quantity

    @classmethod
    def from_pair_resistances(cls, levels, pair_resistances: Quantity, n_oscillators: int) -> ResistanceMapping:
        """Eq. 22: scale the two-oscillator zeta^-1 values by N - 1."""
        resistances = pair_resistances * (n_oscillators - 1)
        if not np.all(np.isfinite(np.asarray(resistances / ohm))):
            raise ConfigError("zeta^-1 has no finite value for some weight level; widen the bisection bracket")
        return cls(np.asarray(levels, dtype=float), resistances)

    def matrix(self, weights) -> Quantity:
        """Coupling resistance of every pair (inf on the diagonal)."""
        weights = np.round(np.asarray(weights, dtype=float), 12)
        index = np.searchsorted(-self.levels, -weights)
        index = np.clip(index, 0, len(self.levels) - 1)
        off_diagonal = ~np.eye(len(weights), dtype=bool)
        if not np.all(self.levels[index][off_diagonal] == weights[off_diagonal]):
            raise ConfigError("weights contain a level that the mapping does not know")
        values = np.asarray(self.resistances / ohm)[index]
        values[~off_diagonal] = np.inf
        return values * ohm

    @property
    def r_min(self) -> Quantity:
        return np.min(self.resistances)

    @property
    def spread(self) -> float:
        """Delta R^max / R_C^min."""
        return float((np.max(self.resistances) - self.r_min) / self.r_min)

    @property
    def smallest_step(self) -> float:
        """Delta R^min / R_C^min (smallest difference between consecutive levels)."""
        return float(np.min(np.abs(np.diff(np.asarray(self.resistances / ohm)))) / (self.r_min / ohm))

    def linear(self) -> ResistanceMapping:
        """The least-squares fit R_min + n Delta R over the levels (n = 0 for the largest weight)."""
        n = np.arange(len(self.levels))
        slope, intercept = np.polyfit(n, np.asarray(self.resistances / ohm), 1)
        return ResistanceMapping(self.levels, (intercept + slope * n) * ohm)

    def scaled(self, factor: float) -> ResistanceMapping:
        """Every resistance multiplied by ``factor`` (Fig. 14D: common variation of the mean)."""
        return ResistanceMapping(self.levels, self.resistances * factor)
