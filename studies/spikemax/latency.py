"""Accuracy against inference time (Spikemax, Figs. 2, 4, 6): decide from the output spikes seen so far.

The decision at step ``t`` is the class with the most output spikes in steps ``0..t`` (ties to the lowest class
index); a sample without any output spike yet counts as wrong. The network is causal, so this is the decision of
the network shown only the input's first ``t + 1`` ms. The time to accuracy is the first ``t + 1`` (ms) from which
the accuracy stays within ``tolerance`` of its final value ``acc(T)`` (the notes' t_lat, made robust to dips).
"""

from __future__ import annotations

import numpy as np


def accuracy_curve(output_spikes: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """``acc(t)`` for every step of ``output_spikes`` (T, n, C) against ``labels`` (n,)."""
    counts = np.cumsum(np.asarray(output_spikes, dtype=np.int64), axis=0)
    decided = counts.max(axis=2) > 0
    return ((counts.argmax(axis=2) == np.asarray(labels)) & decided).mean(axis=1)


def time_to_accuracy(curve: np.ndarray, tolerance: float = 0.01) -> int:
    """Steps (ms) after which ``curve`` stays at or above ``curve[-1] - tolerance``."""
    below = np.flatnonzero(curve < curve[-1] - tolerance)
    return int(below[-1]) + 2 if below.size else 1
