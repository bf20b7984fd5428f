"""Figures and Markdown report of the ``stdp-generalization`` study: our Tables 2-3 beside the paper's, the
orderings it claims, and the analogues of Figs. 1-3, 6-8 and 9."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from brainsnn.metrics import levy_ou_path, weight_kde
from brainsnn.report import render_template, save_figure
from brainsnn_studies.stdp_generalization.paper_numbers import (
    DIEHL_COOK_400_ACCURACY,
    PAPER_ORDER,
    PAPER_TABLE2,
    PAPER_TABLE3,
    PAPER_TABLE4,
)

#: Tail indices of the Lévy-driven Ornstein-Uhlenbeck paths that illustrate Figs. 2-3.
LEVY_ALPHAS = (1.2, 1.6, 2.0)
#: The two BG estimates, as named in ``metrics.json``.
BG_ESTIMATES = ("bg_index_layer", "bg_index_synapse_median")
#: Drift over block sizes that 99 % of i.i.d. zero-inflated stable draws of 150 x 200 stay below
#: (tests/metrics/test_tail_index.py: 120 draws, alpha 0.9 to 1.9).
IID_DRIFT = 0.15


# -- figures ------------------------------------------------------------------------------------------------------
def save_figures(runs: list[dict[str, Any]], config: Mapping[str, Any], out_dir: Path) -> None:
    """Figs. 1, 6-8, 9 and 2-3 analogues of the trained runs (each run with its ``final_weights``)."""
    save_weight_densities(runs, config, out_dir)
    save_training_loss(runs, config, out_dir)
    save_bg_vs_generalization(runs, config, out_dir)
    save_levy_paths(config, out_dir)


def save_weight_densities(runs: list[dict[str, Any]], config: Mapping[str, Any], out_dir: Path) -> None:
    """Fig. 1: Gaussian KDE of the final input weights of each rule at the first SFR, eta and seed."""
    reference = (config["sfr"][0], config["eta"][0], config["seed"])
    ax = Figure(figsize=(5.5, 3.5)).subplots()
    for run in runs:
        if (run["sfr"], run["eta"], run["seed"]) == reference:
            grid, density = weight_kde(run["final_weights"], grid=np.linspace(0, 1, 400))
            ax.plot(grid, density, label=f"{run['rule']}-STDP")
    ax.set(xlabel="final input weight", ylabel="density", yscale="log", ylim=(1e-3, None),
           title="Fig. 1 analogue: weight densities")
    ax.legend()
    save_figure(ax.figure, out_dir, "fig1_weight_density")


def save_training_loss(runs: list[dict[str, Any]], config: Mapping[str, Any], out_dir: Path) -> None:
    """Figs. 6-8: probe cross-entropy during training, mean ± s.d. over seeds, one panel per SFR (first eta)."""
    fig = Figure(figsize=(5 * len(config["sfr"]), 3.5))
    axes = fig.subplots(1, len(config["sfr"]), squeeze=False)
    for ax, sfr in zip(axes[0], config["sfr"], strict=True):
        for rule in config["rules"]:
            curves = np.array([r["loss_curve"] for r in runs if (r["rule"], r["sfr"], r["eta"]) ==
                               (rule, sfr, config["eta"][0])])
            if curves.size:
                ax.errorbar(curves[0, :, 0], curves[:, :, 1].mean(0), yerr=curves[:, :, 1].std(0), label=rule,
                            capsize=3)
        ax.set(xlabel="training samples", ylabel="probe cross-entropy", title=f"training loss, SFR {sfr}")
        ax.legend()
    save_figure(fig, out_dir, "fig6_training_loss")


def save_bg_vs_generalization(runs: list[dict[str, Any]], config: Mapping[str, Any], out_dir: Path) -> None:
    """Fig. 9: BG index against generalization error, one point per run."""
    ax = Figure(figsize=(5.5, 3.8)).subplots()
    for rule in config["rules"]:
        points = np.array([(r["bg_index"], r["generalization_error"]) for r in runs if r["rule"] == rule])
        ax.scatter(points[:, 0], points[:, 1], label=rule)
    ax.set(xlabel=f"BG index ({config['bg_aggregate']})", ylabel="generalization error (points)",
           title="Fig. 9 analogue")
    ax.legend()
    save_figure(ax.figure, out_dir, "fig9_bg_vs_generalization")


def save_levy_paths(config: Mapping[str, Any], out_dir: Path) -> None:
    """Figs. 2-3: 3-D sample paths of a Lévy-driven Ornstein-Uhlenbeck process for several tail indices."""
    fig = Figure(figsize=(10, 3.4))
    for column, alpha in enumerate(LEVY_ALPHAS):
        path = levy_ou_path(alpha, theta=1.0, dt=0.01, steps=2000, dim=3, rng=int(config["seed"]))
        ax = fig.add_subplot(1, 3, column + 1, projection="3d")
        ax.plot(*path.T, lw=0.5)
        ax.set_title(f"Lévy-driven O-U, alpha = {alpha}")
    save_figure(fig, out_dir, "fig2_levy_ou_paths")


# -- report -------------------------------------------------------------------------------------------------------
def render(config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
    """The Markdown body: set-up, Tables 2-3 analogue beside the paper's rows, per-run table, orderings, figures."""
    orderings = metrics["orderings"]
    return render_template(
        __package__, "report.md.j2", config=config, metrics=metrics, dataset=metrics["dataset"],
        settings_table=settings_table(config, metrics), runs_table=runs_table(metrics), paper_order=PAPER_ORDER,
        orderings={k: v for k, v in orderings.items() if not k.startswith("spearman")},
        spearman=orderings.get("spearman_bg_vs_generalization_error"), verdicts=verdicts(config, metrics),
        spans=spans(metrics["runs"]), iid_drift=IID_DRIFT,
        drift_within_iid=all(r["bg_block_drift"] <= IID_DRIFT for r in metrics["runs"]),
        diehl_cook_400=DIEHL_COOK_400_ACCURACY,
        test_accuracies=", ".join(f"{rule} {means['test_accuracy']:.1f} %" for rule, means in metrics["rules"].items()),
    )


