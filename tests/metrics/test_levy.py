"""Chambers–Mallows–Stuck SαS sampler against scipy's stable CDF, and the Lévy-driven O-U Euler scheme."""

import math

import numpy as np
import pytest
from scipy import stats

from brainsnn.errors import ConfigError
from brainsnn.metrics import levy_ou_path, symmetric_stable


@pytest.mark.parametrize("alpha", [0.8, 1.5])
def test_cms_matches_scipy_stable_cdf(alpha):
    samples = symmetric_stable(alpha, 1000, rng=np.random.default_rng(5))
    assert stats.kstest(samples, stats.levy_stable(alpha, 0.0).cdf).pvalue > 0.01


def test_ks_check_has_power():
    # The same check tells alpha = 1.5 from alpha = 1 (Cauchy).
    samples = symmetric_stable(1.5, 1000, rng=np.random.default_rng(5))
    assert stats.kstest(samples, stats.cauchy.cdf).pvalue < 0.01


def test_alpha_two_is_gaussian_with_variance_two():
    samples = symmetric_stable(2.0, 20000, rng=1)
    assert stats.kstest(samples, stats.norm(scale=math.sqrt(2.0)).cdf).pvalue > 0.01
    assert np.var(samples) == pytest.approx(2.0, rel=0.05)


def test_alpha_one_is_cauchy():
    samples = symmetric_stable(1.0, 5000, rng=2)
    assert stats.kstest(samples, stats.cauchy.cdf).pvalue > 0.01


def test_sampler_shape_and_seed():
    first = symmetric_stable(1.3, (4, 3), rng=9)
    assert first.shape == (4, 3)
    np.testing.assert_array_equal(first, symmetric_stable(1.3, (4, 3), rng=9))


@pytest.mark.parametrize("alpha", [0.0, -1.0, 2.5, float("nan")])
def test_sampler_rejects_bad_alpha(alpha):
    with pytest.raises(ConfigError, match="alpha"):
        symmetric_stable(alpha, 3)


def test_ou_path_follows_euler_recursion():
    alpha, theta, dt = 1.4, 2.0, 0.05
    path = levy_ou_path(alpha, theta, dt, steps=50, dim=3, rng=4, x0=[1.0, -2.0, 0.5])
    kicks = dt ** (1 / alpha) * symmetric_stable(alpha, (50, 3), rng=4)
    expected = np.empty((51, 3))
    expected[0] = [1.0, -2.0, 0.5]
    for k in range(50):
        expected[k + 1] = expected[k] - theta * expected[k] * dt + kicks[k]
    np.testing.assert_allclose(path, expected, rtol=1e-12, atol=1e-12)


def test_gaussian_ou_stationary_variance_matches_ar1_closed_form():
    theta, dt = 1.0, 0.01
    path = levy_ou_path(2.0, theta, dt, steps=21000, dim=200, rng=8)
    stationary = path[1000:]  # (1 - theta dt)**1000 ~ 4e-5 of x0 = 0 is left
    closed_form = 2 * dt / (1 - (1 - theta * dt) ** 2)
    assert np.var(stationary) == pytest.approx(closed_form, rel=0.03)
    lag_one = np.mean(stationary[1:] * stationary[:-1]) / np.mean(stationary**2)
    assert lag_one == pytest.approx(1 - theta * dt, abs=0.002)


def test_ou_validation():
    with pytest.raises(ConfigError, match="theta"):
        levy_ou_path(1.5, theta=200.0, dt=0.01, steps=10, dim=3)
    with pytest.raises(ConfigError, match="dt"):
        levy_ou_path(1.5, theta=1.0, dt=0.0, steps=10, dim=3)
    with pytest.raises(ConfigError, match="steps"):
        levy_ou_path(1.5, theta=1.0, dt=0.01, steps=0, dim=3)
