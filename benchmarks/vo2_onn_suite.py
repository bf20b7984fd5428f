"""VO2 ONN throughput: batched 60-oscillator Hopfield ONNs on numpy, cython and cpp_standalone (a ``make bench``
suite).

Each case (``python -m benchmarks.vo2_onn_throughput``, a fresh process) retrieves 1, 12 or 120 inputs at once.
Steady = median of the calls after the first; one-off = first call - steady (graph building, code generation,
compilation). The wall time per network of a steady call should fall as the batch grows. Results go to
``<out>/vo2_onn_throughput.{json,md}``.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from benchmarks.harness import fmt, header_lines, results_table, run_timing_suite
from brainsnn.report import markdown_table

NAME = "vo2_onn_throughput"
#: Simulated periods and calls per device; the runtime targets simulate less (their rate does not depend on it).
SIZES = {
    "full": {"batches": (1, 12, 120), "periods": {"numpy": 0.5, "cython": 2.0, "cpp_standalone": 5.0},
             "calls": {"numpy": 2, "cython": 2, "cpp_standalone": 3}},
    "quick": {"batches": (1, 12, 120), "periods": {"numpy": 0.2, "cython": 0.5, "cpp_standalone": 4.0},
              "calls": {"numpy": 2, "cython": 2, "cpp_standalone": 2}},
}


def cases(mode: str, seed: int) -> list[dict[str, Any]]:
    sizes = SIZES[mode]
    return [{"name": f"vo2-onn {device} B={batch}", "device": device, "n_networks": batch,
             "periods": sizes["periods"][device], "calls": sizes["calls"][device], "seed": seed}
            for device in ("numpy", "cython", "cpp_standalone") for batch in sizes["batches"]]


def summarise(result: dict[str, Any]) -> dict[str, Any]:
    records = result["records"]
    first, steady = records[0], records[1:] or records[:1]

    def median(key: str) -> float:
        return statistics.median(r[key] for r in steady)

    steady_s = median("seconds")
    periods = result["periods"]
    return {
        "name": result["name"], "device": result["device"], "n_networks": result["n_networks"],
        "periods": periods, "steps": first["steps"], "first_call_s": first["seconds"], "steady_call_s": steady_s,
        "one_off_s": first["seconds"] - steady_s, "make_s": first.get("make_s"),
        "s_per_network_period": steady_s / result["n_networks"] / periods,
        "oscillator_steps_per_s": median("oscillator_steps_per_s"),
        "coupling_updates_per_s": median("coupling_updates_per_s"),
        "python_peak_rss_mb": result["python_peak_rss_mb"], "tree_peak_rss_mb": result["tree_peak_rss_mb"],
    }


TIMING_COLUMNS = (
    "device", "B", "periods", "steps", "first call s", "steady call s", "one-off s", "make s", "s per network-period",
    "oscillator-steps/s", "coupling updates/s", "peak RSS MiB (python / tree)",
)
SCALING_COLUMNS = ("device", "B", "wall per network vs B = 1", "oscillator-steps/s vs B = 1")


def _timing_cells(r: dict[str, Any]) -> list[str]:
    return [
        r["device"], str(r["n_networks"]), f"{r['periods']:g}", str(r["steps"]), fmt(r["first_call_s"], 1),
        fmt(r["steady_call_s"]), fmt(r["one_off_s"], 1), fmt(r["make_s"], 1), fmt(r["s_per_network_period"], 4),
        fmt(r["oscillator_steps_per_s"]), fmt(r["coupling_updates_per_s"]),
        f"{fmt(r['python_peak_rss_mb'], 0)} / {fmt(r['tree_peak_rss_mb'], 0)}",
    ]


def markdown(report: dict[str, Any]) -> str:
    scaling_rows = [[r["device"], str(r["n_networks"]), f"{r['per_network_ratio']:.3f}",
                     f"{r['throughput_ratio']:.1f}x"] for r in report["scaling"]]
    lines = header_lines("VO2 ONN throughput (60-oscillator Hopfield ONNs, dt = 2 ns)", report) + [
        "One call retrieves B noisy digits at once (B independent 60-oscillator networks, 1,770 resistors each). "
        "Steady = median of the calls after the first; one-off = first call - steady (building, code generation, "
        "compilation; make = the C++ compiler alone). Per network-period = steady call / B / simulated periods.", "",
        results_table(TIMING_COLUMNS, report["timing"], ("device", "n_networks"), _timing_cells),
        "", "Batch scaling: steady wall time per network relative to B = 1 on the same device "
        "(below 1 = sub-linear growth of the call with B).", "",
        markdown_table(SCALING_COLUMNS, scaling_rows),
    ]
    return "\n".join(lines) + "\n"


def scaling(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per device: steady cost per network-period and throughput against the B = 1 case."""
    out = []
    for row in rows:
        base = next((b for b in rows if b["device"] == row["device"] and b["n_networks"] == 1), None)
        if base and row["n_networks"] > 1:
            out.append({"device": row["device"], "n_networks": row["n_networks"],
                        "per_network_ratio": row["s_per_network_period"] / base["s_per_network_period"],
                        "throughput_ratio": row["oscillator_steps_per_s"] / base["oscillator_steps_per_s"]})
    return out


def run_suite(quick: bool, out: Path, seed: int) -> list[str]:
    """Run the suite, write its results into ``out``; returns the names of failed cases."""
    mode = "quick" if quick else "full"
    return run_timing_suite(NAME, "benchmarks.vo2_onn_throughput", mode, cases(mode, seed), summarise,
                            lambda timing: {"scaling": scaling([r for r in timing if "error" not in r])}, markdown, out)
