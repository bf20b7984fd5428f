"""Diehl & Cook training throughput of brainsnn's single-run network vs a per-sample loop (a ``make bench`` suite).

Every case runs in a fresh subprocess (``python -m benchmarks.diehl_cook_throughput``), one after the other, so
that compile time, peak memory and Brian2 state belong to that case alone. Results go to
``<out>/diehl_cook_throughput.{json,md}``; the Markdown table is also printed.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from benchmarks.harness import SuiteClock, fmt, header_lines, results_table, run_case, run_cases, write_report
from brainsnn.report import markdown_table

NAME = "diehl_cook_throughput"

#: Sizes of the full and quick runs.
SIZES = {
    "full": {"n_exc": (100, 400), "n_samples": 30, "calls_standalone": 3, "calls_runtime": 2,
             "accuracy": {"n_exc": 100, "n_train": 200, "n_label": 100, "n_test": 100}},
    "quick": {"n_exc": (100, 400), "n_samples": 8, "calls_standalone": 2, "calls_runtime": 2,
              "accuracy": {"n_exc": 100, "n_train": 40, "n_label": 40, "n_test": 30}},
}


def summarise_timing(result: dict[str, Any]) -> dict[str, Any]:
    """First (compiling) call vs the median of the later identical calls."""
    records = result["records"]
    first, steady = records[0], records[1:] or records[:1]

    def median(key: str) -> float:
        return statistics.median(r[key] for r in steady)

    return {
        "name": result["name"], "implementation": result["implementation"], "device": result["device"],
        "n_exc": result["n_exc"], "samples": first["samples"],
        "steady_calls": len(steady),
        "first_call_s": first["seconds"], "steady_call_s": median("seconds"),
        "one_off_s": first["seconds"] - median("seconds"), "make_s": first.get("make_s"),
        "new_cython_modules": first.get("new_cython_modules"),
        "s_per_sample": median("seconds") / first["samples"], "samples_per_s": median("samples_per_s"),
        "simulated_slots": first["simulated_slots"], "exc_spikes_per_sample": median("exc_spikes") / first["samples"],
        "input_spikes_per_sample": first["input_spikes"] / first["samples"],
        "events_per_s": median("events_per_s"), "synaptic_ops_per_s": median("synaptic_ops_per_s"),
        "neuron_updates_per_s": median("neuron_updates_per_s"),
        "python_peak_rss_mb": result["python_peak_rss_mb"], "binary_peak_rss_mb": result.get("binary_peak_rss_mb"),
        "tree_peak_rss_mb": result["tree_peak_rss_mb"],
    }


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
    "implementation", "device", "N", "samples", "exc spikes/sample", "s/sample", "samples/s", "first call s",
    "one-off s", "make s", "synaptic events/s", "syn. ops/s (incl. post-updates)", "neuron updates/s",
    "peak RSS MiB (python / binary / tree)",
)
RATIO_COLUMNS = ("N", "device", "ratio", "target met")
ACCURACY_COLUMNS = (
    "implementation", "device", "N", "train / label / test", "label-set acc. %", "test acc. %", "test SE %",
    "spikes/sample", "wall s",
)


def _timing_cells(r: dict[str, Any]) -> list[str]:
    return [
        r["implementation"], r["device"], str(r["n_exc"]), str(r["samples"]), fmt(r["exc_spikes_per_sample"], 0),
        fmt(r["s_per_sample"], 3), fmt(r["samples_per_s"]), fmt(r["first_call_s"], 1), fmt(r["one_off_s"], 1),
        fmt(r["make_s"], 1), fmt(r["events_per_s"]), fmt(r["synaptic_ops_per_s"]), fmt(r["neuron_updates_per_s"]),
        f"{fmt(r['python_peak_rss_mb'], 0)} / {fmt(r['binary_peak_rss_mb'], 0)} / {fmt(r['tree_peak_rss_mb'], 0)}",
    ]


def _ratio_cells(r: dict[str, Any]) -> list[str]:
    target = ""
    if r["device"] == "cpp_standalone" and r["n_exc"] == 400:
        target = "yes" if r["ratio"] >= 10 else "no"
    return [str(r["n_exc"]), r["device"], f"{r['ratio']:.1f}x", target]


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
        "Training, D&C rule `dc`, 784 inputs (digits upsampled to 28x28), 350 ms + 150 ms per sample, dt 0.5 ms. "
        "Steady = median of the identical calls after the first; one-off = first call - steady call "
        "(graph building, code generation, compilation).",
        "",
        results_table(TIMING_COLUMNS, report["timing"], ("implementation", "device", "n_exc"), _timing_cells),
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


def cases(mode: str, seed: int, skip_accuracy: bool) -> tuple[list[dict], list[dict]]:
    """Timing and accuracy cases of ``mode``, in the order they run."""
    sizes = SIZES[mode]
    timing = []
    for n in sizes["n_exc"]:
        common = {"kind": "timing", "n_exc": n, "n_samples": sizes["n_samples"], "seed": seed}
        timing += [
            {**common, "name": f"per-sample cython N={n}", "implementation": "per-sample", "device": "cython",
             "calls": sizes["calls_runtime"]},
            {**common, "name": f"single-run cython N={n}", "implementation": "single-run", "device": "cython",
             "calls": sizes["calls_runtime"]},
            {**common, "name": f"single-run cpp_standalone N={n}", "implementation": "single-run",
             "device": "cpp_standalone", "calls": sizes["calls_standalone"]},
        ]
    accuracy = [] if skip_accuracy else [
        {"kind": "accuracy", "name": f"accuracy {impl} {device}", "implementation": impl, "device": device,
         "seed": seed, **sizes["accuracy"]}
        for impl, device in (("single-run", "cpp_standalone"), ("per-sample", "cython"))
    ]
    return timing, accuracy


def run_suite(quick: bool, out: Path, seed: int, skip_accuracy: bool, skip_timing: bool) -> list[str]:
    """Run the suite, write its results into ``out``; returns the names of failed cases."""
    mode = "quick" if quick else "full"
    timing_cases, accuracy_cases = cases(mode, seed, skip_accuracy)
    if skip_timing:
        timing_cases = []
    clock = SuiteClock(mode)
    timing = run_cases("benchmarks.diehl_cook_throughput", timing_cases, summarise_timing)
    accuracy = [run_case("benchmarks.diehl_cook_throughput", case) for case in accuracy_cases]
    report = {**clock.envelope(), "timing": timing, "ratios": ratios([r for r in timing if "error" not in r]),
              "accuracy": accuracy}
    write_report(out, NAME, report, markdown(report))
    return [r["name"] for r in timing + accuracy if "error" in r]
