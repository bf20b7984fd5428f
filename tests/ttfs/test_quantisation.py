"""Time and weight quantisation against brute-force nearest-level search."""

import numpy as np
import pytest

from brainsnn.errors import ConfigError
from brainsnn.ttfs.quantisation import quantise_times, quantise_weights, weight_step


def nearest_level(values, levels):
    return levels[np.abs(values[..., None] - levels).argmin(axis=-1)]


def test_times_go_to_the_nearest_of_the_k_plus_one_grid_times():
    rng = np.random.default_rng(0)
    t_min, window, steps = 2.5, 1.7, 8
    times = rng.uniform(t_min - 0.3, t_min + window + 0.3, size=500)
    grid = t_min + window * np.arange(steps + 1) / steps
    expected = nearest_level(np.clip(times, t_min, t_min + window), grid)
    assert np.abs(quantise_times(times, t_min, window, steps) - expected).max() < 1e-12


def test_weights_go_to_the_nearest_of_two_to_the_q_levels():
    rng = np.random.default_rng(1)
    weight = rng.normal(0, 0.3, size=(40, 30))
    for bits, percentiles in ((6, (1, 99)), (4, (4, 96))):
        step = weight_step(weight, bits)
        low, high = np.percentile(weight, percentiles)
        assert step == pytest.approx(max(-low, high) / 2 ** (bits - 1), rel=1e-12)
        levels = step * np.arange(-(2 ** (bits - 1)), 2 ** (bits - 1))
        quantised = quantise_weights(weight, bits, step)
        assert np.abs(quantised - nearest_level(weight, levels)).max() < 1e-12
        assert len(np.unique(quantised)) <= 2**bits


def test_bad_quantisation_settings_name_the_fix():
    with pytest.raises(ConfigError, match="K >= 1"):
        quantise_times(np.zeros(3), 0.0, 1.0, 0)
    with pytest.raises(ConfigError, match="bits >= 2"):
        weight_step(np.ones(3), 1)
