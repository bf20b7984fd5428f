"""Figures of the ``eventprop-spike-rate`` study (matplotlib object API, no pyplot)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from brainsnn.report import save_figure

LABELS = {"lw": "L_W", "lw_alpha0": "L_W, alpha = 0", "l": "L", "la": "L_A", "two_phase": "2-phase",
          "la_continued": "L_A continued"}


def plot_switch_off(curves: Mapping[str, Any], out_dir: Path) -> None:
    """Fig. 5: training accuracy and network <N_S> per epoch of L_W at alpha and at alpha = 0."""
    fig = Figure(figsize=(9, 3.2))
    left, right = fig.subplots(1, 2)
    for name in ("lw", "lw_alpha0"):
        epochs = range(1, len(curves[name]["accuracy"]) + 1)
        left.plot(epochs, curves[name]["accuracy"], marker=".", label=LABELS[name])
        right.plot(epochs, curves[name]["n_spikes_network"], marker=".", label=LABELS[name])
    left.set(xlabel="epoch", ylabel="training accuracy (median)")
    right.set(xlabel="epoch", ylabel="network <N_S> (median)")
    left.legend()
    save_figure(fig, out_dir, "fig5_switch_off")


def plot_phase_2(curves: Mapping[str, Any], out_dir: Path, name: str = "fig8_phase2") -> None:
    """Fig. 8b / 14: training CE of phase 1 (L_A), then phase 2 with L and with L_A continued."""
    fig = Figure(figsize=(5, 3.2))
    ax = fig.subplots()
    phase_1 = curves["la"]["ce"]
    ax.plot(range(1, len(phase_1) + 1), phase_1, label="phase 1: L_A")
    for key in ("two_phase", "la_continued"):
        if key in curves:
            ce = curves[key]["ce"]
            ax.plot(range(len(phase_1) + 1, len(phase_1) + len(ce) + 1), ce, marker=".", label=f"phase 2: "
                    f"{'L' if key == 'two_phase' else 'L_A'}")
    ax.set(xlabel="epoch", ylabel="training CE (median)", yscale="log")
    ax.legend()
    save_figure(fig, out_dir, name)


def plot_sweep(rows: list[Mapping[str, Any]], out_dir: Path) -> None:
    """Figs. 6-7, 9-10: median accuracy and network <N_S> against alpha for each loss."""
    fig = Figure(figsize=(9, 3.2))
    left, right = fig.subplots(1, 2)
    for name in ("lw", "l", "la", "two_phase"):
        for eta in sorted({row["eta"] for row in rows if row["loss"] == name}, key=lambda e: (e is None, e)):
            chosen = [row for row in rows if row["loss"] == name and row["eta"] == eta]
            label = LABELS[name] + (f", eta {eta}" if eta is not None else "")
            alphas = [row["alpha"] for row in chosen]
            left.plot(alphas, [row["accuracy"] for row in chosen], marker="o", label=label)
            right.plot(alphas, [row["n_spikes_network"] for row in chosen], marker="o", label=label)
    left.set(xlabel="alpha", ylabel="test accuracy (median)")
    right.set(xlabel="alpha", ylabel="network <N_S> (median)")
    left.legend(fontsize=7)
    save_figure(fig, out_dir, "fig9_sweep")


def plot_depth(depth: Mapping[str, Any], out_dir: Path) -> None:
    """Fig. 11: network <N_S> against the number of layers."""
    fig = Figure(figsize=(5, 3.2))
    ax = fig.subplots()
    layers = [int(n) for n in depth]
    for name in ("lw", "two_phase"):
        ax.plot(layers, [depth[str(n)][name]["n_spikes_network"] for n in layers], marker="o", label=LABELS[name])
    ax.set(xlabel="layers (hidden + output)", ylabel="network <N_S> (median)", xticks=layers)
    ax.legend()
    save_figure(fig, out_dir, "fig11_depth")


def plot_layers(losses: Mapping[str, Any], out_dir: Path) -> None:
    """Fig. 17b: <N_S> per layer (layer 0 is the input) of each loss on the image task."""
    fig = Figure(figsize=(5, 3.2))
    ax = fig.subplots()
    for name, row in losses.items():
        ax.plot(range(len(row["n_spikes_layers"])), row["n_spikes_layers"], marker="o", label=LABELS[name])
    ax.set(xlabel="layer", ylabel="<N_S> (median)", yscale="log")
    ax.legend()
    save_figure(fig, out_dir, "fig17_layers")


def save_figures(metrics: Mapping[str, Any], out_dir: Path) -> None:
    curves = metrics["curves"]
    plot_switch_off(curves["yinyang"], out_dir)
    plot_phase_2(curves["yinyang"], out_dir)
    plot_sweep(metrics["sweep"], out_dir)
    plot_depth(metrics["depth"], out_dir)
    plot_layers(metrics["images"]["losses"], out_dir)
    plot_phase_2(curves["images"], out_dir, "fig14_images_phase2")
