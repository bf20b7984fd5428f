"""Cluster separation against its closed form for isotropic Gaussians and the silhouette against a direct loop."""

import numpy as np
import pytest

from brainsnn.errors import ConfigError
from brainsnn.metrics.cluster_separation import cluster_separation, separation_ratio


def test_separation_of_two_isotropic_gaussians_is_distance_over_sigma_sqrt2():
    rng = np.random.default_rng(0)
    sigma, distance = 1.5, 6.0
    points = np.concatenate([sigma * rng.standard_normal((20000, 2)),
                             [distance, 0] + sigma * rng.standard_normal((20000, 2))])
    labels = np.repeat([0, 1], 20000)
    assert separation_ratio(points, labels) == pytest.approx(distance / (sigma * np.sqrt(2)), rel=0.01)
    same = separation_ratio(sigma * rng.standard_normal((40000, 2)), labels)
    assert same < 0.03


def test_silhouette_matches_a_direct_computation():
    rng = np.random.default_rng(2)
    points = np.concatenate([rng.standard_normal((7, 2)), [2.0, 1.0] + rng.standard_normal((9, 2)),
                             [-1.0, 3.0] + rng.standard_normal((5, 2))])
    labels = np.repeat([0, 1, 2], [7, 9, 5])
    distances = np.linalg.norm(points[:, None] - points[None], axis=2)
    values = []
    for i, label in enumerate(labels):
        own = labels == label
        a = distances[i, own].sum() / (own.sum() - 1)
        b = min(distances[i, labels == other].mean() for other in set(labels) - {label})
        values.append((b - a) / max(a, b))
    assert cluster_separation(points, labels)["silhouette"] == pytest.approx(np.mean(values))


def test_one_cluster_raises():
    with pytest.raises(ConfigError, match="two labelled clusters"):
        separation_ratio(np.zeros((3, 2)), np.zeros(3))
