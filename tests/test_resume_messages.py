"""What a resumed search finds is said in one line: no trial log (a new search starts), a torn last line (dropped),
or --calls not above the trials held (nothing to run)."""

import logging

import search_objectives as objectives
from cli_processes import Command, brainsnn_env

from brainsnn.search import TrialLog, run_search

CONFIG = {"seed": 7}


def _warnings(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]


def test_resume_without_a_log_says_it_starts_a_new_search(tmp_path, caplog):
    out = tmp_path / "empty"
    result = run_search(objectives.QUADRATIC, CONFIG, calls=2, out_dir=out, resume=True)
    assert _warnings(caplog) == [f"no trial log in {out}; --resume starts a new search there"]
    assert len(result.trials) == 2


def test_resume_says_it_dropped_a_torn_last_line(tmp_path, caplog):
    run_search(objectives.QUADRATIC, CONFIG, calls=2, out_dir=tmp_path)
    log_path = tmp_path / "trials.jsonl"
    with open(log_path, "ab") as handle:
        handle.write(b'{"kind": "trial", "trial": 2, "par')
    caplog.clear()
    run_search(objectives.QUADRATIC, CONFIG, calls=3, out_dir=tmp_path, resume=True)
    assert _warnings(caplog) == [
        f"dropped the torn last line of {log_path} (the record of a trial cut off when the search stopped); "
        "that trial runs again"
    ]
    assert sorted(record["trial"] for record in TrialLog(log_path).read()[1]) == [0, 1, 2]


def test_resume_without_a_torn_line_or_with_a_new_log_is_silent(tmp_path, caplog):
    run_search(objectives.QUADRATIC, CONFIG, calls=2, out_dir=tmp_path)
    run_search(objectives.QUADRATIC, CONFIG, calls=3, out_dir=tmp_path, resume=True)
    assert _warnings(caplog) == []


def test_resume_with_calls_not_above_the_trials_held_says_nothing_runs(tmp_path, caplog):
    run_search(objectives.QUADRATIC, CONFIG, calls=3, out_dir=tmp_path)
    log_path = tmp_path / "trials.jsonl"
    before = log_path.read_bytes()
    caplog.clear()
    for calls in (3, 2):
        result = run_search(objectives.QUADRATIC, CONFIG, calls=calls, out_dir=tmp_path, resume=True)
        assert len(result.trials) == 3
    assert _warnings(caplog) == [
        f"trial log {log_path} already holds 3 trials and --calls {calls} asks for no more; nothing to run "
        "(pass a larger --calls to extend the search)" for calls in (3, 2)
    ]
    assert log_path.read_bytes() == before


def test_the_command_prints_the_message_as_one_line(tmp_path):
    env, out = brainsnn_env(tmp_path), tmp_path / "search"
    arguments = ["search", "test-sleepy", "--preset", "smoke", "--set", "trial_s=0", "--out", str(out)]
    assert Command(env, "-q", *arguments, "--calls", "2").finish() == (0, "")
    status, err = Command(env, "-q", *arguments, "--calls", "1", "--resume").finish()
    assert (status, err) == (0, f"trial log {out / 'trials.jsonl'} already holds 2 trials and --calls 1 asks for "
                                "no more; nothing to run (pass a larger --calls to extend the search)\n")
