"""Log-mel spectrogram: mel scale, triangular filters, tone placement in frequency and time."""

import numpy as np
import pytest

from brainsnn.data.mel_spectrogram import hz_to_mel, log_mel_spectrogram, mel_centres, mel_filterbank, mel_to_hz
from brainsnn.errors import ConfigError

RATE = 8000.0


def test_mel_scale_is_htk_and_invertible():
    assert hz_to_mel(700.0) == pytest.approx(2595 * np.log10(2))
    freqs = np.array([0.0, 50.0, 1000.0, 3999.0])
    np.testing.assert_allclose(mel_to_hz(hz_to_mel(freqs)), freqs, atol=1e-9)


def test_triangular_filters_peak_at_their_centres_and_sum_to_one_between_them():
    bank = mel_filterbank(20, 2048, RATE, 50.0, 4000.0)
    freqs = np.fft.rfftfreq(2048, 1 / RATE)
    centres = mel_centres(20, 50.0, 4000.0)
    inside = (freqs >= centres[0]) & (freqs <= centres[-1])
    np.testing.assert_allclose(bank[:, inside].sum(axis=0), 1.0, atol=1e-12)
    nearest = np.argmin(np.abs(freqs[inside][None] - centres[:, None]), axis=0)  # the triangles are linear in Hz
    np.testing.assert_array_equal(np.argmax(bank, axis=0)[inside], nearest)
    assert bank.min() == 0 and bank.max() <= 1


@pytest.mark.parametrize("tone_hz", [300.0, 1000.0, 2500.0])
def test_a_tone_lands_in_the_band_whose_centre_is_nearest(tone_hz):
    t = np.arange(6400) / RATE
    spectrogram = log_mel_spectrogram(np.sin(2 * np.pi * tone_hz * t), RATE, n_mels=20, n_frames=16)
    centres = mel_centres(20, 50.0, RATE / 2)
    expected = np.argmin(np.abs(centres - tone_hz))
    assert set(np.argmax(spectrogram, axis=0)) == {expected}
    assert spectrogram.max() == 0 and spectrogram.min() >= -80


def test_silence_before_an_onset_sits_at_the_floor():
    t = np.arange(6400) / RATE
    hop = 6400 // 17
    onset = 8 * hop + 2 * hop  # frame k spans [k hop, k hop + 2 hop): frames 0..8 end at or before the onset
    signal = np.where(t * RATE >= onset, np.sin(2 * np.pi * 800 * t), 0.0)
    spectrogram = log_mel_spectrogram(signal, RATE, n_mels=12, n_frames=16, top_db=60.0)
    assert np.all(spectrogram[:, :9] == -60.0)
    assert np.all(spectrogram[:, 10:].max(axis=0) > -1)


def test_too_short_sound_and_bad_band_raise():
    with pytest.raises(ConfigError, match="too short"):
        log_mel_spectrogram(np.ones(100), RATE, n_mels=4, n_frames=16)
    with pytest.raises(ConfigError, match="fmax"):
        mel_filterbank(4, 256, RATE, 50.0, 5000.0)
