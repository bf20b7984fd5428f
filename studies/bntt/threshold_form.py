"""BNTT as a time-varying firing threshold (Kim & Panda 2021, Eq. 12-15), against the BNTT layer itself.

At inference a BNTT layer with input current ``x^t`` updates ``u^t = lambda u^{t-1} + a^t x^t + b^t`` with the
folded gain ``a^t = gamma^t / sqrt(var^t + eps)`` and offset ``b^t = -a^t mu^t`` (`TimeBatchNorm.folded`), fires
when ``u^t >= theta`` and subtracts ``theta``. Neglecting ``mu`` and assuming slowly varying ``a^t`` (Eq. 14), it is
a layer without normalisation, ``u~^t = lambda u~^{t-1} + x^t``, firing when ``u~^t >= theta_eff^t`` with

    theta_eff^t = theta sqrt(var^t + eps) / gamma^t = theta / a^t                                  (Eq. 15)

and subtracting ``theta_eff^t``. With ``mu = 0`` and a constant gain, ``u^t = a u~^t`` and the two fire the same
spikes (up to rounding); with the trained per-step statistics the agreement measures the approximation. The
BNTT side is the torch network's own LIF layer; this module is the threshold side, in numpy.
"""

from __future__ import annotations

import numpy as np


def effective_thresholds(gain: np.ndarray, threshold: float) -> np.ndarray:
    """``theta / a^t`` per step and neuron (Eq. 15) from the folded gains ``a`` (``(T, n)``)."""
    return threshold / np.asarray(gain, dtype=float)


def threshold_form_spikes(currents: np.ndarray, thresholds: np.ndarray, leak: float) -> np.ndarray:
    """Spikes ``(T, samples, n)`` of the un-normalised layer with per-step thresholds ``theta_eff^t`` (Eq. 15)."""
    u = np.zeros(currents.shape[1:])
    spikes = np.zeros(currents.shape)
    for t, current in enumerate(currents):
        u = leak * u + current
        spikes[t] = u >= thresholds[t]
        u = u - thresholds[t] * spikes[t]
    return spikes
