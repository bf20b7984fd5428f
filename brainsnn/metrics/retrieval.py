"""Scoring pattern retrieval by a phase-encoded associative memory.

Phases are measured relative to a reference oscillator, so a state and its global inversion are the same phase
configuration (Delacour & Todri-Sanial 2021, Eq. 14): a retrieval is exact if the state equals the target or its
inversion, and the Hamming distance is the smaller of the two distances.
"""

from __future__ import annotations

import numpy as np

from brainsnn.errors import ConfigError


def hamming_up_to_inversion(states, targets) -> np.ndarray:
    """min(d(S, xi), d(S, -xi)) per row of ``states`` (+-1) and ``targets`` (+-1)."""
    states, targets = np.asarray(states), np.asarray(targets)
    if states.shape != targets.shape:
        raise ConfigError(f"states {states.shape} and targets {targets.shape} differ in shape")
    distance = np.sum(states != targets, axis=-1)
    return np.minimum(distance, states.shape[-1] - distance)


def exact_retrieval(states, targets) -> np.ndarray:
    """Whether each state is its target up to global inversion."""
    return hamming_up_to_inversion(states, targets) == 0
