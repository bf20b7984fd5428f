"""Discrete Hopfield network: Hebbian storage, the sigmoid activation and asynchronous recall.

Delacour & Todri-Sanial (2021), Eqs. 15-16 and 23 (after Hopfield 1982 and Hoppensteadt & Izhikevich 2000)::

    W_ij = (1/N) sum_k xi_i^k xi_j^k  (W_ii = 0)                       (23)
    h_i = sum_j W_ij S_j,   P(S_i = +1 | h_i) = g(h_i) = (tanh(beta h_i) + 1) / 2     (15), (16)

:func:`recall` is the deterministic (beta -> inf) network that the ONN emulates: S_i <- sign(h_i), one neuron at
a time in a random order, until a sweep changes nothing. It is the baseline the ONN is compared with.
"""

from __future__ import annotations

import numpy as np

from brainsnn.errors import ConfigError


def hebbian_weights(patterns) -> np.ndarray:
    """Eq. 23 for ``patterns`` of shape (M, N) with entries +-1; zero diagonal."""
    patterns = np.asarray(patterns, dtype=float)
    if patterns.ndim != 2 or not np.all(np.abs(patterns) == 1):
        raise ConfigError("patterns must be an (M, N) array of +1/-1")
    weights = patterns.T @ patterns / patterns.shape[1]
    np.fill_diagonal(weights, 0.0)
    return weights


def activation(x, beta: float) -> np.ndarray:
    """Eq. 15: g(x) = (tanh(beta x) + 1) / 2, the probability of the +1 (in-phase) state."""
    return (np.tanh(beta * np.asarray(x, dtype=float)) + 1) / 2


def recall(weights, states, rng: np.random.Generator, max_sweeps: int = 100) -> np.ndarray:
    """Asynchronous sign updates of each row of ``states`` (+-1; a zero field keeps the state) to a fixed point."""
    weights = np.asarray(weights, dtype=float)
    states = np.array(states, dtype=int, ndmin=2)
    for row in states:
        for _ in range(max_sweeps):
            changed = False
            for i in rng.permutation(len(row)):
                field = weights[i] @ row
                if field != 0 and np.sign(field) != row[i]:
                    row[i] = int(np.sign(field))
                    changed = True
            if not changed:
                break
    return states
