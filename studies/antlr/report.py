"""Report of the ``antlr`` study: our numbers beside what the paper states, and every observable of the research
notes (shared/notes, Sec. B.6) and of the issue judged from the metrics alone."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from brainsnn.report import render_template
from brainsnn_studies.antlr import paper_numbers as paper
from brainsnn_studies.antlr.figures import METHOD_NAMES, SPIKE_TRAIN_RUNS, save_figures

__all__ = ["criteria", "render", "save_figures"]

Table = tuple[list[str], list[list[Any]]]
#: Done means: ANTLR's accuracy at most this far (fraction) below the best of the other two.
ACCURACY_MARGIN = 0.005
#: Done means: the timing method uses at least this many times ANTLR's spikes.
SPIKE_RATIO = 2.0


def spike_train_table(task: Mapping[str, Any]) -> Table:
    headers = ["method", "initial loss (median)", "final loss (median)", "final loss mean ± s.d.",
               "iterations to the activation method's final loss", "paper (Fig. 6)"]
    rows = [[method, f"{task[method]['initial_loss']:.3f}", f"{task[method]['final_loss']:.3f}",
             f"{task[method]['final_loss_trials']['mean']:.3f} ± {task[method]['final_loss_trials']['sd']:.3f}",
             task[method]["iterations_to_activation_final"] if task[method]["iterations_to_activation_final"]
             is not None else "never", paper.FIG_6[method]] for method in SPIKE_TRAIN_RUNS]
    return headers, rows


def classification_table(results: Mapping[str, Any], statements: Mapping[str, str]) -> Table:
    headers = ["method", "test accuracy %", "spikes / sample to the decision", "spikes / sample, whole window",
               "V* clamped (share of spikes)", "paper"]
    rows = [[method, f"{100 * r['accuracy']:.1f} ± {100 * r['accuracy_sd']:.1f}",
             f"{r['spikes_per_sample']:.1f} ± {r['spikes_per_sample_sd']:.1f}", f"{r['spikes_total']:.1f}",
             f"{r['clamped_slope_fraction']:.3f}", statements[method]]
            for method, r in ((m, results[m]) for m in METHOD_NAMES)]
    return headers, rows


def criteria(metrics: Mapping[str, Any]) -> list[tuple[str, bool, str]]:
    """Each observable: (statement, held, measured values)."""
    out = []
    task = metrics["spike_train_task"]
    final = {m: task[m]["final_loss"] for m in METHOD_NAMES}
    out.append(("spike-train task: median final loss ANTLR < activation < timing",
                final["antlr"] < final["activation"] < final["timing"],
                ", ".join(f"{m} {v:.3f}" for m, v in final.items())))
    for run, label in (("timing", ""), ("timing_no_penalty", " without the no-spike penalty")):
        flat = task[run]["final_loss"] >= 0.8 * task[run]["initial_loss"]
        out.append((f"spike-train task: the timing method{label} stays roughly flat (final >= 0.8 x initial median "
                    "loss)", flat, f"{task[run]['initial_loss']:.3f} -> {task[run]['final_loss']:.3f}"))
    reach = task["antlr"]["iterations_to_activation_final"]
    out.append(("spike-train task: ANTLR reaches the activation method's final loss in fewer iterations",
                reach is not None and reach < task["iterations"],
                f"ANTLR after {reach if reach is not None else 'never'} of {task['iterations']} iterations"))
    for task_name in [t for t in ("latency", "latency_single_spike", "saccade") if t in metrics]:
        r = metrics[task_name]
        acc = {m: r[m]["accuracy"] for m in METHOD_NAMES}
        spikes = {m: r[m]["spikes_per_sample"] for m in METHOD_NAMES}
        label = task_name.replace("_", " ")
        out.append((f"{label}: accuracy(ANTLR) >= max(activation, timing) - 0.5 point",
                    acc["antlr"] >= max(acc["activation"], acc["timing"]) - ACCURACY_MARGIN,
                    ", ".join(f"{m} {100 * v:.1f} %" for m, v in acc.items())))
        out.append((f"{label}: spikes(timing) >= 2 x spikes(ANTLR)", spikes["timing"] >= SPIKE_RATIO * spikes["antlr"],
                    ", ".join(f"{m} {v:.1f}" for m, v in spikes.items())))
        out.append((f"{label}: spikes(ANTLR) <= spikes(activation)", spikes["antlr"] <= spikes["activation"],
                    f"ANTLR {spikes['antlr']:.1f}, activation {spikes['activation']:.1f}"))
    if "latency_single_spike" in metrics:
        gap = {t: metrics[t]["timing"]["accuracy"] - metrics[t]["activation"]["accuracy"]
               for t in ("latency", "latency_single_spike")}
        out.append(("single-spike restriction: the timing method gains on the activation method",
                    gap["latency_single_spike"] > gap["latency"],
                    f"timing - activation: {100 * gap['latency']:+.1f} points multi-spike, "
                    f"{100 * gap['latency_single_spike']:+.1f} single-spike"))
    out.append(("Brian2 reproduces every spike (after the one-step-per-layer shift) and every decision",
                metrics["brian2_agreement"] == 1.0, f"brian2_agreement {metrics['brian2_agreement']:.3f}"))
    return out


def render(config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
    tasks = {"latency": paper.FIG_7A, "latency_single_spike": paper.FIG_7B, "saccade": paper.FIG_8}
    tables = {task: classification_table(metrics[task], statements) for task, statements in tasks.items()
              if task in metrics}
    judged = criteria(metrics)
    return render_template(__package__, "report.md.j2", config=config, metrics=metrics, paper=paper,
                           spike_train=spike_train_table(metrics["spike_train_task"]), tables=tables,
                           criteria=(["observable", "held", "measured"],
                                     [[text, "yes" if held else "no", values] for text, held, values in judged]),
                           brian=metrics["brian2"])
