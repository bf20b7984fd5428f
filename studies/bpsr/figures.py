"""Figures of the ``bpsr`` study (matplotlib object API, no pyplot)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from brainsnn.report import save_figure


def _grid(values: Mapping[str, Any]) -> tuple[np.ndarray, list[str]]:
    """Grid keys as positions for a log axis; 0 drawn one decade below the smallest positive value."""
    keys = list(values)
    numbers = np.array([float(k) for k in keys])
    positive = numbers[numbers > 0]
    floor = positive.min() / 10 if len(positive) else 1.0
    return np.where(numbers > 0, numbers, floor), keys


def plot_spiking_sparsity(sweep: Mapping[str, Any], out_dir: Path) -> None:
    """Fig. 8A/C analogue: accuracy and hidden rate against lambda_s; train and test accuracy."""
    x, _ = _grid(sweep)
    fig = Figure(figsize=(9, 3.4))
    left, right = fig.subplots(1, 2)
    for ax, names in ((left, ("accuracy",)), (right, ("train_accuracy", "accuracy"))):
        for name in names:
            ax.errorbar(x, [v[name]["mean"] for v in sweep.values()], [v[name]["sd"] for v in sweep.values()],
                        marker="o", capsize=3, label=name.replace("_", " "))
        ax.set(xscale="log", xlabel="lambda_s (leftmost: 0)", ylabel="accuracy")
    twin = left.twinx()
    twin.errorbar(x, [v["hidden_rate"]["mean"] for v in sweep.values()], [v["hidden_rate"]["sd"] for v in
                                                                          sweep.values()],
                  marker="s", color="C3", capsize=3)
    twin.set_ylabel("hidden firing rate (spikes / neuron / step)", color="C3")
    left.set_title("accuracy and firing rate")
    right.set_title("train vs test (gap)")
    right.legend(fontsize=8)
    save_figure(fig, out_dir, "spiking_sparsity")


def plot_synaptic_sparsity(rewiring: Mapping[str, Any], dense: Mapping[str, Any], out_dir: Path) -> None:
    """Fig. 8E analogue: accuracy against synapses kept for the rewired, learned-structure and random-structure nets."""
    fig = Figure(figsize=(4.8, 3.6))
    ax = fig.subplots()
    rows = rewiring.values()
    kept = [r["synapses_kept"]["mean"] for r in rows]
    for name, marker in (("accuracy", "o"), ("learned_mask_accuracy", "s"), ("random_mask_accuracy", "^")):
        ax.errorbar(kept, [r[name]["mean"] for r in rows], [r[name]["sd"] for r in rows], marker=marker, capsize=3,
                    ls="", label=name.replace("_accuracy", "").replace("_", " ").replace("accuracy", "rewired"))
    ax.axhline(dense["accuracy"]["mean"], color="k", lw=0.8, ls="--", label="dense")
    ax.axvline(dense["synapses"], color="grey", lw=0.6)
    ax.set(xscale="log", xlabel="synapses kept", ylabel="test accuracy")
    ax.legend(fontsize=8)
    save_figure(fig, out_dir, "synaptic_sparsity")


def plot_rasters(rasters: Mapping[str, Any], out_dir: Path) -> None:
    """Spike rasters of one test sample: torch (dots) and Brian2 (circles) for every layer, float and PTQ nets."""
    fig = Figure(figsize=(4.2 * len(rasters), 4.2))
    for ax, (name, raster) in zip(fig.subplots(1, len(rasters), squeeze=False)[0], rasters.items(), strict=True):
        offset = 0
        for index, (layer_torch, layer_brian) in enumerate(
                [(raster["input"], raster["input"]), *zip(raster["torch"], raster["brian2"], strict=True)]):
            for train, style in ((layer_brian, dict(marker="o", mfc="none", ms=5)), (layer_torch,
                                                                                     dict(marker=".", ms=3))):
                t, i = np.nonzero(train)
                ax.plot(t, i + offset, ls="", color=f"C{index}", **style)
            offset += layer_torch.shape[1] + 2
        ax.set(title=f"{name}: torch (dots) vs Brian2 (circles)", xlabel="time step", ylabel="neuron (by layer)")
    save_figure(fig, out_dir, "brian2_raster")


def plot_backward_cost(cost: Mapping[str, Any], out_dir: Path) -> None:
    """Fig. 7 analogue: saved memory and time of one batch against T for both backward passes."""
    steps = [int(k) for k in cost]
    fig = Figure(figsize=(9, 3.4))
    memory, seconds = fig.subplots(1, 2)
    for kind in ("iterative", "autograd"):
        memory.plot(steps, [v[f"saved_bytes_{kind}"] / 2**20 for v in cost.values()], "o-", label=kind)
        seconds.plot(steps, [1000 * v[f"seconds_{kind}"] for v in cost.values()], "o-", label=kind)
    memory.set(xlabel="T", ylabel="saved for backward (MiB)", title="memory")
    seconds.set(xlabel="T", ylabel="forward + backward (ms)", title="time")
    memory.legend(fontsize=8)
    save_figure(fig, out_dir, "backward_cost")


def save_figures(metrics: Mapping[str, Any], rasters: Mapping[str, Any], out_dir: Path) -> None:
    plot_spiking_sparsity(metrics["lambda_s"], out_dir)
    plot_synaptic_sparsity(metrics["rewiring"], metrics["dense"], out_dir)
    plot_rasters(rasters, out_dir)
    plot_backward_cost(metrics["backward_cost"], out_dir)
