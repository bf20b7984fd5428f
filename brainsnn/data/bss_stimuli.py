"""Synthetic spectrogram sounds for repetition-based source recovery (Dellaferrera et al. 2022, after McDermott 2011).

A sound class is a Gaussian over (frequency x time) cells in dB with a flat mean and separable AR(1) correlations::

    S = mean_db + sd_db * L_f Z L_t^T,   Z ~ N(0, 1),   L L^T = R,   R_ab = rho**|a - b|

(covariance sd_db**2 kron(R_f, R_t)); each class draws its own rho_f, rho_t. A flat mean matters: a class-specific
mean spectrum makes a new draw resemble the target (shared notes A4). A mixture is the element-wise sum of its
sounds; every stimulus is min-max normalised to [0, 1] on its own. The incorrect probe of a sound is a new draw from
its class with one random contiguous slice of n_time // 8 frames copied from the sound.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np

from brainsnn.errors import ConfigError


def ar1_correlation(n: int, rho: float) -> np.ndarray:
    """R_ab = rho**|a - b| (n x n)."""
    index = np.arange(n)
    return rho ** np.abs(index[:, None] - index[None, :])


def normalise(stimulus: np.ndarray) -> np.ndarray:
    """Min-max scaling to [0, 1] (a constant stimulus maps to 0)."""
    span = stimulus.max() - stimulus.min()
    return (stimulus - stimulus.min()) / span if span > 0 else np.zeros_like(stimulus)


@dataclass(frozen=True)
class SoundClasses:
    """``n_classes`` Gaussian spectrogram classes of shape (n_freq, n_time), correlations drawn from ``rho_range``."""

    n_classes: int = 5
    n_freq: int = 20
    n_time: int = 16
    mean_db: float = -60.0
    sd_db: float = 10.0
    rho_range: tuple[float, float] = (0.6, 0.9)
    seed: int = 0

    def __post_init__(self) -> None:
        if self.n_classes < 1 or self.n_freq < 2 or self.n_time < 8:
            raise ConfigError("SoundClasses needs n_classes >= 1, n_freq >= 2 and n_time >= 8 (1/8 probe slice)")
        low, high = self.rho_range
        if not 0 <= low <= high < 1 or not self.sd_db > 0:
            raise ConfigError(f"rho_range must satisfy 0 <= low <= high < 1 and sd_db > 0, got {self}")
        rng = np.random.default_rng(self.seed)
        rhos = rng.uniform(low, high, size=(self.n_classes, 2))
        factors = [(np.linalg.cholesky(ar1_correlation(self.n_freq, rf)),
                    np.linalg.cholesky(ar1_correlation(self.n_time, rt))) for rf, rt in rhos]
        object.__setattr__(self, "rhos", rhos)
        object.__setattr__(self, "_factors", factors)

    def sample(self, label: int, rng: np.random.Generator) -> np.ndarray:
        """One sound (dB, shape (n_freq, n_time)) of class ``label``."""
        chol_f, chol_t = self._factors[label]
        noise = rng.standard_normal((self.n_freq, self.n_time))
        return self.mean_db + self.sd_db * chol_f @ noise @ chol_t.T

    def incorrect_probe(self, sound: np.ndarray, label: int, rng: np.random.Generator) -> np.ndarray:
        """A new draw of class ``label`` with one random contiguous n_time // 8 frames copied from ``sound``."""
        probe = self.sample(label, rng)
        width = self.n_time // 8
        start = int(rng.integers(0, self.n_time - width + 1))
        probe[:, start:start + width] = sound[:, start:start + width]
        return probe


def mixture(*sounds: np.ndarray) -> np.ndarray:
    """Element-wise sum of the sounds' spectrogram values (the paper's mixing), then normalised to [0, 1]."""
    return normalise(np.sum(sounds, axis=0))


@dataclass
class RecoveryTask:
    """Tested sounds (dB), their incorrect probes, and the normalised training sequence (mixtures and isolated
    sounds, e.g. [T + M_1, ..., T + M_n] in Exp. 1)."""

    sounds: np.ndarray
    incorrect: np.ndarray
    mixtures: np.ndarray

    @property
    def correct_probes(self) -> np.ndarray:
        return np.array([normalise(s) for s in self.sounds])

    @property
    def incorrect_probes(self) -> np.ndarray:
        return np.array([normalise(s) for s in self.incorrect])


