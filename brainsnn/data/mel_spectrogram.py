"""Log-mel spectrogram in numpy (the paper's librosa pipeline: ``|STFT|^2`` -> mel filterbank -> dB re the maximum).

Dellaferrera et al. (2022) cut natural sounds to 800 ms and take 128 mel bands of 10 ms frames with 50 % overlap.
Here a sound of ``len(signal)`` samples is cut into ``n_frames`` Hann-windowed frames of ``2 * hop`` samples
(50 % overlap, ``hop = len // (n_frames + 1)``); the power spectrum of each frame is pooled by triangular filters
spaced evenly on the mel scale (HTK: m = 2595 log10(1 + f / 700)) between ``fmin`` and ``fmax``, and expressed
in dB re the loudest cell, floored ``top_db`` below it::

    S[b, k] = max(10 log10(P[b, k] / max P), -top_db)

Frequencies (``*_hz``) are numbers in Hz or Brian2 quantities.
"""

from __future__ import annotations

import numpy as np

from brainsnn.errors import ConfigError
from brainsnn.units import in_unit


def hz_to_mel(freq_hz: np.ndarray | float) -> np.ndarray:
    return 2595.0 * np.log10(1.0 + np.asarray(in_unit(freq_hz, "Hz", "freq_hz")) / 700.0)


def mel_to_hz(mel: np.ndarray | float) -> np.ndarray:
    return 700.0 * (10.0 ** (np.asarray(mel) / 2595.0) - 1.0)


def mel_filterbank(n_mels: int, n_fft: int, rate_hz: float, fmin_hz: float, fmax_hz: float) -> np.ndarray:
    """(n_mels, n_fft // 2 + 1) triangular filters with peak 1 at their centre frequencies ``mel_centres``."""
    rate_hz, fmin_hz, fmax_hz = (in_unit(value, "Hz", name) for value, name in
                                 ((rate_hz, "rate_hz"), (fmin_hz, "fmin_hz"), (fmax_hz, "fmax_hz")))
    if not 0 <= fmin_hz < fmax_hz <= rate_hz / 2 or n_mels < 1:
        raise ConfigError(f"mel bands need 0 <= fmin < fmax <= rate / 2 and n_mels >= 1, got {fmin_hz}, {fmax_hz}")
    edges = mel_to_hz(np.linspace(hz_to_mel(fmin_hz), hz_to_mel(fmax_hz), n_mels + 2))
    freqs = np.fft.rfftfreq(n_fft, 1.0 / rate_hz)
    lower, centre, upper = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    rising = (freqs - lower) / (centre - lower)
    falling = (upper - freqs) / (upper - centre)
    return np.clip(np.minimum(rising, falling), 0.0, None)


def mel_centres(n_mels: int, fmin_hz: float, fmax_hz: float) -> np.ndarray:
    """Centre frequencies (Hz) of the ``n_mels`` filters."""
    fmin_hz, fmax_hz = in_unit(fmin_hz, "Hz", "fmin_hz"), in_unit(fmax_hz, "Hz", "fmax_hz")
    return mel_to_hz(np.linspace(hz_to_mel(fmin_hz), hz_to_mel(fmax_hz), n_mels + 2))[1:-1]


def log_mel_spectrogram(signal: np.ndarray, rate_hz: float, *, n_mels: int, n_frames: int, fmin_hz: float = 50.0,
                        fmax_hz: float | None = None, top_db: float = 80.0) -> np.ndarray:
    """(n_mels, n_frames) spectrogram in dB re its maximum, in [-top_db, 0]."""
    rate_hz, fmin_hz, fmax_hz = (in_unit(value, "Hz", name) for value, name in
                                 ((rate_hz, "rate_hz"), (fmin_hz, "fmin_hz"), (fmax_hz, "fmax_hz")))
    signal = np.asarray(signal, float)
    hop = len(signal) // (n_frames + 1)
    if signal.ndim != 1 or n_frames < 1 or hop < 8:
        raise ConfigError(f"a {len(signal)}-sample sound is too short for {n_frames} frames of >= 16 samples")
    width = 2 * hop
    starts = hop * np.arange(n_frames)
    frames = signal[starts[:, None] + np.arange(width)] * np.hanning(width)
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2
    bank = mel_filterbank(n_mels, width, rate_hz, fmin_hz, rate_hz / 2 if fmax_hz is None else fmax_hz)
    mel = bank @ power.T
    peak = mel.max()
    if not peak > 0:
        return np.full((n_mels, n_frames), -top_db)
    return np.maximum(10.0 * np.log10(np.maximum(mel / peak, 1e-30)), -top_db)
