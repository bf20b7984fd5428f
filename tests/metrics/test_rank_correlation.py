"""Spearman rho with its Fisher-z interval against the rank-difference formula and simulated coverage."""

import math
from statistics import NormalDist

import numpy as np
import pytest

from brainsnn.metrics.rank_correlation import spearman_interval


def test_rho_and_interval_match_the_rank_difference_formula_and_fieller_by_hand():
    x = np.arange(10.0)
    y = np.array([2, 0, 1, 4, 3, 6, 5, 9, 7, 8], dtype=float)  # ranks of y are y + 1
    d2 = float(np.sum((x - y) ** 2))
    rho = 1 - 6 * d2 / (10 * (10**2 - 1))
    half = NormalDist().inv_cdf(0.975) * math.sqrt(1.06 / 7)
    result = spearman_interval(x, y)
    assert result.rho == pytest.approx(rho, abs=1e-12)
    assert result.low == pytest.approx(math.tanh(math.atanh(rho) - half), abs=1e-12)
    assert result.high == pytest.approx(math.tanh(math.atanh(rho) + half), abs=1e-12)
    assert result.low < result.rho < result.high


def test_the_95_percent_interval_covers_the_true_rank_correlation_about_95_percent_of_the_time():
    rng = np.random.default_rng(7)
    rho_normal, n, trials = 0.6, 30, 2000
    true_spearman = 6 / math.pi * math.asin(rho_normal / 2)  # bivariate normal (Pearson 1907)
    cov = [[1, rho_normal], [rho_normal, 1]]
    covered = 0
    for _ in range(trials):
        x, y = rng.multivariate_normal([0, 0], cov, size=n).T
        result = spearman_interval(x, y)
        covered += result.low <= true_spearman <= result.high
    assert 0.93 <= covered / trials <= 0.97


def test_undefined_statistics_are_none_not_nan():
    constant = spearman_interval([1.0, 1.0, 1.0, 1.0], [0.1, 0.4, 0.2, 0.3])
    assert (constant.rho, constant.p_value, constant.low, constant.high) == (None, None, None, None)
    three = spearman_interval([1.0, 2.0, 3.0], [0.3, 0.1, 0.2])
    assert three.rho == pytest.approx(-0.5) and three.low is None and three.high is None
    assert spearman_interval([1.0, 2.0], [2.0, 1.0]).rho is None


def test_bad_input_names_the_problem():
    with pytest.raises(ValueError, match="equal length"):
        spearman_interval([1.0, 2.0, 3.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="confidence"):
        spearman_interval([1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 4.0, 3.0], confidence=95)
