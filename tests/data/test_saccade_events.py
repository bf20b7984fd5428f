"""Saccade events (a procedural stand-in, not N-MNIST): closed-form events of single bright pixels, no events
without motion, symmetry of a shift there and back, threshold monotonicity, the triangle path, and binning."""

import math

import numpy as np
import pytest

from brainsnn.data.datasets import load_dataset
from brainsnn.data.saccade_events import (
    bin_events,
    motion_events,
    simulate_saccades,
    triangle_saccade_path,
)
from brainsnn.errors import ConfigError


@pytest.fixture(scope="module")
def digits():
    data = load_dataset("digits", n_train=20, n_test=10, upsample=28)
    return data.x_train.reshape(-1, 28, 28)[:3]


def _dot(row=10, column=12, value=255.0):
    image = np.zeros((1, 28, 28))
    image[0, row, column] = value
    return image


def test_one_pixel_shift_of_a_bright_dot():
    (events,) = motion_events(_dot(), [(0, 0), (1, 0)], threshold=0.2, log_offset=0.1)
    # the dot leaves (x=12, y=10): log(0.1) - log(1.1) < -0.2 -> OFF; it arrives at x=13: ON
    np.testing.assert_array_equal(events, [[0, 12, 10, 0], [0, 13, 10, 1]])


@pytest.mark.parametrize("threshold", [0.5, 2.0, 2.5])
def test_half_pixel_shift_follows_bilinear_log_contrast(threshold):
    # half a pixel right: both pixels see 127.5; contrasts log(0.6 / 1.1) = -0.606 and log(0.6 / 0.1) = 1.792
    (events,) = motion_events(_dot(), [(0, 0), (0.5, 0)], threshold=threshold, log_offset=0.1)
    expected = []
    if math.log(0.6 / 1.1) <= -threshold:
        expected.append([0, 12, 10, 0])
    if math.log(0.6 / 0.1) >= threshold:
        expected.append([0, 13, 10, 1])
    np.testing.assert_array_equal(events.reshape(-1, 4), np.array(expected, dtype=np.int64).reshape(-1, 4))


def test_reference_resets_at_each_event():
    # dot brightens stepwise by moving in quarter pixels onto x=13: log(I/255 + 0.1) at I = 63.75, 127.5, ...
    path = [(0, 0), (0.25, 0), (0.5, 0), (0.75, 0), (1.0, 0)]
    (events,) = motion_events(_dot(), path, threshold=0.5, log_offset=0.1)
    on_13 = events[(events[:, 1] == 13) & (events[:, 3] == 1), 0]
    levels = np.log(np.array([0.0, 0.25, 0.5, 0.75, 1.0]) + 0.1)
    expected, reference = [], levels[0]
    for step, level in enumerate(levels[1:]):
        if level - reference >= 0.5:
            expected.append(step)
            reference = level
    np.testing.assert_array_equal(on_13, expected)
    assert expected == [0, 1, 3]


def test_static_image_gives_no_events(digits):
    for path in ([(0, 0)] * 50, [(3.5, 2.25)] * 10):
        assert all(len(events) == 0 for events in motion_events(digits, path))


def test_shift_there_and_back_is_on_off_symmetric(digits):
    for events in motion_events(digits, [(2, 2), (3, 2), (2, 2)]):
        out, back = events[events[:, 0] == 0], events[events[:, 0] == 1]
        assert len(out) > 20 and len(out) == len(back)
        np.testing.assert_array_equal(back[:, 1:3], out[:, 1:3])
        np.testing.assert_array_equal(back[:, 3], 1 - out[:, 3])
        assert (out[:, 3] == 1).sum() == (back[:, 3] == 0).sum() > 0


def test_event_count_grows_as_the_threshold_falls(digits):
    counts = [
        sum(map(len, simulate_saccades(digits, threshold, steps_per_saccade=20))) for threshold in (0.8, 0.4, 0.2, 0.1)
    ]
    assert all(fewer < more for fewer, more in zip(counts, counts[1:], strict=False)), counts


def test_saccade_events_stay_on_the_34_pixel_sensor_and_cover_three_saccades(digits):
    events = simulate_saccades(digits[:1], steps_per_saccade=30)[0]
    assert events.dtype == np.int64 and events.shape[1] == 4
    assert events[:, 0].min() >= 0 and events[:, 0].max() <= 89 and np.all(np.diff(events[:, 0]) >= 0)
    assert events[:, 1:3].min() >= 0 and events[:, 1:3].max() <= 33
    assert {0, 1} <= set(events[:, 3].tolist())
    per_saccade = np.bincount(events[:, 0] // 30, minlength=3)
    assert np.all(per_saccade > 0)
    # no pixel fires twice in one step
    assert len(np.unique(events[:, :3], axis=0)) == len(events)


def test_triangle_path():
    path = triangle_saccade_path(4)
    assert path.shape == (13, 2)
    np.testing.assert_allclose(path[[0, 4, 8, 12]], [(0, 6), (3, 0), (6, 6), (0, 6)])
    np.testing.assert_allclose(path[2], (1.5, 3.0))  # halfway along the first side
    steps = np.linalg.norm(np.diff(path, axis=0), axis=1)
    np.testing.assert_allclose(steps[:8], math.hypot(3, 6) / 4)
    np.testing.assert_allclose(steps[8:], 6 / 4)


def test_binning_conserves_and_places_every_event(digits):
    events = simulate_saccades(digits[:1], steps_per_saccade=10)[0]
    frames = bin_events(events, n_bins=7, n_steps=30)
    assert frames.shape == (7, 2, 34, 34) and frames.sum() == len(events)
    expected = np.zeros_like(frames)
    for t, x, y, polarity in events:
        expected[t * 7 // 30, polarity, y, x] += 1
    np.testing.assert_array_equal(frames, expected)


def test_bad_input():
    with pytest.raises(ConfigError, match="0..255"):
        motion_events(_dot(value=300.0), [(0, 0), (1, 0)])
    with pytest.raises(ConfigError, match=r"offsets \(dx, dy\) in \[0, 6\]"):
        motion_events(_dot(), [(0, 0), (7, 0)])
    with pytest.raises(ConfigError, match="positive"):
        motion_events(_dot(), [(0, 0), (1, 0)], threshold=0.0)
    with pytest.raises(ConfigError, match="steps_per_saccade"):
        triangle_saccade_path(0)
    with pytest.raises(ConfigError, match="outside 10 steps"):
        bin_events(np.array([[10, 0, 0, 1]]), n_bins=2, n_steps=10)
    with pytest.raises(ConfigError, match="n_bins <= n_steps"):
        bin_events(np.zeros((0, 4), dtype=np.int64), n_bins=11, n_steps=10)
