"""Bayesian hyperparameter search of studies: dimensions, ask/tell optimizer, durable trial log, executors.

Typical use::

    from brainsnn.search import run_search
    result = run_search(study, study.config("smoke"), calls=30, workers=2, out_dir="results/search")

See :func:`run_search` for resuming (``resume=True``) and running on a Dask cluster (``scheduler=``).
Names are imported on first use, so that a study can declare its dimensions (:class:`Real`, ...) without
loading scikit-optimize.
"""

from brainsnn.lazy_exports import lazy_getattr

_HOMES = {
    "LOG_NAME": "run", "SearchResult": "run", "evaluate_trial": "run", "run_search": "run",
    "DaskExecutor": "executors", "ProcessExecutor": "executors", "SerialExecutor": "executors",
    "Optimizer": "optimizer", "Categorical": "space", "Integer": "space", "Real": "space", "TrialLog": "trial_log",
}
__all__ = sorted(_HOMES)
__getattr__ = lazy_getattr(__name__, _HOMES)
