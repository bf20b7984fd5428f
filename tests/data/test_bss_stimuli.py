"""Synthetic spectrogram classes: correlation structure, mixtures, and the 1/8 copied slice of incorrect probes."""

import numpy as np
import pytest

from brainsnn.data.bss_stimuli import (
    SoundClasses,
    all_pairs_task,
    ar1_correlation,
    exp1_task,
    exp2_task,
    exp3_task,
    mixture,
    normalise,
)
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


def test_schedules_of_exps_2_and_3_and_all_pairs_are_built_from_the_tested_sounds():
    classes = SoundClasses(seed=1)
    rng = np.random.default_rng(3)
    a = exp2_task(classes, "A", rng)
    target, maskers = a.sounds[0], a.sounds[1:]
    assert a.mixtures.shape[0] == 6 and len(maskers) == 3
    for k, masker in enumerate(maskers):
        np.testing.assert_allclose(a.mixtures[2 * k], normalise(target + masker))
        isolated = a.mixtures[2 * k + 1]
        assert not any(np.allclose(isolated, p) for p in a.correct_probes)
    b = exp2_task(classes, "B", rng)
    assert len(b.sounds) == 2
    np.testing.assert_allclose(b.mixtures[[0, 2, 4]], np.broadcast_to(normalise(b.sounds.sum(0)), (3, 20, 16)))
    assert len({b.mixtures[k].tobytes() for k in (1, 3, 5)}) == 3
    c = exp2_task(classes, "C", rng)
    np.testing.assert_allclose(c.mixtures[[1, 3, 5]], np.broadcast_to(c.correct_probes[1], (3, 20, 16)))
    for delay in (0, 2):
        e3 = exp3_task(classes, delay, rng)
        assert e3.mixtures.shape[0] == 6 * (1 + delay) and len(e3.sounds) == 7
        for k in range(6):
            np.testing.assert_allclose(e3.mixtures[k * (1 + delay)], normalise(e3.sounds[0] + e3.sounds[k + 1]))
    pairs = all_pairs_task(classes, 4, rng)
    expected = [normalise(pairs.sounds[i] + pairs.sounds[j]) for i in range(4) for j in range(i + 1, 4)]
    np.testing.assert_allclose(pairs.mixtures, expected)
    with pytest.raises(ConfigError, match="condition"):
        exp2_task(classes, "D", rng)
