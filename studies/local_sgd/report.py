"""Figures and report of the ``local-sgd`` study: our modes beside Tables 1-3 and 5, and the Sec. C.6 criteria."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from brainsnn.report import render_template, save_figure
from brainsnn_studies.local_sgd.cost import LayerShape, layer_flops
from brainsnn_studies.local_sgd.criteria import criteria, drop_points, flop_ratio
from brainsnn_studies.local_sgd.modes import MODES
from brainsnn_studies.local_sgd.paper_numbers import RANGES, TABLE_1, TABLE_2, TABLE_3, TABLE_5

Table = tuple[list[str], list[list[Any]]]


def run_modes(metrics: Mapping[str, Any]) -> list[str]:
    return [mode for mode in MODES if mode in metrics]


def seed_mean(metrics: Mapping[str, Any], mode: str, key: str) -> np.ndarray:
    return np.mean([run[key] for run in metrics[mode]["seeds"]], axis=0)


def save_figures(config: Mapping[str, Any], metrics: Mapping[str, Any], out_dir: Path) -> None:
    """The boundary and the stored activations per epoch, and test accuracy against training GFLOPs."""
    fig = Figure(figsize=(10, 3.6))
    boundary_ax, memory_ax = fig.subplots(1, 2)
    for index, mode in enumerate(run_modes(metrics)):
        epochs = np.arange(1, config["epochs"] + 1)
        boundary_ax.step(epochs, seed_mean(metrics, mode, "boundaries") + 0.04 * index, where="post", label=mode)
        memory_ax.step(epochs, seed_mean(metrics, mode, "activation_mb"), where="post", label=mode)
    boundary_ax.set(xlabel="epoch", ylabel="transition layer N (mean over seeds)", title="Localized -> SGD boundary")
    memory_ax.set(xlabel="epoch", ylabel="stored activations per step (MB)", title="activation memory")
    boundary_ax.legend(fontsize=7)
    save_figure(fig, out_dir, "boundary_and_memory")
    fig = Figure(figsize=(5.5, 4))
    ax = fig.subplots()
    for mode in run_modes(metrics):
        ax.plot(seed_mean(metrics, mode, "cumulative_gflops"), 100 * seed_mean(metrics, mode, "test_accuracies"),
                ".-", label=mode)
    ax.set(xlabel="training GFLOPs (GEMMs, cumulative)", ylabel="test accuracy % (mean over seeds)",
           title="accuracy against training compute")
    ax.legend(fontsize=7)
    save_figure(fig, out_dir, "accuracy_vs_gflops")


def interval(difference: Mapping[str, Any]) -> str:
    if difference["low"] is None:
        return f"{difference['mean']:+.2f}"
    return f"{difference['mean']:+.2f} [{difference['low']:+.2f}, {difference['high']:+.2f}]"


def local_layer_epochs(metrics: Mapping[str, Any], mode: str) -> float:
    """The area under the boundary curve, sum over epochs of N(E), mean over seeds (the paper's Sec. 3.5 measure)."""
    return float(np.mean([sum(run["boundaries"]) for run in metrics[mode]["seeds"]]))


def measured_table(metrics: Mapping[str, Any]) -> Table:
    headers = ["mode", "test accuracy %", "drop vs SGD (points, 95 % CI)", "GFLOPs", "FLOP ratio",
               "final boundary (per seed)", "local layer-epochs", "stored activations, last epoch (MB)",
               "s / epoch", "time ratio"]
    sgd_time = metrics["sgd"]["seconds_per_epoch"]
    rows = []
    for mode in run_modes(metrics):
        m = metrics[mode]
        boundaries = ", ".join(str(run["final_boundary"]) for run in m["seeds"])
        drop = "—" if mode == "sgd" else interval(drop_points(metrics, mode))
        rows.append([mode, f"{100 * m['accuracy']:.2f} ± {100 * m['accuracy_sd']:.2f}", drop, f"{m['gflops']:.4g}",
                     f"{flop_ratio(metrics, mode):.3f}", boundaries, f"{local_layer_epochs(metrics, mode):.1f}",
                     f"{m['peak_activation_mb']:.3f}",
                     f"{m['seconds_per_epoch']:.2f}", f"{sgd_time / m['seconds_per_epoch']:.2f}"])
    return headers, rows


def paper_table() -> Table:
    headers = ["network (paper)", "SGD error %", "static error %, speed-up", "dynamic error %, speed-up",
               "freezing error %, speed-up"]

    def cell(entry: tuple[float, float] | None) -> str:
        return "—" if entry is None else f"{entry[0]}, {entry[1]}x"

    rows = [[name, str(row["sgd"][0]), cell(row["static"]), cell(row["dynamic"]), cell(row.get("freezing"))]
            for name, row in {**TABLE_2, **{f"{k} (ImageNet)": v for k, v in TABLE_1.items()}}.items()]
    return headers, rows


def iso_flop_table(metrics: Mapping[str, Any]) -> Table:
    headers = ["mode", "LoCal accuracy %", "SGD accuracy % at the same GFLOPs", "SGD epochs within the budget"]
    rows = []
    for mode in run_modes(metrics)[1:]:
        iso = metrics["iso_flop"][mode]
        sgd = "n/a" if iso["sgd_accuracy"] is None else f"{100 * iso['sgd_accuracy']:.2f}"
        rows.append([mode, f"{100 * metrics[mode]['accuracy']:.2f}", sgd, ", ".join(map(str, iso["sgd_epochs"]))])
    return headers, rows


def paper_pairs(table: Mapping[str, tuple[float, float]], first: str, second: str) -> Table:
    return ["network (paper)", first, second], [[name, *map(str, values)] for name, values in table.items()]


def architecture(config: Mapping[str, Any], dataset: Mapping[str, Any]) -> str:
    """The network in words."""
    convs = ", ".join(f"{c}{'+pool' if i in config['pool_after'] else ''}"
                      for i, c in enumerate(config["conv_channels"]))
    dense = "-".join(str(n) for n in (*config["hidden"], dataset["n_classes"]))
    inputs = "x".join(map(str, dataset["input_shape"]))
    return f"{inputs} -> 3x3 conv {convs} (BN, ReLU) -> dense {dense}" if convs else f"{inputs} -> dense {dense}"


def compute_shares(metrics: Mapping[str, Any]) -> dict[str, float]:
    """The first layer's share of an SGD step's GEMM FLOPs and the FLOP ratio with every layer but the readout
    local."""
    shapes = [LayerShape(**shape) for shape in metrics["layer_shapes"]]
    sgd = layer_flops(shapes, 0)
    deepest = layer_flops(shapes, len(shapes) - 1)
    return {"first_layer_share": sgd[0] / sum(sgd), "max_flop_ratio": sum(sgd) / sum(deepest)}


def render(config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
    """The Markdown body: what ran, our modes, the paper's tables, iso-FLOP, weak supervision, criteria."""
    return render_template(
        __package__, "report.md.j2", config=config, metrics=metrics, dataset=metrics["dataset"],
        architecture=architecture(config, metrics["dataset"]),
        measured=measured_table(metrics), paper=paper_table(), iso_flop=iso_flop_table(metrics),
        table_3=paper_pairs(TABLE_3, "LoCal error %", "SGD error % at LoCal's run time"),
        table_5=paper_pairs(TABLE_5, "error % with weak supervision", "without"), ranges=RANGES,
        criteria=criteria(config, metrics), shares=compute_shares(metrics),
        drops={mode: drop_points(metrics, mode)["mean"] for mode in run_modes(metrics)[1:]},
        layer_epochs={mode: local_layer_epochs(metrics, mode) for mode in run_modes(metrics)},
    )
