"""Natural-like sounds with grouping cues, synthesised in numpy (stand-in for the 72 recordings of Dellaferrera et
al. 2022, Exp. 4).

The paper attributes the cleaner clusters of natural sounds to their grouping cues: harmonicity (the partials of a
voice or an instrument are multiples of one f0) and common onset and offset (they start and stop together). Each
sound here is 800 ms at 8 kHz, unit RMS, of one of five categories, every parameter drawn at random:

* ``vowel``: harmonics of f0 in [100, 250] Hz with 5 Hz vibrato, shaped by two formants F1 in [300, 900] Hz and F2
  in [1000, 2500] Hz, gated on for 0.4-0.6 s;
* ``instrument``: harmonics of f0 in [150, 700] Hz with amplitudes k^-p (p in [1, 2]), 10 ms attack and an
  exponential decay (tau in [0.15, 0.5] s);
* ``call``: 2-4 syllables of 80-150 ms, three harmonics of an f0 that glides from [500, 1000] Hz by a factor in
  [0.6, 1.6] (an animal vocalisation);
* ``tremolo``: three harmonics of f0 in [200, 800] Hz, amplitude-modulated at 4-12 Hz;
* ``noise burst``: 1-3 bursts of 50-150 ms of half-octave noise centred in [400, 3000] Hz (inanimate; no
  harmonicity, common onset only).

A mixture is the sum of the waveforms (what a listener hears) and its stimulus the log-mel spectrogram of the sum;
an incorrect probe is a new sound of the same category with 1/8 of its frames copied from the source's spectrogram.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from brainsnn.data.mel_spectrogram import log_mel_spectrogram
from brainsnn.data.recovery_tasks import copy_slice
from brainsnn.errors import ConfigError
from brainsnn.units import in_unit

RATE_HZ = 8000.0
DURATION_S = 0.8
CATEGORIES = ("vowel", "instrument", "call", "tremolo", "noise burst")
RAMP_S = 0.01


def _log_uniform(rng: np.random.Generator, low: float, high: float) -> float:
    return float(np.exp(rng.uniform(np.log(low), np.log(high))))


def gate(t: np.ndarray, onset: float, duration: float) -> np.ndarray:
    """1 between onset and onset + duration (s), with raised-cosine ramps of RAMP_S: the common onset/offset."""
    rise = np.clip((t - onset) / RAMP_S, 0, 1)
    fall = np.clip((onset + duration - t) / RAMP_S, 0, 1)
    return np.sin(0.5 * np.pi * np.minimum(rise, fall)) ** 2


def harmonic_complex(f0_hz: np.ndarray, amplitudes, rng: np.random.Generator) -> np.ndarray:
    """sum_k a_k(k f0) sin(k phi(t) + phase_k), phi = 2 pi int f0 dt, over the harmonics below Nyquist;
    ``amplitudes(k, freq)`` gives a_k (``f0_hz`` is an array over time, in Hz or a Brian2 quantity)."""
    f0_hz = np.asarray(in_unit(f0_hz, "Hz", "f0_hz"), dtype=float)
    phase = 2 * np.pi * np.cumsum(f0_hz) / RATE_HZ
    signal = np.zeros_like(phase)
    for k in range(1, int(0.5 * RATE_HZ / f0_hz.max()) + 1):
        signal += amplitudes(k, k * f0_hz) * np.sin(k * phase + rng.uniform(0, 2 * np.pi))
    return signal


def _vowel(t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    f0 = _log_uniform(rng, 100, 250) * (1 + 0.015 * np.sin(2 * np.pi * 5 * t + rng.uniform(0, 2 * np.pi)))
    formants = [(rng.uniform(300, 900), 120.0), (rng.uniform(1000, 2500), 200.0)]

    def formant_gain(k, freq):
        return 0.02 + sum(np.exp(-0.5 * ((freq - centre) / width) ** 2) for centre, width in formants)

    return harmonic_complex(f0, formant_gain, rng) * gate(t, rng.uniform(0, 0.2), rng.uniform(0.4, 0.6))


def _instrument(t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    f0, slope, onset = _log_uniform(rng, 150, 700), rng.uniform(1, 2), rng.uniform(0, 0.3)
    decay = np.exp(-np.clip(t - onset, 0, None) / rng.uniform(0.15, 0.5))
    return harmonic_complex(np.full_like(t, f0), lambda k, freq: k**-slope, rng) * gate(t, onset, 1.0) * decay


def _call(t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    signal = np.zeros_like(t)
    n_syllables = int(rng.integers(2, 5))
    slots = np.linspace(0, DURATION_S, n_syllables + 1)
    for start in slots[:-1]:
        length = rng.uniform(0.08, 0.15)
        onset = start + rng.uniform(0, slots[1] - length)
        f_start, glide = rng.uniform(500, 1000), rng.uniform(0.6, 1.6)
        progress = np.clip((t - onset) / length, 0, 1)
        f0 = f_start * glide**progress
        signal += harmonic_complex(f0, lambda k, freq: np.where(k <= 3, 1.0 / k, 0.0), rng) * gate(t, onset, length)
    return signal


def _tremolo(t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    f0, rate = _log_uniform(rng, 200, 800), rng.uniform(4, 12)
    tone = harmonic_complex(np.full_like(t, f0), lambda k, freq: np.where(k <= 3, 1.0 / k, 0.0), rng)
    modulation = 0.5 * (1 + 0.9 * np.sin(2 * np.pi * rate * t + rng.uniform(0, 2 * np.pi)))
    return tone * modulation * gate(t, rng.uniform(0, 0.2), rng.uniform(0.4, 0.6))


def _noise_burst(t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    centre = _log_uniform(rng, 400, 3000)
    spectrum = np.fft.rfft(rng.standard_normal(len(t)))
    freqs = np.fft.rfftfreq(len(t), 1 / RATE_HZ)
    band = np.fft.irfft(spectrum * (np.abs(np.log2(np.maximum(freqs, 1e-9) / centre)) <= 0.25), len(t))
    bursts = sum(gate(t, rng.uniform(0, DURATION_S - 0.15), rng.uniform(0.05, 0.15))
                 for _ in range(int(rng.integers(1, 4))))
    return band * np.minimum(bursts, 1.0)


_MAKERS = (_vowel, _instrument, _call, _tremolo, _noise_burst)


@dataclass(frozen=True)
class HarmonicSound:
    """One drawn sound: its category (index into CATEGORIES) and its waveform (unit RMS, RATE_HZ)."""

    category: int
    waveform: np.ndarray


def synthesise(category: int, rng: np.random.Generator) -> np.ndarray:
    """A unit-RMS waveform of CATEGORIES[category], DURATION_S long at RATE_HZ."""
    t = np.arange(int(DURATION_S * RATE_HZ)) / RATE_HZ
    signal = _MAKERS[category](t, rng)
    return signal / np.sqrt(np.mean(signal**2))


@dataclass(frozen=True)
class HarmonicSounds:
    """A `SourcePool` of natural-like sounds, heard as (n_mels, n_frames) log-mel spectrograms."""

    n_mels: int = 20
    n_frames: int = 16

    def __post_init__(self) -> None:
        if self.n_mels < 2 or self.n_frames < 8:
            raise ConfigError(f"HarmonicSounds needs n_mels >= 2 and n_frames >= 8 (1/8 probe slice), got {self}")

    def draw(self, count: int, rng: np.random.Generator) -> list[HarmonicSound]:
        categories = rng.integers(0, len(CATEGORIES), size=count)
        return [HarmonicSound(int(c), synthesise(int(c), rng)) for c in categories]

    def spectrogram(self, waveform: np.ndarray) -> np.ndarray:
        return log_mel_spectrogram(waveform, RATE_HZ, n_mels=self.n_mels, n_frames=self.n_frames)

    def pattern(self, source: HarmonicSound) -> np.ndarray:
        return self.spectrogram(source.waveform)

    def mix(self, sources: Sequence[HarmonicSound]) -> np.ndarray:
        return self.spectrogram(np.sum([s.waveform for s in sources], axis=0))

    def foil(self, source: HarmonicSound, rng: np.random.Generator) -> np.ndarray:
        return copy_slice(self.spectrogram(synthesise(source.category, rng)), self.pattern(source), rng)