def spans(runs: list[dict[str, Any]]) -> dict[str, str]:
    """``min-max`` over the runs of each BG estimate, the block-size drift and the share of zero increments."""
    def span(name: str, percent: bool = False) -> str:
        values = [100 * r[name] if percent else r[name] for r in runs]
        low, high = (f"{value:.0f}" if percent else f"{value:.2f}" for value in (min(values), max(values)))
        text = low if low == high else f"{low}-{high}"
        return f"{text} %" if percent else text

    return {**{name: span(name) for name in (*BG_ESTIMATES, "bg_block_drift")},
            "zero_increment_share": span("zero_increment_share", percent=True)}


def settings_table(config: Mapping[str, Any], metrics: Mapping[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows of the Tables 2-3 analogue: mean ± s.d. over seeds and the paper's row."""
    headers = ["rule", "SFR c+/c-", "eta", "BG (layer)", "BG (synapse median)", "gen. error (pts)",
               "train acc (%)", "test acc (%)", "paper: BG / gen. error / test acc (6400 neurons)"]
    rows = [
        [s["rule"], s["sfr"], s["eta"], *(mean_sd(s[f"{name}_per_seed"]) for name in (
            *BG_ESTIMATES, "generalization_error", "train_accuracy", "test_accuracy")),
         paper_cell(config, s["sfr"], s["eta"], s["rule"])]
        for s in metrics["settings"]
    ]
    return headers, rows


def runs_table(metrics: Mapping[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows of the per-run table."""
    headers = ["rule", "SFR", "eta", "seed", "BG (layer)", "BG (synapse median)", "layer BG drift over block sizes",
               "zero increments", "train acc", "test acc", "gen. error", "spikes/sample", "re-presented"]
    names = ("rule", "sfr", "eta", "seed", *BG_ESTIMATES, "bg_block_drift")
    rows = [[r[name] for name in names]
            + [f"{100 * r['zero_increment_share']:.0f} %"]
            + [r[name] for name in ("train_accuracy", "test_accuracy", "generalization_error",
                                    "mean_spikes_per_sample")]
            + [f"{100 * r['repeated_fraction']:.0f} %"] for r in metrics["runs"]]
    return headers, rows


def paper_cell(config: Mapping[str, Any], sfr: float, eta: float, rule: str) -> str:
    """The paper's BG / generalization error / test accuracy for this setting. Fashion-MNIST: Table 4's rows of
    this SFR (a: 0.9) and eta (b: 0.05). Otherwise Table 2's row when several SFRs run, Table 3's when several
    etas run, else Table 2's row of this SFR. A dash where the paper has none."""
    if config["dataset"] == "fashion-mnist":
        keys = [key for key in (f"sfr={sfr}", f"eta={eta}") if rule in PAPER_TABLE4.get(key, {})]
        return "; ".join("Table 4 ({}): {:.3f} / {:.2f} / {:.2f}".format(key, *PAPER_TABLE4[key][rule])
                         for key in keys) or "—"
    cells = []
    if len(config["sfr"]) > 1 and sfr in PAPER_TABLE2 and rule in PAPER_TABLE2[sfr]:
        cells.append("Table 2: {:.3f} / {:.1f} / {:.2f}".format(*PAPER_TABLE2[sfr][rule]))
    if len(config["eta"]) > 1 and eta in PAPER_TABLE3 and rule in PAPER_TABLE3[eta]:
        cells.append("Table 3: {:.3f} / {:.1f} / {:.2f}".format(*PAPER_TABLE3[eta][rule]))
    if not cells and sfr in PAPER_TABLE2 and rule in PAPER_TABLE2[sfr]:
        cells.append("Table 2: {:.3f} / {:.1f} / {:.2f}".format(*PAPER_TABLE2[sfr][rule]))
    return "; ".join(cells) or "—"


def mean_sd(values: list[float]) -> str:
    """``mean ± s.d.`` of several values, the value alone for one."""
    return f"{np.mean(values):.3f} ± {np.std(values):.3f}" if len(values) > 1 else f"{values[0]:.3f}"


def verdicts(config: Mapping[str, Any], metrics: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Per BG estimate: in how many seeds BG(log) < BG(add) at the reference setting (none without both rules)."""
    rules = metrics["rules"]
    if "log" not in rules or "add" not in rules:
        return []
    result = []
    for estimate in BG_ESTIMATES:
        pairs = zip(rules["log"][f"{estimate}_per_seed"], rules["add"][f"{estimate}_per_seed"], strict=True)
        seeds_low = sum(log < add for log, add in pairs)
        result.append({"estimate": estimate, "seeds_low": seeds_low,
                       "holds": seeds_low * 3 >= 2 * config["n_seeds"]})
    return result
