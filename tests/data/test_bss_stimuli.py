"""Synthetic spectrogram classes: correlation structure, mixtures, and the 1/8 copied slice of incorrect probes."""

import numpy as np
import pytest

from brainsnn.data.bss_stimuli import SoundClasses, ar1_correlation, exp1_task, mixture, normalise
from brainsnn.errors import ConfigError


def test_samples_have_the_class_mean_sd_and_ar1_correlations():
    classes = SoundClasses(n_classes=2, n_freq=6, n_time=8, seed=1)
    rng = np.random.default_rng(0)
    samples = np.array([classes.sample(1, rng) for _ in range(20000)])
    assert samples.mean() == pytest.approx(classes.mean_db, abs=0.05)
    assert samples.std() == pytest.approx(classes.sd_db, rel=0.01)
    rho_f, rho_t = classes.rhos[1]
    along_freq = np.corrcoef(samples[:, 0, 3], samples[:, 2, 3])[0, 1]
    along_time = np.corrcoef(samples[:, 4, 1], samples[:, 4, 4])[0, 1]
    assert along_freq == pytest.approx(rho_f**2, abs=0.02)
    assert along_time == pytest.approx(rho_t**3, abs=0.02)
    across = np.corrcoef(samples[:, 0, 0], samples[:, 5, 7])[0, 1]
    assert across == pytest.approx(rho_f**5 * rho_t**7, abs=0.02)


def test_ar1_correlation_matches_its_definition():
    np.testing.assert_allclose(ar1_correlation(3, 0.5), [[1, 0.5, 0.25], [0.5, 1, 0.5], [0.25, 0.5, 1]])


def test_incorrect_probe_copies_exactly_one_eighth_contiguous_slice():
    classes = SoundClasses(n_time=16, seed=2)
    rng = np.random.default_rng(5)
    for _ in range(50):
        sound = classes.sample(0, rng)
        probe = classes.incorrect_probe(sound, 0, rng)
        same_frames = np.flatnonzero(np.all(probe == sound, axis=0))
        assert len(same_frames) == 16 // 8
        assert np.all(np.diff(same_frames) == 1)


def test_mixture_is_the_normalised_element_wise_sum_and_exp1_task_has_n_mixtures():
    a, b = np.array([[1.0, 2.0], [3.0, 5.0]]), np.array([[0.0, 2.0], [1.0, 1.0]])
    np.testing.assert_allclose(mixture(a, b), (a + b - 1) / 5)
    assert normalise(np.full((2, 2), 3.0)).max() == 0
    task = exp1_task(SoundClasses(seed=0), 3, np.random.default_rng(0))
    assert task.mixtures.shape == (3, 20, 16) and task.correct_probes.shape == (4, 20, 16)
    np.testing.assert_allclose(task.mixtures[1], mixture(task.sounds[0], task.sounds[2]))
    for probes in (task.correct_probes, task.incorrect_probes):
        assert probes.min() == 0 and probes.max() == 1


def test_bad_classes_raise_config_error():
    with pytest.raises(ConfigError, match="rho_range"):
        SoundClasses(rho_range=(0.5, 1.0))
    with pytest.raises(ConfigError, match="n_time >= 8"):
        SoundClasses(n_time=4)
