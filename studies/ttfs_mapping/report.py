"""Figures and report of the ``ttfs-mapping`` study: Table 2.1 beside the thesis, exactness, sparsity, clock mode."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.figure import Figure

from brainsnn.report import render_template, save_figure
from brainsnn_studies.ttfs_mapping.paper_numbers import THESIS_TABLE_2_1

if TYPE_CHECKING:  # the experiments load Brian2, which re-rendering a report does not need
    from brainsnn_studies.ttfs_mapping.experiments import NetworkRun

Table = tuple[list[str], list[list[Any]]]


def save_figures(runs: Mapping[str, NetworkRun], out_dir: Path) -> None:
    """Spike-time histograms, ReLU activation against ``t_max - t`` and the clock-mode error against dt."""
    plot_spike_times(runs, out_dir)
    plot_activation_vs_time(runs, out_dir)
    plot_clock_errors({name: run.metrics for name, run in runs.items()}, out_dir)


def plot_spike_times(runs: Mapping[str, NetworkRun], out_dir: Path) -> None:
    fig = Figure(figsize=(4.5 * len(runs), 3.2))
    for ax, (name, run) in zip(fig.subplots(1, len(runs), squeeze=False)[0], runs.items(), strict=True):
        for index, (layer, times) in enumerate(zip(run.mapping.ttfs.hidden, run.exact.spike_times, strict=True)):
            ax.axvspan(layer.t_min, layer.t_max, color=f"C{index}", alpha=0.08)
            ax.hist(times.ravel(), bins=80, color=f"C{index}", alpha=0.7, label=f"layer {index + 1}", log=True)
        ax.axvline(run.mapping.ttfs.latency, color="k", lw=1, ls="--", label="readout t_max^(M)")
        ax.set(title=f"{name}: spike times (exact-event)", xlabel="t / tau_c", ylabel="spikes")
        ax.legend(fontsize=7)
    save_figure(fig, out_dir, "spike_times")


def plot_activation_vs_time(runs: Mapping[str, NetworkRun], out_dir: Path) -> None:
    fig = Figure(figsize=(4 * len(runs), 3.4))
    for ax, (name, run) in zip(fig.subplots(1, len(runs), squeeze=False)[0], runs.items(), strict=True):
        layers = zip(run.mapping.ttfs.hidden, run.exact.spike_times, run.relu.activations, strict=True)
        for index, (layer, times, activation) in enumerate(layers):
            ax.plot(activation.ravel()[:4000], (layer.t_max - times).ravel()[:4000], ".", ms=2,
                    color=f"C{index}", label=f"layer {index + 1}")
        top = max(a.max() for a in run.relu.activations)
        ax.plot([0, top], [0, top], "k-", lw=0.6)
        ax.set(title=name, xlabel="ReLU activation x", ylabel="t_max - t (Brian2)")
        ax.legend(fontsize=7)
    save_figure(fig, out_dir, "activation_vs_spike_time")


def plot_clock_errors(networks: Mapping[str, Mapping[str, Any]], out_dir: Path) -> None:
    fig = Figure(figsize=(4.8, 3.6))
    ax = fig.subplots()
    for index, (name, metrics) in enumerate(networks.items()):
        dts = np.array([c["dt"] for c in metrics["clock"]])
        ax.loglog(dts, [c["max_spike_time_error"] for c in metrics["clock"]], "o-", color=f"C{index}",
                  label=f"{name}: spike time")
        ax.loglog(dts, [c["max_logit_error"] for c in metrics["clock"]], "s--", color=f"C{index}",
                  label=f"{name}: logit")
    ax.set(xlabel="dt / tau_c", ylabel="max error vs closed form", title="clock mode")
    ax.legend(fontsize=7)
    save_figure(fig, out_dir, "clock_error_vs_dt")


def percent(value: float) -> str:
    return f"{100 * value:.2f}"


def architecture(name: str, config: Mapping[str, Any], n_inputs: int) -> str:
    """The layer sizes of network ``name`` in words."""
    if name == "fc":
        return f"{n_inputs}-{config['fc_hidden']}-10, dropout {config['dropout']}"
    if name == "fc-l1":
        return f"{n_inputs}-{config['fc_hidden']}-10, L1 activity {config['l1_coefficient']}"
    convs = ", ".join(f"{c}@{k}x{k} {p}" for c, k, p in zip(config["conv_channels"], config["conv_kernels"],
                                                            config["conv_paddings"], strict=True))
    return f"conv {convs} (BN before ReLU, max-pool 2 after the first two), FC {config['conv_dense']}, 10"


def table_2_1(dataset: Mapping[str, Any], networks: Mapping[str, Any]) -> Table:
    """Our row and the thesis's row for every network."""
    rows = []
    for name, m in networks.items():
        rows.append([f"{name} (ours, {dataset['name']})", percent(m["relu_accuracy"]), percent(m["snn_accuracy"]),
                     percent(m["agreement"]), percent(m["spikes_per_neuron"]), f"{m['latency']:.2f}"])
        label, *thesis = THESIS_TABLE_2_1[name]
        rows.append([f"{label} (thesis)", *thesis])
    return ["network", "ReLU acc %", "SNN acc %", "agreement %", "spikes %", "latency (tau_c)"], rows


def exactness_table(config: Mapping[str, Any], dataset: Mapping[str, Any], networks: Mapping[str, Any]) -> Table:
    n_inputs = dataset["image_shape"][0] * dataset["image_shape"][1]
    headers = ["network", "architecture", "samples", "max spike-time error", "max activation error",
               "max logit error", "sparse-variant logit error", "inputs past a window, per layer", "min-pool channels",
               "synapses / sample", "Brian2 time (s)"]
    return headers, [
        [name, architecture(name, config, n_inputs), m["n_simulated"], f"{m['max_spike_time_error']:.2e}",
         f"{m['max_activation_error']:.2e}", f"{m['max_logit_error']:.2e}", f"{m['sparse_max_logit_error']:.2e}",
         ", ".join(map(str, m["window_overflows"])), m["min_pool_channels"], m["synapses_per_sample"],
         f"{m['exact_event_seconds']:.1f}"]
        for name, m in networks.items()]


def sparsity_table(networks: Mapping[str, Any]) -> Table:
    headers = ["network", "spikes per neuron, per layer", "ReLU active fraction", "windows [t_min, t_max] (tau_c)"]
    return headers, [
        [name, ", ".join(f"{v:.3f}" for v in m["spikes_per_neuron_per_layer"]), f"{m['relu_active_fraction']:.4f}",
         ", ".join(f"[{a:.2f}, {b:.2f}]" for a, b in m["windows"])] for name, m in networks.items()]


def clock_table(networks: Mapping[str, Any]) -> Table:
    headers = ["network", "dt (tau_c)", "max spike-time error", "max logit error", "agreement with closed form %"]
    return headers, [
        [name, c["dt"], f"{c['max_spike_time_error']:.3g}", f"{c['max_logit_error']:.3g}", percent(c["agreement"])]
        for name, m in networks.items() for c in m["clock"]]


def render(config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
    """The Markdown body: what ran, Table 2.1 beside the thesis, exactness, sparsity, clock mode, figures."""
    dataset, networks = metrics["dataset"], metrics["networks"]
    return render_template(
        __package__, "report.md.j2", config=config, dataset=dataset, table_2_1=table_2_1(dataset, networks),
        exactness=exactness_table(config, dataset, networks), sparsity=sparsity_table(networks),
        clock=clock_table(networks),
    )
