"""The reproduction criteria of the scaled-down study (research notes, LoCal+SGD Sec. C.6), judged from the
metrics alone so that a stored report re-renders identically.

Accuracy differences are paired over seeds (every mode of one seed starts from the same weights and sees the same
data order) and given as mean with a two-sided 95 % Student-t interval; a FLOP ratio is SGD's GFLOPs over the mode's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

#: LoCal modes (localized prefix, not frozen).
LOCAL_MODES = ("static_linear", "static_quadratic", "static_exponential", "dynamic", "dynamic_no_weak_supervision")
#: Largest accuracy loss (points) criterion 1 accepts (the notes: 0.5-1 %).
MAX_DROP_POINTS = 1.0
#: Smallest FLOP ratio criterion 1 accepts (the notes: 1.1-1.5x).
MIN_FLOP_RATIO = 1.1


def seed_values(metrics: Mapping[str, Any], mode: str, key: str) -> np.ndarray:
    return np.array([run[key] for run in metrics[mode]["seeds"]], dtype=float)


def paired_difference(a: ArrayLike, b: ArrayLike) -> dict[str, Any]:
    """Mean of ``a - b`` (points, for accuracies given as fractions) and its 95 % t interval (None for one seed)."""
    difference = 100.0 * (np.asarray(a, dtype=float) - np.asarray(b, dtype=float))
    mean = float(difference.mean())
    if len(difference) < 2:
        return {"mean": mean, "low": None, "high": None}
    half = float(stats.t.ppf(0.975, len(difference) - 1) * difference.std(ddof=1) / math.sqrt(len(difference)))
    return {"mean": mean, "low": mean - half, "high": mean + half}


def drop_points(metrics: Mapping[str, Any], mode: str) -> dict[str, Any]:
    """SGD's accuracy minus the mode's, paired over seeds (points)."""
    return paired_difference(seed_values(metrics, "sgd", "accuracy"), seed_values(metrics, mode, "accuracy"))


def flop_ratio(metrics: Mapping[str, Any], mode: str) -> float:
    return metrics["sgd"]["gflops"] / metrics[mode]["gflops"]


def present(metrics: Mapping[str, Any], *modes: str) -> bool:
    return all(mode in metrics for mode in modes)


def savings_within_accuracy(metrics: Mapping[str, Any]) -> dict[str, Any]:
    """1: some LoCal mode trains with >= 1.1x fewer FLOPs for <= 1 point of accuracy."""
    rows = {mode: (flop_ratio(metrics, mode), drop_points(metrics, mode)["mean"])
            for mode in LOCAL_MODES if mode in metrics}
    passing = [mode for mode, (ratio, drop) in rows.items() if ratio >= MIN_FLOP_RATIO and drop <= MAX_DROP_POINTS]
    ours = "; ".join(f"{mode} {ratio:.2f}x, drop {drop:+.2f}" for mode, (ratio, drop) in rows.items())
    return {"held": bool(passing) if rows else None, "ours": ours, "passing": passing}


def dynamic_matches_static(metrics: Mapping[str, Any]) -> dict[str, Any]:
    """2: the dynamic rule within 0.5 points and 0.1 in FLOP ratio of the static quadratic schedule."""
    if not present(metrics, "dynamic", "static_quadratic"):
        return {"held": None, "ours": "not run"}
    accuracy = paired_difference(seed_values(metrics, "dynamic", "accuracy"),
                                 seed_values(metrics, "static_quadratic", "accuracy"))["mean"]
    ratio = flop_ratio(metrics, "dynamic") - flop_ratio(metrics, "static_quadratic")
    return {"held": abs(accuracy) <= 0.5 and abs(ratio) <= 0.1,
            "ours": f"dynamic - static quadratic: accuracy {accuracy:+.2f} points, FLOP ratio {ratio:+.2f}"}


def freezing_trade_off(metrics: Mapping[str, Any], freezing_rule: str) -> dict[str, Any]:
    """3: freezing (same boundary rule) spends fewer FLOPs than LoCal but reaches lower accuracy."""
    local = "dynamic" if freezing_rule == "dynamic" else f"static_{freezing_rule}"
    if not present(metrics, "freezing", local):
        return {"held": None, "ours": "not run"}
    gain = paired_difference(seed_values(metrics, local, "accuracy"), seed_values(metrics, "freezing", "accuracy"))
    cheaper = metrics["freezing"]["gflops"] < metrics[local]["gflops"]
    return {"held": cheaper and gain["mean"] > 0,
            "ours": f"freezing {flop_ratio(metrics, 'freezing'):.2f}x vs {local} {flop_ratio(metrics, local):.2f}x; "
                    f"{local} - freezing accuracy {gain['mean']:+.2f} points"}


def weak_supervision_gain(metrics: Mapping[str, Any]) -> dict[str, Any]:
    """4: weak supervision is not worse (the 95 % interval of its gain reaches 0 or above) and gains <= ~0.2."""
    if not present(metrics, "dynamic", "dynamic_no_weak_supervision"):
        return {"held": None, "ours": "not run"}
    gain = paired_difference(seed_values(metrics, "dynamic", "accuracy"),
                             seed_values(metrics, "dynamic_no_weak_supervision", "accuracy"))
    flips = int(seed_values(metrics, "dynamic", "anti_hebbian_epochs").sum())
    upper = gain["mean"] if gain["high"] is None else gain["high"]
    interval = "" if gain["low"] is None else f" (95 % CI {gain['low']:+.2f} .. {gain['high']:+.2f})"
    return {"held": upper >= 0, "ours": f"gain {gain['mean']:+.2f} points{interval}; {flips} anti-Hebbian epochs "
                                         "over all seeds", "anti_hebbian_epochs": flips,
            "gain": gain["mean"]}


def memory_falls(metrics: Mapping[str, Any]) -> dict[str, Any]:
    """5: stored activations never grow with the epoch and end below SGD's wherever the boundary moved."""
    modes = [mode for mode in (*LOCAL_MODES, "freezing") if mode in metrics]
    falls = all(np.all(np.diff(run["activation_mb"]) <= 0) and (run["final_boundary"] == 0 or
                                                                 run["activation_mb"][-1] < run["activation_mb"][0])
                for mode in modes for run in metrics[mode]["seeds"])
    ours = "; ".join(f"{mode} {metrics[mode]['peak_activation_mb']:.3f}" for mode in modes)
    return {"held": falls if modes else None,
            "ours": f"SGD {metrics['sgd']['peak_activation_mb']:.3f} MB; final epoch: {ours} MB"}


def iso_flop_accuracy(metrics: Mapping[str, Any]) -> dict[str, Any]:
    """6: at LoCal's FLOP budget, LoCal is at least as accurate as SGD stopped at that budget."""
    rows = {}
    for mode in ("static_quadratic", "dynamic"):
        if mode in metrics and metrics["iso_flop"][mode]["sgd_accuracy"] is not None:
            rows[mode] = 100 * (metrics[mode]["accuracy"] - metrics["iso_flop"][mode]["sgd_accuracy"])
    ours = "; ".join(f"{mode} - SGD at equal GFLOPs {gain:+.2f} points" for mode, gain in rows.items())
    return {"held": all(gain >= 0 for gain in rows.values()) if rows else None, "ours": ours or "not run"}


def criteria(config: Mapping[str, Any], metrics: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Every criterion by name: ``held`` (True, False or None when its modes were not run) and ``ours``."""
    return {
        "savings": savings_within_accuracy(metrics),
        "dynamic_vs_static": dynamic_matches_static(metrics),
        "freezing": freezing_trade_off(metrics, config["freezing_schedule"]),
        "weak_supervision": weak_supervision_gain(metrics),
        "memory": memory_falls(metrics),
        "iso_flop": iso_flop_accuracy(metrics),
    }
