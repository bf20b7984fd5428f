"""Tests of brainsnn.search: dimensions, the GP optimizer, the durable trial log, resume and the executors.

The studies searched are closed-form test objectives (tests/search_objectives.py).
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
import search_objectives as objectives
import skopt

from brainsnn.errors import ConfigError
from brainsnn.search import (
    Categorical,
    Integer,
    Optimizer,
    ProcessExecutor,
    Real,
    TrialLog,
    evaluate_trial,
    executors,
    run_search,
)

CONFIG = {"seed": 7}
TESTS_DIR = Path(__file__).resolve().parent
REPO_DIR = TESTS_DIR.parent


def trial_lines(log_path: Path) -> list[dict]:
    return [json.loads(line) for line in log_path.read_text().splitlines()[1:]]


def parses(line: bytes) -> bool:
    try:
        json.loads(line)
    except ValueError:
        return False
    return True


# --- dimensions and optimizer -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda: Real("x", 1.0, 1.0),
        lambda: Real("x", 0.0, float("inf")),
        lambda: Real("x", 0.0, 1.0, prior="log-uniform"),
        lambda: Real("x", 0.0, 1.0, prior="normal"),
        lambda: Integer("n", 1, 1.5),
        lambda: Integer("", 1, 3),
        lambda: Categorical("c", ["only"]),
        lambda: Categorical("c", ["a", "a"]),
    ],
)
def test_dimension_rejects_bad_declaration(make):
    with pytest.raises(ConfigError):
        make()


def test_optimizer_asks_plain_json_values_inside_the_space():
    space = [
        Real("rate", 1e-3, 1.0, prior="log-uniform"),
        Integer("n", 1, 5),
        Categorical("rule", ["add", "mul"]),
    ]
    optimizer = Optimizer(space, initial_points=3, seed=0)
    for step in range(6):
        params = optimizer.ask()
        assert type(params["rate"]) is float and 1e-3 <= params["rate"] <= 1.0
        assert type(params["n"]) is int and 1 <= params["n"] <= 5
        assert type(params["rule"]) is str and params["rule"] in ("add", "mul")
        json.dumps(params)
        optimizer.tell(params, float(step))
    assert optimizer.best()[1] == 0.0


def test_gp_ei_beats_random_search_on_the_quadratic(tmp_path):
    seed, calls = 0, 15
    result = run_search(objectives.QUADRATIC, CONFIG, calls=calls, out_dir=tmp_path, seed=seed)
    random_points = skopt.space.Space([(0.0, 1.0), (0.0, 1.0)]).rvs(calls, random_state=seed)
    random_best = min(objectives.quadratic({"x": x, "y": y}) for x, y in random_points)
    assert random_best > 0.01  # random search misses the threshold at this budget and seed
    assert result.best_objective < 0.01
    assert result.best_objective == pytest.approx(objectives.quadratic(result.best_params))
    assert len(result.trials) == calls


def test_failures_are_told_as_the_worst_objective_and_never_best():
    optimizer = Optimizer([Real("x", 0.0, 1.0), Real("y", 0.0, 1.0)], initial_points=2, seed=0)
    optimizer.tell({"x": 0.1, "y": 0.1}, None)
    assert optimizer.best() is None
    optimizer.tell({"x": 0.2, "y": 0.2}, 0.5)
    optimizer.tell({"x": 0.3, "y": 0.3}, 0.1)
    optimizer.tell({"x": 0.4, "y": 0.4}, float("nan"))
    assert optimizer.best() == ({"x": 0.3, "y": 0.3}, 0.1)
    # skopt saw the held-back failure with the worst objective known when it was told, and the nan as well.
    assert optimizer._skopt.yi == [0.5, 0.5, 0.1, 0.5]


def test_pending_points_give_distinct_suggestions():
    optimizer = Optimizer([Real("x", 0.0, 1.0), Real("y", 0.0, 1.0)], initial_points=2, seed=3)
    for _ in range(4):
        params = optimizer.ask()
        optimizer.tell(params, objectives.quadratic(params))
    first = optimizer.ask()
    second = optimizer.ask(pending=[first])
    assert first == optimizer.ask()  # without pending points the GP suggestion is stable
    assert second != first


# --- trial log ----------------------------------------------------------------------------------------------


def test_each_trial_is_on_disk_before_the_next_is_asked(tmp_path):
    result = run_search(objectives.LOG_WATCHING, CONFIG, calls=5, out_dir=tmp_path, seed=1)
    assert [r["error"] for r in result.trials] == [None] * 5
    header = json.loads(result.log_path.read_text().splitlines()[0])
    assert header["kind"] == "header" and header["study"] == "test-log-watching"
    assert header["space"][0] == {"type": "real", "name": "x", "low": 0.0, "high": 1.0, "prior": "uniform"}
    assert header["config"] == CONFIG
    datetime.fromisoformat(header["created"])
    records = trial_lines(result.log_path)
    assert [r["trial"] for r in records] == [0, 1, 2, 3, 4]
    for record in records:
        assert record["objective"] == pytest.approx(objectives.quadratic(record["params"]))
        assert record["seed"] == 7 and record["duration_s"] >= 0 and record["metrics"]["distance"] >= 0


def test_torn_final_line_is_ignored_and_removed_on_resume(tmp_path):
    run_search(objectives.QUADRATIC, CONFIG, calls=3, out_dir=tmp_path, seed=2)
    log_path = tmp_path / "trials.jsonl"
    intact = log_path.read_bytes()
    with open(log_path, "ab") as handle:
        handle.write(b'{"kind": "trial", "trial": 3, "params": {"x": 0.1')
    header, records = TrialLog(log_path).read()
    assert header["study"] == "test-quadratic" and len(records) == 3

    result = run_search(objectives.QUADRATIC, CONFIG, calls=5, out_dir=tmp_path, seed=2, resume=True)
    assert log_path.read_bytes().startswith(intact)
    assert sorted(r["trial"] for r in trial_lines(log_path)) == [0, 1, 2, 3, 4]
    assert len(result.trials) == 5


def test_corruption_before_the_last_line_is_an_error(tmp_path):
    run_search(objectives.QUADRATIC, CONFIG, calls=3, out_dir=tmp_path, seed=2)
    log_path = tmp_path / "trials.jsonl"
    lines = log_path.read_bytes().splitlines(keepends=True)
    lines[1] = lines[1][:20] + b"\n"
    log_path.write_bytes(b"".join(lines))
    with pytest.raises(ConfigError, match="corrupt at line 2"):
        run_search(objectives.QUADRATIC, CONFIG, calls=5, out_dir=tmp_path, resume=True)


# --- kill and resume ----------------------------------------------------------------------------------------

KILLED_SEARCH = """
from brainsnn.search import run_search
import search_objectives
run_search(search_objectives.SLOW, {{"seed": 7}}, calls=8, initial=5, out_dir={out!r}, seed=4)
"""


def test_search_killed_mid_run_resumes_to_exactly_calls_trials(tmp_path):
    log_path = tmp_path / "trials.jsonl"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO_DIR), str(TESTS_DIR)])}
    process = subprocess.Popen([sys.executable, "-c", KILLED_SEARCH.format(out=str(tmp_path))], env=env)
    try:
        deadline = time.monotonic() + 60
        while not (log_path.exists() and log_path.read_bytes().count(b"\n") >= 4):  # header + 3 trials
            assert process.poll() is None, "the search process ended before it was killed"
            assert time.monotonic() < deadline, "the search process wrote no trials"
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL
    before_lines = log_path.read_bytes().split(b"\n")
    if not parses(before_lines[-1]):  # the empty tail after the last newline, or a line torn by the kill
        before_lines.pop()
    before = [json.loads(line) for line in before_lines[1:]]
    assert 3 <= len(before) < 8

    result = run_search(objectives.SLOW, CONFIG, calls=8, initial=5, out_dir=tmp_path, seed=4, resume=True)

    after_lines = log_path.read_bytes().splitlines()
    assert after_lines[: len(before_lines)] == before_lines  # finished trials untouched, byte for byte
    records = trial_lines(log_path)
    assert len(records) == 8
    assert sorted(r["trial"] for r in records) == list(range(8))
    assert [r["trial"] for r in result.trials] == list(range(8))
    points = [tuple(r["params"].values()) for r in records]
    assert len(set(points)) == 8  # the resumed optimizer did not replay the random points already tried
    assert result.best_objective == min(r["objective"] for r in records)

    again = run_search(objectives.SLOW, CONFIG, calls=8, out_dir=tmp_path, seed=4, resume=True)
    assert log_path.read_bytes().splitlines() == after_lines and len(again.trials) == 8


# --- bad input ----------------------------------------------------------------------------------------------


def test_resume_of_another_studys_log_is_refused(tmp_path):
    run_search(objectives.QUADRATIC, CONFIG, calls=2, out_dir=tmp_path)
    with pytest.raises(ConfigError, match="belongs to study test-quadratic, not test-failing"):
        run_search(objectives.FAILING, CONFIG, calls=4, out_dir=tmp_path, resume=True)


def test_existing_log_without_resume_is_refused_and_untouched(tmp_path):
    run_search(objectives.QUADRATIC, CONFIG, calls=2, out_dir=tmp_path)
    log_path = tmp_path / "trials.jsonl"
    before = log_path.read_bytes()
    with pytest.raises(ConfigError, match="pass --resume to continue it or choose another --out"):
        run_search(objectives.QUADRATIC, CONFIG, calls=4, out_dir=tmp_path)
    assert log_path.read_bytes() == before


@pytest.mark.parametrize(
    ("arguments", "flag"),
    [
        ({"calls": 0}, "--calls"),
        ({"calls": 3, "workers": 0}, "--workers"),
        ({"calls": 3, "initial": 4}, "--initial"),
    ],
)
def test_bad_counts_are_refused(tmp_path, arguments, flag):
    with pytest.raises(ConfigError, match=flag):
        run_search(objectives.QUADRATIC, CONFIG, out_dir=tmp_path, **arguments)
    assert not (tmp_path / "trials.jsonl").exists()


def test_unwritable_out_dir_is_refused(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(ConfigError, match="--out"):
        run_search(objectives.QUADRATIC, CONFIG, calls=2, out_dir=blocker / "search")


def test_study_without_search_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="has no search"):
        run_search(objectives.NO_SEARCH, CONFIG, calls=2, out_dir=tmp_path)


# --- failing evaluations ------------------------------------------------------------------------------------


class _MetricsStudy(objectives.QuadraticStudy):
    """Returns the metrics it is built with beside a numpy objective."""

    def __init__(self, metrics):
        self.metrics = metrics

    def evaluate(self, config, params, work_dir: Path) -> dict:
        return {"objective": np.float64(0.25), **self.metrics}


def test_trial_metrics_are_stored_as_strict_json(tmp_path):
    study = _MetricsStudy({"spread": math.nan, "counts": np.arange(2), "pair": (1, 2.5)})
    record = evaluate_trial(study, CONFIG, {"x": 0.1, "y": 0.2}, 3, tmp_path)
    assert (record["objective"], record["error"]) == (0.25, None)
    assert record["metrics"] == {"spread": None, "counts": [0, 1], "pair": [1, 2.5]}
    json.dumps(record, allow_nan=False)
    failed = evaluate_trial(_MetricsStudy({"where": tmp_path}), CONFIG, {"x": 0.1, "y": 0.2}, 4, tmp_path)
    assert failed["objective"] is None and failed["error"].startswith("TypeError: cannot store PosixPath(")


def test_failing_evaluations_are_logged_and_the_search_goes_on(tmp_path):
    lines = []
    result = run_search(objectives.FAILING, CONFIG, calls=8, out_dir=tmp_path, seed=0, progress=lines.append)
    records = trial_lines(result.log_path)
    failed = [r for r in records if r["error"] is not None]
    assert len(records) == 8 and len(lines) == 8 and lines[-1].startswith("trial 8/8")
    assert failed, "the seed must reach the failing region x < 0.5"
    for record in failed:
        assert record["params"]["x"] < 0.5 and record["objective"] is None
        assert record["error"].startswith("RuntimeError: diverged at x=")
    assert all(r["params"]["x"] >= 0.5 for r in records if r["error"] is None)
    assert result.best_params["x"] >= 0.5


# --- parallel executors -------------------------------------------------------------------------------------


def _overlapping(records) -> bool:
    spans = sorted(
        (datetime.fromisoformat(r["started"]), datetime.fromisoformat(r["finished"])) for r in records
    )
    return any(later[0] < earlier[1] for earlier, later in zip(spans, spans[1:], strict=False))


def test_process_executor_keeps_two_trials_in_flight(tmp_path):
    result = run_search(objectives.SLOW, CONFIG, calls=4, workers=2, out_dir=tmp_path, seed=5)
    records = trial_lines(result.log_path)
    assert sorted(r["trial"] for r in records) == [0, 1, 2, 3]
    assert len({r["metrics"]["pid"] for r in records}) == 2 and os.getpid() not in {
        r["metrics"]["pid"] for r in records
    }
    assert all(r["metrics"]["worker_env"] == str(r["metrics"]["pid"]) for r in records)
    assert all(r["metrics"]["max_blas_threads"] == 1 for r in records)
    assert _overlapping(records)
    assert len({tuple(r["params"].values()) for r in records}) == 4


def test_process_executor_rejects_zero_workers():
    with pytest.raises(ConfigError, match="--workers"):
        ProcessExecutor(0)


distributed = pytest.importorskip(
    "distributed", reason="Dask tests need the `dist` extra (dask[distributed])"
)


@pytest.fixture(scope="module")
def dask_cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
    ) as cluster:
        yield cluster


def test_dask_search_runs_on_the_cluster(tmp_path, dask_cluster):
    result = run_search(
        objectives.SLOW,
        CONFIG,
        calls=6,
        workers=2,
        scheduler=dask_cluster.scheduler_address,
        out_dir=tmp_path,
    )
    records = trial_lines(result.log_path)
    assert sorted(r["trial"] for r in records) == list(range(6))
    with distributed.Client(dask_cluster.scheduler_address) as client:
        cluster_pids = set(client.run(os.getpid).values())
    assert {r["metrics"]["pid"] for r in records} <= cluster_pids
    assert all(r["metrics"]["worker_env"] == str(r["metrics"]["pid"]) for r in records)
    assert _overlapping(records)


def test_unreachable_scheduler_is_a_quick_config_error(tmp_path, monkeypatch):
    monkeypatch.setattr(executors, "CONNECT_TIMEOUT_S", 2)
    started = time.monotonic()
    with pytest.raises(ConfigError, match="--scheduler"):
        run_search(objectives.QUADRATIC, CONFIG, calls=2, scheduler="tcp://127.0.0.1:1", out_dir=tmp_path)
    assert time.monotonic() - started < 10
    assert not (tmp_path / "trials.jsonl").exists()


def test_multithreaded_dask_workers_are_refused(tmp_path):
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        dashboard_address=None,
        worker_dashboard_address=None,
    ) as cluster:  # in-process, inproc:// transport
        with pytest.raises(ConfigError, match="--nthreads 1"):
            run_search(
                objectives.QUADRATIC, CONFIG, calls=2, scheduler=cluster.scheduler_address, out_dir=tmp_path
            )
