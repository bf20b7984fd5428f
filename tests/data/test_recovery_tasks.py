"""Recovery tasks: the 1/8 copied slice of incorrect probes, normalisation, and the schedules of Exps. 1-3."""

import numpy as np
import pytest

from brainsnn.data.gaussian_sounds import SoundClasses
from brainsnn.data.recovery_tasks import (
    all_pairs_task,
    copy_slice,
    exp1_task,
    exp2_task,
    exp3_task,
    normalise,
)
from brainsnn.errors import ConfigError


def test_copy_slice_replaces_exactly_one_eighth_contiguous_columns():
    rng = np.random.default_rng(5)
    for _ in range(50):
        source, foil = rng.standard_normal((2, 4, 16))
        probe = copy_slice(foil, source, rng)
        same = np.flatnonzero(np.all(probe == source, axis=0))
        assert len(same) == 16 // 8 and np.all(np.diff(same) == 1)
        np.testing.assert_array_equal(np.delete(probe, same, axis=1), np.delete(foil, same, axis=1))
    with pytest.raises(ConfigError, match="8 columns"):
        copy_slice(np.zeros((2, 4)), np.zeros((2, 4)), rng)


def test_exp1_task_has_n_normalised_mixtures_of_target_and_maskers():
    assert normalise(np.full((2, 2), 3.0)).max() == 0
    np.testing.assert_allclose(normalise(np.array([1.0, 3.0, 2.0])), [0, 1, 0.5])
    task = exp1_task(SoundClasses(seed=0), 3, np.random.default_rng(0))
    assert task.mixtures.shape == (3, 20, 16) and task.correct_probes.shape == (4, 20, 16)
    np.testing.assert_allclose(task.mixtures[1], normalise(task.sources[0] + task.sources[2]))
    for probes in (task.correct_probes, task.incorrect_probes):
        assert probes.min() == 0 and probes.max() == 1


def test_schedules_of_exps_2_and_3_and_all_pairs_are_built_from_the_tested_sounds():
    classes = SoundClasses(seed=1)
    rng = np.random.default_rng(3)
    a = exp2_task(classes, "A", rng)
    target, maskers = a.sources[0], a.sources[1:]
    assert a.mixtures.shape[0] == 6 and len(maskers) == 3
    for k, masker in enumerate(maskers):
        np.testing.assert_allclose(a.mixtures[2 * k], normalise(target + masker))
        isolated = a.mixtures[2 * k + 1]
        assert not any(np.allclose(isolated, p) for p in a.correct_probes)
    b = exp2_task(classes, "B", rng)
    assert len(b.sources) == 2
    np.testing.assert_allclose(b.mixtures[[0, 2, 4]], np.broadcast_to(normalise(b.sources.sum(0)), (3, 20, 16)))
    assert len({b.mixtures[k].tobytes() for k in (1, 3, 5)}) == 3
    c = exp2_task(classes, "C", rng)
    np.testing.assert_allclose(c.mixtures[[1, 3, 5]], np.broadcast_to(c.correct_probes[1], (3, 20, 16)))
    for delay in (0, 2):
        e3 = exp3_task(classes, delay, rng)
        assert e3.mixtures.shape[0] == 6 * (1 + delay) and len(e3.sources) == 7
        for k in range(6):
            np.testing.assert_allclose(e3.mixtures[k * (1 + delay)], normalise(e3.sources[0] + e3.sources[k + 1]))
    pairs = all_pairs_task(classes, 4, rng)
    expected = [normalise(pairs.sources[i] + pairs.sources[j]) for i in range(4) for j in range(i + 1, 4)]
    np.testing.assert_allclose(pairs.mixtures, expected)
    with pytest.raises(ConfigError, match="condition"):
        exp2_task(classes, "D", rng)
