"""TTFS inference throughput: the Brian2 network of the exact mapping (exact-event and clock mode) on numpy, cython
and cpp_standalone against the numpy closed form on the same model (a ``make bench`` suite).

Each case (``python -m benchmarks.ttfs_throughput``, a fresh process) classifies ``calls`` chunks of B digits test
images at once. Steady = median of the calls after the first; one-off = first call - steady (code generation,
compilation). Samples/s of a steady call are compared with the closed form's on the same chunks; the batched
layout's memory is the peak RSS against B x synapses per sample. Results go to ``<out>/ttfs_throughput.{json,md}``.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from benchmarks.harness import fmt, header_lines, results_table, run_timing_suite
from brainsnn.report import markdown_table

NAME = "ttfs_throughput"
#: Exact-event spike times do not depend on dt (only run time does); clock mode needs a finer grid.
DTS = {"exact-event": 0.05, "clock": 0.02}
SIZES = {
    "full": {"networks": ("fc", "lenet"), "batches": {"numpy": (16, 256), "cython": (16, 256),
                                                      "cpp_standalone": (16, 256)},
             "calls": {"numpy": 3, "cython": 3, "cpp_standalone": 3}},
    "quick": {"networks": ("fc",), "batches": {"numpy": (16, 256), "cython": (256,), "cpp_standalone": (256,)},
              "calls": {"numpy": 2, "cython": 2, "cpp_standalone": 2}},
}


def cases(mode: str, seed: int) -> list[dict[str, Any]]:
    sizes = SIZES[mode]
    return [{"name": f"ttfs {network} {simulation} {device} B={batch}", "network": network, "mode": simulation,
             "device": device, "dt": DTS[simulation], "batch_size": batch, "calls": sizes["calls"][device],
             "seed": seed}
            for network in sizes["networks"] for simulation in DTS for device in sizes["batches"]
            for batch in sizes["batches"][device]]


def summarise(result: dict[str, Any]) -> dict[str, Any]:
    records = result["records"]
    first, steady = records[0], records[1:] or records[:1]
    steady_s = statistics.median(r["seconds"] for r in steady)
    samples_per_s = result["batch_size"] / steady_s
    return {
        "name": result["name"], "network": result["network"], "mode": result["mode"], "device": result["device"],
        "batch_size": result["batch_size"], "dt": result["dt"], "steps": result["steps"],
        "build_s": result["build_s"], "first_call_s": first["seconds"], "steady_call_s": steady_s,
        "one_off_s": first["seconds"] - steady_s,
        "make_s": first.get("make_s"), "samples_per_s": samples_per_s,
        "closed_form_samples_per_s": result["closed_form_samples_per_s"],
        "closed_form_speedup": result["closed_form_samples_per_s"] / samples_per_s,
        "max_logit_difference": result["max_logit_difference"], "synapses_per_sample": result["synapses_per_sample"],
        "synapses": result["batch_size"] * result["synapses_per_sample"],
        "python_peak_rss_mb": result["python_peak_rss_mb"], "tree_peak_rss_mb": result["tree_peak_rss_mb"],
    }


def memory_per_synapse(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per network, mode and device with two batch sizes: extra peak RSS per extra synapse of the batched layout."""
    out = []
    for row in rows:
        smaller = [r for r in rows if (r["network"], r["mode"], r["device"]) == (row["network"], row["mode"],
                                                                                 row["device"])
                   and r["batch_size"] < row["batch_size"]]
        for base in smaller:
            extra = row["synapses"] - base["synapses"]
            out.append({"network": row["network"], "mode": row["mode"], "device": row["device"],
                        "batches": f"{base['batch_size']} -> {row['batch_size']}", "extra_synapses": extra,
                        "bytes_per_synapse": (row["python_peak_rss_mb"] - base["python_peak_rss_mb"]) * 2**20 / extra})
    return out


TIMING_COLUMNS = (
    "network", "mode", "device", "B", "dt", "steps", "build s", "first call s", "steady call s", "one-off s", "make s",
    "samples/s", "closed form samples/s", "closed form speed-up", "max logit difference", "synapses",
    "peak RSS MiB (python / tree)",
)
MEMORY_COLUMNS = ("network", "mode", "device", "B", "extra synapses", "bytes per synapse")


def _timing_cells(r: dict[str, Any]) -> list[str]:
    return [
        r["network"], r["mode"], r["device"], str(r["batch_size"]), str(r["dt"]), str(r["steps"]), fmt(r["build_s"]),
        fmt(r["first_call_s"], 1), fmt(r["steady_call_s"]), fmt(r["one_off_s"], 1), fmt(r["make_s"], 1),
        fmt(r["samples_per_s"], 1), fmt(r["closed_form_samples_per_s"], 0), f"{fmt(r['closed_form_speedup'], 0)}x",
        fmt(r["max_logit_difference"]), str(r["synapses"]),
        f"{fmt(r['python_peak_rss_mb'], 0)} / {fmt(r['tree_peak_rss_mb'], 0)}",
    ]


def markdown(report: dict[str, Any]) -> str:
    memory_rows = [[r["network"], r["mode"], r["device"], r["batches"], str(r["extra_synapses"]),
                    f"{r['bytes_per_synapse']:.0f}"] for r in report["memory"]]
    lines = header_lines("TTFS inference throughput (exact ReLU -> TTFS mapping, digits)", report) + [
        "One call classifies B test images at once (B block-diagonal copies of the network). Steady = median of the "
        "calls after the first; build = creating the Brian2 objects; one-off = first call - steady (code "
        "generation, compilation; make = the C++ compiler alone). Closed form = `ttfs_forward` (numpy) on the "
        "same chunks; speed-up = its samples/s over the Brian2 network's. Logit difference = max |V_Brian2 - "
        "V_closed form| (exact-event: rounding; clock: the O(dt) discretisation error).", "",
        results_table(TIMING_COLUMNS, report["timing"], ("network", "mode", "device", "batch_size"), _timing_cells),
        "", "Memory of the batched synapse layout: extra peak RSS of the Python process per extra synapse "
        "between two batch sizes (Brian2 stores indices, J and per-synapse state for every copy; the closed "
        "form needs one copy of the weights).", "",
        markdown_table(MEMORY_COLUMNS, memory_rows),
    ]
    return "\n".join(lines) + "\n"


def run_suite(quick: bool, out: Path, seed: int) -> list[str]:
    """Run the suite, write its results into ``out``; returns the names of failed cases."""
    mode = "quick" if quick else "full"
    return run_timing_suite(NAME, "benchmarks.ttfs_throughput", mode, cases(mode, seed), summarise,
                            lambda timing: {"memory": memory_per_synapse([r for r in timing if "error" not in r])},
                            markdown, out)
