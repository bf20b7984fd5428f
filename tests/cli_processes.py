"""Run the `brainsnn` command in real subprocesses and watch the processes it leaves behind (Linux ``/proc``).

:func:`brainsnn_env` registers the study of sleepy_study.py as ``test-sleepy`` through the ``brainsnn.studies``
entry-point group, as an installed distribution would, so that the command and the workers it spawns find it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
#: Whether this system lists processes with their parents under /proc (Linux).
HAS_PROC = Path("/proc/self/stat").exists()


def brainsnn_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a `brainsnn` subprocess that knows the study ``test-sleepy``."""
    info = tmp_path / "site" / "brainsnn_sleepy_study-0.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: brainsnn-sleepy-study\nVersion: 0\n")
    (info / "entry_points.txt").write_text("[brainsnn.studies]\ntest-sleepy = sleepy_study:SLEEPY\n")
    path = [str(info.parent), str(TESTS_DIR), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(path), "BRAINSNN_BUILD_DIR": str(tmp_path / "build")}


class Command:
    """``brainsnn ARGS`` running in a subprocess; its standard error goes to a file (a pipe would stay open as
    long as any process it started lives)."""

    def __init__(self, env: dict[str, str], *args: str, **popen):
        self._stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen([sys.executable, "-m", "brainsnn.cli", *args], env=env,
                                        stdout=subprocess.DEVNULL, stderr=self._stderr, **popen)
        self.pid = self.process.pid

    def stderr(self) -> str:
        """Everything written to standard error so far."""
        self._stderr.seek(0)
        return self._stderr.read().decode()

    def finish(self, timeout: float = 60) -> tuple[int, str]:
        """Wait for the command; return its exit status and standard error."""
        return self.process.wait(timeout=timeout), self.stderr()


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 30, command: Command | None = None) -> None:
    """Poll ``condition`` until it holds; fail naming ``what`` after ``timeout`` s or if ``command`` ends first."""
    deadline = time.monotonic() + timeout
    while not condition():
        if command is not None and command.process.poll() is not None:
            raise AssertionError(f"the command ended ({command.process.returncode}) before {what}: {command.stderr()}")
        assert time.monotonic() < deadline, f"no {what} within {timeout} s"
        time.sleep(0.05)


def trials_logged(log_path: Path) -> int:
    """Complete trial lines in a trial log (lines after the header)."""
    return max(0, log_path.read_bytes().count(b"\n") - 1) if log_path.exists() else 0


def _parents() -> dict[int, int]:
    """``{pid: parent pid}`` of every process alive now."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended while listed
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    return parents


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` in the process tree, now."""
    parents = _parents()
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def running(pid: int) -> bool:
    """Whether ``pid`` is a process that has not ended (a zombie has)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def command_of(pid: int) -> str:
    """The command line of ``pid`` (empty once it has ended)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except OSError:
        return ""
