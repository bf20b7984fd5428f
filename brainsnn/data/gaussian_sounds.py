"""Synthetic Gaussian spectrogram sounds for repetition-based source recovery (Dellaferrera et al. 2022, after
McDermott 2011).

A sound class is a Gaussian over (frequency x time) cells in dB with a flat mean and separable AR(1) correlations::

    S = mean_db + sd_db * L_f Z L_t^T,   Z ~ N(0, 1),   L L^T = R,   R_ab = rho**|a - b|

(covariance sd_db**2 kron(R_f, R_t)); each class draws its own rho_f, rho_t. A flat mean matters: a class-specific
mean spectrum makes a new draw resemble the target (probe AUC about 0.53 at 1 and 2 mixtures after 300
repetitions). Sources come from random classes (with
replacement); a mixture is the element-wise sum of the sounds' dB values (the paper's mixing); an incorrect probe is
a new draw of the sound's class with 1/8 of its frames copied.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from brainsnn.data.recovery_tasks import copy_slice
from brainsnn.errors import ConfigError


def ar1_correlation(n: int, rho: float) -> np.ndarray:
    """R_ab = rho**|a - b| (n x n)."""
    index = np.arange(n)
    return rho ** np.abs(index[:, None] - index[None, :])


@dataclass(frozen=True)
class GaussianSound:
    """One drawn sound: its class and its spectrogram (dB, (n_freq, n_time))."""

    label: int
    spectrogram: np.ndarray


@dataclass(frozen=True)
class SoundClasses:
    """``n_classes`` Gaussian spectrogram classes of shape (n_freq, n_time), correlations drawn from ``rho_range``;
    a `SourcePool` of recovery tasks."""

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
        """One spectrogram (dB, shape (n_freq, n_time)) of class ``label``."""
        chol_f, chol_t = self._factors[label]
        noise = rng.standard_normal((self.n_freq, self.n_time))
        return self.mean_db + self.sd_db * chol_f @ noise @ chol_t.T

    def draw(self, count: int, rng: np.random.Generator) -> list[GaussianSound]:
        labels = rng.integers(0, self.n_classes, size=count)
        return [GaussianSound(int(label), self.sample(label, rng)) for label in labels]

    def pattern(self, source: GaussianSound) -> np.ndarray:
        return source.spectrogram

    def mix(self, sources: Sequence[GaussianSound]) -> np.ndarray:
        return np.sum([s.spectrogram for s in sources], axis=0)

    def foil(self, source: GaussianSound, rng: np.random.Generator) -> np.ndarray:
        return copy_slice(self.sample(source.label, rng), source.spectrogram, rng)
