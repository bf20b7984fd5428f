"""Figures and report of the ``alsa`` study: Fig. 3 signs against the crossover f*, IRIS and the digits/MNIST
pipeline beside the paper's numbers."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.figure import Figure

from brainsnn.report import render_template, save_figure
from brainsnn_studies.alsa.paper_numbers import (
    IRIS_ACCURACY,
    IRIS_CLASSES,
    MNIST_ACCURACY,
    MNIST_FEATURE_CONSTANTS,
    MNIST_READOUT_CONSTANTS,
)

if TYPE_CHECKING:
    from brainsnn_studies.alsa.experiments import IrisResult

IMAGE_TITLES = {"digits": "Digits", "mnist": "MNIST", "fashion-mnist": "Fashion-MNIST"}
#: The phases of the digits pipeline in the order of ``feature_spikes_per_sample`` (``feature_readout.PHASES``).
PHASE_NAMES = ("features", "readout", "test")
Table = tuple[list[str], list[list[Any]]]


def save_fig3_figure(fig3: Mapping[str, Any], config: Mapping[str, Any], out_dir: Path) -> None:
    """Fig. 3: mean weight change (error bars: s.d. over trials) against rate, f* dashed."""
    fig = Figure(figsize=(6, 4))
    ax = fig.subplots()
    for k, tau in enumerate(fig3["tau_p_ms"]):
        line = ax.errorbar(fig3["rates_hz"], fig3["mean_weight_change"][k], yerr=fig3["sd_weight_change"][k],
                           marker="o", capsize=3, label=f"tau_p = {tau:g} ms")
        ax.axvline(fig3["crossover_hz"][k], color=line[0].get_color(), ls="--", lw=0.8)
    ax.axhline(0, color="k", lw=0.6)
    ax.set(xscale="log", xlabel="pre = post rate (Hz)", ylabel="mean weight change",
           title=f"{config['fig3_trials']} trials x {config['fig3_duration_s']:g} s; dashed: f*")
    ax.legend(fontsize=8)
    save_figure(fig, out_dir, "fig3_weight_change")


def save_iris_figures(iris: IrisResult, config: Mapping[str, Any], out_dir: Path) -> None:
    """IRIS test accuracy by epoch (every fold and seed, and their mean) and the weights of seed 0, fold 0."""
    by_epoch = iris.accuracy_by_copy
    fig = Figure(figsize=(5, 3.5))
    ax = fig.subplots()
    epochs = np.arange(1, by_epoch.shape[1] + 1)
    ax.plot(epochs, by_epoch.T, color="0.7", lw=0.7)
    ax.plot(epochs, by_epoch.mean(axis=0), "o-", color="C0", label="mean over folds and seeds")
    ax.axhline(IRIS_ACCURACY, color="C3", ls="--", label=f"paper: {100 * IRIS_ACCURACY:.1f} %")
    ax.set(xlabel="epoch (passes over the training folds)", ylabel="test accuracy", ylim=(0, 1.02))
    ax.legend(fontsize=8)
    save_figure(fig, out_dir, "iris_accuracy_by_epoch")
    fig = Figure(figsize=(7, 2.4))
    ax = fig.subplots()
    image = ax.imshow(iris.weights.T, aspect="auto", vmin=0, vmax=1, cmap="viridis")
    n_per = config["iris_neurons_per_feature"]
    for boundary in range(1, 4):
        ax.axvline(boundary * n_per - 0.5, color="w", lw=0.8)
    ax.set(yticks=range(len(IRIS_CLASSES)), yticklabels=IRIS_CLASSES,
           xlabel=f"encoding neuron (4 features x {n_per})", title="learned weights, seed 0 fold 0")
    fig.colorbar(image, ax=ax)
    save_figure(fig, out_dir, "iris_weights")


def save_feature_figure(weights: np.ndarray, shape: tuple[int, int], name: str, out_dir: Path) -> None:
    """The input -> feature weights of the first 25 feature neurons as images."""
    shown = min(weights.shape[1], 25)
    columns = int(np.ceil(np.sqrt(shown)))
    fig = Figure(figsize=(1.2 * columns, 1.2 * columns))
    for k, ax in enumerate(np.ravel(fig.subplots(columns, columns))):
        ax.axis("off")
        if k < shown:
            ax.imshow(weights[:, k].reshape(shape), cmap="gray_r", vmin=0, vmax=max(weights.max(), 1e-9))
    fig.suptitle("input -> feature weights (first 25 features)", fontsize=9)
    save_figure(fig, out_dir, name)


def render(config: Mapping[str, Any], metrics: Mapping[str, Any], dataset: str | None) -> str:
    """The report; ``dataset`` names the images of the digits pipeline (its metrics key), ``None`` if not run."""
    results = metrics.get(dataset)
    return render_template(
        __package__, "report.md.j2", config=config, fig3=metrics["fig3"], fig3_table=fig3_table(metrics["fig3"]),
        iris=metrics["iris"], iris_tables=iris_tables(config, metrics["iris"]), dataset=dataset,
        title=IMAGE_TITLES.get(dataset), results=results, feature=MNIST_FEATURE_CONSTANTS,
        readout=MNIST_READOUT_CONSTANTS, paper_table=mnist_paper_table(),
        digits_table=None if results is None else digits_table(config, dataset, results),
        feature_spikes=None if results is None else ", ".join(
            f"{phase} {n:.1f}" for phase, n in zip(PHASE_NAMES, results["feature_spikes_per_sample"], strict=True)),
    )


def fig3_table(fig3: Mapping[str, Any]) -> Table:
    """Per tau_p: f* and, per rate, mean ± s.d. of the weight change with its sign verdict."""
    rows = []
    for k, tau in enumerate(fig3["tau_p_ms"]):
        cells = []
        for r in range(len(fig3["rates_hz"])):
            mark = "ok" if fig3["predicted_sign"][k][r] == fig3["measured_sign"][k][r] else "MISMATCH"
            cells.append(f"{fig3['mean_weight_change'][k][r]:+.4f} ± {fig3['sd_weight_change'][k][r]:.4f} ({mark})")
        rows.append([f"{tau:g}", f"{fig3['crossover_hz'][k]:.2f}", *cells])
    return ["tau_p (ms)", "f* (Hz)", *(f"{f:g} Hz" for f in fig3["rates_hz"])], rows


def iris_tables(config: Mapping[str, Any], iris: Mapping[str, Any]) -> dict[str, Table]:
    """The IRIS tables: ours against the paper, per fold, by epoch and the confusion matrix."""
    fold_rows = [[seed, *(f"{a:.3f}" for a in accs), f"{np.mean(accs):.3f}"]
                 for seed, accs in zip(config["iris_seeds"], iris["fold_accuracy"], strict=True)]
    return {
        "comparison": (["IRIS", "ours", "paper"], iris_comparison_rows(config, iris)),
        "folds": (["seed", *(f"fold {k + 1}" for k in range(config["iris_folds"])), "mean"], fold_rows),
        "epochs": (["epoch", *(str(e) for e in range(1, len(iris["accuracy_by_epoch"]) + 1))],
                   [["test accuracy", *(f"{a:.3f}" for a in iris["accuracy_by_epoch"])]]),
        "confusion": (["true \\ predicted", *IRIS_CLASSES],
                      [[name, *row] for name, row in zip(IRIS_CLASSES, iris["confusion"], strict=True)]),
    }


def iris_comparison_rows(config: Mapping[str, Any], iris: Mapping[str, Any]) -> list[list[str]]:
    """Our IRIS accuracies (after the last and the first epoch, without output inhibition, by teacher rate) beside
    the paper's."""
    rows = [
        ["test accuracy, mean over folds and seeds (final epoch)", f"{iris['test_accuracy']:.3f}",
         f"{IRIS_ACCURACY:.3f} (mean of 4 trials, after several passes)"],
        ["test accuracy after one pass", f"{iris['first_epoch_accuracy']:.3f}", "about 0.95"],
    ]
    ablation = iris.get("without_output_inhibition")
    if ablation:
        rows.append(["the same without output inhibition (as in the paper's Fig. 5)",
                     f"{ablation['test_accuracy']:.3f} (one pass: {ablation['first_epoch_accuracy']:.3f})", "—"])
    sweep = iris.get("teacher_rate_sweep") or {}
    if sweep:
        rates = {f"{config['teacher_rate_hz']:g}": iris["test_accuracy"], **sweep}
        ordered = sorted(rates.items(), key=lambda item: float(item[0]))
        rows.append(["test accuracy by teacher rate", ", ".join(f"{r} Hz: {a:.3f}" for r, a in ordered),
                     "teacher frequency has little influence (dynamic threshold)"])
    return rows


def mnist_paper_table() -> Table:
    """The paper's MNIST accuracies of both readouts."""
    return (["MNIST (paper)", "ALSA readout", "Diehl & Cook vote readout"],
            [[label, f"{alsa:.4f}", f"{vote:.3f}"] for label, (alsa, vote) in MNIST_ACCURACY.items()])


def digits_table(config: Mapping[str, Any], dataset: str, results: Mapping[str, Any]) -> Table:
    """Both readouts' accuracy at the configured feature count and at each count of the sweep."""
    by_count = {str(config["digits_features"]): results, **(results.get("feature_sweep") or {})}
    return (
        [f"{IMAGE_TITLES[dataset]} (ours, {results['n_train']} train / {results['n_test']} test)", "ALSA readout",
         "Diehl & Cook vote readout"],
        [[f"{n} features", f"{r['alsa_accuracy']:.3f}", f"{r['vote_accuracy']:.3f}"]
         for n, r in sorted(by_count.items(), key=lambda item: int(item[0]))],
    )
