"""Progress on standard error: bars with the time left and Brian2's run reports at INFO, nothing with -q; search
workers print Brian2's lines during the first trial."""

import logging
import os
import subprocess
import sys
from importlib import metadata

import pytest

from brainsnn.cli import main
from brainsnn.progress import WORKER_PROGRESS, brian_report, counter, progress, shown_in_workers

SMOKE_RUN = ["run", "stdp-single-neuron", "--preset", "smoke", "--device", "numpy", "--set", "duration_s=2.0"]


@pytest.fixture
def brainsnn_level(monkeypatch):
    """``brainsnn_level(level)`` sets the level of brainsnn's logger for one test."""
    logger = logging.getLogger("brainsnn")
    monkeypatch.setattr(logger, "level", logger.level)
    monkeypatch.delenv(WORKER_PROGRESS, raising=False)
    return logger.setLevel


def test_bars_show_count_and_time_left_at_info_and_nothing_below(brainsnn_level, capsys):
    brainsnn_level(logging.INFO)
    assert list(progress(range(3), "steps", unit="step")) == [0, 1, 2]
    with counter("trials", total=2, unit="trial") as bar:
        bar.update(2)
    err = capsys.readouterr().err
    assert "steps: 100%" in err and "3/3 [" in err and "<00:00" in err  # elapsed<left
    assert "trials: 100%" in err and "2/2 [" in err
    brainsnn_level(logging.WARNING)
    list(progress(range(3), "steps"))
    counter("trials", total=2).close()
    assert capsys.readouterr().err == ""


def test_brian2_reports_follow_the_level_and_reach_workers_only_while_shown(brainsnn_level, monkeypatch):
    brainsnn_level(logging.INFO)
    assert brian_report() == "stderr"
    with shown_in_workers():
        assert os.environ[WORKER_PROGRESS] == "1"
    assert WORKER_PROGRESS not in os.environ
    brainsnn_level(logging.WARNING)
    assert brian_report() is None
    with shown_in_workers():
        assert os.environ[WORKER_PROGRESS] == "0" and brian_report() is None
    monkeypatch.setenv(WORKER_PROGRESS, "1")  # a worker of a search that shows progress: lines, but no bars
    assert brian_report() == "stderr"
    assert list(progress(range(2), "quiet in workers")) == [0, 1]


def test_a_run_prints_brian2_progress_at_info_and_nothing_with_q(tmp_path, capsys):
    assert main([*SMOKE_RUN, "--out", str(tmp_path / "info")]) == 0
    err = capsys.readouterr().err
    assert "Starting simulation at t=0" in err and "2. s (100%) simulated in" in err
    assert main(["-q", *SMOKE_RUN, "--out", str(tmp_path / "quiet")]) == 0
    err = capsys.readouterr().err
    assert "simulat" not in err and "%|" not in err and "report written" not in err


def test_ttfs_training_shows_a_bar_over_its_experiments(tmp_path, capsys):
    assert main(["run", "ttfs-training", "--preset", "smoke", "--out", str(tmp_path / "run")]) == 0
    err = capsys.readouterr().err
    assert "ttfs-training experiments: 100%" in err and "7/7 [" in err


def test_search_workers_print_brian2_progress_during_the_first_trial(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "brainsnn.cli", "search", "stdp-generalization", "--preset", "smoke", "--calls", "1",
         "--workers", "2", "--out", str(tmp_path / "search")],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    first_report = result.stderr.find("Starting simulation at t=0")
    assert 0 <= first_report < result.stderr.index("trial 1/1 (id 0"), result.stderr


def test_version_prints_the_installed_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"brainsnn {metadata.version('brainsnn')}"
