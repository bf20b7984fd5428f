"""Natural-like sounds: unit RMS, harmonicity (periodic waveform) of the harmonic categories, half-octave noise,
waveform mixing and the 1/8 copied frames of the incorrect probe."""

import numpy as np
import pytest

from brainsnn.data.harmonic_sounds import CATEGORIES, DURATION_S, RATE_HZ, HarmonicSounds, gate, synthesise
from brainsnn.data.mel_spectrogram import log_mel_spectrogram
from brainsnn.errors import ConfigError


def _periodicity(signal, start_s=0.30, window_s=0.025):
    """Largest normalised correlation of a 25 ms window with itself shifted by a pitch period of 1.4-10.5 ms."""
    a, n = int(start_s * RATE_HZ), int(window_s * RATE_HZ)
    x = signal[a:a + n]
    lags = range(int(0.0014 * RATE_HZ), int(0.0105 * RATE_HZ) + 1)
    return max(x @ signal[a + lag:a + lag + n] / np.linalg.norm(x) / np.linalg.norm(signal[a + lag:a + lag + n])
               for lag in lags)


@pytest.mark.parametrize("category", range(len(CATEGORIES)))
def test_every_category_is_unit_rms_and_reproducible(category):
    signal = synthesise(category, np.random.default_rng(3))
    assert signal.shape == (int(DURATION_S * RATE_HZ),)
    assert np.sqrt(np.mean(signal**2)) == pytest.approx(1.0)
    np.testing.assert_array_equal(signal, synthesise(category, np.random.default_rng(3)))


@pytest.mark.parametrize("name", ["vowel", "instrument", "tremolo"])
def test_harmonic_categories_repeat_with_one_pitch_period(name):
    """Harmonicity: every partial is a multiple of f0, so the waveform repeats after 1 / f0 (white noise: ~0.2)."""
    for seed in range(10):
        signal = synthesise(CATEGORIES.index(name), np.random.default_rng(seed))
        assert _periodicity(signal) > 0.8
    assert _periodicity(np.random.default_rng(0).standard_normal(6400)) < 0.4


def test_noise_bursts_stay_within_half_an_octave():
    for seed in range(10):
        power = np.abs(np.fft.rfft(synthesise(CATEGORIES.index("noise burst"), np.random.default_rng(seed)))) ** 2
        freqs = np.fft.rfftfreq(int(DURATION_S * RATE_HZ), 1 / RATE_HZ)
        cumulative = np.cumsum(power) / power.sum()
        low, high = freqs[np.searchsorted(cumulative, 0.005)], freqs[np.searchsorted(cumulative, 0.995)]
        assert high / low < 2**0.5 * 1.1


def test_gate_is_one_inside_zero_outside_with_raised_cosine_ramps():
    t = np.array([0.05, 0.1, 0.105, 0.2, 0.3, 0.31])
    np.testing.assert_allclose(gate(t, onset=0.1, duration=0.2), [0, 0, 0.5, 1, 0, 0], atol=1e-12)


def test_mixture_is_the_spectrogram_of_the_summed_waveforms_and_the_foil_copies_one_eighth():
    pool = HarmonicSounds(n_mels=12, n_frames=16)
    rng = np.random.default_rng(4)
    a, b = pool.draw(2, rng)
    expected = log_mel_spectrogram(a.waveform + b.waveform, RATE_HZ, n_mels=12, n_frames=16)
    np.testing.assert_allclose(pool.mix([a, b]), expected)
    np.testing.assert_allclose(pool.pattern(a), log_mel_spectrogram(a.waveform, RATE_HZ, n_mels=12, n_frames=16))
    probe = pool.foil(a, rng)
    assert np.sum(np.all(probe == pool.pattern(a), axis=0)) >= 16 // 8
    assert not np.allclose(probe, pool.pattern(a))
    with pytest.raises(ConfigError, match="n_frames >= 8"):
        HarmonicSounds(n_frames=4)
