"""Inputs of the classification tasks as time-major 0/1 spike arrays ``(T, n_samples, n_in)``.

Latency code (the authors' MNIST code): pixel x in 0..255 fires once at step int(24 - 24 x / 255); zero pixels
stay silent. Saccade events: `brainsnn.data.simulate_saccades` moves each image along the N-MNIST triangle (a
procedural stand-in for N-MNIST, not N-MNIST) and `brainsnn.data.bin_events` bins the ON/OFF events one bin per step.
"""

from __future__ import annotations

import numpy as np

from brainsnn.data.saccade_events import SACCADE_SPAN, bin_events, simulate_saccades
from brainsnn.errors import ConfigError

#: Latest input spike step of the latency code (the authors' 24).
LATENCY_SPAN = 24


def latency_code(images: np.ndarray, steps: int) -> np.ndarray:
    """One spike per non-zero pixel at step int(24 - 24 x / 255): ``(steps, n, n_pixels)``."""
    if steps <= LATENCY_SPAN:
        raise ConfigError(f"steps must be > {LATENCY_SPAN} (the latency code's last input step), got {steps}")
    flat = np.asarray(images, dtype=np.float64).reshape(len(images), -1)
    when = (LATENCY_SPAN - LATENCY_SPAN * flat / 255.0).astype(np.int64)
    spikes = np.zeros((steps, *flat.shape))
    sample, pixel = np.nonzero(flat > 0)
    spikes[when[sample, pixel], sample, pixel] = 1.0
    return spikes


def saccade_code(images: np.ndarray, shape: tuple[int, int], steps_per_saccade: int) -> np.ndarray:
    """ON/OFF events of the three saccades, one bin per step: ``(3 steps_per_saccade, n, 2 h' w')`` where the
    sensor is ``h' x w' = (h + 6) x (w + 6)``."""
    frames = np.asarray(images, dtype=np.float64).reshape(len(images), *shape)
    steps = 3 * steps_per_saccade
    sensor = (shape[0] + SACCADE_SPAN, shape[1] + SACCADE_SPAN)
    binned = [bin_events(events, steps, steps, sensor) for events in simulate_saccades(frames, steps_per_saccade=
                                                                                       steps_per_saccade)]
    return np.minimum(np.stack(binned, axis=1).reshape(steps, len(images), -1), 1).astype(np.float64)
