"""Band-burst sequences: a cochlea-like spike set for latency studies. A PROCEDURAL STAND-IN, NOT N-TIDIGITS18.

N-TIDIGITS18 (Anumula et al. 2018) holds spoken digits recorded by a 64-channel silicon cochlea; it cannot be
downloaded on the build machine. This generator keeps the property that makes latency meaningful there: the
evidence for a class arrives over time, as a sequence of activity in frequency bands. All choices are ours:

* ``n_bands`` bands of equal width tile the channels; class ``k`` is a fixed sequence of 3 or 4 bands
  (`band_burst_templates`, drawn once from ``template_seed``), so classes share bands and often their first
  burst: one burst alone is ambiguous;
* burst ``j`` of an ``m``-burst class starts at ``steps (j + 0.5) / (m + 1)`` and lasts ``steps / (m + 2)`` steps,
  all times stretched by a per-sample warp factor uniform in ``[1 - warp, 1 + warp]`` and each onset jittered by
  ``N(0, jitter)`` steps;
* during a burst a channel fires with probability ``burst_rate exp(-d^2 / 2)`` per step, ``d`` its distance
  from the band centre in units of the band's half width; every channel also fires with probability
  ``background`` per step.

Samples are ``(n, steps, n_channels)`` uint8 spike arrays (at most one spike per channel and step).
"""

import numpy as np

from brainsnn.errors import ConfigError

N_CLASSES, N_CHANNELS, STEPS, N_BANDS = 11, 32, 300, 8
#: Samples whose rates are held in memory at once.
CHUNK = 256


def band_burst_templates(n_classes: int = N_CLASSES, n_bands: int = N_BANDS, template_seed: int = 0) -> list[tuple]:
    """Each class's band sequence: ``n_classes`` distinct tuples of 3 or 4 band indices (no band twice in a row).

    The draws do not depend on ``n_classes``: the first ``k`` templates are the same for every ``n_classes >= k``.
    """
    if not (isinstance(n_classes, int) and isinstance(n_bands, int) and n_classes >= 2 and n_bands >= 2):
        raise ConfigError(f"need integers n_classes >= 2 and n_bands >= 2, got {n_classes!r} and {n_bands!r}")
    rng = np.random.default_rng(template_seed)
    templates: list[tuple] = []
    while len(templates) < n_classes:
        length = int(rng.integers(3, 5))
        sequence = [int(rng.integers(n_bands))]
        while len(sequence) < length:
            sequence.append(int((sequence[-1] + rng.integers(1, n_bands)) % n_bands))
        if tuple(sequence) not in templates:
            templates.append(tuple(sequence))
    return templates


def band_burst_samples(labels: np.ndarray, *, n_channels: int = N_CHANNELS, steps: int = STEPS,
                       n_bands: int = N_BANDS, burst_rate: float = 0.3, background: float = 0.01, warp: float = 0.15,
                       jitter: float = 5.0, template_seed: int = 0, seed: int = 0) -> np.ndarray:
    """Spike arrays ``(len(labels), steps, n_channels)`` of the classes ``labels`` (module docstring)."""
    labels = np.asarray(labels)
    if not (isinstance(n_channels, int) and isinstance(steps, int) and n_channels >= n_bands and steps >= 10):
        raise ConfigError(f"need integers n_channels >= n_bands ({n_bands}) and steps >= 10, got {n_channels!r} "
                          f"and {steps!r}")
    if not (0 < burst_rate <= 1 and 0 <= background < 1 and 0 <= warp < 1 and jitter >= 0):
        raise ConfigError("need 0 < burst_rate <= 1, 0 <= background < 1, 0 <= warp < 1 and jitter >= 0")
    templates = band_burst_templates(max(int(labels.max(initial=0)) + 1, 2), n_bands, template_seed)
    rng = np.random.default_rng(seed)
    half_width = n_channels / n_bands / 2
    channels = np.arange(n_channels)
    time = np.arange(steps)
    bursts = []
    for label in labels:
        bands = templates[label]
        stretch = rng.uniform(1 - warp, 1 + warp)
        onsets = [stretch * steps * (j + 0.5) / (len(bands) + 1) + rng.normal(0, jitter) for j in range(len(bands))]
        bursts.append((bands, onsets, stretch * steps / (len(bands) + 2)))
    spikes = np.empty((len(labels), steps, n_channels), dtype=np.uint8)
    for start in range(0, len(labels), CHUNK):  # the uniforms in chunks: the same stream as one draw of all
        rates = np.full((len(bursts[start:start + CHUNK]), steps, n_channels), float(background))
        for sample, (bands, onsets, duration) in enumerate(bursts[start:start + CHUNK]):
            for band, onset in zip(bands, onsets, strict=True):
                active = (time >= onset) & (time < onset + duration)
                profile = burst_rate * np.exp(-0.5 * ((channels - (band + 0.5) * 2 * half_width) / half_width) ** 2)
                rates[sample, active] = np.maximum(rates[sample, active], profile)
        spikes[start:start + len(rates)] = rng.random(rates.shape) < rates
    return spikes


def band_burst_set(n_samples: int, n_classes: int = N_CLASSES, seed: int = 0, **keywords) -> tuple[np.ndarray,
                                                                                                    np.ndarray]:
    """``n_samples`` shuffled samples with balanced labels ``0 .. n_classes - 1``: ``(spikes, labels)``.

    ``keywords`` go to `band_burst_samples` (``n_channels``, ``steps``, ``burst_rate``, ...).
    """
    if not isinstance(n_samples, int) or n_samples < 1:
        raise ConfigError(f"n_samples must be a positive integer, got {n_samples!r}")
    rng = np.random.default_rng([seed, 1])
    labels = rng.permutation(np.arange(n_samples) % n_classes)
    return band_burst_samples(labels, seed=seed, **keywords), labels
