"""Diehl & Cook training throughput of brainsnn's single-run network against a per-sample loop, Brian2's published
example and BindsNET (a ``make bench`` suite).

Every case runs in a fresh subprocess (``python -m benchmarks.diehl_cook_throughput``; BindsNET's with the
interpreter of ``.venv-bindsnet`` or ``$BINDSNET_PYTHON``), one after the other, so that compile time, peak memory
and simulator state belong to that case alone. All train on the same real digits (mnist-5k, written once as IDX
files). Results go to ``<out>/diehl_cook_throughput.{json,md}``; the Markdown table is also printed.
"""

from __future__ import annotations

import os
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.diehl_cook_throughput import parameters, write_benchmark_images
from benchmarks.harness import SuiteClock, fmt, header_lines, results_table, run_case, run_cases, write_report
from brainsnn.report import markdown_table

NAME = "diehl_cook_throughput"
#: Simulated time of one presentation of brainsnn's and Brian2's example's protocol (350 ms + 150 ms rest).
SLOT_MS = parameters(1).slot_ms
#: The interpreter of BindsNET's virtual environment (``make bench`` builds it).
BINDSNET_PYTHON = os.environ.get("BINDSNET_PYTHON", str(Path(__file__).resolve().parent.parent / ".venv-bindsnet"
                                                        / "bin" / "python"))
#: The network size of the comparisons with the published references, and the speed-ups the issue aims at.
REFERENCE_N = 400
REFERENCE_TARGETS = {"brian2-example": 25.0, "bindsnet": 8.0}
#: BindsNET runs: our protocol's 350 ms at dt 0.5 ms (equal work) and its examples' dt = 1 ms; pixel / 4 Hz.
BINDSNET_SETTINGS = ({"present_ms": 350.0, "dt_ms": 0.5}, {"present_ms": 350.0, "dt_ms": 1.0})

#: Sizes of the full and quick runs.
SIZES = {
    "full": {"n_exc": (100, 400), "n_samples": 60, "calls_standalone": 3, "calls_runtime": 2,
             "accuracy": {"n_exc": 100, "n_train": 200, "n_label": 100, "n_test": 100}},
    "quick": {"n_exc": (100, 400), "n_samples": 8, "calls_standalone": 2, "calls_runtime": 2,
              "accuracy": {"n_exc": 100, "n_train": 40, "n_label": 40, "n_test": 30}},
}


def summarise_calls(result: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], Callable[[str], float]]:
    """The columns every implementation has (first, compiling, call vs the median of the later identical calls),
    the first call's record and the median over the later calls of any record key."""
    records = result["records"]
    first, steady = records[0], records[1:] or records[:1]
    samples = first["samples"]

    def median(key: str) -> float:
        return statistics.median(r[key] for r in steady)

    return {
        "name": result["name"], "implementation": result["implementation"], "device": result["device"],
        "n_exc": result["n_exc"], "samples": samples, "steady_calls": len(steady),
        "first_call_s": first["seconds"], "steady_call_s": median("seconds"),
        "one_off_s": first["seconds"] - median("seconds"), "s_per_sample": median("seconds") / samples,
        "samples_per_s": median("samples_per_s"), "cpu_s_per_sample": median("cpu_seconds") / samples,
        "exc_spikes_per_sample": median("exc_spikes") / samples, "tree_peak_rss_mb": result["tree_peak_rss_mb"],
    }, first, median


def summarise_timing(result: dict[str, Any]) -> dict[str, Any]:
    """:func:`summarise_calls` with the build costs, the cost-model rates and the memory of a Brian2 case."""
    row, first, median = summarise_calls(result)
    return {
        **row, "make_s": first.get("make_s"), "new_cython_modules": first.get("new_cython_modules"),
        "simulated_ms_per_sample": first["simulated_slots"] * SLOT_MS / first["samples"],
        "simulated_slots": first["simulated_slots"],
        "input_spikes_per_sample": first["input_spikes"] / first["samples"],
        "events_per_s": median("events_per_s"), "synaptic_ops_per_s": median("synaptic_ops_per_s"),
        "neuron_updates_per_s": median("neuron_updates_per_s"),
        "python_peak_rss_mb": result["python_peak_rss_mb"], "binary_peak_rss_mb": result.get("binary_peak_rss_mb"),
    }


def summarise_bindsnet(result: dict[str, Any]) -> dict[str, Any]:
    """:func:`summarise_calls` of a BindsNET case; the Brian2-only columns are empty."""
    row, first, _ = summarise_calls(result)
    return {
        **row, "make_s": None, "new_cython_modules": None,
        "simulated_ms_per_sample": first["simulated_ms"] / first["samples"], "simulated_slots": first["samples"],
        "input_spikes_per_sample": None, "events_per_s": None, "synaptic_ops_per_s": None,
        "neuron_updates_per_s": None, "python_peak_rss_mb": None, "binary_peak_rss_mb": None,
        "versions": f"bindsnet {result['bindsnet']}, torch {result['torch']}",
    }


