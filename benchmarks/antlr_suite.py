"""ANTLR training throughput (a ``make bench`` suite): training samples/s of the numpy trainer of the ``antlr``
study for each gradient method (activation, timing, ANTLR) on one network and for several networks trained as one
array program, the forward pass's share of a step, and inference in numpy against the Brian2 network on the same
samples.

Each case (``python -m benchmarks.antlr_throughput``, a fresh process, one BLAS thread) times several batches;
steady = median of those after the first. Ratios are taken between cases of the same run. Results go to
``<out>/antlr_throughput.{json,md}``.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from benchmarks.harness import fmt, header_lines, results_table, run_timing_suite

NAME = "antlr_throughput"
METHODS = ("activation", "timing", "antlr")
SIZES = {"full": {"models": (1, 3, 8), "batches": 12, "samples": 540},
         "quick": {"models": (1, 3), "batches": 5, "samples": 100}}
BATCH = 16


def cases(mode: str, seed: int) -> list[dict[str, Any]]:
    sizes = SIZES[mode]
    train = [{"name": f"train {method} M=1", "kind": "train", "method": method, "models": 1, "batch_size": BATCH,
              "batches": sizes["batches"], "seed": seed} for method in METHODS]
    train += [{"name": f"train antlr M={m}", "kind": "train", "method": "antlr", "models": m, "batch_size": BATCH,
               "batches": sizes["batches"], "seed": seed} for m in sizes["models"] if m > 1]
    return train + [{"name": "inference numpy vs Brian2", "kind": "inference", "samples": sizes["samples"],
                     "seed": seed}]


def summarise(result: dict[str, Any]) -> dict[str, Any]:
    common = {key: result[key] for key in ("name", "kind", "seed", "wall_s", "python_peak_rss_mb", "tree_peak_rss_mb")}
    if result["kind"] == "train":
        steady = statistics.median(result["step_s"][1:] or result["step_s"])
        forward = statistics.median(result["forward_s"][1:] or result["forward_s"])
        return {**common, "method": result["method"], "models": result["models"], "batch_size": result["batch_size"],
                "first_s": result["step_s"][0], "steady_s": steady, "forward_s": forward,
                "forward_share": forward / steady,
                "samples_per_s": result["models"] * result["batch_size"] / steady}
    n = result["samples"]
    return {**common, "samples": n, "numpy_s": result["numpy_s"], "brian_s": result["brian_s"],
            "numpy_samples_per_s": n / result["numpy_s"], "brian_samples_per_s": n / result["brian_s"],
            "mismatched_spikes": result["mismatched_spikes"], "spikes": result["spikes"]}


def ratios(timing: list[dict[str, Any]]) -> dict[str, Any]:
    """Samples/s of each method over the activation method's (one network), of M networks over one, and of numpy
    inference over Brian2's."""
    train = {(row["method"], row["models"]): row["samples_per_s"] for row in timing
             if row["kind"] == "train" and "error" not in row}
    inference = next((row for row in timing if row["kind"] == "inference" and "error" not in row), None)
    base = train.get(("activation", 1))
    return {"ratios": {
        "over_activation": {m: train[(m, 1)] / base for m in METHODS if (m, 1) in train} if base else None,
        "models_speedup": {str(m): rate / train[("antlr", 1)] for (method, m), rate in train.items()
                           if method == "antlr"} if ("antlr", 1) in train else None,
        "numpy_over_brian2": inference["numpy_samples_per_s"] / inference["brian_samples_per_s"] if inference else None,
    }}


TRAIN_COLUMNS = ("case", "method", "models", "B per model", "first step s", "steady step s", "forward s",
                 "forward share", "training samples/s", "over activation (M=1)", "over one model (antlr)")
INFERENCE_COLUMNS = ("case", "samples", "numpy s", "Brian2 s (incl. build)", "numpy samples/s", "Brian2 samples/s",
                     "numpy / Brian2", "mismatched spikes per layer", "spikes per layer")


def markdown(report: dict[str, Any]) -> str:
    over = report["ratios"]["over_activation"] or {}
    speedup = report["ratios"]["models_speedup"] or {}

    def train_cells(r: dict[str, Any]) -> list[str]:
        return [r["name"], r["method"], str(r["models"]), str(r["batch_size"]), fmt(r["first_s"]), fmt(r["steady_s"]),
                fmt(r["forward_s"]), fmt(r["forward_share"]), fmt(r["samples_per_s"], 1),
                fmt(over.get(r["method"])) if r["models"] == 1 else "–",
                fmt(speedup.get(str(r["models"]))) if r["method"] == "antlr" else "–"]

    def inference_cells(r: dict[str, Any]) -> list[str]:
        return [r["name"], str(r["samples"]), fmt(r["numpy_s"]), fmt(r["brian_s"]), fmt(r["numpy_samples_per_s"], 1),
                fmt(r["brian_samples_per_s"], 1), fmt(report["ratios"]["numpy_over_brian2"]),
                " / ".join(map(str, r["mismatched_spikes"])), " / ".join(map(str, r["spikes"]))]

    train = [r for r in report["timing"] if r["kind"] == "train"]
    inference = [r for r in report["timing"] if r["kind"] == "inference"]
    lines = header_lines("ANTLR training throughput (antlr, latency digits 64-100-10, T = 60)", report) + [
        "A step = numpy float64 forward of Eqs. 1-3 + the method's backward recursions + clip + Adam for every "
        f"model, each on its own batch of {BATCH} (one thread). Steady = median of the steps after the first; "
        "forward = the forward pass alone on the same batches.", "",
        results_table(TRAIN_COLUMNS, train, ("name", "method"), train_cells), "",
        "Inference: the same test samples through the numpy forward and through the Brian2 network (numpy target, "
        "`run_regularly` map, one `run()`; its time includes building the objects).", "",
        results_table(INFERENCE_COLUMNS, inference, ("name", "samples"), inference_cells),
    ]
    return "\n".join(lines) + "\n"


def run_suite(quick: bool, out: Path, seed: int) -> list[str]:
    """Run the suite, write its results into ``out``; returns the names of failed cases."""
    mode = "quick" if quick else "full"
    return run_timing_suite(NAME, "benchmarks.antlr_throughput", mode, cases(mode, seed), summarise, ratios,
                            markdown, out)
