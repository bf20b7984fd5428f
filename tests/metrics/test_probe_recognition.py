"""The PCA + GMM probe readout: its AUC against the Mann-Whitney U statistic, on separable and inseparable data."""

import numpy as np
import pytest
from scipy.stats import mannwhitneyu

from brainsnn.metrics.probe_recognition import confidence_levels, probe_auc, probe_scores


def _clusters(rng, centres, n=300, scale=0.3, dims=5):
    return np.concatenate([c + scale * rng.standard_normal((n, dims)) for c in centres])


def test_levels_follow_the_papers_bins():
    scores = np.array([-40.0, -15.0, -14.9, -5.0, -4.9, 0.0, 0.1, 30.0])
    expected = [0.0, 0.0, 0.33, 0.33, 0.66, 0.66, 1.0, 1.0]
    np.testing.assert_allclose(confidence_levels(scores), expected)


def test_auc_equals_mann_whitney_u_over_pairs():
    rng = np.random.default_rng(0)
    centres = [np.eye(5)[0] * 3, np.eye(5)[1] * 3]
    correct, incorrect = _clusters(rng, centres), _clusters(rng, [c + 0.4 for c in centres])
    score_correct, score_incorrect, _ = probe_scores(correct, incorrect, 2)
    result = probe_auc(score_correct, score_incorrect)
    u_raw = mannwhitneyu(score_correct, score_incorrect).statistic
    u_binned = mannwhitneyu(confidence_levels(score_correct), confidence_levels(score_incorrect)).statistic
    assert result["auc_raw"] == pytest.approx(u_raw / (len(correct) * len(incorrect)))
    assert result["auc_binned"] == pytest.approx(u_binned / (len(correct) * len(incorrect)))
    assert 0.5 < result["auc_raw"] < 1


def test_auc_is_one_for_far_incorrect_points_and_chance_for_the_same_distribution():
    rng = np.random.default_rng(1)
    centres = [np.eye(5)[0] * 2, np.eye(5)[1] * 2, np.eye(5)[2] * 2]
    correct = _clusters(rng, centres, scale=0.05)
    far = 40 * (np.eye(5)[0] - np.eye(5)[1])  # in the plane of the centres, which the two PCs span
    separable = probe_auc(*probe_scores(correct, _clusters(rng, [c + far for c in centres]), 3)[:2])
    assert separable == {"auc_binned": 1.0, "auc_raw": 1.0}
    same = probe_auc(*probe_scores(correct, _clusters(rng, centres, scale=0.05), 3)[:2])
    assert same["auc_raw"] == pytest.approx(0.5, abs=0.05)
