"""Markdown report of the ``ttfs-training`` study: Tables 3.1 / 3.3 beside the thesis, Figs. 3.2, 3.3, 3.5, 2.5, L1."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from brainsnn.report import render_template
from brainsnn_studies.ttfs_training.paper_numbers import THESIS_TABLE_3_1, THESIS_TABLE_3_3

Table = tuple[list[str], list[list[Any]]]
SLOPES = {"linear": "SNN, B = 1 (linearly mappable)", "constant": "SNN, alpha = 1"}


def percent(value: float | None) -> str:
    return "diverged" if value is None else f"{100 * value:.2f}"


def number(value: float | None, spec: str = ".3g") -> str:
    return "overflow" if value is None else format(value, spec)


def kept(choice: Mapping[str, Any]) -> str:
    """The fine-tuning (learning rate, epoch) kept, or ``none (0)``."""
    return f"{choice['learning_rate']:g}, {choice['epoch']}" if choice["epoch"] else "none (0)"


def seed_table(result: Mapping[str, Any], label: str, thesis: Sequence[tuple[str, str, str]]) -> Table:
    """Mean ± SD over seeds per SNN slope, then the thesis's rows."""
    summary = result["summary"]

    def mean_sd(key: str) -> str:
        return f"{100 * summary[key]['mean']:.2f} ± {100 * summary[key]['sd']:.2f}"

    headers = ["network", "ReLU acc %", "SNN acc %", "agreement %", "max abs(w_SNN - w_ReLU) over seeds"]
    rows = [[f"{SLOPES[s]}, {label}", mean_sd(f"{s}_relu_accuracy"), mean_sd(f"{s}_snn_accuracy"),
             f"{100 * summary[f'{s}_agreement']['mean']:.2f}", number(summary[f"{s}_max_weight_difference"], ".2e")]
            for s in SLOPES]
    return headers, rows + [[f"{name} (thesis)", relu, snn, "—", "—"] for name, relu, snn in thesis]


def spectra_table(spectra: Mapping[str, Any]) -> Table:
    headers = ["Jacobian B^-1 W", "spectral radius", "fraction abs(lambda) > 1", "rows with B <= 0"]
    return headers, [[SLOPES[s], f"{spectra[s]['spectral_radius']:.3g}",
                      f"{spectra[s]['fraction_outside_unit_circle']:.3f}",
                      f"{spectra[s]['fraction_rows_b_not_positive']:.3f}"] for s in SLOPES]


