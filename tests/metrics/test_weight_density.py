"""Gaussian KDE of weights (Eqs. 4-5 of Chakraborty & Mukhopadhyay 2021), mode counting and skewness."""

import math

import numpy as np
import pytest

from brainsnn.errors import ConfigError
from brainsnn.metrics import count_modes, skewness, weight_kde


def eq4_density(points, sample, width):
    """Eq. 4 written out: (1/N) sum_i (2 pi t)^(-1/2) exp(-(x - X_i)^2 / (2 t)), t = width**2."""
    t = width**2
    kernels = np.exp(-((points[:, None] - sample[None, :]) ** 2) / (2 * t)) / math.sqrt(2 * math.pi * t)
    return kernels.mean(axis=1)


@pytest.fixture
def rng():
    return np.random.default_rng(123)


def bimodal(rng):
    return np.concatenate([rng.normal(0.1, 0.03, 600), rng.normal(0.9, 0.03, 400)])


def test_density_integrates_to_one(rng):
    for sample in (rng.normal(0.5, 0.2, 1000), bimodal(rng)):
        grid, density = weight_kde(sample)
        assert np.trapezoid(density, grid) == pytest.approx(1.0, abs=1e-3)


@pytest.mark.parametrize("rule, exponent_base", [("scott", 1.0), ("silverman", 0.75)])
def test_rule_bandwidths_match_eq4(rng, rule, exponent_base):
    sample = rng.normal(0.0, 1.0, 300)
    width = np.std(sample, ddof=1) * (exponent_base * sample.size) ** (-1 / 5)
    grid, density = weight_kde(sample, grid=np.linspace(-4, 4, 101), bandwidth=rule)
    np.testing.assert_allclose(density, eq4_density(grid, sample, width), rtol=1e-10)


def test_numeric_bandwidth_is_the_kernel_width(rng):
    sample = rng.uniform(0, 1, 200)
    grid, density = weight_kde(sample, grid=np.linspace(-0.5, 1.5, 81), bandwidth=0.07)
    np.testing.assert_allclose(density, eq4_density(grid, sample, 0.07), rtol=1e-10)


def test_mode_count_and_skewness_characterise_fig1_shapes(rng):
    assert count_modes(*weight_kde(bimodal(rng))) == 2  # add-STDP-like
    unimodal = rng.normal(0.5, 0.1, 1000)
    assert count_modes(*weight_kde(unimodal)) == 1  # mult-STDP-like
    assert abs(skewness(unimodal)) < 0.2
    long_tailed = rng.lognormal(-3.0, 0.8, 1000)  # log-STDP-like
    assert count_modes(*weight_kde(long_tailed)) == 1
    assert skewness(long_tailed) > 1.5


def test_count_modes_on_hand_built_density():
    grid = np.linspace(0, 1, 201)
    # Falling from the left end (weights piled at a bound) plus an interior bump: two modes.
    density = np.exp(-grid / 0.05) + 0.5 * np.exp(-((grid - 0.7) ** 2) / 0.005)
    assert count_modes(grid, density) == 2
    # A ripple of 1 % of the peak is not a mode at the default 5 % prominence, but is at 0.5 %.
    ripple = np.exp(-((grid - 0.3) ** 2) / 0.01) + 0.01 * np.exp(-((grid - 0.8) ** 2) / 0.0005)
    assert count_modes(grid, ripple) == 1
    assert count_modes(grid, ripple, min_prominence=0.005) == 2
    assert count_modes(grid, np.zeros_like(grid)) == 0


def test_constant_sample():
    with pytest.raises(ConfigError, match="bandwidth=<positive float>"):
        weight_kde(np.full(50, 0.3))
    grid, density = weight_kde(np.full(50, 0.3), bandwidth=0.01)
    assert grid[np.argmax(density)] == pytest.approx(0.3, abs=1e-3)
    assert np.trapezoid(density, grid) == pytest.approx(1.0, abs=1e-3)
    with pytest.raises(ConfigError, match="constant"):
        skewness(np.full(10, 1.0))


def test_validation():
    with pytest.raises(ConfigError, match="NaN"):
        weight_kde([0.1, np.nan, 0.3])
    with pytest.raises(ConfigError, match="at least 2"):
        weight_kde([0.1])
    with pytest.raises(ConfigError, match="bandwidth"):
        weight_kde([0.1, 0.2, 0.3], bandwidth="sheather-jones")
    with pytest.raises(ConfigError, match="bandwidth"):
        weight_kde([0.1, 0.2, 0.3], bandwidth=-1.0)
    with pytest.raises(ConfigError, match="shape|alike"):
        count_modes(np.arange(3), np.ones(4))
