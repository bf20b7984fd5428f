"""The ladder of models on the ONN's weights: the simulated transit of a pair, the composed pair rule on the stored
digits, the ideal rung and the report's reading of it."""

import math

import numpy as np
import pytest
from brian2 import kohm

from brainsnn.models.hopfield import activation
from brainsnn_studies.vo2_onn.ladder import ideal_rung, simulated_transit, transition_rung
from brainsnn_studies.vo2_onn.onn_mapping import ResistanceMapping
from brainsnn_studies.vo2_onn.report import corrected_share, first_failing_rung
from brainsnn_studies.vo2_onn.retrieval import StoredDigits

#: A boundary zeta^-1 as the phase map measures it: R falls as the delay grows; one delay without a boundary.
BOUNDARY = {"delay_fraction": [0.1, 0.2, 0.3, 0.4, 0.5], "simulated_r_kohm": [20.0, 15.0, math.nan, 12.0, 11.0]}
#: Its log-linear counterpart through the ends.
LOG_LINEAR = {"delay_fraction": [0.1, 0.5], "simulated_r_kohm": [20.0, 11.0]}


def test_simulated_transit_inverts_the_boundary_on_log_r():
    np.testing.assert_allclose(simulated_transit([20.0, 15.0, 12.0, 11.0], BOUNDARY), [0.1, 0.2, 0.4, 0.5])
    middle = np.sqrt(15.0 * 12.0)  # halfway between 15 and 12 kOhm on log R, across the missing delay 0.3
    assert simulated_transit([middle], BOUNDARY)[0] == pytest.approx(0.3)
    np.testing.assert_allclose(simulated_transit([5.0, 100.0], BOUNDARY), [0.5, 0.1])  # held at the ends


@pytest.fixture(scope="module")
def digits():
    return StoredDigits.hebbian()


def _pair_rule_mapping(digits, beta):
    """The resistances whose transit under the log-linear boundary LOG_LINEAR is g(beta W) / 2 (clipped to 0.1)."""
    levels = digits.levels
    fractions = activation(levels, beta) / 2
    pair_r = 11.0 * (20.0 / 11.0) ** ((0.5 - fractions) / 0.4)
    return ResistanceMapping.from_pair_resistances(levels, pair_r * kohm, digits.patterns.shape[1])


def test_composed_pair_rule_keeps_clean_digits_and_follows_the_pair_rule_on_a_grey_pixel(digits):
    mapping = _pair_rule_mapping(digits, 20.0)
    clean = transition_rung(mapping, digits, LOG_LINEAR, digits.patterns)
    np.testing.assert_array_equal(clean * digits.patterns[:, :1], digits.patterns)
    # one grey pixel at x = 0.02, about a quarter period from both groups: each of its pairs follows the pair rule
    # (in phase iff the delay difference is below z_ij = g(beta W_ij) / 2), asking for +-x_j, weighted by 1 / R_ij
    pattern, pixel, beta = digits.patterns[2], 17, 20.0
    grey = pattern.astype(float)
    grey[pixel] = 0.02
    others = np.arange(len(pattern)) != pixel
    delay_difference = np.where(pattern[others] > 0, (1 - 0.02) / 4, (1 + 0.02) / 4)
    in_phase = delay_difference < activation(digits.weights[pixel, others], beta) / 2
    resistances = np.asarray(_pair_rule_mapping(digits, beta).matrix(digits.weights) / kohm)[pixel, others]
    vote = np.sum(np.where(in_phase, 1, -1) * pattern[others] / resistances)
    state = transition_rung(mapping, digits, LOG_LINEAR, grey[None])[0] * pattern[0]
    assert state[pixel] == np.sign(vote)
    np.testing.assert_array_equal(state[others], pattern[others])


def test_ideal_rung_retrieves_a_flipped_grey_digit_and_keeps_clean_ones(digits):
    states = ideal_rung(1.875, digits, digits.patterns, strength=0.3, ratio=0.35, periods=10)
    np.testing.assert_array_equal(states * digits.patterns[:, :1], digits.patterns)
    noisy = digits.patterns[3].astype(float)
    noisy[[5, 22, 40]] *= -0.2  # three pixels turned grey, on the wrong side
    state = ideal_rung(1.875, digits, noisy[None], strength=0.3, ratio=0.35, periods=10)[0]
    np.testing.assert_array_equal(state * digits.patterns[3][0], digits.patterns[3])


def test_first_failing_rung_and_corrected_share():
    ladder = {"hopfield": {"1.875": {"0": 1.0, "12": 0.9, "16": 0.1}},
              "phase_ideal": {"1.875": {"0": 1.0, "12": 0.85}},
              "phase_transition": {"1.875": {"0": 1.0, "4": 0.5}},
              "vo2": {"1.875": {"0": 0.2}}}
    assert first_failing_rung(ladder, "1.875", 12) == "phase_transition"  # k = 16 lies beyond the limit
    ladder["phase_transition"]["1.875"]["4"] = 0.8
    assert first_failing_rung(ladder, "1.875", 12) == "vo2"
    ladder["vo2"]["1.875"]["0"] = 0.95
    assert first_failing_rung(ladder, "1.875", 12) is None
    sign = {"0": {"hamming": 0.0}, "4": {"hamming": 2.0}, "8": {"hamming": 6.0}}
    assert corrected_share({"0": 0.0, "4": 1.0, "8": 1.0}, sign) == pytest.approx(0.75)
    assert corrected_share({"0": 0.0, "4": 4.0, "8": 8.0}, sign) == pytest.approx(-0.5)
