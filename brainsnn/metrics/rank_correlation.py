"""Spearman rank correlation with a Fisher-z confidence interval.

The interval is tanh(atanh(rho) -/+ z_(1+c)/2 * sqrt(1.06 / (n - 3))) (Fieller, Hartley & Pearson 1957, Biometrika
44:470-481): Fisher's transform with the variance of the rank correlation, which is 1.06/(n - 3) rather than
Pearson's 1/(n - 3). It needs n >= 4 pairs; rho, p and the interval are None where they are undefined (fewer
pairs, or one variable constant so that its ranking is), so reports can say so instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Fieller, Hartley & Pearson's (1957) variance factor of atanh(Spearman rho).
FIELLER_VARIANCE = 1.06


@dataclass(frozen=True)
class RankCorrelation:
    """Spearman's rho, its two-sided p-value and a ``confidence`` interval; None where undefined."""

    n: int
    rho: float | None
    p_value: float | None
    low: float | None
    high: float | None
    confidence: float

    def as_dict(self) -> dict[str, float | int | None]:
        return {"n": self.n, "rho": self.rho, "p_value": self.p_value, "low": self.low, "high": self.high,
                "confidence": self.confidence}


def spearman_interval(x, y, confidence: float = 0.95) -> RankCorrelation:
    """Spearman's rho of ``x`` and ``y`` with its Fisher-z (Fieller) ``confidence`` interval."""
    from scipy.stats import norm, spearmanr

    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape or x.ndim != 1:
        raise ValueError(f"x and y must be 1-D and of equal length, got shapes {x.shape} and {y.shape}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie in (0, 1), got {confidence}")
    n = len(x)
    if n < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return RankCorrelation(n, None, None, None, None, confidence)
    rho, p_value = (float(v) for v in spearmanr(x, y))
    if n < 4:
        return RankCorrelation(n, rho, p_value, None, None, confidence)
    z = np.arctanh(np.clip(rho, -1 + 1e-12, 1 - 1e-12))
    half_width = norm.ppf((1 + confidence) / 2) * np.sqrt(FIELLER_VARIANCE / (n - 3))
    return RankCorrelation(n, rho, p_value, float(np.tanh(z - half_width)), float(np.tanh(z + half_width)),
                           confidence)
