"""How far apart the population responses to different sources lie (Dellaferrera et al. 2022, Exps. 4-5).

The paper judges natural sounds and images by eye: with one mixture the response "fluctuates randomly", with more
mixtures the sources form distinct clusters in PC1-PC2, "more compact and more widely spaced" for natural sounds
than for synthetic ones. Two numbers make that measurable on labelled points x_i (label c_i, centroid m_c)::

    separation = mean_{c < d} |m_c - m_d| / sqrt(mean_i |x_i - m_{c_i}|^2)

(distance between clusters over their RMS radius; d / (sigma sqrt(2)) for two isotropic 2-D Gaussians of s.d. sigma
whose means lie d apart) and the mean silhouette (Rousseeuw 1987; 1: compact and apart, 0: overlapping).
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
from sklearn.metrics import silhouette_score

from brainsnn.errors import ConfigError


def separation_ratio(points: np.ndarray, labels: np.ndarray) -> float:
    """Mean distance between cluster centroids over the RMS distance of the points to their own centroid."""
    points, labels = np.asarray(points, float), np.asarray(labels)
    classes = np.unique(labels)
    if len(classes) < 2 or len(points) != len(labels):
        raise ConfigError("separation needs at least two labelled clusters and one label per point")
    centroids = np.array([points[labels == c].mean(axis=0) for c in classes])
    residual = points - centroids[np.searchsorted(classes, labels)]
    spacing = np.mean([np.linalg.norm(a - b) for a, b in combinations(centroids, 2)])
    return float(spacing / np.sqrt(np.mean(np.sum(residual**2, axis=1))))


def cluster_separation(points: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    """``separation`` (`separation_ratio`) and ``silhouette`` (mean silhouette, Euclidean) of labelled points."""
    return {"separation": separation_ratio(points, labels),
            "silhouette": float(silhouette_score(points, labels, metric="euclidean"))}
