"""Bayesian hyperparameter search of studies: dimensions, ask/tell optimizer, durable trial log, executors.

Typical use::

    from brainsnn.search import run_search
    result = run_search(study, study.config("smoke"), calls=30, workers=2, out_dir="results/search")

See :func:`run_search` for resuming (``resume=True``) and running on a Dask cluster (``scheduler=``).
"""

from brainsnn.search.executors import DaskExecutor, ProcessExecutor, SerialExecutor
from brainsnn.search.optimizer import Optimizer
from brainsnn.search.run import LOG_NAME, SearchResult, evaluate_trial, run_search
from brainsnn.search.space import Categorical, Integer, Real
from brainsnn.search.trial_log import TrialLog

__all__ = [
    "LOG_NAME",
    "Categorical",
    "DaskExecutor",
    "Integer",
    "Optimizer",
    "ProcessExecutor",
    "Real",
    "SearchResult",
    "SerialExecutor",
    "TrialLog",
    "evaluate_trial",
    "run_search",
]
