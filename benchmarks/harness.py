"""Shared plumbing of the benchmark suites: machine facts and one case per fresh subprocess."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from brainsnn.report import markdown_table

#: A case running longer than this is killed and reported as failed.
CASE_TIMEOUT_S = 1800


def machine_info() -> dict[str, Any]:
    """CPU, core count, load and versions of the machine running the benchmark."""
    import brian2
    import numpy

    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    gcc = subprocess.run(["g++", "--version"], capture_output=True, text=True).stdout.splitlines()
    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": cpu, "platform": platform.platform(), "python": platform.python_version(),
        "brian2": brian2.__version__, "numpy": numpy.__version__, "gxx": gcc[0] if gcc else "none",
    }


def call_seconds(function: Callable[[], Any], calls: int) -> list[float]:
    """Wall seconds of ``calls`` successive calls of ``function``."""
    seconds = []
    for _ in range(calls):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    return seconds


def first_and_steady(function: Callable[[], Any], calls: int) -> dict[str, float]:
    """The first call's seconds (warm-up, compilation) and the median of the others (all, for one call)."""
    seconds = call_seconds(function, calls)
    return {"first_s": seconds[0], "steady_s": statistics.median(seconds[1:] or seconds)}


def run_case(module: str, case: dict[str, Any], python: str = sys.executable) -> dict[str, Any]:
    """Run ``case`` with ``python -m module CASE_JSON OUT_JSON`` in a fresh process (``python``: this interpreter
    unless another environment is named); add its wall time and the peak RSS of its process tree."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        command = [python, "-m", module, json.dumps(case), str(out)]
        print(f"--- {case['name']} (load {os.getloadavg()[0]:.1f})", flush=True)
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=Path(__file__).resolve().parent.parent)
        deadline = start + CASE_TIMEOUT_S
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.2)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        if process.returncode != 0 or not out.exists():
            print(f"    FAILED with exit code {process.returncode} after {wall:.0f} s", flush=True)
            return {**case, "error": f"exit code {process.returncode}", "wall_s": wall}
        result = json.loads(out.read_text())
    # ru_maxrss of a waited child: the largest of that process and its waited descendants (compilers included).
    result.update(case, wall_s=wall, tree_peak_rss_mb=usage.ru_maxrss / 1024)
    print(f"    done in {wall:.0f} s", flush=True)
    return result


def run_cases(module: str, cases: list[dict[str, Any]], summarise) -> list[dict[str, Any]]:
    """Run every case with :func:`run_case`; finished ones are passed through ``summarise``, failed ones kept."""
    rows = []
    for case in cases:
        result = run_case(module, case)
        rows.append(result if "error" in result else summarise(result))
    return rows


def run_timing_suite(
    name: str, module: str, mode: str, cases: list[dict[str, Any]], summarise,
    sections: Callable[[list[dict[str, Any]]], dict[str, Any]], markdown: Callable[[dict[str, Any]], str], out: Path,
) -> list[str]:
    """Run ``cases`` of ``module`` (:func:`run_cases`), add ``sections(timing rows)`` to the report and write it
    (:func:`write_report`) as ``out/name.{json,md}``; return the names of the failed cases."""
    clock = SuiteClock(mode)
    timing = run_cases(module, cases, summarise)
    report = {**clock.envelope(), "timing": timing, **sections(timing)}
    write_report(out, name, report, markdown(report))
    return [row["name"] for row in timing if "error" in row]


def case_main(run: Callable[[dict[str, Any]], dict[str, Any]], argv: list[str]) -> int:
    """Entry point of a case module: ``python -m MODULE CASE_JSON OUT_JSON`` writes ``run(case)`` to OUT_JSON."""
    case = json.loads(argv[0])
    Path(argv[1]).write_text(json.dumps(run(case), indent=1))
    return 0


class SuiteClock:
    """Load average and wall time around a suite, for the header of its report."""

    def __init__(self, mode: str):
        self.mode, self.load_before, self.start = mode, _load(), time.perf_counter()

    def envelope(self) -> dict[str, Any]:
        return {"mode": self.mode, "finished": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
                "wall_s": time.perf_counter() - self.start, "machine": machine_info(),
                "load_before": self.load_before, "load_after": _load()}


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def header_lines(title: str, report: dict[str, Any]) -> list[str]:
    """Title, mode, wall time and machine lines of a suite's Markdown report."""
    m = report["machine"]
    return [f"# {title}", "",
            f"Mode `{report['mode']}`, {report['finished']}; total wall time {report['wall_s']:.0f} s.", "",
            f"Machine: {m['nproc']} cores ({m['cpu']}), load average before {report['load_before']}, after "
            f"{report['load_after']}; Python {m['python']}, brian2 {m['brian2']}, numpy {m['numpy']}, {m['gxx']}.", ""]


def write_report(out: Path, name: str, report: dict[str, Any], text: str) -> None:
    """``out/name.json`` (all figures) and ``out/name.md`` (``text``, also printed)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(report, indent=1))
    (out / f"{name}.md").write_text(text)
    print(text)


def results_table(
    headers: Sequence[str], rows: list[dict[str, Any]], key_columns: Sequence[str], cells: Callable[[dict], list[str]]
) -> str:
    """A Markdown table of case results: ``cells(row)`` for a finished case, its ``key_columns`` values and
    ``failed: <error>`` (the other cells empty) for a failed one."""
    body = []
    for row in rows:
        if "error" in row:
            keys = [str(row[key]) for key in key_columns]
            body.append([*keys, f"failed: {row['error']}"] + [""] * (len(headers) - len(keys) - 1))
        else:
            body.append(cells(row))
    return markdown_table(headers, body)


def fmt(value: Any, digits: int = 2) -> str:
    """A table cell: '–' for None, scientific notation for very large or small floats."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.2e}" if abs(value) >= 1e5 or 0 < abs(value) < 1e-2 else f"{value:.{digits}f}"
    return str(value)
