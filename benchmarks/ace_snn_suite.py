"""ACE-SNN throughput (a ``make bench`` suite): test patches per second of the quick preset's CNN-3D as an ANN, as
the converted SNN at T = 5 (Conv3d stages) and as the dense network that Brian2 receives, a Q-STDB training step,
and the Brian2 run of the dense network (direct input, first and second call) against the same network in torch.

Each case (``python -m benchmarks.ace_snn_throughput``, a fresh process, one torch thread) times several calls;
steady = median of those after the first. Ratios are taken between cases of the same run. Results go to
``<out>/ace_snn_throughput.{json,md}``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.harness import fmt, header_lines, results_table, run_timing_suite
from brainsnn.report import markdown_table

NAME = "ace_snn_throughput"
SIZES = {"full": {"samples": 512, "calls": 6, "train_batch": 32, "brian_samples": 100, "device": "cpp_standalone"},
         "quick": {"samples": 128, "calls": 3, "train_batch": 32, "brian_samples": 20, "device": "cpp_standalone"}}


def cases(mode: str, seed: int) -> list[dict[str, Any]]:
    sizes = SIZES[mode]
    return [{"name": "torch", "kind": "torch", "samples": sizes["samples"], "calls": sizes["calls"],
             "train_batch": sizes["train_batch"], "seed": seed},
            {"name": f"Brian2 {sizes['device']}", "kind": "brian", "samples": sizes["brian_samples"],
             "device": sizes["device"], "seed": seed}]


def summarise(result: dict[str, Any]) -> dict[str, Any]:
    common = {key: result[key] for key in ("name", "kind", "seed", "wall_s", "python_peak_rss_mb", "tree_peak_rss_mb")}
    if result["kind"] == "torch":
        return {**common, "samples": result["samples"], "timings": result["timings"],
                "samples_per_s": result["samples_per_s"]}
    n = result["samples"]
    return {**common, "samples": n, "device": result["device"], "brian_s": result["brian_s"],
            "brian_again_s": result["brian_again_s"], "torch_dense_s": result["torch_dense_s"],
            "brian_samples_per_s": n / result["brian_again_s"],
            "torch_dense_samples_per_s": n / result["torch_dense_s"], "identical": result["identical"],
            "spike_counts": result["spike_counts"], "accumulates_per_sample": result["accumulates_per_sample"],
            "input_macs_per_sample": result["input_macs_per_sample"]}


def ratios(timing: list[dict[str, Any]]) -> dict[str, Any]:
    """Every torch implementation's samples/s over the ANN's, and torch's dense network over Brian2's."""
    torch_row = next((row for row in timing if row["kind"] == "torch" and "error" not in row), None)
    brian = next((row for row in timing if row["kind"] == "brian" and "error" not in row), None)
    over_ann = None
    if torch_row:
        rates = torch_row["samples_per_s"]
        over_ann = {name: rate / rates["ANN"] for name, rate in rates.items()}
    return {"ratios": {"samples_per_s_over_ann": over_ann,
                       "torch_dense_over_brian2": brian["torch_dense_samples_per_s"] / brian["brian_samples_per_s"]
                       if brian else None}}


TORCH_COLUMNS = ("implementation", "first call s", "steady call s", "samples/s", "samples/s over the ANN")
BRIAN_COLUMNS = ("case", "patches", "Brian2 first call s", "Brian2 second call s", "torch dense s",
                 "Brian2 patches/s (second call)",
                 "torch dense / Brian2", "spike identical", "accumulates per patch", "input MACs per patch")


def markdown(report: dict[str, Any]) -> str:
    over_ann = report["ratios"]["samples_per_s_over_ann"] or {}
    lines = header_lines("ACE-SNN throughput (CNN-3D of the quick preset, 5 x 5 x 32 stand-in patches, T = 5)",
                         report)
    for row in report["timing"]:
        if row["kind"] == "torch":
            if "error" in row:
                lines += [f"torch case failed: {row['error']}.", ""]
                continue
            body = [[name, fmt(t["first_s"], 3), fmt(t["steady_s"], 3), fmt(row["samples_per_s"][name], 0),
                     fmt(over_ann.get(name))] for name, t in row["timings"].items()]
            lines += [f"{row['samples']} test patches per call (Q-STDB: one step on a batch of 32), one thread.", "",
                      markdown_table(TORCH_COLUMNS, body), ""]

    def brian_cells(r: dict[str, Any]) -> list[str]:
        return [r["name"], str(r["samples"]), fmt(r["brian_s"]), fmt(r["brian_again_s"]), fmt(r["torch_dense_s"], 3),
                fmt(r["brian_samples_per_s"], 1), fmt(report["ratios"]["torch_dense_over_brian2"]),
                "yes" if r["identical"] else "no", fmt(r["accumulates_per_sample"], 0),
                fmt(r["input_macs_per_sample"], 0)]

    brian = [r for r in report["timing"] if r["kind"] == "brian"]
    lines += ["Brian2: the dense network with direct input, called twice (the first call generates and compiles the "
              "project; the second regenerates it and rebuilds what changed), against the float64 torch forward of "
              "the same network on the same patches.", "",
              results_table(BRIAN_COLUMNS, brian, ("name", "samples"), brian_cells)]
    return "\n".join(lines) + "\n"


def run_suite(quick: bool, out: Path, seed: int) -> list[str]:
    """Run the suite, write its results into ``out``; returns the names of failed cases."""
    mode = "quick" if quick else "full"
    return run_timing_suite(NAME, "benchmarks.ace_snn_throughput", mode, cases(mode, seed), summarise, ratios,
                            markdown, out)
