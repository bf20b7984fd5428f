"""Figures of the ``dendritic-bss`` study: AUC against mixtures (Fig. 5A), cluster separation (Exps. 1, 4, 5),
learning curves (Fig. 3A-B), PCA cluster plots (Figs. 4-5, 7-10 style) and example stimuli."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from brainsnn.data.recovery_tasks import exp1_task
from brainsnn.report import save_figure
from brainsnn_studies.dendritic_bss.paper_numbers import PAPER_EXP1_POINTS
from brainsnn_studies.dendritic_bss.sources import SOURCE_EXPERIMENTS, gaussian_pool

#: Figure titles of the sources of each experiment.
SOURCE_NAMES = {"exp1": "Gaussian spectrograms (Exp. 1)", "exp4": "natural-like sounds (Exp. 4)",
                "exp5": "photographs (Exp. 5)"}


def save_figures(metrics: Mapping[str, Any], examples: Mapping[str, Any], config: Mapping[str, Any],
                 out_dir: Path) -> None:
    """Every figure of the report; ``examples``: the first seed's PCA points per experiment and condition."""
    plot_auc(metrics, out_dir)
    plot_separation(metrics, out_dir)
    plot_learning(metrics, config, out_dir)
    plot_sources(config, out_dir)
    for name, examples_of in examples.items():
        plot_examples(examples_of, out_dir, name)


def plot_auc(metrics: Mapping[str, Any], out_dir: Path) -> None:
    """Exp. 1: AUC against the number of mixtures, trained and untrained, beside Fig. 5A's prose."""
    fig = Figure(figsize=(6, 4))
    ax = fig.subplots()
    for key, label, marker in (("auc", "four confidence levels (paper's measure)", "o"),
                               ("auc_raw", "raw log-likelihood", "s")):
        ns = sorted(int(n) for n in metrics["exp1"][key])
        mean = [metrics["exp1"][key][str(n)]["mean"] for n in ns]
        sd = [metrics["exp1"][key][str(n)]["sd"] for n in ns]
        ax.errorbar(ns, mean, yerr=sd, marker=marker, capsize=3, label=f"trained, {label}")
        controls = metrics["untrained"]["by_mixtures"][key]
        ax.plot([int(n) for n in controls], [v["mean"] for v in controls.values()], marker, mfc="none",
                color="0.4", label=f"untrained, {label}")
    ax.plot(list(PAPER_EXP1_POINTS), list(PAPER_EXP1_POINTS.values()), "r*", ms=10,
            label="paper (prose): ~0.5, >0.9, >0.8")
    ax.axhline(0.5, color="k", lw=0.6, ls=":")
    ax.set(xlabel="number of mixtures", ylabel="ROC AUC (correct vs incorrect probes)", ylim=(0.3, 1.02))
    ax.legend(fontsize=7)
    save_figure(fig, out_dir, "exp1_auc")


def plot_separation(metrics: Mapping[str, Any], out_dir: Path) -> None:
    """Cluster separation of the sources against the number of mixtures, per kind of source (Exps. 1, 4, 5)."""
    fig = Figure(figsize=(6, 4))
    ax = fig.subplots()
    for name, label in SOURCE_NAMES.items():
        if name not in metrics:
            continue
        trained = metrics[name]["separation"]
        ns = sorted(int(n) for n in trained)
        line = ax.errorbar(ns, [trained[str(n)]["mean"] for n in ns], yerr=[trained[str(n)]["sd"] for n in ns],
                           marker="o", capsize=3, label=f"{label}, trained")[0]
        control = metrics[name]["untrained"]["separation"] if name != "exp1" else \
            metrics["untrained"]["by_mixtures"]["separation"]
        ax.plot([int(n) for n in control], [v["mean"] for v in control.values()], "o", mfc="none",
                color=line.get_color(), label=f"{label}, untrained")
    ax.set(xlabel="number of mixtures", ylabel="centroid spacing / RMS cluster radius (PC1-PC2)")
    ax.legend(fontsize=7)
    save_figure(fig, out_dir, "separation")


