"""Saccade events: an N-MNIST-like event stream made from static images. A PROCEDURAL STAND-IN, NOT N-MNIST.

N-MNIST (Orchard, Jayawant, Cohen & Thakor 2015, "Converting static image datasets to spiking neuromorphic
datasets using saccades", Front. Neurosci. 9:437) was recorded by an ATIS event camera watching MNIST digits on a
monitor while the camera made three saccades of about 100 ms each along a triangle; the recordings are 34 x 34
pixels with ON and OFF events. The real recordings cannot be downloaded on the build machine, so this module
simulates the idea on any grey images (e.g. ``load_dataset("digits", upsample=28)`` or Fashion-MNIST). Results on
it must be reported as results on this stand-in, never as N-MNIST results.

Simulation (all choices ours, not the ATIS's measured behaviour):

* the ``h x w`` image (0..255) moves over a sensor of ``(h + SACCADE_SPAN) x (w + SACCADE_SPAN)`` pixels
  (34 x 34 for 28 x 28 images) along a path of offsets ``(dx, dy)`` in ``[0, SACCADE_SPAN]``; the default path is
  the triangle (0, 6) -> (3, 0) -> (6, 6) -> (0, 6), one saccade per side, ``steps_per_saccade`` time steps each
  (100, i.e. 1 ms steps), moving at constant speed;
* the sensor sees the image bilinearly interpolated at the current offset, ``I(t)``, and each pixel takes the log
  intensity ``L = log(I / 255 + log_offset)``;
* each pixel remembers ``L_ref``, its log intensity at its last event (at the path's start before the first).
  At each step a pixel with ``L - L_ref >= threshold`` emits an ON event (polarity 1), one with
  ``L - L_ref <= -threshold`` an OFF event (polarity 0), and its ``L_ref`` becomes ``L``. A pixel emits at most
  one event per step, so no pixel spikes twice in one step (as Brian2's ``SpikeGeneratorGroup`` requires).

Events of one image are an ``(n_events, 4)`` int64 array of rows ``(t_index, x, y, polarity)`` (x the column,
y the row), sorted by time, then row, then column; `bin_events` turns them into ``(n_bins, 2, height, width)``
frames with channel 0 OFF and channel 1 ON.
"""

import numpy as np

from brainsnn.errors import ConfigError

#: Pixels the path may move the image, per axis: a 28 x 28 image gives a 34 x 34 sensor, as in N-MNIST.
SACCADE_SPAN = 6
STEPS_PER_SACCADE = 100
#: Corners of the triangle the image moves along, (dx, dy) pixels; the path returns to the first.
TRIANGLE = ((0.0, 6.0), (3.0, 0.0), (6.0, 6.0))
DEFAULT_THRESHOLD = 0.2
DEFAULT_LOG_OFFSET = 0.1


def triangle_saccade_path(steps_per_saccade: int = STEPS_PER_SACCADE) -> np.ndarray:
    """Offsets ``(dx, dy)`` of the three saccades: ``(3 steps_per_saccade + 1, 2)``, the start position first."""
    if not isinstance(steps_per_saccade, int) or steps_per_saccade < 1:
        raise ConfigError(
            f"steps_per_saccade must be a positive integer (N-MNIST-like: 100), got {steps_per_saccade!r}"
        )
    corners = np.array([*TRIANGLE, TRIANGLE[0]])
    fractions = np.arange(1, steps_per_saccade + 1) / steps_per_saccade
    sides = [start + fractions[:, None] * (end - start) for start, end in zip(corners[:-1], corners[1:], strict=True)]
    return np.concatenate([corners[:1], *sides])


def _sensor_view(images: np.ndarray, dx: float, dy: float) -> np.ndarray:
    """The images placed at offset ``(dx, dy)`` on the sensor, bilinearly interpolated, zero outside."""
    n, height, width = images.shape
    view = np.zeros((n, height + SACCADE_SPAN, width + SACCADE_SPAN))
    column, row = int(np.floor(dx)), int(np.floor(dy))
    fraction_x, fraction_y = dx - column, dy - row
    for shift_y, weight_y in ((0, 1.0 - fraction_y), (1, fraction_y)):
        for shift_x, weight_x in ((0, 1.0 - fraction_x), (1, fraction_x)):
            if weight_x * weight_y > 0:
                top, left = row + shift_y, column + shift_x
                view[:, top : top + height, left : left + width] += weight_x * weight_y * images
    return view


