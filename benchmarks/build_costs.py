"""What a benchmark case measures besides wall time: peak memory, and whether (and how long) a call compiled."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from brian2 import device as brian_device
from brian2 import prefs

from brainsnn.backend import Backend


def peak_rss_mb() -> float:
    """This process's peak resident memory (``VmHWM``), MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cython_cache_modules() -> int:
    """Number of compiled extension modules in Brian2's Cython cache (to tell whether a call compiled)."""
    cache = prefs.codegen.runtime.cython.cache_dir or Path.home() / ".cython" / "brian_extensions"
    return len(list(Path(cache).glob("*.so"))) if Path(cache).exists() else 0


def build_costs(backend: Backend, call: int, modules_before: int) -> dict[str, Any]:
    """Standalone: the C++ make time (first call only) and the binary's run time; runtime targets: how many
    Cython modules the call compiled (``modules_before`` = :func:`cython_cache_modules` before it)."""
    if backend.standalone:
        return {"make_s": brian_device.timers["compile"]["make"] if call == 0 else 0.0,
                "binary_s": brian_device.timers["run_binary"]}
    return {"new_cython_modules": cython_cache_modules() - modules_before}
