"""Figures and report of the scatter-and-gather study."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from brainsnn.report import render_template, save_figure
from brainsnn_studies.scatter_gather import paper_numbers as paper
from brainsnn_studies.scatter_gather.criteria import INCONSISTENT_DENSITIES

#: Paper data set whose Figure 9 / Tables 4-6 numbers stand beside each of ours.
PAPER_DATASET = {"digits": "MNIST", "fashion-mnist": "MNIST", "mnist": "MNIST", "cifar-10": "CIFAR-10"}


def _replicas(key: str) -> int:
    k, bound = map(int, key.split("_"))
    return bound * 2**k


def save_figures(metrics: Mapping[str, Any], out_dir: Path) -> None:
    fig = Figure(figsize=(9, 3.4))
    accuracy_axes, sparsity_axes = fig.subplots(1, 2)
    for name, data in metrics["datasets"].items():
        for level in sorted({key.split("_")[0] for key in data["models"]}):
            keys = sorted((key for key in data["models"] if key.split("_")[0] == level), key=_replicas)
            replicas = [_replicas(key) for key in keys]
            summaries = [data["models"][key]["summary"] for key in keys]
            label = f"{name}, k = {level}"
            accuracy_axes.errorbar(replicas, [100 * s["snn_accuracy"]["mean"] for s in summaries],
                                   yerr=[100 * (s["snn_accuracy"]["sd"] or 0) for s in summaries], fmt="o-",
                                   capsize=3, label=label)
            sparsity_axes.plot(replicas, [s["spikes_per_neuron"]["mean"] for s in summaries], "o-", label=label)
    for axes in (accuracy_axes, sparsity_axes):
        axes.set_xscale("log", base=2)
        axes.set_xticks([1, 2, 4, 8], ["1", "2", "4", "8"])
        axes.set_xlabel("replicas per ANN neuron K = B 2^k")
    accuracy_axes.set_ylabel("SNN test accuracy (%) = ANN's")
    sparsity_axes.set_ylabel("spikes per SNN neuron per image")
    accuracy_axes.legend(fontsize=8)
    fig.tight_layout()
    save_figure(fig, out_dir, "precision")


def _pm(stats: Mapping[str, Any] | None, scale: float = 1.0, digits: int = 2) -> str:
    if stats is None:
        return "n/a"
    text = f"{scale * stats['mean']:.{digits}f}"
    return text if stats["sd"] is None else f"{text} ± {scale * stats['sd']:.{digits}f}"


def _conversion_rows(metrics: Mapping[str, Any]) -> list[list[Any]]:
    rows = []
    for name, data in metrics["datasets"].items():
        for key, model in data["models"].items():
            s, brian = model["summary"], model["summary"]["brian"]
            paper_value = paper.FIGURE9[key][PAPER_DATASET[name]] if key in paper.FIGURE9 else None
            brian_text = (f"{brian['runs']} x {brian['samples']}: {'identical' if brian['identical'] else 'DIFFERENT'}"
                          if brian["runs"] else "skipped: " + "; ".join(brian["skipped"]))
            rows.append([name, key.replace("_", ", "), s["replicas"], _pm(s["ann_accuracy"], 100),
                         _pm(s["snn_accuracy"], 100), f"{s['prediction_agreement']['mean']:.3f}",
                         f"{int(sum(s['count_mismatches']['values']))}", s["max_group_count"],
                         _pm(s["spikes_per_neuron"], 1, 3), brian_text, _pm(brian["sops_on_chip"], 1, 0),
                         _pm(brian["energy_nj"], 1, 1),
                         "n/a" if paper_value is None else f"{paper_value:.2f} ({PAPER_DATASET[name]})"])
    return rows


def _dropout_rows(metrics: Mapping[str, Any]) -> list[list[Any]]:
    rows = []
    for name, data in metrics["datasets"].items():
        for rate, drop in data["models"]["1_2"]["summary"]["dropout"].items():
            printed = [reference[0.0] - reference[float(rate)] if float(rate) in reference else None
                       for reference in paper.BRANCH_DROPOUT.values()]
            rows.append([name, f"{100 * float(rate):.0f} %", _pm(drop),
                         *["n/a" if value is None else f"{value:.2f}" for value in printed]])
    return rows


def _mapping_rows(metrics: Mapping[str, Any]) -> list[list[Any]]:
    labels = {"table2_3": "Tables 2-3: output patches, cores, densities of both plans; search finds No. 2",
              "table7_8_densities": "Tables 7-8: A, N, S of every printed plan (Eq. 14-16)",
              "table7_8_extension": "Tables 7-8: printed f = smallest f that fits (not counted)",
              "table7_8_search": "Tables 7-8: exhaustive search reaches the plan's S (not counted)",
              "table9_10_cores": "Tables 9-10: cores per layer and totals from the plans",
              "table9_10_latency": "Tables 9-10: latency per layer and totals",
              "table11": "Table 11: FPS = floor(1000 / latency), FPS/W = floor(1000 / mJ)"}
    rows = []
    for name in labels:
        group = metrics["mapping"]["groups"][name]
        misses = "; ".join(f"{c['cell']}: {c['ours']:.4g} vs {c['paper']:.4g}" for c in group["misses"]) or "none"
        rows.append([labels[name], f"{group['matched']} / {group['total']}", misses])
    return rows


def _spread(metrics: Mapping[str, Any]) -> tuple[float, float]:
    """Smallest and largest s.d. over seeds of the SNN accuracy (points) among the models of the grid."""
    sds = [100 * model["summary"]["snn_accuracy"]["sd"] for data in metrics["datasets"].values()
           for model in data["models"].values() if model["summary"]["snn_accuracy"]["sd"] is not None]
    return (min(sds), max(sds)) if sds else (0.0, 0.0)


def _dropout_seeds(metrics: Mapping[str, Any]) -> dict[str, list[float]]:
    """Per data set, the four-spike model's drop at the largest rate, seed by seed."""
    seeds = {}
    for name, data in metrics["datasets"].items():
        dropout = data["models"]["1_2"]["summary"]["dropout"]
        seeds[name] = dropout[max(dropout, key=float)]["values"]
    return seeds


def render(config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
    conversion = (["data set", "k, B", "K = B 2^k", "ANN acc. (%)", "SNN acc. (%)", "agreement",
                   "count mismatches", "max spikes / neuron group", "spikes / SNN neuron", "Brian2 runs x images",
                   "SOPs on chip / image", "chip energy (nJ / image)", "paper ANN = SNN (%)"],
                  _conversion_rows(metrics))
    dropout = (["data set", "branches shut down", "accuracy drop (points)",
                *[f"paper {name} drop" for name in paper.BRANCH_DROPOUT]], _dropout_rows(metrics))
    mapping = (["check", "cells matched", "cells that differ (ours vs printed)"], _mapping_rows(metrics))
    return render_template(__package__, "report.md.j2", config=config, metrics=metrics, conversion=conversion,
                           dropout=dropout, mapping=mapping, criteria=metrics["criteria"],
                           inconsistent=INCONSISTENT_DENSITIES, paper=paper, spread=_spread(metrics),
                           dropout_seeds=_dropout_seeds(metrics))
