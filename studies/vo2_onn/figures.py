"""The figures of the study (Figs. 2-5, 7, 9, 12-14 of Delacour & Todri-Sanial 2021, as measured here)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from brainsnn.data.digit_bitmaps import COLUMNS, ROWS
from brainsnn.report import save_figure
from brainsnn_studies.vo2_onn.circuit import US, metric_key
from brainsnn_studies.vo2_onn.experiments import Results
from brainsnn_studies.vo2_onn.ladder import RUNGS
from brainsnn_studies.vo2_onn.paper_numbers import ALL_IN_PHASE_BELOW_TD_TC, CORRECT_ABOVE_TD_TC
from brainsnn_studies.vo2_onn.retrieval import OnnRetrieval
from brainsnn_studies.vo2_onn.single_oscillator import SingleOscillator
from brainsnn_studies.vo2_onn.switches import Switches


def save_figures(results: Results, config: Mapping[str, Any], out_dir: Path) -> None:
    """Every figure of a run into ``out_dir/figures``."""
    metrics = results.metrics
    single_oscillator_figure(results.single, metrics, out_dir)
    switches_figure(results.switches, results.single.period, out_dir)
    phase_map_figure(metrics, out_dir)
    variability_figure(metrics["variability"], out_dir)
    asymmetry_figure(metrics["asymmetry"], len(config["four_pattern"]), out_dir)
    mapping_figure(metrics, results.onn.digits.levels * len(results.onn.digits.weights), out_dir)
    retrieval_figure(metrics, out_dir)
    examples_figure(results.onn, config["linear_beta"], out_dir)
    ladder_figure(metrics, out_dir)


def single_oscillator_figure(single: SingleOscillator, metrics: Mapping[str, Any], out_dir: Path) -> None:
    """Fig. 2: three periods of V_out with the closed-form V- and V+."""
    fig = Figure(figsize=(6, 2.8))
    ax = fig.subplots()
    window = single.trace_time < 3 * single.period
    ax.plot(single.trace_time[window] * US, single.trace[window])
    for level in metrics["swing_closed_form_v"]:
        ax.axhline(level, color="grey", lw=0.6, ls="--")
    ax.set(xlabel="t (us)", ylabel="V_out (V)", title=f"one VO2 oscillator: T = {single.period * US:.2f} us")
    save_figure(fig, out_dir, "single_oscillator")


def switches_figure(switches: Switches, period: float, out_dir: Path) -> None:
    """Figs. 3-4: V_out of both oscillators of each pair over the first eight periods."""
    fig = Figure(figsize=(6.5, 7.5))
    axes = fig.subplots(4, 1, sharex=True)
    panels = [(switches.without, 0, "R_C = 10 kOhm, delay T/2, no switches (Fig. 3A)"),
              (switches.with_switches, 0, "R_C = 10 kOhm, delay T/2, switches (Fig. 3B)"),
              (switches.with_switches, 1, "R_C = 10 kOhm, delay 0.1 T (Fig. 4)"),
              (switches.with_switches, 2, "R_C = 100 kOhm, delay 0.1 T (Fig. 4)")]
    window = switches.without.voltage_time < 8 * period
    for ax, (run, pair, title) in zip(axes, panels, strict=True):
        ax.plot(run.voltage_time[window] * US, run.voltages[2 * pair][window], lw=0.8, label="osc 1")
        ax.plot(run.voltage_time[window] * US, run.voltages[2 * pair + 1][window], lw=0.8, label="osc 2")
        ax.set_title(f"{title}: {run.phases.phase_deg[2 * pair + 1]:.0f} deg", fontsize=8)
        ax.set_ylabel("V_out (V)")
    axes[0].legend(fontsize=7, loc="upper right")
    axes[-1].set_xlabel("t (us)")
    save_figure(fig, out_dir, "switches_and_pairs")


def phase_map_figure(metrics: Mapping[str, Any], out_dir: Path) -> None:
    """Fig. 5A: the phase map with the simulated boundary and Eq. 10 with the fitted epsilon."""
    grid, boundary = metrics["phase_map"], metrics["boundary"]
    fig = Figure(figsize=(6, 4))
    ax = fig.subplots()
    mesh = ax.pcolormesh(grid["delay_fraction"], grid["r_kohm"], grid["phase_deg"], cmap="coolwarm", vmin=0,
                         vmax=360, shading="nearest")
    ax.plot(boundary["delay_fraction"], boundary["simulated_r_kohm"], "k.-", label="simulated boundary (bisection)")
    ax.plot(boundary["delay_fraction"], boundary["analytic_r_kohm"], "g--",
            label=f"Eq. 10, epsilon = {metrics['epsilon_mv']:.3f} mV")
    ax.set(yscale="log", xlabel="delta t_init / T_osc", ylabel="R_C (kOhm)", title="two-oscillator phase map")
    fig.colorbar(mesh, ax=ax, label="output phase (deg)")
    ax.legend(fontsize=7)
    save_figure(fig, out_dir, "phase_map")


def variability_figure(table: Mapping[str, Mapping[str, Any]], out_dir: Path) -> None:
    """Fig. 7: relative change of R_0 and T_osc against the relative change of each parameter."""
    fig = Figure(figsize=(8, 3.2))
    axes = fig.subplots(1, 2)
    for name, rows in table.items():
        changes = sorted(float(c) for c in rows)
        for ax, quantity in zip(axes, ("r0_change", "period_change"), strict=True):
            ax.plot([100 * c for c in changes], [100 * rows[metric_key(c)][quantity] for c in changes], "o-",
                    label=name)
    axes[0].set(xlabel="parameter change (%)", ylabel="R_0 change (%)")
    axes[1].set(xlabel="parameter change (%)", ylabel="T_osc change (%)")
    axes[0].legend(fontsize=7)
    save_figure(fig, out_dir, "variability")


def asymmetry_figure(asymmetry: Mapping[str, Mapping[str, Any]], n_oscillators: int, out_dir: Path) -> None:
    """Fig. 9: the output phase of each of the 4 oscillators against t_d / t_c."""
    fig = Figure(figsize=(6, 3.2))
    ax = fig.subplots()
    ratios = [row["td_tc"] for row in asymmetry.values()]
    for oscillator in range(n_oscillators):
        ax.plot(ratios, [row["phases_deg"][oscillator] for row in asymmetry.values()], "o-",
                label=f"osc {oscillator + 1}")
    for boundary in (ALL_IN_PHASE_BELOW_TD_TC, CORRECT_ABOVE_TD_TC):
        ax.axvline(boundary, color="grey", ls="--", lw=0.6)
    ax.set(xscale="log", xlabel="t_d / t_c", ylabel="output phase (deg)", title="4-oscillator single pattern (Fig. 9)")
    ax.legend(fontsize=7)
    save_figure(fig, out_dir, "asymmetry_four_oscillators")


def mapping_figure(metrics: Mapping[str, Any], hebbian_sums: np.ndarray, out_dir: Path) -> None:
    """Fig. 12C: R_ij against N W_ij for each beta (and the linear fit); Fig. 14B: the spread against beta."""
    fig = Figure(figsize=(9, 3.4))
    axes = fig.subplots(1, 2)
    for beta, row in metrics["mapping"].items():
        axes[0].plot(hebbian_sums, row["r_kohm"] / 1000, "o-", label=f"beta = {beta}")
    if "linear_mapping" in metrics:
        axes[0].plot(hebbian_sums, metrics["linear_mapping"]["r_kohm"] / 1000, "k--", label="linear fit")
    axes[0].set(xlabel="N W_ij (Hebbian sum)", ylabel="R_ij (MOhm)", title="mapping mu_N (Fig. 12C)")
    axes[0].legend(fontsize=6)
    betas = [float(b) for b in metrics["mapping"]]
    axes[1].plot(betas, [100 * r["spread"] for r in metrics["mapping"].values()], "o-", label="Delta R_max / R_min")
    axes[1].plot(betas, [100 * r["smallest_step"] for r in metrics["mapping"].values()], "s-",
                 label="Delta R_min / R_min")
    axes[1].set(xlabel="beta", ylabel="%", title="resistance spread (Fig. 14B)")
    axes[1].legend(fontsize=7)
    save_figure(fig, out_dir, "mapping")


def retrieval_figure(metrics: Mapping[str, Any], out_dir: Path) -> None:
    """Fig. 14C: exact retrieval against k for each beta and the references; Fig. 14D: against a common scaling."""
    fig = Figure(figsize=(9, 3.4))
    axes = fig.subplots(1, 2)
    for beta, row in metrics["retrieval_accuracy"].items():
        axes[0].plot([int(k) for k in row], list(row.values()), "o-", label=f"ONN beta = {beta}")
    references = (("hopfield", "k:", "discrete Hopfield"), ("input_sign", "c-.", "sign(input), no network"))
    for name, style, label in references:
        axes[0].plot([int(k) for k in metrics[name]], [v["retrieval_accuracy"] for v in metrics[name].values()],
                     style, lw=2, label=label)
    if "linear_mapping" in metrics:
        linear = metrics["linear_mapping"]["accuracy"]
        axes[0].plot([int(k) for k in linear], list(linear.values()), "m--", label="ONN linear mapping")
    axes[0].set(xlabel="fuzzy pixels k", ylabel="exact retrieval", ylim=(-0.02, 1.02), title="Fig. 14C")
    axes[0].legend(fontsize=6)
    if "scaling" in metrics:
        scale = metrics["scaling"]["accuracy"]
        axes[1].plot([100 * float(c) for c in scale], list(scale.values()), "o-")
        axes[1].set(xlabel="common change of all R (%)", ylabel="exact retrieval", ylim=(-0.02, 1.02),
                    title=f"Fig. 14D (k = {metrics['scaling']['fuzzy_pixels']})")
    save_figure(fig, out_dir, "retrieval")


def ladder_figure(metrics: Mapping[str, Any], out_dir: Path) -> None:
    """Section 7: exact retrieval against k of every rung of the ladder, one panel per beta, beside sign(input)."""
    ladder = metrics["ladder"]
    betas = list(ladder["vo2"])
    fig = Figure(figsize=(3.2 * len(betas), 3.2))
    axes = fig.subplots(1, len(betas), squeeze=False)[0]
    sign = metrics["input_sign"]
    for ax, beta in zip(axes, betas, strict=True):
        ks = sorted(ladder["vo2"][beta], key=int)
        for rung, style in zip(RUNGS, ("k:", "s-", "^-", "o-"), strict=True):
            ax.plot([int(k) for k in ks], [ladder[rung][beta][k] for k in ks], style, label=rung)
        ax.plot([int(k) for k in ks], [sign[k]["retrieval_accuracy"] for k in ks], "c-.", label="sign(input)")
        ax.set(xlabel="fuzzy pixels k", ylim=(-0.02, 1.02), title=f"beta = {beta}")
    axes[0].set_ylabel("exact retrieval")
    axes[0].legend(fontsize=6)
    save_figure(fig, out_dir, "ladder")


def examples_figure(onn: OnnRetrieval, linear_beta: float, out_dir: Path) -> None:
    """One noisy input per k and the ONN's state (sign fixed by its first pixel), at ``linear_beta`` if run."""
    shown = [key for key in onn.examples if key[0] == metric_key(linear_beta)] or list(onn.examples)
    fig = Figure(figsize=(1.2 * len(shown), 4))
    axes = fig.subplots(2, len(shown), squeeze=False)
    for column, key in enumerate(shown):
        noisy, state = onn.examples[key]
        axes[0, column].imshow(noisy.reshape(ROWS, COLUMNS), cmap="gray", vmin=-1, vmax=1)
        axes[1, column].imshow((state * np.sign(state[0] or 1)).reshape(ROWS, COLUMNS), cmap="gray", vmin=-1, vmax=1)
        axes[0, column].set_title(f"k = {key[1]}", fontsize=7)
        for ax in axes[:, column]:
            ax.set_xticks([])
            ax.set_yticks([])
    axes[0, 0].set_ylabel("input", fontsize=7)
    axes[1, 0].set_ylabel("ONN", fontsize=7)
    save_figure(fig, out_dir, "examples")