def schedule_task(classes: SoundClasses, schedule: list[tuple[str, ...]], tested: list[str],
                  rng: np.random.Generator) -> RecoveryTask:
    """A training sequence of named sounds: each slot of ``schedule`` is the mixture of its names (one name: the
    sound alone). Every distinct name is one sound of a random class (in order of first appearance); ``tested``
    names get correct and incorrect probes."""
    names = list(dict.fromkeys(name for slot in schedule for name in slot))
    if not schedule or not tested or not set(tested) <= set(names):
        raise ConfigError(f"tested sounds {tested} must be a non-empty subset of the schedule's sounds {names}")
    labels = dict(zip(names, rng.integers(0, classes.n_classes, size=len(names)), strict=True))
    sounds = {name: classes.sample(labels[name], rng) for name in names}
    incorrect = np.array([classes.incorrect_probe(sounds[name], labels[name], rng) for name in tested])
    mixtures = np.array([mixture(*(sounds[name] for name in slot)) for slot in schedule])
    return RecoveryTask(sounds=np.array([sounds[name] for name in tested]), incorrect=incorrect, mixtures=mixtures)


def exp1_task(classes: SoundClasses, n_mixtures: int, rng: np.random.Generator) -> RecoveryTask:
    """Exp. 1: a target and ``n_mixtures`` maskers, each of a random class; mixtures T + M_k (k = 1..n)."""
    if n_mixtures < 1:
        raise ConfigError(f"n_mixtures must be >= 1, got {n_mixtures}")
    maskers = [f"M{k}" for k in range(1, n_mixtures + 1)]
    return schedule_task(classes, [("T", m) for m in maskers], ["T", *maskers], rng)


def all_pairs_task(classes: SoundClasses, n_sounds: int, rng: np.random.Generator) -> RecoveryTask:
    """Exp. 1, all combinations (Fig. 5C): every pair of ``n_sounds`` sounds, C(n_sounds, 2) mixtures; all tested."""
    if n_sounds < 2:
        raise ConfigError(f"all-pairs needs n_sounds >= 2, got {n_sounds}")
    names = [f"S{k}" for k in range(n_sounds)]
    return schedule_task(classes, list(combinations(names, 2)), names, rng)


#: Exp. 2 (Fig. 6C; shared notes A8.11, C is an interpretation): mixtures alternating with isolated sounds X_k.
EXP2_CONDITIONS = {
    "A": ([("T", "M1"), ("X1",), ("T", "M2"), ("X2",), ("T", "M3"), ("X3",)], ["T", "M1", "M2", "M3"]),
    "B": ([("T", "M"), ("X1",), ("T", "M"), ("X2",), ("T", "M"), ("X3",)], ["T", "M"]),
    "C": ([("T", "M"), ("M",), ("T", "M"), ("M",), ("T", "M"), ("M",)], ["T", "M"]),
}


def exp2_task(classes: SoundClasses, condition: str, rng: np.random.Generator) -> RecoveryTask:
    """Exp. 2 condition A, B or C (``EXP2_CONDITIONS``); only target and maskers are tested."""
    if condition not in EXP2_CONDITIONS:
        raise ConfigError(f"Exp. 2 condition must be one of {', '.join(EXP2_CONDITIONS)}, got {condition!r}")
    return schedule_task(classes, *EXP2_CONDITIONS[condition], rng)


def exp3_task(classes: SoundClasses, delay: int, rng: np.random.Generator, n_mixtures: int = 6) -> RecoveryTask:
    """Exp. 3: ``n_mixtures`` mixtures T + M_k, each followed by ``delay`` distinct isolated sounds X; T and the
    maskers are tested."""
    if delay < 0 or n_mixtures < 1:
        raise ConfigError(f"Exp. 3 needs delay >= 0 and n_mixtures >= 1, got {delay}, {n_mixtures}")
    maskers = [f"M{k}" for k in range(1, n_mixtures + 1)]
    schedule = [slot for k, m in enumerate(maskers)
                for slot in [("T", m), *((f"X{k}_{d}",) for d in range(delay))]]
    return schedule_task(classes, schedule, ["T", *maskers], rng)
