"""Symmetric alpha-stable noise and Lévy-driven Ornstein–Uhlenbeck paths.

Chakraborty & Mukhopadhyay (2021, Sec. 2.2, Figs. 2–3) illustrate STDP weight dynamics as an O-U process
driven by an alpha-stable Lévy motion ``L^alpha_t``: the smaller alpha, the heavier the tails and the smaller
the Hausdorff dimension of the path. The paper writes no SDE; we use the O-U equation with Euler steps

    dX = -theta X dt + dL^alpha_t,   integrated as   X_{k+1} = X_k - theta X_k dt + dt**(1/alpha) Z_k,

with ``Z_k`` i.i.d. standard symmetric alpha-stable (``dt**(1/alpha)`` is the self-similar scaling of an
alpha-stable increment over ``dt``).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.signal import lfilter

from brainsnn.errors import ConfigError


def _check_alpha(alpha: float) -> float:
    alpha = float(alpha)
    if not (math.isfinite(alpha) and 0.0 < alpha <= 2.0):
        raise ConfigError(f"the stability index alpha must be in (0, 2]; got {alpha}")
    return alpha


def symmetric_stable(alpha: float, size, rng=None) -> np.ndarray:
    """Standard symmetric alpha-stable samples (beta = 0, scale 1, location 0), Chambers–Mallows–Stuck.

    With ``U ~ Uniform(-pi/2, pi/2)`` and ``E ~ Exp(1)`` independent (Chambers, Mallows & Stuck 1976;
    Weron 1996),

        Z = sin(alpha U) / cos(U)**(1/alpha) * (cos(U - alpha U) / E)**((1 - alpha)/alpha).

    ``alpha = 1`` is the standard Cauchy ``tan(U)``; ``alpha = 2`` is Gaussian with variance 2 (scale 1 in the
    stable parametrisation, characteristic function ``exp(-|t|**alpha)``), drawn directly as
    ``Normal(0, sqrt(2))``. For beta = 0 this is scipy's ``levy_stable(alpha, 0)`` in both S0 and S1.

    Parameters
    ----------
    alpha : float
        Stability index in (0, 2].
    size : int or tuple of int
        Output shape.
    rng : numpy.random.Generator or int or None
        Random generator, or a seed for :func:`numpy.random.default_rng`.

    Returns
    -------
    numpy.ndarray
        Samples of shape ``size``.
    """
    alpha = _check_alpha(alpha)
    rng = np.random.default_rng(rng)
    if alpha == 2.0:
        return rng.normal(0.0, math.sqrt(2.0), size=size)
    angle = rng.uniform(-math.pi / 2, math.pi / 2, size=size)
    if alpha == 1.0:
        return np.tan(angle)
    exponential = rng.exponential(1.0, size=size)
    return (
        np.sin(alpha * angle)
        / np.cos(angle) ** (1.0 / alpha)
        * (np.cos(angle - alpha * angle) / exponential) ** ((1.0 - alpha) / alpha)
    )


def levy_ou_path(alpha: float, theta: float, dt: float, steps: int, dim: int, rng=None, x0=0.0) -> np.ndarray:
    """Euler path of a Lévy-driven Ornstein–Uhlenbeck process (Chakraborty & Mukhopadhyay 2021, Figs. 2–3).

    ``X_{k+1} = (1 - theta dt) X_k + dt**(1/alpha) Z_k`` with ``Z_k`` i.i.d. standard SαS in each of ``dim``
    independent coordinates. ``theta = 0`` gives alpha-stable Lévy motion (a random walk of SαS increments).
    For ``alpha = 2`` the stationary variance of the scheme is ``2 dt / (1 - (1 - theta dt)**2)``.

    Parameters
    ----------
    alpha : float
        Stability index of the driving noise, in (0, 2].
    theta : float
        Mean-reversion rate (>= 0), in inverse units of ``dt``.
    dt : float
        Time step (> 0); ``theta * dt`` must be at most 1 so that the Euler step does not overshoot the mean.
    steps : int
        Number of steps (>= 1).
    dim : int
        Number of independent coordinates (>= 1); Figs. 2–3 plot three.
    rng : numpy.random.Generator or int or None
        Random generator, or a seed.
    x0 : float or array_like of shape (dim,)
        Initial state.

    Returns
    -------
    numpy.ndarray, shape (steps + 1, dim)
        The path, starting with ``x0``.
    """
    alpha = _check_alpha(alpha)
    theta, dt = float(theta), float(dt)
    if not (math.isfinite(dt) and dt > 0):
        raise ConfigError(f"dt must be a positive finite time step; got {dt}")
    if not (math.isfinite(theta) and theta >= 0 and theta * dt <= 1):
        raise ConfigError(f"theta must be >= 0 with theta * dt <= 1 (got theta={theta}, dt={dt}); reduce dt")
    for name, value in (("steps", steps), ("dim", dim)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
            raise ConfigError(f"{name} must be a positive integer; got {value!r}")
    start = np.broadcast_to(np.asarray(x0, dtype=float), (dim,))
    if not np.all(np.isfinite(start)):
        raise ConfigError(f"x0 must be finite; got {x0!r}")
    decay = 1.0 - theta * dt
    kicks = dt ** (1.0 / alpha) * symmetric_stable(alpha, (steps, dim), rng)
    # AR(1) recursion X_{k+1} = decay * X_k + kick_k as a linear filter; its initial state is decay * x0.
    path_after_start, _ = lfilter([1.0], [1.0, -decay], kicks, axis=0, zi=(decay * start)[None, :])
    return np.vstack([start[None, :], path_after_start])
