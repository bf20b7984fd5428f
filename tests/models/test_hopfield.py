"""Hebbian storage and discrete Hopfield recall."""

import numpy as np
import pytest
from scipy.linalg import hadamard

from brainsnn.errors import ConfigError
from brainsnn.models.hopfield import activation, hebbian_weights, recall


def test_hebbian_weights_match_the_sum_over_patterns():
    rng = np.random.default_rng(0)
    patterns = rng.choice([-1, 1], size=(3, 7))
    expected = np.zeros((7, 7))
    for i in range(7):
        for j in range(7):
            if i != j:
                expected[i, j] = sum(p[i] * p[j] for p in patterns) / 7
    np.testing.assert_allclose(hebbian_weights(patterns), expected)
    with pytest.raises(ConfigError):
        hebbian_weights([[1, 0, -1]])


def test_orthogonal_patterns_are_recalled_from_corrupted_inputs():
    patterns = hadamard(16)[1:4]
    weights = hebbian_weights(patterns)
    rng = np.random.default_rng(1)
    noisy = patterns.copy()
    noisy[:, [2, 9]] *= -1
    np.testing.assert_array_equal(recall(weights, noisy, rng), patterns)


def test_activation_is_the_in_phase_probability():
    assert activation(0.0, 2.0) == 0.5
    assert activation(1.0, 1.875) == pytest.approx((np.tanh(1.875) + 1) / 2)
