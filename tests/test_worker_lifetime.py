"""A search never outlives its process: after SIGKILL of `brainsnn search --workers 2`, its workers, the `sleep`
each trial waits for and the multiprocessing resource tracker all end within a few seconds (real subprocesses)."""

import contextlib
import os
import signal

import pytest
from cli_processes import HAS_PROC, Command, brainsnn_env, command_of, descendants, running, wait_for

pytestmark = pytest.mark.skipif(not HAS_PROC, reason="lists processes through Linux /proc")


def test_sigkilled_search_leaves_no_worker_trial_child_or_resource_tracker(tmp_path):
    search = Command(brainsnn_env(tmp_path), "-q", "search", "test-sleepy", "--preset", "smoke", "--calls", "8",
                     "--workers", "2", "--set", "trial_s=60", "--set", "child=true", "--out", str(tmp_path / "out"))
    try:
        def both_trials_sleep() -> bool:
            return sum(command_of(pid) == "sleep 60.0" for pid in descendants(search.pid)) == 2

        wait_for(both_trials_sleep, "two trials waiting for their `sleep`", timeout=60, command=search)
        below = {pid: command_of(pid) for pid in descendants(search.pid)}
    finally:
        os.kill(search.pid, signal.SIGKILL)
    assert search.finish()[0] == -signal.SIGKILL
    try:
        assert sum("multiprocessing.spawn" in command for command in below.values()) == 2, below
        assert sum("multiprocessing.resource_tracker" in command for command in below.values()) == 1, below
        assert len(below) == 5, below  # 2 workers, their 2 `sleep`s, the resource tracker
        wait_for(lambda: not any(running(pid) for pid in below), f"the end of every process in {below}", timeout=5)
    finally:  # a failing run leaves none behind either
        for pid in filter(running, below):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
