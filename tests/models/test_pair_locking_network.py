"""The pair locking rule composed over a network: the two-oscillator rule, fixed points, votes and retrieval."""

import numpy as np
import pytest
from scipy.linalg import hadamard

from brainsnn.errors import ConfigError
from brainsnn.models.hopfield import activation, hebbian_weights
from brainsnn.models.pair_locking_network import binary_states, circular_distance, initial_phases, settle

PATTERNS = hadamard(16)[[1, 2, 4]]  # three orthogonal patterns: no Hebbian weight is zero
WEIGHTS = hebbian_weights(PATTERNS)


def _symmetric(matrices):
    return (matrices + np.swapaxes(matrices, -1, -2)) / 2


def test_two_oscillators_follow_the_pair_rule():
    delay, transit = np.meshgrid(np.arange(40) / 40 + 0.01, np.arange(1, 21) / 40)  # no delay equals a transit
    delay, transit = delay.ravel(), transit.ravel()
    start = np.stack([np.full_like(delay, 0.3), (0.3 + delay) % 1], axis=1)
    settled = settle(transit[:, None, None] * np.ones((2, 2)), start)
    in_phase = np.minimum(delay, 1 - delay) < transit
    np.testing.assert_array_equal(binary_states(settled.phase)[:, 1], np.where(in_phase, 1, -1))
    np.testing.assert_allclose(circular_distance(*settled.phase.T), np.where(in_phase, 0.0, 0.5), atol=1e-12)
    assert settled.converged.all()
    # at the boundary delta = z the pair locks out of phase
    np.testing.assert_array_equal(binary_states(settle(np.full((2, 2), 0.25), [0.0, 0.25]).phase), [[1, -1]])


def test_one_cycle_updates_in_firing_order_with_the_phases_already_moved():
    # By hand, firing order 0, 1, 2: d_0 -> mean(d_1, d_2 + 1/2) = mean(0.2, 0.95) = 0.075; d_1 -> mean(0.075, 0.45)
    # = 0.2625 (delta 0.125 and 0.25 < 0.3); d_2 -> mean(0.075 + 1/2, 0.2625) = 0.41875 (delta 0.375 >= 0.1).
    transit = [[0.5, 0.3, 0.1], [0.3, 0.5, 0.3], [0.1, 0.3, 0.5]]
    settled = settle(transit, [0.0, 0.2, 0.45], max_cycles=1)
    np.testing.assert_allclose(settled.phase, [[0.075, 0.2625, 0.41875]], atol=1e-12)
    assert settled.cycles[0] == 1 and not settled.converged[0]


def test_binary_inputs_are_fixed_points_of_any_transit_matrix():
    rng = np.random.default_rng(0)
    inputs = rng.choice([-1.0, 1.0], size=(20, 12))
    transit = _symmetric(rng.uniform(0.001, 0.499, size=(20, 12, 12)))
    transit[0] = 0.5  # the largest transit: a delay of exactly half a period still locks out of phase
    start = initial_phases(inputs)
    settled = settle(transit, start, weight=rng.uniform(0, 2, size=(12, 12)))
    np.testing.assert_allclose(settled.phase, start, atol=1e-12)
    np.testing.assert_array_equal(settled.cycles, 1)
    assert settled.converged.all()


def test_one_cycle_gives_a_grey_pixel_the_weighted_sign_vote_of_its_binary_neighbours():
    rng = np.random.default_rng(1)
    rows, n = 30, 16
    inputs = rng.choice([-1.0, 1.0], size=(rows, n))
    grey = rng.integers(1, n, size=rows)
    inputs[np.arange(rows), grey] = 0.0
    weight = rng.uniform(0.5, 1.5, size=(rows, n, n))
    settled = settle(activation(WEIGHTS, 20.0) / 2, initial_phases(inputs), weight=weight, max_cycles=1)
    expected = inputs.copy()
    for row, k in enumerate(grey):
        vote = sum(weight[row, k, j] * np.sign(WEIGHTS[k, j]) * inputs[row, j] for j in range(n) if j != k)
        expected[row, k] = np.sign(vote)
    np.testing.assert_array_equal(binary_states(settled.phase), expected * expected[:, :1])


def test_grey_and_half_flipped_pixels_of_orthogonal_patterns_are_retrieved():
    inputs = PATTERNS.astype(float)
    inputs[:, [5, 9, 13]] = 0.0
    inputs[:, [3, 10]] *= -0.5
    settled = settle(activation(WEIGHTS, 20.0) / 2, initial_phases(inputs))
    np.testing.assert_array_equal(binary_states(settled.phase), PATTERNS)
    assert settled.converged.all()


def test_batched_settle_matches_rows():
    rng = np.random.default_rng(2)
    transit = _symmetric(rng.uniform(0.05, 0.45, size=(4, 8, 8)))
    weight = rng.uniform(0.1, 1.0, size=(4, 8, 8))
    start = rng.uniform(0, 0.5, size=(4, 8))
    batched = settle(transit, start, weight=weight, max_cycles=5)
    for row in range(4):
        single = settle(transit[row], start[row], weight=weight[row], max_cycles=5)
        np.testing.assert_allclose(single.phase[0], batched.phase[row], atol=1e-12)
        assert single.cycles[0] == batched.cycles[row] and single.converged[0] == batched.converged[row]


def test_bad_input_is_a_config_error():
    with pytest.raises(ConfigError):
        initial_phases([0.5, -1.2])
    with pytest.raises(ConfigError):
        settle(np.full((3, 3), 0.2), np.zeros(4))
    with pytest.raises(ConfigError):
        settle(np.full((2, 3, 3), 0.2), np.zeros((3, 3)))
    with pytest.raises(ConfigError):
        settle(np.full((3, 3), 0.6), np.zeros(3))
    with pytest.raises(ConfigError):
        settle(np.zeros((3, 3)), np.zeros(3))
    with pytest.raises(ConfigError):
        settle(np.full((3, 3), 0.2), np.zeros(3), weight=-np.ones((3, 3)))
    with pytest.raises(ConfigError):
        settle(np.full((3, 3), 0.2), np.zeros(3), max_cycles=0)
