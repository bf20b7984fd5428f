"""The two-oscillator locking rule of Delacour & Todri-Sanial (2021) composed over a network, event-driven.

Front. Neurosci. 15:694549, Eqs. 7-8 (the pair rule) and 20-22 (its mapping). Phases d_i are fractions of a period;
the inputs set d_i = (1 - x_i) / 4. A pair whose circular phase distance delta_ij is below its transit fraction z_ij
(zeta(R_ij) over the period; g(beta W_ij) / 2 for the Hebbian mapping) locks in phase, otherwise 180 deg out of
phase, so oscillator j pulls oscillator i towards::

    t_ij = d_j        if delta_ij < z_ij
    t_ij = d_j + 1/2  otherwise

In every cycle all oscillators, oscillator 0 included, update one at a time in the order they fire (ascending phase
from oscillator 0's, ties by index): d_i becomes the circular mean of its targets t_ij weighted by the conductances
w_ij (kept where that mean is undefined). Cycles repeat until none moves by more than ``tolerance``. The model
composes only pairwise locking decisions: there is no waveform and no interaction of three or more oscillators
within a transition.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from brainsnn.errors import ConfigError

# A weighted circular mean whose resultant is shorter than this (relative to the total weight) is undefined.
_UNDEFINED_RESULTANT = 1e-9


@dataclass(frozen=True)
class Settled:
    """Final phases (B, N) in periods, the cycles each row used (B,) and whether it stopped moving (B,)."""

    phase: np.ndarray
    cycles: np.ndarray
    converged: np.ndarray


def initial_phases(inputs) -> np.ndarray:
    """Supply-delay encoding: d_i = (1 - x_i) / 4 for ``inputs`` in [-1, 1] (white 0, black half a period)."""
    inputs = np.asarray(inputs, dtype=float)
    if not np.all(np.abs(inputs) <= 1):
        raise ConfigError("inputs must lie in [-1, 1] (white +1, black -1)")
    return (1 - inputs) / 4


def circular_distance(a, b) -> np.ndarray:
    """Distance between phases ``a`` and ``b`` (fractions of a period) around the circle, in [0, 0.5]."""
    return np.abs((np.asarray(a) - np.asarray(b) + 0.5) % 1 - 0.5)


def binary_states(phase) -> np.ndarray:
    """+1 where oscillator i is within a quarter period of oscillator 0, else -1."""
    phase = np.asarray(phase, dtype=float)
    return np.where(circular_distance(phase, phase[..., :1]) < 0.25, 1, -1)


def _batched_matrix(matrix, rows: int, n: int, name: str) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=float)
    if matrix.shape not in ((n, n), (rows, n, n)):
        raise ConfigError(f"{name} must have shape ({n}, {n}) or ({rows}, {n}, {n}) for phases of shape ({rows}, {n})")
    return np.broadcast_to(matrix, (rows, n, n))


def settle(transit, initial_phase, weight=None, max_cycles: int = 50, tolerance: float = 1e-6) -> Settled:
    """Event-driven cycles of the pair rule from ``initial_phase`` ((N,) or (B, N) fractions of a period).

    ``transit`` (z_ij) and ``weight`` (w_ij >= 0, default all ones) are (N, N) or one per row (B, N, N); their
    diagonals are unused.
    """
    phase = np.array(initial_phase, dtype=float, ndmin=2)
    if phase.ndim != 2 or not np.all(np.isfinite(phase)):
        raise ConfigError("initial_phase must be a finite (N,) or (B, N) array of fractions of a period")
    rows, n = phase.shape
    off_diagonal = ~np.eye(n, dtype=bool)
    transit = _batched_matrix(transit, rows, n, "transit")
    weight = _batched_matrix(np.ones((n, n)) if weight is None else weight, rows, n, "weight")
    if not np.all((transit[:, off_diagonal] > 0) & (transit[:, off_diagonal] <= 0.5)):
        raise ConfigError("transit fractions z_ij must lie in (0, 0.5] off the diagonal")
    if not np.all(np.isfinite(weight) & (weight >= 0)):
        raise ConfigError("weights (conductances) must be finite and non-negative")
    if max_cycles < 1 or not tolerance >= 0:
        raise ConfigError("max_cycles must be at least 1 and tolerance non-negative")

    phase = phase % 1 % 1
    cycles = np.zeros(rows, dtype=int)
    active = np.ones(rows, dtype=bool)
    batch = np.arange(rows)
    for _ in range(max_cycles):
        cycles += active
        order = np.argsort((phase - phase[:, :1]) % 1, axis=1, kind="stable")
        largest_move = np.zeros(rows)
        for position in range(n):
            i = order[:, position]
            in_phase = circular_distance(phase[batch, i, None], phase) < transit[batch, i]
            vote_weight = weight[batch, i] * off_diagonal[i]
            resultant = (vote_weight * np.where(in_phase, 1, -1) * np.exp(2j * np.pi * phase)).sum(axis=1)
            total = vote_weight.sum(axis=1)
            defined = active & (np.abs(resultant) >= _UNDEFINED_RESULTANT * total) & (total > 0)
            # the second % 1 maps the 1.0 that (-tiny) % 1 rounds to back to 0
            new = np.where(defined, np.angle(resultant) / (2 * np.pi) % 1 % 1, phase[batch, i])
            largest_move = np.maximum(largest_move, circular_distance(new, phase[batch, i]))
            phase[batch, i] = new
        active &= largest_move > tolerance
        if not active.any():
            break
    return Settled(phase=phase, cycles=cycles, converged=~active)
