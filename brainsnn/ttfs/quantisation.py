"""Time and weight quantisation of a TTFS network (thesis Sec. 3.6.4, Fig. 3.5b-c), round to nearest.

Time: a layer's window ``[t_min, t_min + V]`` is split into ``K`` equal steps and every spike time is rounded to
the nearest step, ``t_q = t_min + (V / K) round(K (t - t_min) / V)``.

Weights: ``q`` bits on a symmetric integer grid ``[-2^(q-1), 2^(q-1) - 1]`` with a fixed step
``s = max(|w_low|, |w_high|) / 2^(q-1)`` set by the 1st/99th weight percentiles (4th/96th for q <= 4), so
``w_q = s clip(round(w / s), -2^(q-1), 2^(q-1) - 1)``.
"""

import numpy as np

from brainsnn.errors import ConfigError

#: Weight percentiles clipped before quantising (Sec. 3.6.4): wider tails are cut at 4 bits and below.
CLIP_PERCENTILES = {"wide": (1.0, 99.0), "narrow": (4.0, 96.0)}


def quantise_times(times: np.ndarray, t_min: float, window: float, steps: int) -> np.ndarray:
    """Spike times rounded to ``steps`` equal steps of ``[t_min, t_min + window]`` (clipped into it)."""
    if not (isinstance(steps, int) and steps >= 1 and window > 0):
        raise ConfigError(f"time quantisation needs an integer K >= 1 and a window > 0, got K={steps!r}, {window!r}")
    level = np.clip(np.round(steps * (times - t_min) / window), 0, steps)
    return t_min + window * level / steps


def weight_step(weight: np.ndarray, bits: int) -> float:
    """Grid step ``s`` of ``bits``-bit weights from the clipped percentiles of ``weight``."""
    if not (isinstance(bits, int) and bits >= 2):
        raise ConfigError(f"weight quantisation needs an integer number of bits >= 2, got {bits!r}")
    low, high = np.percentile(weight, CLIP_PERCENTILES["narrow" if bits <= 4 else "wide"])
    return max(abs(low), abs(high)) / 2 ** (bits - 1)


def quantise_weights(weight: np.ndarray, bits: int, step: float) -> np.ndarray:
    """``s clip(round(w / s), -2^(q-1), 2^(q-1) - 1)``."""
    return step * np.clip(np.round(weight / step), -(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
