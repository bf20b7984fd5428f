"""Figures and report of the single-neuron study."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from brainsnn.metrics import weight_kde
from brainsnn.networks.single_neuron_stdp import SingleNeuronResult
from brainsnn.report import render_template, save_figure
from brainsnn_studies.stdp_single_neuron.paper_numbers import PAPER_SHAPES


def save_figures(result: SingleNeuronResult, config: Mapping[str, Any], out_dir: Path) -> None:
    """Final weight densities (Fig. 1) and ten weight trajectories per rule."""
    rules = config["rules"]
    fig = Figure(figsize=(4 * len(rules), 3.2))
    for ax, rule in zip(np.atleast_1d(fig.subplots(1, len(rules))), rules, strict=True):
        final = result.final_weights[rule]
        ax.plot(*weight_kde(final))
        ax.hist(final, bins=30, density=True, alpha=0.3)
        ax.set(title=f"{rule}-STDP", xlabel="final weight", ylabel="density")
    save_figure(fig, out_dir, "weight_densities")

    fig = Figure(figsize=(4 * len(rules), 3.2))
    times = np.arange(len(result.weight_snapshots[rules[0]])) * config["record_every_ms"] / 1000
    for ax, rule in zip(np.atleast_1d(fig.subplots(1, len(rules))), rules, strict=True):
        ax.plot(times, result.weight_snapshots[rule][:, ::20], lw=0.7)
        ax.set(title=f"{rule}-STDP: 10 weights", xlabel="time (s)", ylabel="w")
    save_figure(fig, out_dir, "weight_trajectories")


def render(config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
    """The Markdown body: set-up, one row per rule beside Fig. 1, the measured BG ordering."""
    rows = [
        [rule, m["bg_index"], ", ".join(f"{size}: {alpha:.2f}" for size, alpha in
                                         sorted(m["bg_by_block_size"].items(), key=lambda item: int(item[0]))),
         f"{100 * m['zero_increment_share']:.0f} %", m["output_rate_hz"], m["weight_mean"], m["weight_skewness"],
         m["density_modes"], PAPER_SHAPES[rule]]
        for rule, m in metrics["rules"].items()
    ]
    headers = ["rule", "BG index (alpha of dW)", "alpha at block size K1", "zero increments", "output rate (Hz)",
               "mean w", "skewness", "KDE modes", "paper (Fig. 1)"]
    ordering = sorted(metrics["rules"], key=lambda rule: metrics["rules"][rule]["bg_index"])
    return render_template(__package__, "report.md.j2", config=config, metrics=metrics, table=(headers, rows),
                           ordering=ordering)