def trajectory_table(history: Mapping[str, Sequence[Mapping[str, Any]]]) -> Table:
    """The first, last and two intermediate epochs of the SGD trajectories."""
    n = len(history["train_accuracy"])
    headers = ["epoch", "train acc ReLU", "train acc B = 1", "train acc alpha = 1", "max abs(dW) B = 1",
               "max abs(dW) alpha = 1", "cos alpha = 1", "latency B = 1", "latency alpha = 1"]
    rows = []
    for e in sorted({0, n // 3, 2 * n // 3, n - 1}):
        accuracy, difference, latency = (history[key][e] for key in ("train_accuracy", "max_weight_difference",
                                                                     "latency"))
        rows.append([e + 1, percent(accuracy["relu"]), percent(accuracy["linear"]), percent(accuracy["constant"]),
                     number(difference["linear"], ".2e"), number(difference["constant"], ".2e"),
                     number(history["cosine_similarity"][e]["constant"], ".3f"), number(latency["linear"], ".4g"),
                     number(latency["constant"], ".4g")])
    return headers, rows


def final_table(final: Mapping[str, Mapping[str, Any]]) -> Table:
    """Test settings of both SNNs after the SGD trajectories."""
    headers = ["network", "ReLU acc %", "SNN acc %", "agreement %", "spikes / neuron", "latency (tau_c)"]
    rows = []
    for slope, label in SLOPES.items():
        m = final[slope]
        rows.append([label, percent(m["relu_accuracy"]), percent(m["snn_accuracy"]), percent(m["agreement"]),
                     f"{m['spikes_per_neuron']:.3f}", number(m["latency"], ".4g")])
    return headers, rows


def tuning_table(cases: Sequence[Mapping[str, Any]]) -> Table:
    headers = ["constraint", "level", "SNN acc % before", "SNN acc % after", "change (points)", "kept (lr, epoch)",
               "agreement % after", "spikes / neuron", "latency (tau_c)"]
    return headers, [
        [c["constraint"], f"{c['level']:g}", percent(c["before"]["snn_accuracy"]), percent(c["after"]["snn_accuracy"]),
         f"{100 * (c['after']['snn_accuracy'] - c['before']['snn_accuracy']):+.2f}", kept(c["kept"]),
         percent(c["after"]["agreement"]), f"{c['after']['spikes_per_neuron']:.3f}", f"{c['after']['latency']:.4g}"]
        for c in cases]


def sweep_table(sensitivity: Mapping[str, Mapping[str, Any]], key: str, column: str) -> Table:
    """One Fig. 2.5 sweep (``zeta``, ``jitter`` or ``slope``) for every network."""
    headers = ["network", column, "SNN acc %", "sd over trials", "agreement %", "spikes / neuron", "latency (tau_c)"]
    return headers, [
        [name, f"{row[column]:g}", percent(row["snn_accuracy"]), f"{100 * row['snn_accuracy_sd']:.2f}",
         percent(row["agreement"]), f"{row['spikes_per_neuron']:.3f}", f"{row['latency']:.4g}"]
        for name, result in sensitivity.items() for row in result[key]]


def l1_table(rows: Sequence[Mapping[str, Any]]) -> Table:
    headers = ["L1 coefficient", "ReLU acc %", "SNN acc % (Brian2)", "agreement %", "spikes / neuron (Brian2)",
               "ReLU active fraction", "max logit error", "latency (tau_c)"]
    return headers, [
        [f"{r['l1_coefficient']:g}", percent(r["relu_accuracy"]), percent(r["snn_accuracy"]), percent(r["agreement"]),
         f"{r['spikes_per_neuron']:.4f}", f"{r['relu_active_fraction']:.4f}", f"{r['max_logit_error']:.1e}",
         f"{r['latency']:.3g}"] for r in rows]


def render(config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
    """The Markdown body: what ran, then one section per figure or table of the thesis."""
    dataset, trajectory, sensitivity = metrics["dataset"], metrics["trajectory"], metrics["sensitivity"]
    sizes = "-".join(map(str, trajectory["sizes"]))
    tables = {
        "spectra": spectra_table(metrics["spectra"]), "trajectory": trajectory_table(trajectory["history"]),
        "final": final_table(trajectory["final"]), "tuning": tuning_table(metrics["fine_tuning"]["cases"]),
        "table_3_1": seed_table(metrics["table_3_1"], f"{sizes}, ours ({config['seeds']} seeds)", THESIS_TABLE_3_1),
        "table_3_3": seed_table(metrics["table_3_3"], f"{dataset['n_inputs']}-{config['shallow_hidden']}-10, ours "
                                f"({config['seeds']} seeds)", THESIS_TABLE_3_3),
        "l1": l1_table(metrics["l1_sweep"]["rows"]),
        **{f"sweep_{key}": sweep_table(sensitivity, key, column)
           for key, column in (("zeta", "zeta"), ("jitter", "sd"), ("slope", "sd"))},
    }
    return render_template(
        __package__, "report.md.j2", config=config, metrics=metrics, dataset=dataset, sizes=sizes, tables=tables,
        float_accuracy=percent(metrics["fine_tuning"]["float_accuracy"]),
        rates=", ".join(f"{lr:g}" for lr in config["finetune_learning_rates"]),
        seconds=", ".join(f"{k} {v:.0f} s" for k, v in metrics["seconds"].items()),
        windows="; ".join(f"{name}: " + ", ".join(f"{w:.2f}" for w in result["windows"])
                          for name, result in sensitivity.items()),
    )
