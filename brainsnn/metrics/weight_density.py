"""Density of a weight sample (Gaussian KDE) and its shape: number of modes, skewness.

Chakraborty & Mukhopadhyay (2021), Eqs. 4–5, estimate the density of the final weights as

    f(x; t) = (1/N) sum_i phi(x, X_i; t),   phi(x, X_i; t) = (2 pi t)**(-1/2) exp(-(x - X_i)**2 / (2 t)),

with ``t`` the squared bandwidth; their Fig. 1 shows add-STDP bimodal, mult-STDP unimodal and log-STDP
long-tailed. The paper does not state its bandwidth rule; Scott's rule is the default here.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.signal import find_peaks
from scipy.stats import gaussian_kde
from scipy.stats import skew as _scipy_skew

from brainsnn.errors import ConfigError

#: Grid points of the default evaluation grid of :func:`weight_kde`.
DEFAULT_GRID_POINTS = 512
#: The default grid extends this many bandwidths beyond the smallest and largest weight.
GRID_MARGIN_BANDWIDTHS = 4.0


def _as_weight_vector(weights, minimum: int = 2) -> np.ndarray:
    """Flatten ``weights`` to a finite float vector of at least ``minimum`` values."""
    vector = np.asarray(weights, dtype=float).ravel()
    if vector.size < minimum:
        raise ConfigError(f"need at least {minimum} weights for their distribution; got {vector.size}")
    if not np.all(np.isfinite(vector)):
        raise ConfigError("weights contain NaN or infinite values (diverged simulation or corrupt file)")
    return vector


def weight_kde(weights, grid=None, bandwidth: str | float = "scott") -> tuple[np.ndarray, np.ndarray]:
    """Gaussian kernel density estimate of a weight sample, Eqs. 4–5 of Chakraborty & Mukhopadhyay (2021).

    Parameters
    ----------
    weights : array_like
        Weights of any shape (flattened).
    grid : array_like, optional
        Points at which to evaluate the density. Default: ``DEFAULT_GRID_POINTS`` points from
        ``min - 4 h`` to ``max + 4 h`` (``h`` the bandwidth), wide enough that the density integrates to 1.
    bandwidth : {'scott', 'silverman'} or float
        ``'scott'`` (``h = sigma * N**(-1/5)``) or ``'silverman'`` (``h = sigma * (3N/4)**(-1/5)``), with
        ``sigma`` the sample standard deviation, as in :class:`scipy.stats.gaussian_kde`; or a positive float,
        the kernel standard deviation ``h = sqrt(t)`` itself, in weight units (not scipy's factor).

    Returns
    -------
    grid : numpy.ndarray
        Evaluation points.
    density : numpy.ndarray
        Estimated density at ``grid``.

    Notes
    -----
    A constant sample (all weights equal, e.g. every synapse saturated at the same bound) has zero standard
    deviation, so the rule-of-thumb bandwidths are zero: this raises :class:`ConfigError` asking for an
    explicit float bandwidth. With a float bandwidth it returns Eq. 4 exactly, a Gaussian spike of width ``h``
    at the common value. Evaluation costs O(N x grid size); subsample very large weight sets.
    """
    sample = _as_weight_vector(weights)
    constant = bool(np.all(sample == sample[0]))
    if isinstance(bandwidth, str):
        if bandwidth not in ("scott", "silverman"):
            raise ConfigError(f"bandwidth must be 'scott', 'silverman' or a float > 0; got {bandwidth!r}")
        if constant:
            raise ConfigError(
                f"all {sample.size} weights equal {sample[0]:g}, so the {bandwidth!r} bandwidth is zero; "
                "pass bandwidth=<positive float> to draw the point mass as a Gaussian spike of that width"
            )
        kde = gaussian_kde(sample, bw_method=bandwidth)
        width = math.sqrt(float(kde.covariance[0, 0]))
    else:
        width = float(bandwidth)
        if not (math.isfinite(width) and width > 0):
            raise ConfigError(f"a numeric bandwidth must be a finite kernel width > 0; got {bandwidth!r}")
        kde = None if constant else gaussian_kde(sample, bw_method=width / float(np.std(sample, ddof=1)))
    if grid is None:
        margin = GRID_MARGIN_BANDWIDTHS * width
        points = np.linspace(sample.min() - margin, sample.max() + margin, DEFAULT_GRID_POINTS)
    else:
        points = np.asarray(grid, dtype=float).ravel()
        if points.size == 0 or not np.all(np.isfinite(points)):
            raise ConfigError("grid must be a non-empty array of finite evaluation points")
    if kde is None:
        # Eq. 4 with all X_i equal: one Gaussian kernel of variance t = width**2 at the common value.
        density = np.exp(-0.5 * ((points - sample[0]) / width) ** 2) / (math.sqrt(2 * math.pi) * width)
    else:
        density = kde(points)
    return points, density


def count_modes(grid, density, min_prominence: float = 0.05) -> int:
    """Number of modes of a density on a grid: local maxima with enough relative prominence.

    Parameters
    ----------
    grid : array_like, shape (n,)
        Increasing evaluation points (used only to check the shapes agree).
    density : array_like, shape (n,)
        Non-negative density values.
    min_prominence : float
        Minimum prominence of a peak as a fraction of the highest density value (in [0, 1)); filters the
        ripples of a small-bandwidth KDE.

    Returns
    -------
    int
        Number of modes.

    Notes
    -----
    The density is taken as zero outside the grid, so a maximum at either end of the grid counts as a mode
    (weights piled up at a bound, evaluated on a grid that stops there). On a grid that cuts through a slope
    this counts the cut as a mode; the default grid of :func:`weight_kde` does not cut.
    """
    points = np.asarray(grid, dtype=float).ravel()
    values = np.asarray(density, dtype=float).ravel()
    if points.shape != values.shape or values.size == 0:
        raise ConfigError(f"grid and density must be non-empty and alike; got {points.shape}, {values.shape}")
    if not np.all(np.isfinite(values)) or np.any(values < 0):
        raise ConfigError("density must be finite and non-negative")
    if not 0 <= min_prominence < 1:
        raise ConfigError(f"min_prominence is a fraction of the peak density in [0, 1); got {min_prominence}")
    peak = values.max()
    if peak == 0:
        return 0
    padded = np.concatenate([[0.0], values, [0.0]])
    peaks, _ = find_peaks(padded, prominence=max(min_prominence * peak, np.finfo(float).tiny))
    return int(peaks.size)


def skewness(weights) -> float:
    """Sample skewness ``g1 = m3 / m2**1.5`` (Fisher–Pearson, biased moments) of a weight sample.

    Positive for a long right tail (log-STDP in Fig. 1 of Chakraborty & Mukhopadhyay 2021). A constant
    sample raises :class:`ConfigError` (the ratio is 0/0).
    """
    sample = _as_weight_vector(weights, minimum=3)
    if np.all(sample == sample[0]):
        raise ConfigError(f"all weights equal {sample[0]:g}; skewness is undefined for a constant sample")
    return float(_scipy_skew(sample, bias=True))
