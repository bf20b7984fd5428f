"""ALSA and dendritic-BSS throughput on cython and cpp_standalone (a ``make bench`` suite).

Each case (``python -m benchmarks.dendritic_alsa_throughput``, a fresh process) builds and runs one network
repeatedly, alternating a small and a large amount of work per call: the ALSA IRIS classifier (training samples per
call) and the dendritic-BSS network (200 ms stimuli per call). The first call of each size is a warm-up (it
compiles); from the steady calls (the rest)::

    cost per step = (t_large - t_small) / (steps_large - steps_small)      marginal steps/s = 1 / cost per step
    fixed cost per call = t_small - steps_small * cost per step              (build, code generation, make, setup)
    one-off = first call - t_small                                           (first compilation)

so the per-step speed of the generated code and the per-call overhead that a study pays on every run are reported
apart. Results go to ``<out>/dendritic_alsa_throughput.{json,md}``, with cpp_standalone / cython ratios.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from benchmarks.harness import fmt, header_lines, results_table, run_timing_suite
from brainsnn.report import markdown_table

NAME = "dendritic_alsa_throughput"
DEVICES = ("cython", "cpp_standalone")
#: Per model: (small, large) work per call (ALSA: training samples; dendritic: 200 ms stimuli) and the number of
#: steady (small, large) call pairs after the warm-up pair.
SIZES = {
    "full": {"alsa": ((30, 600), 2), "dendritic": ((60, 1200), 2)},
    "quick": {"alsa": ((20, 200), 1), "dendritic": ((30, 300), 1)},
}
#: Synapse updates per step of the dendritic network (320 inputs x 8 outputs).
DENDRITIC_SYNAPSES = 320 * 8


def cases(mode: str, seed: int) -> list[dict[str, Any]]:
    return [{"name": f"{model} {device}", "model": model, "device": device, "sizes": sizes, "calls": calls,
             "seed": seed}
            for model, (sizes, calls) in SIZES[mode].items() for device in DEVICES]


def summarise(result: dict[str, Any]) -> dict[str, Any]:
    first, steady = result["records"][0], result["records"][2:]
    small, large = result["sizes"]

    def median(size: int, key: str) -> float:
        return statistics.median(r[key] for r in steady if r["size"] == size)

    t_small, t_large = median(small, "seconds"), median(large, "seconds")
    steps_small, steps_large = median(small, "steps"), median(large, "steps")
    per_step = (t_large - t_small) / (steps_large - steps_small)
    marginal = 1.0 / per_step if per_step > 0 else float("nan")
    summary = {
        "name": result["name"], "model": result["model"], "device": result["device"], "sizes": [small, large],
        "steps": [steps_small, steps_large], "first_call_s": first["seconds"], "steady_call_s": [t_small, t_large],
        "one_off_s": first["seconds"] - t_small, "fixed_call_s": t_small - steps_small * per_step,
        "marginal_steps_per_s": marginal,
        "steady_new_cython_modules": sum(r["new_cython_modules"] for r in steady),
        "python_peak_rss_mb": result["python_peak_rss_mb"], "tree_peak_rss_mb": result["tree_peak_rss_mb"],
    }
    if result["model"] == "alsa":
        summary["marginal_samples_per_s"] = marginal * (large - small) / (steps_large - steps_small)
    else:
        summary["marginal_synapse_updates_per_s"] = marginal * DENDRITIC_SYNAPSES
    return summary


def ratios(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per model, cpp_standalone over cython: marginal steps per second, and the time of a large call."""
    out = []
    for model in SIZES["full"]:
        by_device = {r["device"]: r for r in rows if r["model"] == model and "error" not in r}
        if set(DEVICES) <= set(by_device):
            standalone, cython = by_device["cpp_standalone"], by_device["cython"]
            out.append({"model": model,
                        "marginal_standalone_over_cython": standalone["marginal_steps_per_s"]
                        / cython["marginal_steps_per_s"],
                        "large_call_standalone_over_cython": standalone["steady_call_s"][1]
                        / cython["steady_call_s"][1]})
    return out


TIMING_COLUMNS = (
    "model", "device", "work per call (small / large)", "steps", "first call s", "steady call s (small / large)",
    "one-off s", "fixed s per call", "marginal steps/s", "marginal training samples/s", "marginal synapse updates/s",
    "new modules", "peak RSS MiB (python / tree)",
)
RATIO_COLUMNS = ("model", "marginal steps/s, cpp_standalone / cython", "large call time, cpp_standalone / cython")


def _timing_cells(r: dict[str, Any]) -> list[str]:
    return [
        r["model"], r["device"], f"{r['sizes'][0]} / {r['sizes'][1]}", f"{r['steps'][0]:.0f} / {r['steps'][1]:.0f}",
        fmt(r["first_call_s"], 1), f"{fmt(r['steady_call_s'][0])} / {fmt(r['steady_call_s'][1])}",
        fmt(r["one_off_s"], 1), fmt(r["fixed_call_s"]), fmt(r["marginal_steps_per_s"]),
        fmt(r.get("marginal_samples_per_s")), fmt(r.get("marginal_synapse_updates_per_s")),
        str(r["steady_new_cython_modules"]), f"{fmt(r['python_peak_rss_mb'], 0)} / {fmt(r['tree_peak_rss_mb'], 0)}",
    ]


def markdown(report: dict[str, Any]) -> str:
    ratios_rows = [[r["model"], f"{r['marginal_standalone_over_cython']:.2f}",
                    f"{r['large_call_standalone_over_cython']:.2f}"] for r in report["ratios"]]
    lines = header_lines("ALSA and dendritic-BSS throughput (cython vs cpp_standalone)", report) + [
        "ALSA: IRIS classifier, 48 inputs -> 3 outputs with teachers, 250 ms per training sample at dt = 0.5 ms. "
        "Dendritic: 320 inputs -> 8 two-compartment neurons, 200 ms stimuli at dt = 1 ms, plasticity on. "
        "Each call rebuilds the network, as the studies do; calls alternate a small and a large amount of work "
        "(samples or stimuli). The first call of each size is a warm-up (compilation); steady = median of the "
        "later calls of a size; marginal = from the difference of the two sizes (the speed of the generated code); "
        "fixed = the rest of a steady call (build, code generation, make, setup); new modules = Cython modules "
        "compiled during the steady calls (0 when the cache holds).", "",
        results_table(TIMING_COLUMNS, report["timing"], ("model", "device"), _timing_cells), "",
        markdown_table(RATIO_COLUMNS, ratios_rows),
    ]
    return "\n".join(lines) + "\n"


def run_suite(quick: bool, out: Path, seed: int) -> list[str]:
    """Run the suite, write its results into ``out``; returns the names of failed cases."""
    mode = "quick" if quick else "full"
    return run_timing_suite(NAME, "benchmarks.dendritic_alsa_throughput", mode, cases(mode, seed), summarise,
                            lambda timing: {"ratios": ratios(timing)}, markdown, out)
