"""Spikemax training and inference throughput (a ``make bench`` suite): samples/s of SLAYER-style training of the
study's SRM network per loss, its Toeplitz PSP against the stepped alpha recursion, a paper-sized slice
(N-TIDIGITS18's 64-256-256-11 at T = 300, for the paper preset's estimate), and float64 torch inference against
the spike-identical Brian2 build.

Each case (``python -m benchmarks.spikemax_throughput``, a fresh process, torch pinned to one thread) times several
batches or calls; steady = median of those after the first, first = the first alone. Ratios are taken between cases
of the same run. Results go to ``<out>/spikemax_throughput.{json,md}``.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from benchmarks.harness import fmt, header_lines, results_table, run_timing_suite
from brainsnn.report import markdown_table

NAME = "spikemax_throughput"
QUICK_SIZES = (32, 64, 64, 11)
PAPER_SIZES = (64, 256, 256, 11)
SIZES = {"full": {"batches": 11, "torch_calls": 5, "brian_calls": 3, "samples": 32},
         "quick": {"batches": 4, "torch_calls": 3, "brian_calls": 2, "samples": 16}}
LOSSES = ("spike_rate", "spikemax", "spikemax_s", "spikemax_g")


def cases(mode: str, seed: int) -> list[dict[str, Any]]:
    sizes = SIZES[mode]
    train = {"kind": "train", "batch_size": 32, "batches": sizes["batches"], "seed": seed}
    found = [{**train, "name": f"train toeplitz {loss}", "variant": "toeplitz", "loss": loss, "sizes": QUICK_SIZES,
              "steps": 150} for loss in LOSSES]
    found.append({**train, "name": "train stepped spikemax", "variant": "stepped", "loss": "spikemax",
                  "sizes": QUICK_SIZES, "steps": 150})
    found.append({**train, "name": "train toeplitz spikemax paper-slice", "variant": "toeplitz", "loss": "spikemax",
                  "sizes": PAPER_SIZES, "steps": 300, "batches": 3})
    found.append({"kind": "inference", "name": "inference torch vs Brian2", "sizes": QUICK_SIZES, "steps": 150,
                  "samples": sizes["samples"], "torch_calls": sizes["torch_calls"],
                  "brian_calls": sizes["brian_calls"], "seed": seed})
    return found


def _steady(seconds: list[float]) -> tuple[float, float]:
    return seconds[0], statistics.median(seconds[1:] or seconds)


def summarise(result: dict[str, Any]) -> dict[str, Any]:
    common = {key: result[key] for key in ("name", "kind", "sizes", "steps", "seed", "wall_s", "python_peak_rss_mb")}
    if result["kind"] == "train":
        first, steady = _steady(result["batch_s"])
        return {**common, "variant": result["variant"], "loss": result["loss"], "batch_size": result["batch_size"],
                "first_s": first, "steady_s": steady, "samples_per_s": result["batch_size"] / steady,
                "relative_gradient_difference": result["relative_gradient_difference"]}
    torch_first, torch_steady = _steady(result["torch_s"])
    brian_first, brian_steady = _steady(result["brian_s"])
    return {**common, "samples": result["samples"], "torch_samples_per_s": result["samples"] / torch_steady,
            "brian_samples_per_s": result["samples"] / brian_steady, "brian_first_s": brian_first,
            "torch_over_brian": brian_steady / torch_steady, "mismatched_spikes": result["mismatched_spikes"],
            "spikes": result["spikes"]}


def ratios(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Toeplitz over stepped training speed (spikemax), and each loss's speed relative to spike-rate's."""
    train = {row["name"]: row for row in rows if row["kind"] == "train" and "error" not in row}
    found = {}
    if {"train toeplitz spikemax", "train stepped spikemax"} <= set(train):
        found["toeplitz_over_stepped"] = (train["train toeplitz spikemax"]["samples_per_s"]
                                          / train["train stepped spikemax"]["samples_per_s"])
    if "train toeplitz spike_rate" in train:
        base = train["train toeplitz spike_rate"]["samples_per_s"]
        found["loss_over_spike_rate"] = {loss: train[f"train toeplitz {loss}"]["samples_per_s"] / base
                                         for loss in LOSSES if f"train toeplitz {loss}" in train}
    return {"ratios": found}


TRAIN_COLUMNS = ("case", "network", "T", "batch", "first batch s", "steady batch s", "samples/s",
                 "relative gradient difference to the other variant", "peak RSS MiB")
INFERENCE_COLUMNS = ("case", "network", "T", "samples", "torch f64 samples/s", "Brian2 numpy samples/s",
                     "Brian2 first call s", "torch / Brian2 speed", "mismatched spikes (of)")


def markdown(report: dict[str, Any]) -> str:
    rows = report["timing"]
    train = [row for row in rows if row["kind"] == "train"]
    inference = [row for row in rows if row["kind"] == "inference"]
    ratio = report["ratios"]
    lines = header_lines("Spikemax training and inference throughput (SRM, SLAYER-style surrogate BPTT)", report) + [
        "Training batch = forward, loss, backward and Adam step of 32 random samples (input rate 0.04 per step), one "
        "thread. Toeplitz = the study's PSP as one (T, T) matrix product; stepped = the engine's alpha recursion "
        "step by step (the gradient difference is relative to the largest gradient; rounding only).", "",
        results_table(TRAIN_COLUMNS, train, ("name",), lambda r: [
            r["name"], "-".join(map(str, r["sizes"])), str(r["steps"]), str(r["batch_size"]), fmt(r["first_s"]),
            fmt(r["steady_s"], 3), fmt(r["samples_per_s"], 1), fmt(r["relative_gradient_difference"]),
            fmt(r["python_peak_rss_mb"], 0)]), "",
        results_table(INFERENCE_COLUMNS, inference, ("name",), lambda r: [
            r["name"], "-".join(map(str, r["sizes"])), str(r["steps"]), str(r["samples"]),
            fmt(r["torch_samples_per_s"], 1), fmt(r["brian_samples_per_s"], 1), fmt(r["brian_first_s"], 1),
            f"{fmt(r['torch_over_brian'], 1)}x", f"{r['mismatched_spikes']} ({r['spikes']})"]), "",
        markdown_table(["ratio", "value"], [["Toeplitz / stepped training samples/s (spikemax)",
                                             fmt(ratio.get("toeplitz_over_stepped"))]]
                       + [[f"{loss} / spike_rate training samples/s", fmt(value)]
                          for loss, value in ratio.get("loss_over_spike_rate", {}).items()]),
    ]
    return "\n".join(lines) + "\n"


def run_suite(quick: bool, out: Path, seed: int) -> list[str]:
    """Run the suite, write its results into ``out``; returns the names of failed cases."""
    mode = "quick" if quick else "full"
    return run_timing_suite(NAME, "benchmarks.spikemax_throughput", mode, cases(mode, seed), summarise, ratios,
                            markdown, out)
