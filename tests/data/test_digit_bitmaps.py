"""The shipped 60-pixel digits and the fuzzy-pixel noise."""

import numpy as np
import pytest

from brainsnn.data.digit_bitmaps import digit_patterns
from brainsnn.data.fuzzy_patterns import fuzzy_inputs
from brainsnn.errors import ConfigError
from brainsnn.models.hopfield import hebbian_weights


def test_patterns_are_distinct_fixed_points_of_the_hebbian_network():
    patterns = digit_patterns()
    assert patterns.shape == (6, 60) and set(np.unique(patterns)) == {-1, 1}
    overlaps = np.abs(patterns @ patterns.T / 60 - np.eye(6))
    assert overlaps.max() <= 0.34
    weights = hebbian_weights(patterns)
    np.testing.assert_array_equal(np.sign(patterns @ weights), patterns)


def test_fuzzy_inputs_replace_exactly_k_pixels_by_grey_values():
    patterns = digit_patterns()
    inputs, targets = fuzzy_inputs(patterns, 12, 3, np.random.default_rng(0))
    assert inputs.shape == (18, 60)
    np.testing.assert_array_equal(targets, np.repeat(np.arange(6), 3))
    changed = inputs != patterns[targets]
    assert (changed.sum(axis=1) == 12).all()  # a U(-1, 1) draw equals +-1 with probability 0
    assert (np.abs(inputs) <= 1).all()
    with pytest.raises(ConfigError):
        fuzzy_inputs(patterns, 61, 1, np.random.default_rng(0))
