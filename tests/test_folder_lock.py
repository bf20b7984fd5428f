"""One writer per results folder: the lock file beside the folder, and `brainsnn run` / `brainsnn search` started
twice on one --out (real subprocesses): the second stops with one line naming the holder and writes nothing."""

import json
import os
import re
import signal
import socket
import subprocess
import sys

import pytest
from cli_processes import Command, brainsnn_env, trials_logged, wait_for

from brainsnn.cli import EXIT_BAD_INPUT
from brainsnn.errors import ConfigError
from brainsnn.folder_lock import hold_results_folder, lock_path

HOLD_AND_SLEEP = """
import sys, time
from brainsnn.folder_lock import hold_results_folder
with hold_results_folder(sys.argv[1], "holder command"):
    print("held", flush=True)
    time.sleep(60)
"""


def test_lock_file_lies_beside_the_folder_names_its_holder_and_goes_when_released(tmp_path):
    out = tmp_path / "parent" / "out"
    with hold_results_folder(out, "brainsnn run x") as path:
        assert path == lock_path(out) == tmp_path / "parent" / ".out.lock"
        assert json.loads(path.read_text()) == {"pid": os.getpid(), "host": socket.gethostname(),
                                                "command": "brainsnn run x"}
        assert not out.exists()
        in_use = rf"--out {re.escape(str(out))} is in use by pid {os.getpid()} on host .* \(brainsnn run x\)"
        with pytest.raises(ConfigError, match=in_use):
            with hold_results_folder(out, "brainsnn run y"):
                pass
        assert json.loads(path.read_text())["command"] == "brainsnn run x"
    assert sorted(p.name for p in (tmp_path / "parent").iterdir()) == []


def test_lock_of_another_process_is_refused_until_it_is_killed_then_taken_over(tmp_path):
    out = tmp_path / "out"
    holder = subprocess.Popen([sys.executable, "-c", HOLD_AND_SLEEP, str(out)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(ConfigError, match=rf"in use by pid {holder.pid} on host .* \(holder command\)"):
            with hold_results_folder(out, "second"):
                pass
    finally:
        holder.kill()
        holder.wait()
    assert json.loads(lock_path(out).read_text())["pid"] == holder.pid  # left behind by the killed holder
    with hold_results_folder(out, "after the crash") as path:
        assert json.loads(path.read_text())["command"] == "after the crash"
    assert not lock_path(out).exists()


def test_lock_under_a_file_is_a_config_error(tmp_path):
    (tmp_path / "file").write_text("keep")
    with pytest.raises(ConfigError, match="choose another --out"):
        with hold_results_folder(tmp_path / "file" / "out", "x"):
            pass
    assert (tmp_path / "file").read_text() == "keep"


def _refused_line(err: str, holder: Command) -> None:
    assert err.count("\n") == 1 and err.startswith("brainsnn: error: --out "), err
    assert f"is in use by pid {holder.pid} on host " in err and "choose another --out" in err


def test_two_runs_into_one_out_the_second_is_refused_and_writes_nothing(tmp_path):
    env, out = brainsnn_env(tmp_path), tmp_path / "runs" / "out"
    first = Command(env, "-q", "run", "test-sleepy", "--preset", "smoke", "--set", "run_s=3", "--seed", "1",
                    "--out", str(out))
    wait_for(lambda: any(out.parent.glob(".out.partial-*")), "the first run's staging folder", command=first)
    status, err = Command(env, "-q", "run", "test-sleepy", "--preset", "smoke", "--seed", "2", "--out",
                          str(out)).finish()
    assert status == EXIT_BAD_INPUT
    _refused_line(err, first)
    assert sorted(p.name for p in out.parent.iterdir()) == [".out.lock", f".out.partial-{first.pid}"]
    assert first.finish() == (0, "")
    assert json.loads((out / "config.json").read_text())["config"]["seed"] == 1
    assert json.loads((out / "metrics.json").read_text()) == {"pid": first.pid}
    assert sorted(p.name for p in out.parent.iterdir()) == ["out"]


def test_two_searches_started_at_once_on_one_out_one_is_refused_and_each_trial_is_logged_once(tmp_path):
    env, out = brainsnn_env(tmp_path), tmp_path / "search"
    arguments = ["-q", "search", "test-sleepy", "--preset", "smoke", "--calls", "4", "--set", "trial_s=0.5",
                 "--out", str(out)]
    searches = [Command(env, *arguments), Command(env, *arguments)]
    outcomes = [search.finish() for search in searches]
    assert sorted(status for status, _ in outcomes) == [0, EXIT_BAD_INPUT]
    winner, loser = sorted(range(2), key=lambda index: outcomes[index][0])
    assert outcomes[winner][1] == ""
    _refused_line(outcomes[loser][1], searches[winner])
    trials = [json.loads(line) for line in (out / "trials.jsonl").read_text().splitlines()[1:]]
    assert sorted(trial["trial"] for trial in trials) == [0, 1, 2, 3]
    assert {trial["metrics"]["pid"] for trial in trials} == {searches[winner].pid}
    assert not lock_path(out).exists()


def test_search_killed_with_sigkill_leaves_a_stale_lock_that_a_resume_takes_over(tmp_path):
    env, out = brainsnn_env(tmp_path), tmp_path / "search"
    arguments = ["-q", "search", "test-sleepy", "--preset", "smoke", "--calls", "6", "--set", "trial_s=0.3",
                 "--out", str(out)]
    killed = Command(env, *arguments)
    wait_for(lambda: trials_logged(out / "trials.jsonl") >= 2, "two trials", command=killed)
    os.kill(killed.pid, signal.SIGKILL)
    assert killed.finish()[0] == -signal.SIGKILL
    assert json.loads(lock_path(out).read_text())["pid"] == killed.pid
    before = (out / "trials.jsonl").read_bytes()
    held = before[: before.rindex(b"\n") + 1]  # without a line torn by the kill
    status, err = Command(env, *arguments, "--resume").finish()
    assert status == 0
    assert err == "" or (err.startswith("dropped the torn last line") and err.count("\n") == 1), err
    after = (out / "trials.jsonl").read_bytes()
    assert after.startswith(held)
    trials = [json.loads(line) for line in after.splitlines()[1:]]
    assert sorted(trial["trial"] for trial in trials) == list(range(6))
    assert not lock_path(out).exists()
