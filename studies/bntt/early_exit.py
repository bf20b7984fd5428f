"""Temporal early exit from the learnt BNTT gains (Kim & Panda 2021, Sec. 3.3, Fig. 4 and 7).

A low ``gamma^t`` means a high effective threshold (Eq. 15) and few spikes, so inference can stop once every layer's
mean gain is small. Per BNTT layer ``l`` the profile is ``g_l(t) = mean_i gamma_{l,i}^t``; with threshold ``r``

    T_exit = 1 + max{ t : g_l(t) >= r_l for some layer l }     (steps 0 .. T_exit - 1 are run; at least 1)

where ``r_l = r`` (absolute, the paper's 0.1 on VGG9) or ``r_l = r max_t g_l(t)`` (relative, for small models whose
gains never fall near 0). Taking the *last* step above the threshold never exits during the initial ramp-up of deep
layers, whose gains are low at the first steps. The profile is known before inference, so the exit costs nothing.
"""

from __future__ import annotations

import numpy as np


def gamma_profiles(network) -> np.ndarray:
    """``(layers, T)``: the mean ``gamma^t`` over the features of every `TimeBatchNorm` of ``network``, in order."""
    from brainsnn.train.snn import TimeBatchNorm

    return np.array([layer.gamma.detach().cpu().double().mean(dim=1).numpy()
                     for layer in network.layers if isinstance(layer, TimeBatchNorm)])


def exit_steps(profiles: np.ndarray, threshold: float, relative: bool = True) -> int:
    """``T_exit`` (module docstring) of ``(layers, T)`` gain profiles."""
    profiles = np.atleast_2d(np.asarray(profiles, dtype=float))
    limits = threshold * profiles.max(axis=1, keepdims=True) if relative else np.full((len(profiles), 1), threshold)
    above = np.flatnonzero((profiles >= limits).any(axis=0))
    return int(above[-1]) + 1 if above.size else 1
