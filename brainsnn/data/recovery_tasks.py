"""Training sequences and probes for repetition-based source recovery (Dellaferrera, Asabuki & Fukai 2022).

A task names its sources (target T, maskers M_k, isolated sounds X), plays a schedule of slots (each slot is the
mixture of its names; one name: the source alone) and tests some of them. Every tested source gets a correct probe
(the source alone) and an incorrect probe: a new draw of the same kind with one random contiguous slice of
``columns // 8`` columns (time frames) copied from the source. Every stimulus is min-max normalised to [0, 1] on its
own (the paper's wording). What a source is, how it sounds alone and mixed, is the `SourcePool`'s business:
Gaussian spectrograms (``gaussian_sounds``), harmonic sounds (``harmonic_sounds``) or photographs
(``photo_patches``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any, Protocol

import numpy as np

from brainsnn.errors import ConfigError


class SourcePool(Protocol):
    """The sources of a recovery task."""

    def draw(self, count: int, rng: np.random.Generator) -> list[Any]:
        """``count`` distinct sources."""

    def pattern(self, source: Any) -> np.ndarray:
        """The (rows, columns) stimulus of ``source`` alone, before normalisation."""

    def mix(self, sources: Sequence[Any]) -> np.ndarray:
        """The stimulus of ``sources`` heard (seen) together, before normalisation."""

    def foil(self, source: Any, rng: np.random.Generator) -> np.ndarray:
        """The incorrect probe of ``source``, before normalisation (see `copy_slice`)."""


def normalise(stimulus: np.ndarray) -> np.ndarray:
    """Min-max scaling to [0, 1] (a constant stimulus maps to 0)."""
    span = stimulus.max() - stimulus.min()
    return (stimulus - stimulus.min()) / span if span > 0 else np.zeros_like(stimulus)


def copy_slice(foil: np.ndarray, source: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``foil`` with one random contiguous slice of ``columns // 8`` columns replaced by the same columns of
    ``source`` (the paper's incorrect probe: 1/8 of the duration copied from the sound)."""
    columns = source.shape[1]
    width = columns // 8
    if width < 1 or foil.shape != source.shape:
        raise ConfigError(f"an incorrect probe needs >= 8 columns and the source's shape, got {foil.shape}")
    start = int(rng.integers(0, columns - width + 1))
    probe = foil.copy()
    probe[:, start:start + width] = source[:, start:start + width]
    return probe


@dataclass
class RecoveryTask:
    """Patterns of the tested sources and of their incorrect probes (before normalisation), and the normalised
    training sequence (mixtures and isolated sources, e.g. [T + M_1, ..., T + M_n] in Exp. 1)."""

    sources: np.ndarray
    incorrect: np.ndarray
    mixtures: np.ndarray

    @property
    def correct_probes(self) -> np.ndarray:
        return np.array([normalise(s) for s in self.sources])

    @property
    def incorrect_probes(self) -> np.ndarray:
        return np.array([normalise(s) for s in self.incorrect])


def schedule_task(pool: SourcePool, schedule: list[tuple[str, ...]], tested: list[str],
                  rng: np.random.Generator) -> RecoveryTask:
    """A training sequence of named sources: each slot of ``schedule`` is the mixture of its names. Every distinct
    name is one source of ``pool`` (drawn in order of first appearance); ``tested`` names get both probes."""
    names = list(dict.fromkeys(name for slot in schedule for name in slot))
    if not schedule or not tested or not set(tested) <= set(names):
        raise ConfigError(f"tested sources {tested} must be a non-empty subset of the schedule's sources {names}")
    sources = dict(zip(names, pool.draw(len(names), rng), strict=True))
    incorrect = np.array([pool.foil(sources[name], rng) for name in tested])
    mixtures = np.array([normalise(pool.mix([sources[name] for name in slot])) for slot in schedule])
    return RecoveryTask(sources=np.array([pool.pattern(sources[name]) for name in tested]), incorrect=incorrect,
                        mixtures=mixtures)


def exp1_task(pool: SourcePool, n_mixtures: int, rng: np.random.Generator) -> RecoveryTask:
    """Exp. 1 (and Exps. 4-5, its protocol on other sources): a target and ``n_mixtures`` maskers; mixtures
    T + M_k (k = 1..n); all tested."""
    if n_mixtures < 1:
        raise ConfigError(f"n_mixtures must be >= 1, got {n_mixtures}")
    maskers = [f"M{k}" for k in range(1, n_mixtures + 1)]
    return schedule_task(pool, [("T", m) for m in maskers], ["T", *maskers], rng)


def all_pairs_task(pool: SourcePool, n_sounds: int, rng: np.random.Generator) -> RecoveryTask:
    """Exp. 1, all combinations (Fig. 5C): every pair of ``n_sounds`` sounds, C(n_sounds, 2) mixtures; all tested."""
    if n_sounds < 2:
        raise ConfigError(f"all-pairs needs n_sounds >= 2, got {n_sounds}")
    names = [f"S{k}" for k in range(n_sounds)]
    return schedule_task(pool, list(combinations(names, 2)), names, rng)


#: Exp. 2 (Fig. 6C, whose schematics the text does not spell out; C is our reading): mixtures alternating with
#: isolated sounds X_k.
EXP2_CONDITIONS = {
    "A": ([("T", "M1"), ("X1",), ("T", "M2"), ("X2",), ("T", "M3"), ("X3",)], ["T", "M1", "M2", "M3"]),
    "B": ([("T", "M"), ("X1",), ("T", "M"), ("X2",), ("T", "M"), ("X3",)], ["T", "M"]),
    "C": ([("T", "M"), ("M",), ("T", "M"), ("M",), ("T", "M"), ("M",)], ["T", "M"]),
}


def exp2_task(pool: SourcePool, condition: str, rng: np.random.Generator) -> RecoveryTask:
    """Exp. 2 condition A, B or C (``EXP2_CONDITIONS``); only target and maskers are tested."""
    if condition not in EXP2_CONDITIONS:
        raise ConfigError(f"Exp. 2 condition must be one of {', '.join(EXP2_CONDITIONS)}, got {condition!r}")
    return schedule_task(pool, *EXP2_CONDITIONS[condition], rng)


def exp3_task(pool: SourcePool, delay: int, rng: np.random.Generator, n_mixtures: int = 6) -> RecoveryTask:
    """Exp. 3: ``n_mixtures`` mixtures T + M_k, each followed by ``delay`` distinct isolated sounds X; T and the
    maskers are tested."""
    if delay < 0 or n_mixtures < 1:
        raise ConfigError(f"Exp. 3 needs delay >= 0 and n_mixtures >= 1, got {delay}, {n_mixtures}")
    maskers = [f"M{k}" for k in range(1, n_mixtures + 1)]
    schedule = [slot for k, m in enumerate(maskers)
                for slot in [("T", m), *((f"X{k}_{d}",) for d in range(delay))]]
    return schedule_task(pool, schedule, ["T", *maskers], rng)
