"""SIGINT (Ctrl-C) and SIGTERM stop `brainsnn` with one line and status 128 + N, the trial log intact and no process
left (real subprocesses); a search stopped by an exception kills its workers at once; a --scheduler that cannot
be used is one line and leaves no --out folder."""

import json
import os
import signal
import subprocess
import time

import pytest
from cli_processes import HAS_PROC, Command, brainsnn_env, command_of, descendants, running, trials_logged, wait_for

from brainsnn.cli import EXIT_BAD_INPUT, EXIT_SIGNAL_BASE, main
from brainsnn.folder_lock import lock_path
from brainsnn.search import ProcessExecutor, executors

pytestmark = pytest.mark.skipif(not HAS_PROC, reason="lists processes through Linux /proc")

STOPPED = "brainsnn: stopped by {}; finished trials and published results are kept\n"


def _all_end(pids) -> None:
    wait_for(lambda: not any(running(pid) for pid in pids), f"the end of processes {sorted(pids)}", timeout=5)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_stopped_search_prints_one_line_keeps_its_log_and_leaves_no_process(tmp_path, stop):
    out = tmp_path / "search"
    search = Command(brainsnn_env(tmp_path), "-q", "search", "test-sleepy", "--preset", "smoke", "--calls", "20",
                     "--workers", "2", "--set", "trial_s=2", "--set", "child=true", "--out", str(out),
                     start_new_session=True)
    below: set[int] = set()

    def trial_logged_and_two_running() -> bool:
        below.clear()
        below.update(descendants(search.pid))
        sleeping = sum(command_of(pid) == "sleep 2.0" for pid in below)
        return trials_logged(out / "trials.jsonl") >= 1 and sleeping == 2

    wait_for(trial_logged_and_two_running, "a trial line while two trials run", timeout=60, command=search)
    logged = (out / "trials.jsonl").read_bytes()
    if stop == signal.SIGINT:
        os.killpg(search.pid, stop)  # what Ctrl-C does: the whole foreground process group gets it
    else:
        os.kill(search.pid, stop)  # what `kill PID` does
    assert search.finish(timeout=30) == (EXIT_SIGNAL_BASE + stop, STOPPED.format(stop.name))
    assert len(below) == 5  # 2 workers, their 2 `sleep`s, the resource tracker
    _all_end(below)
    lines = (out / "trials.jsonl").read_bytes().splitlines(keepends=True)
    assert b"".join(lines).startswith(logged) and lines[-1].endswith(b"\n")
    assert [json.loads(line)["kind"] for line in lines] == ["header"] + ["trial"] * (len(lines) - 1)
    assert not lock_path(out).exists()


def test_stopped_run_publishes_nothing(tmp_path):
    out = tmp_path / "run"
    run = Command(brainsnn_env(tmp_path), "run", "test-sleepy", "--preset", "smoke", "--set", "run_s=30", "--out",
                  str(out))
    wait_for(lambda: any(tmp_path.glob(".run.partial-*")), "the run's staging folder", command=run)
    os.kill(run.pid, signal.SIGINT)
    assert run.finish(timeout=30) == (EXIT_SIGNAL_BASE + signal.SIGINT, STOPPED.format("SIGINT"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no run, staging folder or lock file


def test_a_search_stopped_by_an_exception_kills_running_trials_and_their_children_at_once():
    def trial_processes() -> set[int]:
        return {pid for pid in descendants(os.getpid())
                if "multiprocessing.spawn" in command_of(pid) or command_of(pid) == "sleep 30"}

    started = time.monotonic()
    with pytest.raises(RuntimeError, match="stop"):
        with ProcessExecutor(2) as executor:
            for _ in range(2):
                executor.submit(subprocess.run, ["sleep", "30"])
            wait_for(lambda: len(trial_processes()) == 4, "2 workers, each waiting for its `sleep`", timeout=30)
            below = trial_processes()
            raise RuntimeError("stop")
    assert time.monotonic() - started < 25  # closing normally would wait for the 30 s `sleep`s
    _all_end(below)


def test_unsupported_scheduler_protocol_is_one_line_and_creates_nothing(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["search", "stdp-generalization", "--preset", "smoke", "--calls", "2", "--scheduler",
                 "tls://127.0.0.1:8786", "--out", str(out)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "tls:// and ucx:// are not supported" in err
    assert list(tmp_path.iterdir()) == []


def test_unreachable_scheduler_is_one_line_and_leaves_no_out_folder(tmp_path, capsys, monkeypatch):
    pytest.importorskip("distributed", reason="needs the `dist` extra")
    monkeypatch.setattr(executors, "CONNECT_TIMEOUT_S", 1)
    out = tmp_path / "out"
    assert main(["search", "stdp-generalization", "--preset", "smoke", "--calls", "2", "--scheduler",
                 "tcp://127.0.0.1:1", "--out", str(out)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("brainsnn: error: cannot reach the Dask scheduler"), err
    assert list(tmp_path.iterdir()) == []
