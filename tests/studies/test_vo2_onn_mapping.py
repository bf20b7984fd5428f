"""Eq. 22 mapping of Hebbian levels to resistances, its spread and its linear approximation."""

import numpy as np
import pytest
from brian2 import kohm, ohm, second

from brainsnn.errors import ConfigError
from brainsnn.models.hopfield import hebbian_weights
from brainsnn_studies.vo2_onn.onn_mapping import ResistanceMapping, transit_delays, weight_levels


def test_levels_and_delays():
    weights = hebbian_weights([[1, 1, 1, -1], [1, 1, -1, 1]])
    levels = weight_levels(weights)
    np.testing.assert_allclose(levels, [0.5, 0.0, -0.5])
    delays = transit_delays(levels, 2.0, 20e-6 * second) / second
    np.testing.assert_allclose(delays, 10e-6 * (np.tanh(2.0 * levels) + 1) / 2)
    with pytest.raises(ConfigError):
        transit_delays(levels, 0.0, 20e-6 * second)


def test_matrix_scaling_spread_and_linear_fit():
    weights = hebbian_weights([[1, 1, 1, -1], [1, 1, -1, 1]])
    levels = weight_levels(weights)
    mapping = ResistanceMapping.from_pair_resistances(levels, np.array([10.0, 11.0, 13.0]) * kohm, 4)
    np.testing.assert_allclose(mapping.resistances / kohm, [30, 33, 39])  # (N - 1) = 3
    matrix = mapping.matrix(weights) / kohm
    assert np.isinf(np.diag(matrix)).all()
    assert matrix[0, 1] == 30 and matrix[0, 2] == 33 and matrix[2, 3] == 39
    assert mapping.spread == pytest.approx(0.3)
    assert mapping.smallest_step == pytest.approx(0.1)
    linear = mapping.linear()
    np.testing.assert_allclose(np.diff(linear.resistances / kohm), 4.5)  # least-squares slope of 30, 33, 39
    assert float(np.mean(linear.resistances / kohm)) == pytest.approx(34.0)
    np.testing.assert_allclose(mapping.scaled(0.9).resistances / kohm, [27, 29.7, 35.1])


def test_unknown_levels_and_missing_resistances_are_errors():
    levels = np.array([0.5, 0.0, -0.5])
    mapping = ResistanceMapping(levels, np.array([1.0, 2.0, 3.0]) * ohm)
    with pytest.raises(ConfigError, match="level"):
        mapping.matrix(np.array([[0, 0.25], [0.25, 0]]))
    with pytest.raises(ConfigError, match="zeta"):
        ResistanceMapping.from_pair_resistances(levels, np.array([1.0, np.nan, 3.0]) * ohm, 3)
