"""Most-active-output readout: most spikes wins, ties go to the earliest first spike, silence is never a class."""

import numpy as np

from brainsnn.metrics.output_readout import SILENT, most_active_output, most_driven_output


def test_most_spikes_then_earliest_then_silent():
    counts = np.array([[1, 4, 2], [3, 0, 3], [0, 0, 0], [2, 2, 2]])
    first = np.array([[5.0, 9.0, 1.0], [40.0, np.inf, 12.0], [np.inf] * 3, [7.0, 3.0, 8.0]])
    np.testing.assert_array_equal(most_active_output(counts, first), [1, 2, SILENT, 1])


def test_drive_breaks_ties_and_silence():
    counts = np.array([[2, 2, 0], [0, 0, 0], [1, 3, 0]])
    drive = np.array([[0.1, 0.5, 9.0], [0.2, 0.1, 0.3], [5.0, 0.0, 0.0]])
    np.testing.assert_array_equal(most_driven_output(counts, drive), [1, 2, 1])
