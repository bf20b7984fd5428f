"""Summaries over seeds of the runs of an experiment: mean, s.d. and per-seed values of each measure, and the mean
learning curve (Fig. 3A-B)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from brainsnn_studies.dendritic_bss.runs import Runs

#: Per-run measures and their names in metrics.json.
MEASURES = {"auc": "auc_binned", "auc_raw": "auc_raw", "auc_target": "auc_target", "auc_target_raw": "auc_target_raw",
            "separation": "separation", "silhouette": "silhouette"}


def results_of(runs: Runs) -> dict[Any, list[dict[str, float]]]:
    """The measures of each run, without the PCA points."""
    return {c: [result for result, _ in pairs] for c, pairs in runs.items()}


def first_seed(runs: Runs) -> dict[Any, dict[str, Any]]:
    """The PCA points of the first seed's run of each condition (for the cluster figures)."""
    return {c: pairs[0][1] for c, pairs in runs.items()}


def summary(results: Mapping[Any, list[dict[str, float]]]) -> dict[str, Any]:
    """Each measure of `MEASURES` per condition: mean, s.d. and the per-seed values."""
    out: dict[str, Any] = {key: {} for key in MEASURES}
    for condition, runs in results.items():
        for key, name in MEASURES.items():
            values = [r[name] for r in runs]
            out[key][str(condition)] = {"mean": float(np.mean(values)), "sd": float(np.std(values)),
                                        "per_seed": values}
    return out


def pooled(results: Mapping[Any, list[dict[str, float]]]) -> dict[str, Any]:
    """Each measure pooled over all conditions (the untrained control of Exp. 1 as one number)."""
    return {key: {"mean": float(np.mean([r[name] for runs in results.values() for r in runs])),
                  "sd": float(np.std([r[name] for runs in results.values() for r in runs]))}
            for key, name in MEASURES.items()}


def measured(config: Mapping[str, Any], runs: Runs) -> dict[str, Any]:
    """`summary` of the measures and the learning curve per condition (mean over seeds, every
    ``learning_window``-th training sequence)."""
    window = config["learning_window"]
    curves = {str(c): np.mean([points["learning_curve"] for _, points in pairs], axis=0)[::window].tolist()
              for c, pairs in runs.items()}
    return {**summary(results_of(runs)), "learning_curve": curves}
