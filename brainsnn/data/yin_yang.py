"""The Yin-Yang dataset (Kriener, Göltz & Petrovici 2021, "The Yin-Yang dataset", NICE 2022,
doi:10.1145/3517343.3517380, arXiv:2102.08211), generated exactly as its authors define it.

The dataset is procedural: a point ``(x, y)`` of the square ``[0, 2 r_big]^2`` (the unit square for the
default ``r_big = 0.5``) inside the yin-yang disc of radius ``r_big`` centred at ``(r_big, r_big)`` belongs to one
of three classes. With ``d_l`` and ``d_r`` the distances to the centres of the left and right dots,
``(r_big / 2, r_big)`` and ``(3 r_big / 2, r_big)``, and ``r_small`` the radius of the dots:

* class 2 (the dots): ``d_r < r_small`` or ``d_l < r_small``;
* class 1: otherwise, ``d_r <= r_small``, or ``r_small < d_l <= r_big / 2``, or ``y > r_big`` and
  ``d_r > r_big / 2`` (the upper half minus the right half-disc of radius ``r_big / 2``, plus the left one);
* class 0: the rest of the disc.

Classes are named as the authors' reference code names them, by index: ``("yin", "yang", "dot")``.

Samples are class-balanced by rejection: for each sample a goal class is drawn uniformly from {0, 1, 2}, then
points are drawn uniformly in the square until one inside the disc has the goal class (so the class counts are
balanced in expectation, multinomially). Each sample's features are ``(x, y, 1 - x, 1 - y)``: the mirrored pair keeps
every sample's mean input constant, which neurons without a bias need.

The random numbers are drawn exactly as the reference implementation draws them (numpy's legacy
``RandomState(seed)``: ``randint(3)`` for the goal class, then ``rand(2) * 2 r_big`` per candidate point), so the
published splits — train 5000 samples seed 42, validation 1000 seed 41, test 1000 seed 40 (`YIN_YANG_SPLITS`) —
are reproduced value for value.
"""

import math

import numpy as np

from brainsnn.errors import ConfigError

YIN_YANG_CLASSES = ("yin", "yang", "dot")
#: Radii of the published dataset: the big disc and the two dots.
R_BIG = 0.5
R_SMALL = 0.1
#: The published splits: name -> (number of samples, seed).
YIN_YANG_SPLITS = {"train": (5000, 42), "validation": (1000, 41), "test": (1000, 40)}


def yin_yang_class(x: float, y: float, r_small: float = R_SMALL, r_big: float = R_BIG) -> int:
    """Class (0, 1 or 2, see the module docstring) of a point ``(x, y)`` inside the yin-yang disc."""
    d_right = math.hypot(x - 1.5 * r_big, y - r_big)
    d_left = math.hypot(x - 0.5 * r_big, y - r_big)
    if d_right < r_small or d_left < r_small:
        return 2
    in_class_one = d_right <= r_small or r_small < d_left <= 0.5 * r_big or (y > r_big and d_right > 0.5 * r_big)
    return int(in_class_one)


def yin_yang_samples(
    n_samples: int, seed: int, r_small: float = R_SMALL, r_big: float = R_BIG
) -> tuple[np.ndarray, np.ndarray]:
    """Generate ``n_samples`` Yin-Yang samples with the authors' rejection sampling and random stream.

    Returns
    -------
    features
        ``(n_samples, 4)`` float64: ``x, y, 1 - x, 1 - y``.
    labels
        ``(n_samples,)`` int64 classes 0..2 (`YIN_YANG_CLASSES`).
    """
    if not isinstance(n_samples, int) or n_samples < 1:
        raise ConfigError(
            f"n_samples must be a positive integer (the published train split has 5000), got {n_samples!r}"
        )
    if not 0 < r_small < 0.5 * r_big:
        raise ConfigError(
            f"need 0 < r_small < r_big / 2 for the dots to sit inside their half-discs, got r_small={r_small!r}, "
            f"r_big={r_big!r} (the published values are {R_SMALL} and {R_BIG})"
        )
    rng = np.random.RandomState(seed)  # the reference's legacy generator: needed to reproduce its samples
    points = np.empty((n_samples, 2))
    labels = np.empty(n_samples, dtype=np.int64)
    for index in range(n_samples):
        goal = rng.randint(3)
        while True:
            x, y = rng.rand(2) * 2.0 * r_big
            if math.hypot(x - r_big, y - r_big) <= r_big and yin_yang_class(x, y, r_small, r_big) == goal:
                break
        points[index] = x, y
        labels[index] = goal
    return np.hstack([points, 1.0 - points]), labels


def yin_yang_split(split: str) -> tuple[np.ndarray, np.ndarray]:
    """The published ``"train"``, ``"validation"`` or ``"test"`` split (`YIN_YANG_SPLITS`): features, labels."""
    if split not in YIN_YANG_SPLITS:
        raise ConfigError(f"unknown Yin-Yang split {split!r}; choose one of: {', '.join(YIN_YANG_SPLITS)}")
    n_samples, seed = YIN_YANG_SPLITS[split]
    return yin_yang_samples(n_samples, seed)
