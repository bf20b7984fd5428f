"""The experiments of Dellaferrera, Asabuki & Fukai (2022), one function each, returning their metrics.

Exp. 1 (Fig. 5A) with its untrained control and the claims it is judged by; the Exp. 1 variants on the Gaussian
sounds (all pairs, Fig. 5C; Exps. 2-3, Fig. 6); Exps. 4-5 (Figs. 7-10) on other sources; the robustness sweep
(Supp. Fig. 1) and pretraining (Fig. 3C-E). Every run follows :func:`~.runs.recover`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from brainsnn.data.recovery_tasks import all_pairs_task, exp1_task, exp2_task, exp3_task
from brainsnn_studies.dendritic_bss.runs import run_conditions
from brainsnn_studies.dendritic_bss.sources import SOURCE_EXPERIMENTS, gaussian_pool, gaussian_stream
from brainsnn_studies.dendritic_bss.summaries import first_seed, measured, pooled, results_of, summary

#: Exp. 1 variants on the Gaussian sounds: configuration key (their conditions) -> (metrics key, task).
GAUSSIAN_VARIANTS = {"all_pairs_sounds": ("exp1_all_pairs", all_pairs_task), "exp2_conditions": ("exp2", exp2_task),
                     "exp3_delays": ("exp3", exp3_task)}
#: Configuration keys of the robustness sweep (Supp. Fig. 1) -> the constant each one varies.
ROBUSTNESS_SWEEPS = {"robustness_outputs": "n_outputs", "robustness_connectivity": "connectivity"}


def exp1(config: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Exp. 1: the target heard only in n mixtures, for every n of ``mixtures``, and the untrained control (warm-up
    only) on ``untrained_mixtures``. Metrics ``exp1``, ``untrained`` and ``done_means``; the first seed's PCA
    points of the trained runs."""
    trained = run_conditions(config, "Exp. 1", gaussian_pool, exp1_task, config["mixtures"], gaussian_stream)
    control = run_conditions(config, "Exp. 1", gaussian_pool, exp1_task, config["untrained_mixtures"],
                             gaussian_stream, train=False)
    metrics = {"exp1": measured(config, trained),
               "untrained": {**pooled(results_of(control)), "by_mixtures": summary(results_of(control))}}
    metrics["done_means"] = done_means(metrics, config)
    return metrics, first_seed(trained)


def done_means(metrics: Mapping[str, Any], config: Mapping[str, Any]) -> dict[str, Any]:
    """The paper's Exp. 1 claim as three checks on the four-level AUC (means over seeds): chance with one mixture
    (AUC(1) < 0.62), recovery with two or three (max AUC(2, 3) >= AUC(1) + 0.1), and learning (trained, on the
    control's mixtures, >= untrained + 0.2)."""
    auc = {int(n): v["mean"] for n, v in metrics["exp1"]["auc"].items()}
    few = [auc[n] for n in (2, 3) if n in auc]
    trained_on_control = float(np.mean([auc[n] for n in config["untrained_mixtures"]]))
    untrained = metrics["untrained"]["auc"]["mean"]
    checks = {
        "one_mixture_below_0_62": bool(1 in auc and auc[1] < 0.62),
        "two_or_three_mixtures_0_1_above_one": bool(1 in auc and few and max(few) >= auc[1] + 0.1),
        "trained_0_2_above_untrained": bool(trained_on_control >= untrained + 0.2),
    }
    return {**checks, "all": all(checks.values()), "trained_auc_on_control_mixtures": trained_on_control,
            "untrained_auc": untrained}


def exp1_auc(config: Mapping[str, Any], mixtures: tuple[int, ...]) -> dict[int, float]:
    """Mean four-level AUC over seeds of Exp. 1 with each number of ``mixtures`` (the search's score)."""
    return {n: summary(results_of(run_conditions(config, "search", gaussian_pool, exp1_task, [n],
                                                 gaussian_stream)))["auc"][str(n)]["mean"] for n in mixtures}


def gaussian_variant(config: Mapping[str, Any], key: str) -> dict[str, Any]:
    """Exp. 1 a.c. (``all_pairs_sounds``), Exp. 2 (``exp2_conditions``) or Exp. 3 (``exp3_delays``): every
    condition of ``config[key]`` on every seed."""
    name, make_task = GAUSSIAN_VARIANTS[key]
    return measured(config, run_conditions(config, name, gaussian_pool, make_task, config[key], gaussian_stream))


def source_experiment(config: Mapping[str, Any], name: str,
                      exp1_metrics: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Exp. 4 or 5: the Exp. 1 protocol on other sources, trained and untrained; measures, the paper's claims
    (:func:`source_claims`, against ``exp1_metrics``) and the first seed's PCA points."""
    make_pool, stream, outputs_key = SOURCE_EXPERIMENTS[name]
    run_config = {**config, "n_outputs": config[outputs_key]} if outputs_key else config
    trained, untrained = (run_conditions(run_config, name, make_pool, exp1_task, config[f"{name}_mixtures"],
                                         lambda seed, n: [seed, n, stream], train=train) for train in (True, False))
    metrics = {**measured(config, trained), "untrained": summary(results_of(untrained))}
    metrics["claims"] = source_claims(metrics, name, exp1_metrics)
    return metrics, first_seed(trained)


def source_claims(metrics: Mapping[str, Any], name: str, exp1_metrics: Mapping[str, Any]) -> dict[str, Any]:
    """The paper's qualitative claims of Exps. 4-5 as comparisons of mean cluster separation (trained): more
    mixtures separate the sources better than one; for Exp. 4, natural-like sounds better than the Gaussian ones of
    Exp. 1 at the same number (> 1) of mixtures (None where the numbers needed did not run)."""
    separation = {int(n): v["mean"] for n, v in metrics["separation"].items()}
    several = [n for n in separation if n > 1]
    claims: dict[str, Any] = {"several_mixtures_separate_better_than_one":
                              bool(max(separation[n] for n in several) > separation[1])
                              if 1 in separation and several else None}
    if name == "exp4":
        synthetic = {int(n): v["mean"] for n, v in exp1_metrics["separation"].items()}
        common = sorted(n for n in set(separation) & set(synthetic) if n > 1)
        claims["natural_more_separated_than_synthetic"] = {str(n): bool(separation[n] > synthetic[n])
                                                           for n in common}
    return claims


def sweep(config: Mapping[str, Any], field: str, values, n: int) -> dict[str, Any]:
    """Exp. 1 with ``n`` mixtures (the same sounds) once per value of the configuration key ``field``."""
    return measured(config, {value: run_conditions({**config, field: value}, f"{field} = {value}", gaussian_pool,
                                                   exp1_task, [n], gaussian_stream)[n] for value in values})


def robustness(config: Mapping[str, Any]) -> dict[str, Any]:
    """Supp. Fig. 1: Exp. 1 with ``robustness_mixtures`` mixtures at other numbers of output neurons and connection
    probabilities (each sweep whose list is not empty)."""
    return {field: sweep(config, field, config[key], config["robustness_mixtures"])
            for key, field in ROBUSTNESS_SWEEPS.items() if config[key]}


def pretraining(config: Mapping[str, Any]) -> dict[str, Any]:
    """Fig. 3C-E: Exp. 1 with ``pretraining_mixtures`` mixtures after each count of ``pretraining_reps``
    presentations of the sources alone."""
    return sweep(config, "pre_exposure_reps", config["pretraining_reps"], config["pretraining_mixtures"])
