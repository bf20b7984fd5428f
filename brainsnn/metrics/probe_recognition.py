"""Probe recognition from population responses: PCA(2) + GMM likelihood, four confidence levels, ROC AUC.

Dellaferrera, Asabuki & Fukai (2022), "Decoding": fit a 2-D PCA and then a full-covariance GMM with one component
per correct probe on the responses to the correct probes; score every time point of every probe by its GMM
log-likelihood L and bin it like a listener's answer::

    L > 0: 1 (sure yes),   -5 < L <= 0: 0.66 (yes),   -15 < L <= -5: 0.33 (no),   L <= -15: 0 (sure no)

AUC of correct (label 1) against incorrect (label 0) points, binned (the paper's measure) and raw (threshold-free).
"""

from __future__ import annotations

import numpy as np
from sklearn.decomposition import PCA
from sklearn.metrics import roc_auc_score
from sklearn.mixture import GaussianMixture

#: Lower edges of the confidence levels 0.33, 0.66 and 1 (the paper's bins).
LEVEL_EDGES = (-15.0, -5.0, 0.0)
LEVELS = (0.0, 0.33, 0.66, 1.0)


def confidence_levels(log_likelihood: np.ndarray) -> np.ndarray:
    """The paper's four answers for log-likelihoods (an edge value belongs to the lower level)."""
    return np.asarray(LEVELS)[np.searchsorted(LEVEL_EDGES, log_likelihood, side="left")]


def probe_scores(correct: np.ndarray, incorrect: np.ndarray, n_components: int,
                 seed: int = 0) -> tuple[np.ndarray, np.ndarray, PCA]:
    """GMM log-likelihoods of the correct and incorrect points ((points, neurons) arrays) and the fitted PCA."""
    pca = PCA(n_components=2, random_state=seed).fit(correct)
    gmm = GaussianMixture(n_components=n_components, covariance_type="full", random_state=seed, reg_covar=1e-6)
    projected = pca.transform(correct)
    gmm.fit(projected)
    return gmm.score_samples(projected), gmm.score_samples(pca.transform(incorrect)), pca


def probe_auc(score_correct: np.ndarray, score_incorrect: np.ndarray) -> dict[str, float]:
    """``auc_binned`` (four confidence levels) and ``auc_raw`` (log-likelihood) of the correct points' scores
    against the incorrect points' (`probe_scores`)."""
    labels = np.r_[np.ones(len(score_correct)), np.zeros(len(score_incorrect))]
    scores = np.r_[score_correct, score_incorrect]
    return {"auc_binned": float(roc_auc_score(labels, confidence_levels(scores))),
            "auc_raw": float(roc_auc_score(labels, scores))}
