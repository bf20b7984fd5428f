"""Gaussian spectrogram classes: sample mean, s.d. and separable AR(1) correlations; dB-sum mixing."""

import numpy as np
import pytest

from brainsnn.data.gaussian_sounds import GaussianSound, SoundClasses, ar1_correlation
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


def test_mixture_sums_db_values_and_foil_is_a_new_draw_of_the_same_class():
    classes = SoundClasses(n_classes=3, n_time=16, seed=2)
    a, b = GaussianSound(0, np.ones((20, 16))), GaussianSound(1, np.full((20, 16), 2.0))
    np.testing.assert_allclose(classes.mix([a, b]), 3.0)
    rng = np.random.default_rng(5)
    sound = classes.draw(1, rng)[0]
    replay = np.random.default_rng(7)
    foil = classes.foil(sound, np.random.default_rng(7))
    fresh = classes.sample(sound.label, replay)
    differs = ~np.all(foil == fresh, axis=0)
    assert differs.sum() == 16 // 8
    np.testing.assert_allclose(foil[:, differs], sound.spectrogram[:, differs])


def test_bad_classes_raise_config_error():
    with pytest.raises(ConfigError, match="rho_range"):
        SoundClasses(rho_range=(0.5, 1.0))
    with pytest.raises(ConfigError, match="n_time >= 8"):
        SoundClasses(n_time=4)
