"""A study that only sleeps, for the tests that run `brainsnn` in real subprocesses (signals, locks, orphans).

It is registered as ``test-sleepy`` through the ``brainsnn.studies`` entry-point group by
:func:`cli_processes.brainsnn_env`; its search minimises the closed form ``(x - 0.3)**2`` on [0, 1].
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from brainsnn.config import StudyConfig, param, study_config
from brainsnn.search import Real
from brainsnn.study import Preset, Study


@study_config
class Config(StudyConfig):
    run_s: float = param(0.0, "seconds `run` sleeps", ge=0)
    trial_s: float = param(0.2, "seconds each search trial sleeps", ge=0)
    child: bool = param(False, "each trial waits for a `sleep` subprocess instead of sleeping itself")


class SleepyStudy(Study):
    """``run`` sleeps ``run_s``; ``evaluate`` sleeps ``trial_s`` (in a child process with ``child``)."""

    name = "test-sleepy"
    summary = "sleeps"
    Config = Config
    presets = {"smoke": Preset(), "quick": Preset(), "paper": Preset()}
    search_space = [Real("x", 0.0, 1.0)]

    def run(self, config, out_dir: Path) -> dict:
        time.sleep(config["run_s"])
        return {"pid": os.getpid()}

    def render_report(self, config, metrics) -> str:
        return f"run by pid {metrics['pid']}"

    def evaluate(self, config, params, work_dir: Path) -> dict:
        if config["child"]:
            subprocess.run(["sleep", str(config["trial_s"])], check=True)
        else:
            time.sleep(config["trial_s"])
        return {"objective": (params["x"] - 0.3) ** 2, "pid": os.getpid()}


SLEEPY = SleepyStudy()
