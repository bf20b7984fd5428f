"""Time encoding of the inputs (Fontanini et al. 2024, Sec. 3): one spike per input, linear in its value.

* Yin-Yang: features ``(x, y, 1 - x, 1 - y)`` in 0..1 spike at ``t_min + f (t_max - t_min)``, plus a bias spike
  at ``t_min`` (5 inputs); the mirrored pair keeps the mean input time constant.
* Images (the MNIST-shaped experiments): pixel ``x`` (0..255) spikes at ``t_min + (1 - x / 255)(t_max - t_min)``,
  bright pixels first; the paper does not give the direction (notes A.8.4). With ``skip_zero`` background pixels
  stay silent, otherwise they spike at ``t_max`` and act as a bias.
"""

from __future__ import annotations

import numpy as np


def encode_yin_yang(features: np.ndarray, t_min: float, t_max: float) -> np.ndarray:
    """``(n, 5)`` spike times: the four features, then the bias at ``t_min``."""
    times = t_min + features * (t_max - t_min)
    return np.hstack([times, np.full((len(features), 1), t_min)])


def encode_image(pixels: np.ndarray, t_min: float, t_max: float, skip_zero: bool) -> np.ndarray:
    """``(n, n_pixels)`` spike times, ``nan`` for silent background pixels when ``skip_zero``."""
    times = t_min + (1.0 - pixels / 255.0) * (t_max - t_min)
    return np.where(skip_zero & (pixels <= 0), np.nan, times)
