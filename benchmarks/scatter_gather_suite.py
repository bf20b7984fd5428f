"""Scatter-and-gather inference throughput (a ``make bench`` suite): test samples/s of the quantised ANN, of its
one-step scatter-and-gather SNN in torch and of the same SNN in Brian2 (numpy target, spike identity checked), for
``K = B 2^k`` = 1, 4 and 8 replicas per neuron, with synapses and synaptic operations per sample.

Each case (``python -m benchmarks.scatter_gather_throughput``, a fresh process, one thread) times several calls;
steady = median of those after the first. Ratios are taken between implementations of the same case. Results go to
``<out>/scatter_gather_throughput.{json,md}``.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from benchmarks.harness import fmt, header_lines, results_table, run_timing_suite

NAME = "scatter_gather_throughput"
#: (k, B) of the cases: single-spike, four-spike and k = 1, B = 4.
MODELS = ((0, 1), (1, 2), (1, 4))
SIZES = {"full": {"samples": 540, "calls": 11, "brian_calls": 3}, "quick": {"samples": 540, "calls": 4,
                                                                           "brian_calls": 1}}


def cases(mode: str, seed: int) -> list[dict[str, Any]]:
    return [{"name": f"digits-conv k={k} B={bound}", "k": k, "bound": bound, "seed": seed, **SIZES[mode]}
            for k, bound in MODELS]


def _steady(seconds: list[float]) -> float:
    return statistics.median(seconds[1:] or seconds)


def summarise(result: dict[str, Any]) -> dict[str, Any]:
    n = result["samples"]
    rates = {name: n / _steady(result[f"{name}_s"]) for name in ("ann32", "ann64", "snn", "brian")}
    return {**{key: result[key] for key in ("name", "seed", "k", "bound", "wall_s", "tree_peak_rss_mb", "synapses",
                                            "accumulates_per_sample", "input_macs_per_sample", "spikes_per_layer",
                                            "identical")},
            "replicas": result["bound"] * 2 ** result["k"], "samples": n, "samples_per_s": rates,
            "snn_over_ann64": rates["ann64"] / rates["snn"], "brian_over_snn": rates["snn"] / rates["brian"],
            "brian_synaptic_ops_per_s": result["accumulates_per_sample"] * rates["brian"]}


def ratios(timing: list[dict[str, Any]]) -> dict[str, Any]:
    """Per case: the torch SNN's time over the float64 ANN's, Brian2's over the torch SNN's."""
    return {"ratios": {row["name"]: {"snn_over_ann64": row["snn_over_ann64"], "brian_over_snn": row["brian_over_snn"]}
                       for row in timing if "error" not in row}}


COLUMNS = ("case", "K", "synapses", "accumulates / sample (read-out included)", "ANN fp32 samples/s",
           "ANN fp64 samples/s", "SNN torch samples/s", "Brian2 samples/s (incl. build)", "SNN time / ANN fp64",
           "Brian2 time / SNN", "Brian2 SOPs/s", "Brian2 spikes identical", "peak RSS MiB")


def markdown(report: dict[str, Any]) -> str:
    def cells(r: dict[str, Any]) -> list[str]:
        rate = r["samples_per_s"]
        return [r["name"], str(r["replicas"]), str(r["synapses"]), fmt(r["accumulates_per_sample"], 0),
                fmt(rate["ann32"], 0), fmt(rate["ann64"], 0), fmt(rate["snn"], 0), fmt(rate["brian"], 0),
                fmt(r["snn_over_ann64"]), fmt(r["brian_over_snn"]), fmt(r["brian_synaptic_ops_per_s"], 0),
                "yes" if all(r["identical"]) else "no", fmt(r["tree_peak_rss_mb"], 0)]

    lines = header_lines("Scatter-and-gather inference throughput (scatter-gather, digits conv net)", report) + [
        "All digits test images at once through the quantised ANN (torch), its one-step scatter-and-gather SNN "
        "(torch float64) and the same SNN in Brian2 (numpy target, direct input coding; build + code generation + "
        "run, spike identity with torch checked). Batch-norm statistics from the training images, weights "
        "untrained. Steady = median of the calls after the first.", "",
        results_table(COLUMNS, report["timing"], ("name",), cells),
    ]
    return "\n".join(lines) + "\n"


def run_suite(quick: bool, out: Path, seed: int) -> list[str]:
    """Run the suite, write its results into ``out``; returns the names of failed cases."""
    mode = "quick" if quick else "full"
    return run_timing_suite(NAME, "benchmarks.scatter_gather_throughput", mode, cases(mode, seed), summarise,
                            ratios, markdown, out)
