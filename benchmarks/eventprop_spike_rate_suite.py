"""EventProp training throughput (a ``make bench`` suite): training samples/s of the exact event-driven numpy
trainer of the ``eventprop-spike-rate`` study for one network and for ensembles of networks trained in one event
loop, the forward pass's share of a step, and inference in the exact event simulation against the Brian2 network
(time grid) on the same samples.

Each case (``python -m benchmarks.eventprop_spike_rate_throughput``, a fresh process, one BLAS thread) times several
batches; steady = median of those after the first. Ratios are taken between cases of the same run. Results go to
``<out>/eventprop_spike_rate_throughput.{json,md}``.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from benchmarks.harness import fmt, header_lines, results_table, run_timing_suite

NAME = "eventprop_spike_rate_throughput"
SIZES = {"full": {"networks": (1, 4, 12, 24), "batches": 6, "samples": 500},
         "quick": {"networks": (1, 4, 12), "batches": 4, "samples": 200}}
BATCH, DT = 32, 0.01


def cases(mode: str, seed: int) -> list[dict[str, Any]]:
    sizes = SIZES[mode]
    train = [{"name": f"train G={g}", "kind": "train", "networks": g, "batch_size": BATCH,
              "batches": sizes["batches"], "seed": seed} for g in sizes["networks"]]
    return train + [{"name": f"inference exact vs Brian2 dt={DT}", "kind": "inference", "samples": sizes["samples"],
                     "dt": DT, "seed": seed}]


def summarise(result: dict[str, Any]) -> dict[str, Any]:
    common = {key: result[key] for key in ("name", "kind", "seed", "wall_s", "python_peak_rss_mb", "tree_peak_rss_mb")}
    if result["kind"] == "train":
        steady = statistics.median(result["step_s"][1:] or result["step_s"])
        forward = statistics.median(result["forward_s"][1:] or result["forward_s"])
        samples = result["networks"] * result["batch_size"]
        return {**common, "networks": result["networks"], "batch_size": result["batch_size"],
                "first_s": result["step_s"][0], "steady_s": steady, "forward_s": forward,
                "forward_share": forward / steady, "samples_per_s": samples / steady}
    n = result["samples"]
    return {**common, "samples": n, "dt": result["dt"], "exact_s": result["exact_s"], "brian_s": result["brian_s"],
            "exact_samples_per_s": n / result["exact_s"], "brian_samples_per_s": n / result["brian_s"],
            "spikes_exact": result["spikes_exact"], "spikes_brian2": result["spikes_brian2"]}


def ratios(timing: list[dict[str, Any]]) -> dict[str, Any]:
    """Samples/s of every ensemble over the single network's, and the exact simulation's over Brian2's."""
    train = {row["networks"]: row["samples_per_s"] for row in timing if row["kind"] == "train" and "error" not in row}
    inference = next((row for row in timing if row["kind"] == "inference" and "error" not in row), None)
    return {"ratios": {
        "ensemble_speedup": {str(g): rate / train[1] for g, rate in train.items()} if 1 in train else None,
        "exact_over_brian2": inference["exact_samples_per_s"] / inference["brian_samples_per_s"] if inference else None,
    }}


TRAIN_COLUMNS = ("case", "networks", "B per network", "first step s", "steady step s", "forward s",
                 "forward share", "training samples/s", "samples/s over one network")
INFERENCE_COLUMNS = ("case", "samples", "exact s", "Brian2 s (incl. build)", "exact samples/s", "Brian2 samples/s",
                     "exact / Brian2", "spikes per layer exact", "spikes per layer Brian2")


def markdown(report: dict[str, Any]) -> str:
    speedup = report["ratios"]["ensemble_speedup"] or {}

    def train_cells(r: dict[str, Any]) -> list[str]:
        return [r["name"], str(r["networks"]), str(r["batch_size"]), fmt(r["first_s"]), fmt(r["steady_s"]),
                fmt(r["forward_s"]), fmt(r["forward_share"]), fmt(r["samples_per_s"], 1),
                fmt(speedup.get(str(r["networks"])))]

    def inference_cells(r: dict[str, Any]) -> list[str]:
        return [r["name"], str(r["samples"]), fmt(r["exact_s"]), fmt(r["brian_s"]), fmt(r["exact_samples_per_s"], 1),
                fmt(r["brian_samples_per_s"], 1), fmt(report["ratios"]["exact_over_brian2"]),
                " / ".join(map(str, r["spikes_exact"])), " / ".join(map(str, r["spikes_brian2"]))]

    train = [r for r in report["timing"] if r["kind"] == "train"]
    inference = [r for r in report["timing"] if r["kind"] == "inference"]
    lines = header_lines("EventProp training throughput (eventprop-spike-rate, Yin-Yang 5/40/25/13/3)", report) + [
        "A step = exact event-driven forward + EventProp backward + Adam for every network of the ensemble, each on "
        f"its own batch of {BATCH} (L_W, alpha 5e-3, calibrated Table 2 init, numpy float64, one thread). Steady = "
        "median of the steps after the first; forward = the forward pass alone on the same batches.", "",
        results_table(TRAIN_COLUMNS, train, ("name", "networks"), train_cells), "",
        "Inference: the same test samples through the exact event simulation and through the Brian2 network "
        f"(numpy target, dt = {DT} ms, one copy per sample; its time includes building the objects).", "",
        results_table(INFERENCE_COLUMNS, inference, ("name", "samples"), inference_cells),
    ]
    return "\n".join(lines) + "\n"


def run_suite(quick: bool, out: Path, seed: int) -> list[str]:
    """Run the suite, write its results into ``out``; returns the names of failed cases."""
    mode = "quick" if quick else "full"
    return run_timing_suite(NAME, "benchmarks.eventprop_spike_rate_throughput", mode, cases(mode, seed), summarise,
                            ratios, markdown, out)