def motion_events(
    images: np.ndarray,
    path: np.ndarray,
    threshold: float = DEFAULT_THRESHOLD,
    log_offset: float = DEFAULT_LOG_OFFSET,
) -> list[np.ndarray]:
    """Events of grey images moved along ``path`` (module docstring); one ``(n_events, 4)`` array per image.

    Parameters
    ----------
    images
        ``(n, h, w)`` intensities 0..255.
    path
        ``(n_steps + 1, 2)`` offsets ``(dx, dy)`` in ``[0, SACCADE_SPAN]``; row 0 is the start (the reference),
        row ``k`` the position at time index ``k - 1``.
    threshold
        Contrast threshold on the log intensity (> 0).
    log_offset
        Added to the intensity (scaled to 0..1) before the logarithm (> 0); keeps dark pixels finite.
    """
    images = np.asarray(images, dtype=np.float64)
    path = np.asarray(path, dtype=np.float64)
    if images.ndim != 3 or not np.all((images >= 0) & (images <= 255)):
        raise ConfigError(f"images must be (n, h, w) intensities in 0..255, got shape {images.shape}; reshape them")
    if path.ndim != 2 or path.shape[1] != 2 or len(path) < 2 or not np.all((path >= 0) & (path <= SACCADE_SPAN)):
        raise ConfigError(
            f"path must be (n_steps + 1, 2) offsets (dx, dy) in [0, {SACCADE_SPAN}] pixels with n_steps >= 1"
        )
    if not (np.isfinite(threshold) and threshold > 0 and np.isfinite(log_offset) and log_offset > 0):
        raise ConfigError(f"threshold and log_offset must be positive, got {threshold!r} and {log_offset!r}")
    reference = np.log(_sensor_view(images, *path[0]) / 255.0 + log_offset)
    found = []
    for t_index, (dx, dy) in enumerate(path[1:]):
        log_intensity = np.log(_sensor_view(images, dx, dy) / 255.0 + log_offset)
        change = log_intensity - reference
        for polarity, fired in ((1, change >= threshold), (0, change <= -threshold)):
            sample, y, x = np.nonzero(fired)
            found.append(np.stack([sample, np.full_like(sample, t_index), x, y, np.full_like(sample, polarity)], 1))
            reference[fired] = log_intensity[fired]
    events = np.concatenate(found).astype(np.int64)
    events = events[np.lexsort((events[:, 4], events[:, 2], events[:, 3], events[:, 1], events[:, 0]))]
    boundaries = np.searchsorted(events[:, 0], np.arange(1, len(images)))
    return [np.ascontiguousarray(part[:, 1:]) for part in np.split(events, boundaries)]


def simulate_saccades(
    images: np.ndarray,
    threshold: float = DEFAULT_THRESHOLD,
    steps_per_saccade: int = STEPS_PER_SACCADE,
    log_offset: float = DEFAULT_LOG_OFFSET,
) -> list[np.ndarray]:
    """Events of grey ``(n, h, w)`` images moved along the three-saccade triangle (`triangle_saccade_path`)."""
    return motion_events(images, triangle_saccade_path(steps_per_saccade), threshold, log_offset)


def bin_events(events: np.ndarray, n_bins: int, n_steps: int, sensor_shape: tuple[int, int] = (34, 34)) -> np.ndarray:
    """Count one image's events in ``n_bins`` equal time bins: ``(n_bins, 2, height, width)`` int64.

    An event at time index ``t`` (``0 <= t < n_steps``) falls in bin ``t * n_bins // n_steps``; channel 0
    counts OFF events, channel 1 ON events.
    """
    events = np.asarray(events)
    if not isinstance(n_bins, int) or not isinstance(n_steps, int) or not 1 <= n_bins <= n_steps:
        raise ConfigError(f"need integers 1 <= n_bins <= n_steps, got n_bins={n_bins!r}, n_steps={n_steps!r}")
    height, width = sensor_shape
    if events.ndim != 2 or events.shape[1] != 4:
        raise ConfigError(f"events must be (n_events, 4) rows (t_index, x, y, polarity), got shape {events.shape}")
    t, x, y, polarity = events.T
    inside = (t >= 0) & (t < n_steps) & (x >= 0) & (x < width) & (y >= 0) & (y < height) & np.isin(polarity, (0, 1))
    if not inside.all():
        raise ConfigError(
            f"event {events[~inside][0].tolist()} lies outside {n_steps} steps x {width} x {height} pixels or has a "
            "polarity other than 0/1; pass the n_steps and sensor_shape the events were made with"
        )
    frames = np.zeros((n_bins, 2, height, width), dtype=np.int64)
    np.add.at(frames, (t * n_bins // n_steps, polarity, y, x), 1)
    return frames
