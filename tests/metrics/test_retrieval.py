"""Retrieval scores up to global inversion."""

import numpy as np
import pytest

from brainsnn.errors import ConfigError
from brainsnn.metrics.retrieval import exact_retrieval, hamming_up_to_inversion, nearest_pattern


def test_inversion_counts_as_the_same_state():
    target = np.array([[1, -1, 1, 1, -1, 1]] * 3)
    states = np.array([[1, -1, 1, 1, -1, 1], [-1, 1, -1, -1, 1, -1], [-1, 1, -1, -1, 1, 1]])
    np.testing.assert_array_equal(hamming_up_to_inversion(states, target), [0, 0, 1])
    np.testing.assert_array_equal(exact_retrieval(states, target), [True, True, False])
    with pytest.raises(ConfigError):
        hamming_up_to_inversion(states[:, :3], target)


def test_nearest_pattern_by_brute_force_and_ties():
    rng = np.random.default_rng(3)
    patterns = rng.choice([-1, 1], size=(4, 9))
    states = rng.choice([-1, 1], size=(50, 9))
    nearest = nearest_pattern(states, patterns)
    for state, index in zip(states, nearest, strict=True):
        distances = [min(np.sum(state != p), np.sum(state != -p)) for p in patterns]
        if distances.count(min(distances)) > 1:
            assert index == -1
        else:
            assert index == int(np.argmin(distances))
    assert nearest_pattern(-patterns[2], patterns)[0] == 2  # an inverted pattern is that pattern