def reference_ratios(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """brainsnn's cpp_standalone network at N = 400 against each published reference: how many times less wall
    time and CPU time per sample, and less wall time per simulated ms."""
    ours = next((r for r in rows if (r["implementation"], r["device"], r["n_exc"])
                 == ("single-run", "cpp_standalone", REFERENCE_N)), None)
    if ours is None:
        return []
    out = []
    for ref in rows:
        kind = ref["implementation"].split(" ")[0]
        if kind not in REFERENCE_TARGETS or ref["n_exc"] != REFERENCE_N:
            continue
        out.append({
            "reference": ref["name"], "target": REFERENCE_TARGETS[kind],
            "wall_ratio": ref["s_per_sample"] / ours["s_per_sample"],
            "cpu_ratio": ref["cpu_s_per_sample"] / ours["cpu_s_per_sample"],
            "per_simulated_ms_ratio": (ref["s_per_sample"] / ref["simulated_ms_per_sample"])
            / (ours["s_per_sample"] / ours["simulated_ms_per_sample"]),
        })
    return out


def ratios(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Throughput of every single-run configuration relative to the per-sample baseline of the same N."""
    out = []
    for row in rows:
        if row["implementation"] != "single-run":
            continue
        base = next((b for b in rows if b["implementation"] == "per-sample" and b["n_exc"] == row["n_exc"]), None)
        if base:
            out.append({"n_exc": row["n_exc"], "device": row["device"],
                        "ratio": row["samples_per_s"] / base["samples_per_s"]})
    return out


TIMING_COLUMNS = (
    "implementation", "device", "N", "samples", "exc spikes/sample", "simulated ms/sample", "s/sample",
    "CPU s/sample", "samples/s", "first call s",
    "one-off s", "make s", "synaptic events/s", "syn. ops/s (incl. post-updates)", "neuron updates/s",
    "peak RSS MiB (python / binary / tree)",
)
RATIO_COLUMNS = ("N", "device", "ratio", "target met")
REFERENCE_COLUMNS = ("reference", "wall time per sample", "CPU time per sample", "wall time per simulated ms",
                     "target (per sample)", "target met")
ACCURACY_COLUMNS = (
    "implementation", "device", "N", "train / label / test", "label-set acc. %", "test acc. %", "test SE %",
    "spikes/sample", "wall s",
)


def _timing_cells(r: dict[str, Any]) -> list[str]:
    return [
        r["implementation"], r["device"], str(r["n_exc"]), str(r["samples"]), fmt(r["exc_spikes_per_sample"], 0),
        fmt(r["simulated_ms_per_sample"], 0), fmt(r["s_per_sample"], 3), fmt(r["cpu_s_per_sample"], 3),
        fmt(r["samples_per_s"]), fmt(r["first_call_s"], 1), fmt(r["one_off_s"], 1),
        fmt(r["make_s"], 1), fmt(r["events_per_s"]), fmt(r["synaptic_ops_per_s"]), fmt(r["neuron_updates_per_s"]),
        f"{fmt(r['python_peak_rss_mb'], 0)} / {fmt(r['binary_peak_rss_mb'], 0)} / {fmt(r['tree_peak_rss_mb'], 0)}",
    ]


def _ratio_cells(r: dict[str, Any]) -> list[str]:
    target = ""
    if r["device"] == "cpp_standalone" and r["n_exc"] == 400:
        target = "yes" if r["ratio"] >= 10 else "no"
    return [str(r["n_exc"]), r["device"], f"{r['ratio']:.1f}x", target]


def _reference_cells(r: dict[str, Any]) -> list[str]:
    return [r["reference"], f"{r['wall_ratio']:.1f}x", f"{r['cpu_ratio']:.1f}x", f"{r['per_simulated_ms_ratio']:.1f}x",
            f">= {r['target']:.0f}x", "yes" if min(r["wall_ratio"], r["cpu_ratio"]) >= r["target"] else "no"]


def _accuracy_cells(r: dict[str, Any]) -> list[str]:
    p = r["test_accuracy"] / 100
    se = 100 * (p * (1 - p) / r["n_test"]) ** 0.5
    return [
        r["implementation"], r["device"], str(r["n_exc"]), f"{r['n_train']} / {r['n_label']} / {r['n_test']}",
        f"{r['train_accuracy']:.1f}", f"{r['test_accuracy']:.1f}", f"{se:.1f}", f"{r['mean_spikes_per_sample']:.1f}",
        f"{r['wall_s']:.0f}",
    ]


def markdown(report: dict[str, Any]) -> str:
    """The report as Markdown tables."""
    lines = header_lines("Diehl & Cook training throughput", report) + [
        "Training on the same real digits (mnist-5k, 784 inputs, pixel / 4 Hz): brainsnn and Brian2's example "
        "350 ms + 150 ms per sample at dt 0.5 ms with re-presentation below 5 spikes (brainsnn with the D&C rule "
        "`dc`), BindsNET 350 ms per sample at its dt, state reset between samples. CPU time counts the process "
        "and its children (the standalone binary). Steady = median of the identical calls after the first; "
        "one-off = first call - steady call (graph building, code generation, compilation).",
        "",
        results_table(TIMING_COLUMNS, report["timing"], ("implementation", "device", "n_exc"), _timing_cells),
        "", f"brainsnn's single-run cpp_standalone network at N = {REFERENCE_N} against the published references "
        "(how many times less time it takes; the target is met when both wall and CPU time per sample reach it):",
        "", markdown_table(REFERENCE_COLUMNS, [_reference_cells(r) for r in report["reference_ratios"]]),
        "", "Speed-up of the single-run network over the per-sample baseline (cython runtime, same N); "
        "target: cpp_standalone >= 10x at N = 400.", "",
        markdown_table(RATIO_COLUMNS, [_ratio_cells(r) for r in report["ratios"]]),
    ]
    if report["accuracy"]:
        lines += ["", "Accuracy after one pass (same samples, same initial weights and delays, frozen labelling "
                  "on the training samples, then test):", "",
                  results_table(ACCURACY_COLUMNS, report["accuracy"], ("implementation", "device", "n_exc"),
                                _accuracy_cells)]
    for note in report.get("notes", []):
        lines += ["", f"Note: {note}"]
    return "\n".join(lines) + "\n"


def cases(mode: str, seed: int, skip_accuracy: bool, idx_folder: str) -> tuple[list[dict], list[dict], list[dict]]:
    """Timing cases (brainsnn's and Brian2's example's), BindsNET's timing cases and accuracy cases of ``mode``,
    in the order they run; every timing case reads the digits of ``idx_folder``."""
    sizes = SIZES[mode]
    timing = []
    for n in sizes["n_exc"]:
        common = {"kind": "timing", "n_exc": n, "n_samples": sizes["n_samples"], "seed": seed,
                  "idx_folder": idx_folder}
        timing += [
            {**common, "name": f"per-sample cython N={n}", "implementation": "per-sample", "device": "cython",
             "calls": sizes["calls_runtime"]},
            {**common, "name": f"single-run cython N={n}", "implementation": "single-run", "device": "cython",
             "calls": sizes["calls_runtime"]},
            {**common, "name": f"single-run cpp_standalone N={n}", "implementation": "single-run",
             "device": "cpp_standalone", "calls": sizes["calls_standalone"]},
        ]
        if n == REFERENCE_N:
            timing.append({**common, "name": f"Brian2 example N={n}", "implementation": "brian2-example",
                           "device": "runtime (default target)", "calls": sizes["calls_runtime"]})
    bindsnet = [
        {"name": f"BindsNET dt={s['dt_ms']} N={REFERENCE_N}", "implementation": f"bindsnet (dt {s['dt_ms']} ms)",
         "device": "torch CPU, 1 thread", "n_exc": REFERENCE_N, "n_samples": sizes["n_samples"],
         "calls": sizes["calls_runtime"], "seed": seed, "idx_folder": idx_folder, "rate_per_pixel_hz": 0.25, **s}
        for s in BINDSNET_SETTINGS
    ]
    accuracy = [] if skip_accuracy else [
        {"kind": "accuracy", "name": f"accuracy {impl} {device}", "implementation": impl, "device": device,
         "seed": seed, **sizes["accuracy"]}
        for impl, device in (("single-run", "cpp_standalone"), ("per-sample", "cython"))
    ]
    return timing, bindsnet, accuracy


def run_bindsnet(case: dict[str, Any]) -> dict[str, Any]:
    """One BindsNET case in BindsNET's interpreter; a missing environment is a failed case naming the fix."""
    if not Path(BINDSNET_PYTHON).exists():
        return {**case, "error": f"no BindsNET interpreter at {BINDSNET_PYTHON} (`make bench` builds "
                                 ".venv-bindsnet; or set BINDSNET_PYTHON)"}
    result = run_case("benchmarks.bindsnet_diehl_cook", case, python=BINDSNET_PYTHON)
    return result if "error" in result else summarise_bindsnet(result)


def run_suite(quick: bool, out: Path, seed: int, skip_accuracy: bool, skip_timing: bool) -> list[str]:
    """Run the suite, write its results into ``out``; returns the names of failed cases."""
    mode = "quick" if quick else "full"
    clock = SuiteClock(mode)
    with tempfile.TemporaryDirectory() as idx_folder:
        write_benchmark_images(Path(idx_folder), SIZES[mode]["n_samples"], seed)
        timing_cases, bindsnet_cases, accuracy_cases = cases(mode, seed, skip_accuracy, idx_folder)
        if skip_timing:
            timing_cases, bindsnet_cases = [], []
        timing = run_cases("benchmarks.diehl_cook_throughput", timing_cases, summarise_timing)
        timing += [run_bindsnet(case) for case in bindsnet_cases]
    accuracy = [run_case("benchmarks.diehl_cook_throughput", case) for case in accuracy_cases]
    finished = [r for r in timing if "error" not in r]
    report = {**clock.envelope(), "timing": timing, "ratios": ratios(finished),
              "reference_ratios": reference_ratios(finished), "accuracy": accuracy}
    write_report(out, NAME, report, markdown(report))
    return [r["name"] for r in timing + accuracy if "error" in r]
