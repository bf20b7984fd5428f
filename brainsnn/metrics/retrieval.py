"""Scoring pattern retrieval by a phase-encoded associative memory.

Phases are measured relative to a reference oscillator, so a state and its global inversion are the same phase
configuration (Delacour & Todri-Sanial 2021, Eq. 14): a retrieval is exact if the state equals the target or its
inversion, and the Hamming distance is the smaller of the two distances. A state is *recognised* as the stored
pattern nearest to it in that distance (the weaker reading of the paper's "recognises").
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


def nearest_pattern(states, patterns) -> np.ndarray:
    """Index of the stored pattern nearest to each state up to global inversion; -1 where two or more tie."""
    states, patterns = np.atleast_2d(states), np.atleast_2d(patterns)
    distances = np.stack([hamming_up_to_inversion(states, np.broadcast_to(p, states.shape)) for p in patterns],
                         axis=-1)
    nearest = np.argmin(distances, axis=-1)
    ties = np.sum(distances == distances.min(axis=-1, keepdims=True), axis=-1) > 1
    return np.where(ties, -1, nearest)
