"""Yin-Yang: geometry on points whose class is known by construction, area fractions, balance, seeds, and the
published splits (numbers read from the authors' publication_data/*.npy, lkriener/yin_yang_data_set)."""

import math

import numpy as np
import pytest

from brainsnn.data.datasets import load_dataset
from brainsnn.data.yin_yang import YIN_YANG_CLASSES, yin_yang_class, yin_yang_samples, yin_yang_split
from brainsnn.errors import ConfigError

# First three rows and the class counts of the authors' published arrays.
PUBLISHED = {
    "train": (
        [
            [0.6803075385877797, 0.450499251969543, 0.3196924614122203, 0.549500748030457],
            [0.09767211400638387, 0.6842330265121569, 0.9023278859936161, 0.3157669734878431],
            [0.7553614103176525, 0.4251558744912447, 0.24463858968234753, 0.5748441255087553],
        ],
        [2, 1, 2],
        [1681, 1702, 1617],
    ),
    "validation": (
        [
            [0.6805727261759029, 0.3209733938933629, 0.3194272738240971, 0.6790266061066371],
            [0.6685157172603458, 0.9174478488708967, 0.33148428273965425, 0.0825521511291033],
            [0.8019778902252007, 0.17902872922296542, 0.19802210977479928, 0.8209712707770346],
        ],
        [0, 1, 0],
        [316, 336, 348],
    ),
    "test": (
        [
            [0.23409664559563403, 0.4017249751828972, 0.765903354404366, 0.5982750248171028],
            [0.7513290219574494, 0.4682425192680968, 0.24867097804255056, 0.5317574807319032],
            [0.13832530718825586, 0.570953971325061, 0.8616746928117441, 0.429046028674939],
        ],
        [2, 2, 1],
        [350, 316, 334],
    ),
}


@pytest.mark.parametrize(
    ("point", "label"),
    [
        ((0.25, 0.5), 2),  # centre of the left dot
        ((0.75, 0.5), 2),  # centre of the right dot
        ((0.25, 0.43), 2),  # inside the left dot, 0.07 from its centre
        ((0.5, 0.95), 1),  # top of the disc: upper half, far from the right half-disc
        ((0.5, 0.05), 0),  # bottom of the disc
        ((0.25, 0.3), 1),  # left lobe below the axis: 0.2 from the left dot, inside its half-disc of radius 0.25
        ((0.75, 0.7), 0),  # right lobe above the axis: 0.2 from the right dot
        ((0.05, 0.5), 1),  # far left, on the axis: outside the left half-disc, in the upper-half class
    ],
)
def test_class_of_points_known_by_construction(point, label):
    assert yin_yang_class(*point) == label


def test_point_reflection_through_the_centre_swaps_yin_and_yang():
    rng = np.random.default_rng(3)
    checked = 0
    for x, y in rng.uniform(0, 1, (4000, 2)):
        if math.hypot(x - 0.5, y - 0.5) > 0.5:
            continue
        label, mirrored = yin_yang_class(x, y), yin_yang_class(1 - x, 1 - y)
        assert mirrored == (2 if label == 2 else 1 - label)
        checked += 1
    assert checked > 3000


def test_class_areas_match_the_closed_form():
    # On a fine grid of the disc, the dots cover 2 pi r_small^2 / (pi r_big^2) = 0.08; the halves 0.46 each.
    centres = (np.arange(400) + 0.5) / 400
    labels = [yin_yang_class(x, y) for x in centres for y in centres if math.hypot(x - 0.5, y - 0.5) <= 0.5]
    fractions = np.bincount(labels, minlength=3) / len(labels)
    np.testing.assert_allclose(fractions, [0.46, 0.46, 0.08], atol=2e-3)


def test_samples_are_balanced_inside_the_disc_and_mirrored():
    features, labels = yin_yang_samples(9000, seed=5)
    assert features.shape == (9000, 4) and labels.dtype == np.int64
    np.testing.assert_array_equal(features[:, 2:], 1 - features[:, :2])
    assert np.all(np.hypot(features[:, 0] - 0.5, features[:, 1] - 0.5) <= 0.5)
    # goal classes are uniform: counts are Binomial(9000, 1/3), s.d. 44.7; allow 4 s.d.
    assert np.all(np.abs(np.bincount(labels, minlength=3) - 3000) < 180)
    assert [yin_yang_class(x, y) for x, y in features[:200, :2]] == labels[:200].tolist()


def test_samples_are_deterministic_per_seed():
    first, again, other = (yin_yang_samples(300, seed) for seed in (11, 11, 12))
    np.testing.assert_array_equal(first[0], again[0])
    np.testing.assert_array_equal(first[1], again[1])
    assert not np.any(first[0] == other[0])


@pytest.mark.parametrize("split", ["train", "validation", "test"])
def test_published_splits_are_reproduced(split):
    features, labels = yin_yang_split(split)
    rows, first_labels, counts = PUBLISHED[split]
    assert len(labels) == sum(counts)
    np.testing.assert_array_equal(features[:3], rows)  # exact: the same random stream and arithmetic
    np.testing.assert_array_equal(labels[:3], first_labels)
    np.testing.assert_array_equal(np.bincount(labels), counts)


def test_load_dataset_gives_the_published_train_and_test_splits():
    data = load_dataset("yin-yang")
    assert data.x_train.shape == (5000, 4) and data.x_test.shape == (1000, 4) and data.shape is None
    assert data.classes == YIN_YANG_CLASSES == ("yin", "yang", "dot") and data.n_classes == 3
    np.testing.assert_array_equal(data.x_test[:3], PUBLISHED["test"][0])
    np.testing.assert_array_equal(np.bincount(data.y_train), PUBLISHED["train"][2])
    small = load_dataset("yin-yang", n_train=300)
    np.testing.assert_array_equal(np.bincount(small.y_train), [101, 102, 97])  # largest remainders of 1681:1702:1617
    with pytest.raises(ConfigError, match="image datasets only"):
        load_dataset("yin-yang", upsample=28)


def test_bad_arguments():
    with pytest.raises(ConfigError, match="validation"):
        yin_yang_split("valid")
    with pytest.raises(ConfigError, match="positive integer"):
        yin_yang_samples(0, seed=1)
    with pytest.raises(ConfigError, match="r_small < r_big / 2"):
        yin_yang_samples(10, seed=1, r_small=0.3)
