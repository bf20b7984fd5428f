"""Phase readout from cycle events of synthetic oscillators with known phases."""

import numpy as np
import pytest

from brainsnn.errors import ConfigError
from brainsnn.metrics.phase_readout import circular_distance_deg, read_phases


def _events(offsets_per_period, period=20.0, cycles=6, drift=0.0):
    index, time = [], []
    for k, offset in enumerate(offsets_per_period):
        for c in range(cycles):
            index.append(k)
            time.append(c * period + offset * period + (drift * c if k else 0.0))
    return np.array(index), np.array(time)


def test_phases_relative_to_the_reference():
    index, time = _events([0.0, 0.25, 0.5, 0.75, 0.02])
    readout = read_phases(index, time, references=[0, 0, 0, 0, 0])
    np.testing.assert_allclose(readout.phase_deg, [0, 90, 180, 270, 7.2], atol=1e-9)
    np.testing.assert_array_equal(readout.state, [1, -1, -1, -1, 1])
    np.testing.assert_array_equal(readout.intermediate, [False, True, False, True, False])
    assert readout.converged.all()
    np.testing.assert_allclose(readout.locked_period, 20.0)


def test_drifting_oscillators_are_unconverged_and_short_records_are_nan():
    index, time = _events([0.0, 0.5], drift=1.0)  # 18 deg per cycle
    readout = read_phases(index, time, references=[0, 0])
    assert not readout.converged[1]
    index, time = _events([0.0, 0.5], cycles=2)
    readout = read_phases(index, time, references=[0, 0])
    assert np.isnan(readout.phase_deg).all() and not readout.converged.any()


def test_each_network_uses_its_own_reference():
    index, time = _events([0.0, 0.5, 0.1, 0.6])
    readout = read_phases(index, time, references=[0, 0, 2, 2])
    np.testing.assert_allclose(readout.phase_deg, [0, 180, 0, 180], atol=1e-9)


def test_bad_input():
    with pytest.raises(ConfigError):
        read_phases([0, 1], [0.0], references=[0, 0])
    with pytest.raises(ConfigError):
        read_phases([0], [0.0], references=[3])


def test_circular_distance():
    np.testing.assert_allclose(circular_distance_deg([359, 10, 180], [1, 350, 0]), [2, 20, 180])
