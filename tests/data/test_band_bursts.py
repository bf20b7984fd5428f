"""The band-burst stand-in: class templates, burst timing against the stated formula, rates and bad input."""

import numpy as np
import pytest

from brainsnn.data.band_bursts import band_burst_samples, band_burst_set, band_burst_templates
from brainsnn.errors import ConfigError


def test_templates_are_distinct_sequences_of_three_or_four_bands():
    templates = band_burst_templates(11, 8)
    assert len(set(templates)) == 11
    for sequence in templates:
        assert len(sequence) in (3, 4) and all(0 <= band < 8 for band in sequence)
        assert all(a != b for a, b in zip(sequence[:-1], sequence[1:], strict=True))
    assert band_burst_templates(5, 8) == templates[:5]


def test_burst_windows_follow_the_formula_without_noise():
    steps, channels, bands = 120, 32, 8
    spikes = band_burst_samples(np.array([0, 3]), n_channels=channels, steps=steps, n_bands=bands, burst_rate=1.0,
                                background=0.0, warp=0.0, jitter=0.0)
    for sample, label in enumerate((0, 3)):
        sequence = band_burst_templates(4, bands)[label]
        m = len(sequence)
        for j, band in enumerate(sequence):
            centre = 4 * band + 2  # (band + 1/2) * channels / bands: a whole channel, firing with probability 1
            onset = steps * (j + 0.5) / (m + 1)
            inside = [t for t in range(steps) if onset <= t < onset + steps / (m + 2)]
            assert spikes[sample, inside, centre].all()
        active = {4 * band + 2 for band in sequence}
        silent = [c for c in range(channels) if min(abs(c - a) for a in active) >= 12]
        assert not spikes[sample][:, silent].any()


def test_background_rate_and_balanced_reproducible_sets():
    spikes = band_burst_samples(np.zeros(20, dtype=int), steps=100, burst_rate=1e-9, background=0.05, seed=3)
    assert spikes.dtype == np.uint8 and spikes.shape == (20, 100, 32)
    assert spikes.mean() == pytest.approx(0.05, abs=0.005)
    x, y = band_burst_set(33, 11, seed=1, steps=50)
    assert x.shape == (33, 50, 32) and np.bincount(y).tolist() == [3] * 11
    again, labels = band_burst_set(33, 11, seed=1, steps=50)
    assert np.array_equal(x, again) and np.array_equal(y, labels)


def test_bad_parameters_are_rejected():
    for keywords in ({"steps": 5}, {"n_channels": 4}, {"burst_rate": 0.0}, {"warp": 1.0}):
        with pytest.raises(ConfigError):
            band_burst_samples(np.array([0]), **keywords)
    with pytest.raises(ConfigError, match="n_samples"):
        band_burst_set(0)
