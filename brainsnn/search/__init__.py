"""Bayesian hyperparameter search of studies: dimensions, ask/tell optimizer, durable trial log, executors.

Typical use::

    from brainsnn.search import run_search
    result = run_search(study, study.config("smoke"), calls=30, workers=2, out_dir="results/search")

See :func:`run_search` for resuming (``resume=True``) and running on a Dask cluster (``scheduler=``).
Names are imported on first use, so that a study can declare its dimensions (:class:`Real`, ...) without
loading scikit-optimize.
"""

import importlib

_HOMES = {
    "LOG_NAME": "run", "SearchResult": "run", "evaluate_trial": "run", "run_search": "run",
    "DaskExecutor": "executors", "ProcessExecutor": "executors", "SerialExecutor": "executors",
    "Optimizer": "optimizer", "Categorical": "space", "Integer": "space", "Real": "space", "TrialLog": "trial_log",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
