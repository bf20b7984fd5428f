"""The presentation schedule both ALSA networks share (Mo et al. 2022, Sec. 2.3, steps 1-5).

Sample ``k`` occupies the slot ``[k T, (k + 1) T)`` with ``T = present + rest``: its inputs fire for
``present_ms``, then every input is silent for ``rest_ms``. While a supervised sample is shown, the teacher neuron
of its class fires a Poisson train at ``teacher_rate_hz`` and drives its output neuron through a fixed synapse of
weight ``teacher_weight``. A neuron's response to sample ``k`` is what it fires in ``[k T, k T + present)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from brainsnn.config import require_positive
from brainsnn.errors import ConfigError


@dataclass(frozen=True, kw_only=True)
class PresentationSchedule:
    """Presentation and teacher constants (the paper's IRIS values; the teacher weight is ours)."""

    present_ms: float = 200.0
    rest_ms: float = 50.0
    teacher_rate_hz: float = 20.0
    teacher_weight: float = 10.0
    dt_ms: float = 0.5

    def check(self) -> None:
        """Raise :class:`ConfigError` unless the times, the teacher rate and weight are positive (rest >= 0)."""
        require_positive(vars(self), "present_ms", "teacher_rate_hz", "teacher_weight", "dt_ms")
        require_positive(vars(self), "rest_ms", allow_zero=True)

    @property
    def slot_ms(self) -> float:
        return self.present_ms + self.rest_ms

    def teacher_rates_hz(self, labels: np.ndarray, supervised: np.ndarray, n_classes: int) -> np.ndarray:
        """``labels.shape + (n_classes,)`` teacher rates: ``teacher_rate_hz`` for the teacher of each supervised
        sample's class, 0 for every other teacher and on unsupervised samples (``supervised`` broadcasts to
        ``labels``)."""
        classes = np.asarray(labels)
        if classes.min() < 0 or classes.max() >= n_classes:
            raise ConfigError(f"labels must lie in 0..{n_classes - 1}")
        one_hot = classes[..., np.newaxis] == np.arange(n_classes)
        return one_hot * (self.teacher_rate_hz * np.asarray(supervised, dtype=bool))[..., np.newaxis]

    def window_activity(
        self, neuron: np.ndarray, times_ms: np.ndarray, n_slots: int, n_neurons: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Spike counts and first-spike latencies (ms after the onset; inf: none) of every neuron within each
        presentation window, both ``(n_slots, n_neurons)``; spikes during the rests are left out."""
        slot = np.floor(times_ms / self.slot_ms + 1e-9).astype(int)
        latency = times_ms - slot * self.slot_ms
        shown = (latency < self.present_ms) & (slot < n_slots)
        counts = np.zeros((n_slots, n_neurons))
        np.add.at(counts, (slot[shown], neuron[shown]), 1)
        first = np.full((n_slots, n_neurons), np.inf)
        np.minimum.at(first, (slot[shown], neuron[shown]), latency[shown])
        return counts, first
