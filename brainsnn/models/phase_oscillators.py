"""Ideal phase-oscillator (Kuramoto-type) Hopfield network, settled with fixed-step RK4.

Hoppensteadt & Izhikevich (2000), the oscillatory Hopfield network: identical oscillators in the rotating frame,
time tau in periods, coupling matrix J (zero diagonal) and strength K::

    d theta_i / d tau = K sum_j J_ij sin(theta_j - theta_i) + (B / N) sum_j sin(2 (theta_j - theta_i))

The second, weight-independent term (strength B, default 0: the pure Kuramoto-type network) makes every pair
prefer 0 or 180 deg, as the binary locking of strongly asymmetric relaxation oscillators does (Delacour &
Todri-Sanial 2021, Figs. 8-9); it plays the role of sub-harmonic injection without an external signal.
With J the Hebbian weights, the states theta_i in {theta_0, theta_0 + pi} (in phase / 180 deg out of phase with
oscillator 0) are the +-1 patterns. The inputs x_i in [-1, 1] become initial phases through the ONN's supply delay
(Delacour & Todri-Sanial 2021): theta_i = 2 pi (1 - x_i) / 4. The model has no waveform (only the phase) and no
positive-only conductance: J_ij may be negative.
"""

from __future__ import annotations

import numpy as np

from brainsnn.errors import ConfigError

# RK4 step 1/100 of a period: with K sum_j |J_ij| <= 10 per period the Jacobian's eigenvalues are at most 20 in
# magnitude (Gershgorin), so h |lambda| <= 0.2 and RK4's local error (h lambda)^5 / 120 is below 3e-6.
STEPS_PER_PERIOD = 100
# Farther than 45 deg from both 0 and 180 deg means |cos(theta_i - theta_0)| < cos(45 deg).
_INTERMEDIATE_COS = np.cos(np.pi / 4)


def phases_from_inputs(inputs, encoding: str = "delay") -> np.ndarray:
    """Initial phases (radians) of ``inputs`` in [-1, 1]: "delay" pi (1 - x) / 2, or "sign" 0 (x >= 0) / pi."""
    inputs = np.asarray(inputs, dtype=float)
    if not np.all(np.abs(inputs) <= 1):
        raise ConfigError("inputs must lie in [-1, 1] (white +1, black -1)")
    if encoding == "delay":
        return np.pi * (1 - inputs) / 2
    if encoding == "sign":
        return np.where(inputs >= 0, 0.0, np.pi)
    raise ConfigError(f"unknown encoding {encoding!r}; use 'delay' or 'sign'")


def settle(coupling, theta0, strength: float, periods: float, steps_per_period: int = STEPS_PER_PERIOD,
           binarisation: float = 0.0) -> np.ndarray:
    """Integrate the phase equation for ``periods`` with RK4 from ``theta0`` ((N,) or (B, N) radians).

    ``coupling`` is one (N, N) matrix or one per row (B, N, N); ``binarisation`` is B. Returns the final phases,
    shaped like ``theta0``.
    """
    coupling = np.asarray(coupling, dtype=float)
    theta = np.array(theta0, dtype=float)
    if theta.ndim not in (1, 2) or not np.all(np.isfinite(theta)):
        raise ConfigError("theta0 must be a finite (N,) or (B, N) array of phases")
    n = theta.shape[-1]
    shapes = ((n, n), (theta.shape[0], n, n)) if theta.ndim == 2 else ((n, n),)
    if coupling.shape not in shapes or not np.all(np.isfinite(coupling)):
        raise ConfigError(f"coupling must be finite, of shape (N, N) or (B, N, N) for theta0 of shape {theta.shape}")
    if not (np.isfinite(strength) and np.isfinite(binarisation)) or not (np.isfinite(periods) and periods > 0):
        raise ConfigError("strength and binarisation must be finite, periods positive and finite")
    if int(steps_per_period) != steps_per_period or steps_per_period < 1:
        raise ConfigError("steps_per_period must be a positive integer")
    steps = int(np.ceil(periods * steps_per_period))
    step = periods / steps

    def field(values):
        """sum_j J_ij values_j for every row: one matrix product for a shared J."""
        return values @ coupling.T if coupling.ndim == 2 else np.einsum("bij,bj->bi", coupling, values)

    def rate(phase):
        # sum_j J_ij sin(theta_j - theta_i) = cos(theta_i) (J sin theta)_i - sin(theta_i) (J cos theta)_i
        sin, cos = np.sin(phase), np.cos(phase)
        hebbian = cos * field(sin) - sin * field(cos)
        if not binarisation:
            return strength * hebbian
        sin2, cos2 = 2 * sin * cos, cos**2 - sin**2
        binary = cos2 * sin2.mean(axis=-1, keepdims=True) - sin2 * cos2.mean(axis=-1, keepdims=True)
        return strength * hebbian + binarisation * binary

    for _ in range(steps):
        k1 = rate(theta)
        k2 = rate(theta + step / 2 * k1)
        k3 = rate(theta + step / 2 * k2)
        k4 = rate(theta + step * k3)
        theta += step / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return theta


def binary_states(theta) -> np.ndarray:
    """+1 where oscillator i is nearer in phase with oscillator 0 than 180 deg out of phase, else -1."""
    theta = np.asarray(theta, dtype=float)
    return np.where(np.cos(theta - theta[..., :1]) > 0, 1, -1)


def intermediate_phases(theta) -> np.ndarray:
    """True where oscillator i is farther than 45 deg from both 0 and 180 deg relative to oscillator 0."""
    theta = np.asarray(theta, dtype=float)
    return np.abs(np.cos(theta - theta[..., :1])) < _INTERMEDIATE_COS
