"""The presentation schedule both ALSA networks share (Mo et al. 2022, Sec. 2.3): teacher rates and the activity
read back per presentation window, against values worked out by hand."""

import numpy as np
import pytest

from brainsnn.errors import ConfigError
from brainsnn_studies.alsa.schedule import PresentationSchedule

SCHEDULE = PresentationSchedule(present_ms=200.0, rest_ms=50.0, teacher_rate_hz=20.0)


def test_window_activity_counts_presentations_only():
    # slot 0: neuron 1 at 10 and 30 ms; rest at 220 ms left out; slot 1 (250-450 ms): neuron 0 at 260 and 449 ms,
    # neuron 1 at 450 ms is in slot 1's rest; slot 2: neuron 1 at 500 ms; 760 ms lies beyond the three slots.
    neuron = np.array([1, 1, 0, 0, 0, 1, 1, 0])
    times_ms = np.array([10.0, 30.0, 220.0, 260.0, 449.0, 450.0, 500.0, 760.0])
    counts, first = SCHEDULE.window_activity(neuron, times_ms, n_slots=3, n_neurons=2)
    np.testing.assert_array_equal(counts, [[0, 2], [2, 0], [0, 1]])
    np.testing.assert_allclose(first, [[np.inf, 10.0], [10.0, np.inf], [np.inf, 0.0]])


def test_teacher_rates_are_one_hot_on_supervised_samples():
    labels = np.array([[2, 0, 1], [1, 1, 0]])
    rates = SCHEDULE.teacher_rates_hz(labels, np.array([True, False, True]), n_classes=3)
    expected = np.zeros((2, 3, 3))
    expected[0, 0, 2] = expected[0, 2, 1] = expected[1, 0, 1] = expected[1, 2, 0] = 20.0
    np.testing.assert_array_equal(rates, expected)


def test_bad_schedule_and_labels_name_the_fix():
    with pytest.raises(ConfigError, match="labels must lie in 0..2"):
        SCHEDULE.teacher_rates_hz(np.array([0, 3]), np.ones(2, bool), n_classes=3)
    with pytest.raises(ConfigError, match="'rest_ms' must be >= 0"):
        PresentationSchedule(rest_ms=-1.0).check()
    with pytest.raises(ConfigError, match="'teacher_weight' must be > 0"):
        PresentationSchedule(teacher_weight=0.0).check()
