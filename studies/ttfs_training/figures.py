"""Figures of the ``ttfs-training`` study: Fig. 3.2 spectra, Fig. 3.3 trajectories, Fig. 3.5 fine-tuning,
Fig. 2.5 sensitivity and the L1 sweep."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from brainsnn.report import save_figure
from brainsnn_studies.ttfs_training.networks import SLOPE_NAMES


def save_figures(metrics: Mapping[str, Any], eigenvalues: Mapping[str, np.ndarray], out_dir: Path) -> None:
    """Every figure of the study from its metrics and the Fig. 3.2 eigenvalues."""
    plot_spectra(eigenvalues, out_dir)
    plot_trajectory(metrics["trajectory"]["history"], out_dir)
    plot_fine_tuning(metrics["fine_tuning"]["cases"], metrics["fine_tuning"]["float_accuracy"], out_dir)
    plot_sensitivity(metrics["sensitivity"], out_dir)
    plot_l1(metrics["l1_sweep"]["rows"], out_dir)


def plot_spectra(eigenvalues: Mapping[str, np.ndarray], out_dir: Path) -> None:
    """Eigenvalues of ``B^-1 W`` per slope with the unit circle."""
    fig = Figure(figsize=(8, 4))
    circle = np.exp(1j * np.linspace(0, 2 * np.pi, 200))
    for ax, (slope, values) in zip(fig.subplots(1, 2), eigenvalues.items(), strict=True):
        ax.plot(values.real, values.imag, ".", ms=3)
        ax.plot(circle.real, circle.imag, "k-", lw=0.8)
        limit = max(1.5, min(np.abs(values).max(), 20) * 1.05)
        ax.set(xlim=(-limit, limit), ylim=(-limit, limit), aspect="equal", title=SLOPE_NAMES[slope],
               xlabel="Re lambda", ylabel="Im lambda")
    save_figure(fig, out_dir, "jacobian_spectra")


def plot_trajectory(history: Mapping[str, Sequence[Mapping[str, Any]]], out_dir: Path) -> None:
    """Training accuracy, cosine similarity of the weights and latency per epoch."""
    fig = Figure(figsize=(13, 3.6))
    axes = fig.subplots(1, 3)
    epochs = np.arange(1, len(history["train_accuracy"]) + 1)
    for name, label in {"relu": "ReLU", **SLOPE_NAMES}.items():
        axes[0].plot(epochs, [h[name] for h in history["train_accuracy"]], "o-" if name == "relu" else ".--",
                     label=label)
    axes[0].set(xlabel="epoch", ylabel="training accuracy", title="SGD trajectories")
    for slope, label in SLOPE_NAMES.items():
        axes[1].plot(epochs, [np.nan if h[slope] is None else h[slope] for h in history["cosine_similarity"]], ".-",
                     label=label)
        latency = np.array([np.nan if h[slope] is None else h[slope] for h in history["latency"]], dtype=float)
        axes[2].semilogy(epochs, np.where(np.isfinite(latency), latency, np.nan), ".-", label=label)
    axes[1].set(xlabel="epoch", ylabel="cos(w_ReLU, W / B)", title="weight similarity", ylim=(-1.05, 1.05))
    axes[2].set(xlabel="epoch", ylabel="t_max^(N) (tau_c)", title="latency")
    for ax in axes:
        ax.legend(fontsize=7)
    save_figure(fig, out_dir, "trajectory")


def plot_fine_tuning(cases: Sequence[Mapping[str, Any]], float_accuracy: float, out_dir: Path) -> None:
    """Test accuracy before and after fine-tuning, one panel per constraint."""
    kinds = list(dict.fromkeys(case["constraint"] for case in cases))
    fig = Figure(figsize=(3.3 * len(kinds), 3.3))
    axes = fig.subplots(1, len(kinds), squeeze=False)[0]
    for ax, kind in zip(axes, kinds, strict=True):
        chosen = [case for case in cases if case["constraint"] == kind]
        positions = np.arange(len(chosen))
        ax.bar(positions - 0.2, [c["before"]["snn_accuracy"] for c in chosen], 0.4, label="before")
        ax.bar(positions + 0.2, [c["after"]["snn_accuracy"] for c in chosen], 0.4, label="after fine-tuning")
        ax.axhline(float_accuracy, color="k", lw=0.8, ls="--", label="no constraint")
        ax.set(xticks=positions, xticklabels=[f"{case['level']:g}" for case in chosen], xlabel=kind,
               ylabel="test accuracy", ylim=(0, 1))
    axes[0].legend(fontsize=7, loc="lower left")
    save_figure(fig, out_dir, "fine_tuning")


def plot_sensitivity(results: Mapping[str, Mapping[str, Any]], out_dir: Path) -> None:
    """SNN test accuracy against zeta, jitter SD and slope SD (dotted: without noise)."""
    fig = Figure(figsize=(13, 3.5))
    axes = fig.subplots(1, 3)
    for name, result in results.items():
        axes[0].plot([r["zeta"] for r in result["zeta"]], [r["snn_accuracy"] for r in result["zeta"]], "o-",
                     label=name)
        for ax, key in ((axes[1], "jitter"), (axes[2], "slope")):
            rows = result[key][1:]
            ax.errorbar([r["sd"] for r in rows], [r["snn_accuracy"] for r in rows],
                        yerr=[r["snn_accuracy_sd"] for r in rows], fmt="o-", label=name, capsize=2)
            ax.axhline(result[key][0]["snn_accuracy"], lw=0.6, ls=":", color="k")
    axes[0].set(xlabel="zeta", ylabel="SNN test accuracy", title="window margin zeta")
    axes[1].set(xscale="log", xlabel="jitter SD (tau_c)", title="spike-time jitter")
    axes[2].set(xscale="log", xlabel="slope SD", title="slope heterogeneity alpha + Y")
    for ax in axes:
        ax.legend(fontsize=7)
    save_figure(fig, out_dir, "sensitivity")


def plot_l1(rows: Sequence[Mapping[str, Any]], out_dir: Path) -> None:
    """Spikes per neuron, ReLU active fraction and SNN accuracy against the L1 coefficient."""
    fig = Figure(figsize=(5, 3.6))
    ax = fig.subplots()
    l1 = [max(r["l1_coefficient"], 1e-4) for r in rows]
    ax.semilogx(l1, [r["spikes_per_neuron"] for r in rows], "o-", label="spikes per neuron (Brian2)")
    ax.semilogx(l1, [r["relu_active_fraction"] for r in rows], "x--", label="ReLU active fraction")
    ax.semilogx(l1, [r["snn_accuracy"] for r in rows], "s:", label="SNN accuracy")
    ax.set(xlabel="L1 coefficient (0 drawn at 1e-4)", title="L1 activity regularisation")
    ax.legend(fontsize=7)
    save_figure(fig, out_dir, "l1_sweep")