def _learning_panels(metrics: Mapping[str, Any], config: Mapping[str, Any]) -> dict[str, Mapping[str, list]]:
    """Learning curves per panel title: by number of mixtures per kind of source, and per sweep that ran."""
    panels = {SOURCE_NAMES["exp1"]: metrics["exp1"]["learning_curve"],
              **{SOURCE_NAMES[name]: metrics[name]["learning_curve"] for name in SOURCE_EXPERIMENTS if name in metrics},
              **{f"Exp. 1, {config['robustness_mixtures']} mixtures, by {field}": curves["learning_curve"]
                 for field, curves in metrics.get("robustness", {}).items()}}
    if "pretraining" in metrics:
        panels[f"Exp. 1, {config['pretraining_mixtures']} mixtures, by pre-exposures (included)"] = \
            metrics["pretraining"]["learning_curve"]
    return panels


def plot_learning(metrics: Mapping[str, Any], config: Mapping[str, Any], out_dir: Path) -> None:
    """Fig. 3A-B: weight change (mean s.d. of each weight over the last learning_window training sequences) along
    training, by number of mixtures, by kind of source and, if run, by output neurons, connectivity and
    pre-exposures."""
    panels = _learning_panels(metrics, config)
    fig = Figure(figsize=(3.4 * len(panels), 3.2))
    axes = fig.subplots(1, len(panels), squeeze=False)
    window = config["learning_window"]
    for ax, (title, curves) in zip(axes[0], panels.items(), strict=True):
        for condition, curve in curves.items():
            ax.plot(window * (1 + np.arange(len(curve))), curve, label=condition)
        ax.set_title(title, fontsize=8)
        ax.set(xlabel="training sequences", yscale="log")
        ax.legend(fontsize=6, title="mixtures" if "by" not in title else None, title_fontsize=6)
    axes[0][0].set_ylabel(f"weight s.d. over {window} sequences")
    save_figure(fig, out_dir, "learning_curves")


def plot_examples(examples: Mapping[int, Mapping[str, Any]], out_dir: Path, name: str) -> None:
    """PCA of the trial-averaged responses (first seed): the paper's Figs. 4-5 and 7-10 style cluster plots."""
    fig = Figure(figsize=(3.2 * len(examples), 3.2))
    axes = fig.subplots(1, len(examples), squeeze=False)
    for ax, (n, points) in zip(axes[0], sorted(examples.items()), strict=True):
        steps = points["per_probe"]
        for k in range(n + 1):
            segment = slice(k * steps, (k + 1) * steps)
            line = ax.plot(*points["correct"][segment].T, lw=0.8, label="target" if k == 0 else f"masker {k}")[0]
            ax.plot(*points["incorrect"][segment].T, lw=0.8, ls=":", color=line.get_color())
        ax.set(title=f"{n} mixture(s)", xticks=[], yticks=[])
    axes[0][0].legend(fontsize=6)
    fig.suptitle(f"{SOURCE_NAMES[name]}: PC1-PC2 of responses, correct probes solid, incorrect dotted (seed 0)",
                 fontsize=8)
    save_figure(fig, out_dir, f"{name}_pca")


def plot_sources(config: Mapping[str, Any], out_dir: Path) -> None:
    """One target, one masker and their mixture (normalised stimuli) of each kind of source, first seed."""
    pools = {"exp1": gaussian_pool, **{name: make for name, (make, _, _) in SOURCE_EXPERIMENTS.items()}}
    shown = {name: make for name, make in pools.items() if name == "exp1" or config[f"{name}_mixtures"]}
    fig = Figure(figsize=(9, 2.2 * len(shown)))
    axes = fig.subplots(len(shown), 4, squeeze=False)
    for row, (name, make) in zip(axes, shown.items(), strict=True):
        task = exp1_task(make(config, config["seeds"][0]), 1, np.random.default_rng(config["seeds"][0]))
        panels = (task.correct_probes[0], task.correct_probes[1], task.mixtures[0], task.incorrect_probes[0])
        for ax, image, title in zip(row, panels, ("target", "masker", "mixture", "incorrect probe of target"),
                                    strict=True):
            ax.imshow(image, origin="lower" if name != "exp5" else "upper", aspect="auto", cmap="magma")
            ax.set(title=title, xticks=[], yticks=[])
        row[0].set_ylabel(SOURCE_NAMES[name], fontsize=7)
    save_figure(fig, out_dir, "sources")
