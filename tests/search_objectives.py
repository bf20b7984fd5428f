"""Small searchable studies for tests/test_search.py (module-level instances, so workers can unpickle them).

The objective is the closed form ``(x - 0.3)**2 + (y - 0.7)**2`` on the unit square (minimum 0 at (0.3, 0.7)).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import threadpoolctl

from brainsnn.search import LOG_NAME, Real
from brainsnn.study import Preset, Study

OPTIMUM = {"x": 0.3, "y": 0.7}


def quadratic(params) -> float:
    """The test objective, minimum 0 at :data:`OPTIMUM`."""
    return (params["x"] - OPTIMUM["x"]) ** 2 + (params["y"] - OPTIMUM["y"]) ** 2


class QuadraticStudy(Study):
    """A study whose search objective is :func:`quadratic`; nothing else is real."""

    name = "test-quadratic"
    presets = {"smoke": Preset(), "quick": Preset(), "paper": Preset()}
    search_space = [Real("x", 0.0, 1.0), Real("y", 0.0, 1.0)]

    def run(self, config, out_dir: Path) -> dict:
        return {}

    def render_report(self, config, metrics) -> str:
        return ""

    def evaluate(self, config, params, work_dir: Path) -> dict:
        return {"objective": quadratic(params), "distance": quadratic(params) ** 0.5}


class SlowStudy(QuadraticStudy):
    """:class:`QuadraticStudy` taking 0.3 s per trial and reporting where it ran."""

    name = "test-slow"

    def evaluate(self, config, params, work_dir: Path) -> dict:
        time.sleep(0.3)
        blas = [info["num_threads"] for info in threadpoolctl.threadpool_info()]
        return {
            "objective": quadratic(params),
            "pid": os.getpid(),
            "worker_env": os.environ.get("BRAINSNN_WORKER"),
            "max_blas_threads": max(blas, default=1),
        }


class FailingStudy(QuadraticStudy):
    """:class:`QuadraticStudy` that raises for ``x < 0.5``."""

    name = "test-failing"

    def evaluate(self, config, params, work_dir: Path) -> dict:
        if params["x"] < 0.5:
            raise RuntimeError(f"diverged at x={params['x']:.3f}")
        return super().evaluate(config, params, work_dir)


class LogWatchingStudy(QuadraticStudy):
    """:class:`QuadraticStudy` that fails unless every earlier trial is already in the trial log on disk."""

    name = "test-log-watching"

    def evaluate(self, config, params, work_dir: Path) -> dict:
        trial = int(work_dir.name.split("-")[1])
        log_path = work_dir.parent.parent / LOG_NAME
        logged = [line for line in log_path.read_bytes().splitlines() if b'"kind": "trial"' in line]
        if len(logged) != trial:
            raise AssertionError(f"trial {trial} started with {len(logged)} trials on disk")
        return super().evaluate(config, params, work_dir)


class NoSearchStudy(QuadraticStudy):
    """A study without a search space."""

    name = "test-no-search"
    search_space = None


QUADRATIC = QuadraticStudy()
SLOW = SlowStudy()
FAILING = FailingStudy()
LOG_WATCHING = LogWatchingStudy()
NO_SEARCH = NoSearchStudy()
