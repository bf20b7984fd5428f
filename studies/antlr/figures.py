"""Figures of the ``antlr`` study (matplotlib object API, no pyplot)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from brainsnn.report import save_figure

METHOD_NAMES = ("activation", "timing", "antlr")
#: The spike-train task adds the timing method without its no-spike penalty.
SPIKE_TRAIN_RUNS = (*METHOD_NAMES, "timing_no_penalty")


def plot_loss_curves(task: Mapping[str, Any], out_dir: Path) -> None:
    """Fig. 6 analogue: median spike-train loss over trials against iterations (block means), log scale."""
    fig = Figure(figsize=(5, 3.4))
    ax = fig.subplots()
    for method in SPIKE_TRAIN_RUNS:
        curve = task[method]["curve"]
        ax.plot(np.linspace(0, task["iterations"], len(curve)), curve, ls=":" if method.endswith("penalty") else "-",
                label=method.replace("_", " "))
    ax.set(yscale="log", xlabel="iteration", ylabel=f"median spike-train loss ({task['trials']} trials)")
    ax.legend(fontsize=8)
    save_figure(fig, out_dir, "spike_train_loss")


def plot_accuracy_spikes(metrics: Mapping[str, Any], tasks: list[str], out_dir: Path) -> None:
    """Figs. 7-8 analogue: accuracy against spikes per sample up to the decision, one point per method and seed."""
    fig = Figure(figsize=(4.2 * len(tasks), 3.4))
    axes = np.atleast_1d(fig.subplots(1, len(tasks)))
    for ax, task in zip(axes, tasks, strict=True):
        for method in METHOD_NAMES:
            row = metrics[task][method]
            ax.errorbar(row["spikes_per_sample"], row["accuracy"], xerr=row["spikes_per_sample_sd"],
                        yerr=row["accuracy_sd"], marker="o", capsize=3, ls="", label=method)
        ax.set(xlabel="spikes per sample (to the decision)", ylabel="test accuracy", title=task.replace("_", " "))
        ax.legend(fontsize=8)
    save_figure(fig, out_dir, "accuracy_spikes")


def save_figures(metrics: Mapping[str, Any], out_dir: Path) -> None:
    plot_loss_curves(metrics["spike_train_task"], out_dir)
    plot_accuracy_spikes(metrics, [t for t in ("latency", "latency_single_spike", "saccade") if t in metrics],
                         out_dir)
