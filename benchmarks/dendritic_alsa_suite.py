"""ALSA and dendritic-BSS throughput on cython and cpp_standalone (a ``make bench`` suite).

Each case (``python -m benchmarks.dendritic_alsa_throughput``, a fresh process) builds and runs one network several
times: the ALSA IRIS classifier (training samples per call) and the dendritic-BSS network (200 ms stimuli per call).
Steady = median of the calls after the first; one-off = first call - steady (code generation, compilation).
Results go to ``<out>/dendritic_alsa_throughput.{json,md}``, with cpp_standalone / cython ratios side by side.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from benchmarks.harness import SuiteClock, fmt, header_lines, run_cases, write_report

NAME = "dendritic_alsa_throughput"
DEVICES = ("cython", "cpp_standalone")
#: Per model: work per call (ALSA: training samples; dendritic: 200 ms stimuli) and calls per case.
SIZES = {
    "full": {"alsa": (120, 3), "dendritic": (300, 3)},
    "quick": {"alsa": (40, 2), "dendritic": (60, 2)},
}


def cases(mode: str, seed: int) -> list[dict[str, Any]]:
    return [{"name": f"{model} {device}", "model": model, "device": device, "size": size, "calls": calls,
             "seed": seed}
            for model, (size, calls) in SIZES[mode].items() for device in DEVICES]


def summarise(result: dict[str, Any]) -> dict[str, Any]:
    records = result["records"]
    first, steady = records[0], records[1:] or records[:1]

    def median(key: str) -> float | None:
        values = [r[key] for r in steady if key in r]
        return statistics.median(values) if values else None

    steady_s = median("seconds")
    return {
        "name": result["name"], "model": result["model"], "device": result["device"], "size": result["size"],
        "steps": first["steps"], "first_call_s": first["seconds"], "steady_call_s": steady_s,
        "one_off_s": first["seconds"] - steady_s, "steps_per_s": median("steps_per_s"),
        "samples_per_s": median("samples_per_s"), "synapse_updates_per_s": median("synapse_updates_per_s"),
        "python_peak_rss_mb": result["python_peak_rss_mb"], "tree_peak_rss_mb": result["tree_peak_rss_mb"],
    }


def ratios(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per model: steady steps per second of cpp_standalone over cython."""
    out = []
    for model in SIZES["full"]:
        by_device = {r["device"]: r for r in rows if r["model"] == model and "error" not in r}
        if set(DEVICES) <= set(by_device):
            out.append({"model": model, "standalone_over_cython": by_device["cpp_standalone"]["steps_per_s"]
                        / by_device["cython"]["steps_per_s"]})
    return out


def markdown(report: dict[str, Any]) -> str:
    lines = header_lines("ALSA and dendritic-BSS throughput (cython vs cpp_standalone)", report) + [
        "ALSA: IRIS classifier, 48 inputs -> 3 outputs with teachers, 250 ms per training sample at dt = 0.5 ms. "
        "Dendritic: 320 inputs -> 8 two-compartment neurons, 200 ms stimuli at dt = 1 ms, plasticity on. "
        "Each call rebuilds the network; steady = median of the calls after the first.", "",
        "| model | device | work per call | steps | first call s | steady call s | one-off s | steps/s "
        "| training samples/s | synapse updates/s | peak RSS MiB (python / tree) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in report["timing"]:
        if "error" in r:
            lines.append(f"| {r['model']} | {r['device']} | failed: {r['error']} ||||||||")
            continue
        lines.append(
            f"| {r['model']} | {r['device']} | {r['size']} | {r['steps']} | {fmt(r['first_call_s'], 1)} "
            f"| {fmt(r['steady_call_s'])} | {fmt(r['one_off_s'], 1)} | {fmt(r['steps_per_s'])} "
            f"| {fmt(r['samples_per_s'])} | {fmt(r['synapse_updates_per_s'])} "
            f"| {fmt(r['python_peak_rss_mb'], 0)} / {fmt(r['tree_peak_rss_mb'], 0)} |")
    lines += ["", "| model | steady steps/s, cpp_standalone / cython |", "|---|---|"]
    lines += [f"| {r['model']} | {r['standalone_over_cython']:.2f} |" for r in report["ratios"]]
    return "\n".join(lines) + "\n"


def run_suite(quick: bool, out: Path, seed: int) -> list[str]:
    """Run the suite, write its results into ``out``; returns the names of failed cases."""
    mode = "quick" if quick else "full"
    clock = SuiteClock(mode)
    timing = run_cases("benchmarks.dendritic_alsa_throughput", cases(mode, seed), summarise)
    report = {**clock.envelope(), "timing": timing, "ratios": ratios(timing)}
    write_report(out, NAME, report, markdown(report))
    return [r["name"] for r in timing if "error" in r]
