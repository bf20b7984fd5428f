"""Run a Bayesian hyperparameter search of a study, durably and optionally in parallel.

:func:`run_search` asks the :class:`~brainsnn.search.optimizer.Optimizer` for points, evaluates them with
:func:`evaluate_trial` on an executor, appends each finished trial to the :class:`TrialLog` (forced to disk)
and tells the optimizer, before asking for the next point. A killed search loses only the trials in flight;
``resume=True`` reads the log back, tells the optimizer every finished trial and runs the missing trial ids
until the log holds ``calls`` trials. What a resume finds (no log, a torn last line, nothing left to run) is
logged as one warning line.
"""

from __future__ import annotations

import datetime
import logging
import math
import os
import shutil
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from brainsnn.errors import ConfigError
from brainsnn.json_values import json_values
from brainsnn.progress import counter, shown_in_workers
from brainsnn.provenance import recording_devices
from brainsnn.search.executors import DaskExecutor, ProcessExecutor, SerialExecutor
from brainsnn.search.optimizer import Optimizer
from brainsnn.search.space import check_space, describe_space
from brainsnn.search.trial_log import TrialLog
from brainsnn.study import Study

#: File name of the trial log inside the search's output folder.
LOG_NAME = "trials.jsonl"
#: Folder (inside the output folder) holding one work folder per trial, ``trial-0000`` ...
TRIALS_DIR = "trials"

log = logging.getLogger(__name__)


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds")


def _plain_or_text(value: Any) -> Any:
    """``value`` as JSON types, or its ``str`` (paths, Brian2 quantities) for the human reader of a header."""
    try:
        return json_values(value)
    except TypeError:
        return str(value)


def evaluate_trial(
    study: Study, config: Mapping[str, Any], params: Mapping[str, Any], trial: int, work_dir: Path
) -> dict[str, Any]:
    """Evaluate one search point and return its trial record; never raises for a failing study.

    Calls ``study.evaluate(config, params, work_dir / f"trial-{trial:04d}")`` (a fresh, empty folder) and
    measures its duration. Any exception, a missing or non-finite ``objective`` or metrics that are not
    JSON-serialisable give a record with ``objective`` ``None`` and ``error`` ``"ExcType: message"``. Metrics
    are stored as :func:`~brainsnn.json_values.json_values` gives them (NaN and infinities as ``None``).

    Returns
    -------
    dict
        ``trial``, ``params``, ``objective`` (float or None), ``metrics`` (the other values returned by
        ``evaluate``), ``seed`` (``config['seed']``), ``duration_s``, ``error`` (str or None), ``started``,
        ``finished`` (ISO times), ``worker`` (``host:pid``) and ``devices`` (the Brian2 devices that ran, as
        ``{requested, used, reason}``, see :mod:`brainsnn.provenance`).
    """
    trial_dir = Path(work_dir) / f"trial-{trial:04d}"
    shutil.rmtree(trial_dir, ignore_errors=True)  # left over by a trial killed in flight
    started, clock = _now(), time.perf_counter()
    objective, metrics, error, devices = None, {}, None, []
    try:
        trial_dir.mkdir(parents=True)
        with recording_devices() as devices:
            result = study.evaluate(config, dict(params), trial_dir)
        if not isinstance(result, Mapping) or "objective" not in result:
            raise TypeError(f"evaluate() must return a dict with an 'objective', got {result!r}")
        value = json_values(result["objective"])
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise ValueError(f"objective must be a finite number, got {result['objective']!r}")
        metrics = json_values({key: item for key, item in result.items() if key != "objective"})
        objective = float(value)
    except Exception as exc:
        objective, metrics, error = None, {}, f"{type(exc).__name__}: {exc}"
    return {
        "trial": trial,
        "params": dict(params),
        "objective": objective,
        "metrics": metrics,
        "seed": int(config.get("seed", 0)),
        "duration_s": time.perf_counter() - clock,
        "error": error,
        "started": started,
        "finished": _now(),
        "worker": f"{socket.gethostname()}:{os.getpid()}",
        "devices": [asdict(use) for use in devices],
    }


@dataclass
class SearchResult:
    """Outcome of :func:`run_search`.

    Attributes
    ----------
    trials : list of dict
        Every trial record of the log, sorted by trial id.
    best_params : dict or None
        Parameters of the trial with the lowest objective (``None`` if every trial failed).
    best_objective : float or None
        That objective.
    log_path : Path
        The trial log.
    """

    trials: list[dict[str, Any]]
    best_params: dict[str, Any] | None
    best_objective: float | None
    log_path: Path

    @classmethod
    def from_records(cls, records: list[dict[str, Any]], log_path: Path) -> SearchResult:
        """The result of the finished trial ``records`` of the log at ``log_path``."""
        best = _best(records)
        return cls(
            trials=sorted(records, key=lambda record: record["trial"]),
            best_params=best["params"] if best else None,
            best_objective=best["objective"] if best else None,
            log_path=Path(log_path),
        )


def _require_int(value: Any, flag: str, low: int, high: int | None = None) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or value < low
        or (high is not None and value > high)
    ):
        bound = f">= {low}" if high is None else f"in [{low}, {high}]"
        raise ConfigError(f"{flag} must be an integer {bound}, got {value!r}")


def _prepare_out_dir(out_dir: str | os.PathLike) -> Path:
    path = Path(out_dir)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigError(f"cannot create --out folder {str(path)!r}: {error.strerror or error}") from error
    if not os.access(path, os.W_OK | os.X_OK):
        raise ConfigError(f"--out folder {str(path)!r} is not writable; choose another --out")
    return path


def _finished_trials(
    trial_log: TrialLog, header: dict[str, Any], resume: bool
) -> tuple[list[dict[str, Any]], bool]:
    """Validate an existing log against this search without writing; return its trial records and whether the
    search continues that log (``False``: a new log is created)."""
    found_header, records = trial_log.read()
    if found_header is None:
        if resume:
            log.warning("no trial log in %s; --resume starts a new search there", trial_log.path.parent)
        return [], False
    if not resume:
        if records:
            raise ConfigError(
                f"trial log {trial_log.path} exists with {len(records)} trials; pass --resume to continue it or "
                "choose another --out"
            )
        return [], False
    if found_header["study"] != header["study"]:
        raise ConfigError(
            f"trial log {trial_log.path} belongs to study {found_header['study']}, not {header['study']}; "
            "choose another --out"
        )
    if found_header["space"] != header["space"]:
        raise ConfigError(
            f"trial log {trial_log.path} was written for search space {found_header['space']}, but study "
            f"{header['study']} now searches {header['space']}; choose another --out"
        )
    if found_header["config"] != header["config"]:
        changed = sorted(k for k in set(found_header["config"]) | set(header["config"])
                         if found_header["config"].get(k) != header["config"].get(k))
        raise ConfigError(
            f"trial log {trial_log.path} was written with another configuration ({', '.join(changed)} differ); "
            "resume with the same --preset and --set values, or choose another --out"
        )
    return records, True


def _executor(workers: int, scheduler: str | None):
    if scheduler is not None:
        return DaskExecutor(scheduler, slots=workers)
    if workers > 1:
        return ProcessExecutor(workers)
    return SerialExecutor()


def _best(records: list[dict[str, Any]]) -> dict[str, Any] | None:
    finite = [r for r in records if r["objective"] is not None]
    return min(finite, key=lambda r: r["objective"]) if finite else None


def _progress_line(record: dict[str, Any], done: int, calls: int, best: dict[str, Any] | None) -> str:
    outcome = f"error {record['error']}" if record["error"] else f"objective {record['objective']:.6g}"
    best_text = f"{best['objective']:.6g} (trial {best['trial']})" if best else "none yet"
    timing = f"id {record['trial']}, {record['duration_s']:.1f} s"
    return f"trial {done}/{calls} ({timing}): {outcome}; best {best_text}"


def run_search(
    study: Study,
    config: Mapping[str, Any],
    *,
    calls: int,
    initial: int | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    resume: bool = False,
    out_dir: str | os.PathLike,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
) -> SearchResult:
    """Search ``study.search_space`` for the lowest ``study.evaluate`` objective; log every trial durably.

    Parameters
    ----------
    study : Study
        A study with a ``search_space``; it is pickled to the workers, so use a module-level instance.
    config : dict
        The study configuration passed to every evaluation (its ``seed`` is recorded with each trial).
    calls : int
        Total number of trials the log holds when the search ends (``--calls``, >= 1).
    initial : int, optional
        Random points before the Gaussian process guides the search, in [1, calls];
        default ``min(calls, max(2, calls // 3))``.
    workers : int
        Trials kept in flight: 1 runs them in this process, more in a local process pool, or on the Dask
        cluster when ``scheduler`` is given.
    scheduler : str, optional
        Address of a Dask scheduler (``--scheduler``); requires the ``dist`` extra.
    resume : bool
        Continue the trial log in ``out_dir`` (same study and search space) instead of refusing to touch it.
    out_dir : path
        Output folder: ``trials.jsonl`` and ``trials/trial-NNNN/`` work folders. One search at a time may write
        it: ``brainsnn search`` holds :func:`brainsnn.folder_lock.hold_results_folder` around this call; do the
        same where several processes could search into one folder.
    seed : int
        Random state of the optimizer (a resumed search derives its own from ``seed`` and the trials done).
    progress : callable, optional
        Called with one line per finished trial.

    Returns
    -------
    SearchResult
    """
    space, initial = _checked_space_and_counts(study, config, calls, initial, workers, seed)
    header = _header(study, space, config)
    # The executor connects first (an unreachable scheduler leaves no folder); local workers started inside print
    # Brian2's progress lines, with the time left of each run, while this process shows progress.
    with shown_in_workers(), _executor(workers, scheduler) as executor:
        out_dir = _prepare_out_dir(out_dir)
        trial_log = TrialLog(out_dir / LOG_NAME)
        records, continued = _finished_trials(trial_log, header, resume)
        if len(records) < calls:
            if continued:
                _repair(trial_log)
            else:
                trial_log.create(header)
            optimizer = _informed_optimizer(space, initial, seed, records)
            _drive(executor, optimizer, study, config, trial_log, records, calls, out_dir / TRIALS_DIR, progress)
        else:
            log.warning("trial log %s already holds %d trials and --calls %d asks for no more; nothing to run "
                        "(pass a larger --calls to extend the search)", trial_log.path, len(records), calls)
    return SearchResult.from_records(records, trial_log.path)


def _repair(trial_log: TrialLog) -> None:
    if trial_log.repair():
        log.warning("dropped the torn last line of %s (the record of a trial cut off when the search stopped); "
                    "that trial runs again", trial_log.path)


def _checked_space_and_counts(
    study: Study, config: Mapping[str, Any], calls: int, initial: int | None, workers: int, seed: int
) -> tuple[list, int]:
    """The study's checked search space and the number of initial random points; ConfigError for bad input."""
    space = study.search_space_for(config)
    if not space:
        raise ConfigError(
            f"study {study.name!r} has no search; run it with `brainsnn run {study.name}` instead"
        )
    space = check_space(space)
    _require_int(calls, "--calls", 1)
    _require_int(workers, "--workers", 1)
    initial = min(calls, max(2, calls // 3)) if initial is None else initial
    _require_int(initial, "--initial", 1, calls)
    _require_int(seed, "--seed", 0)
    return space, initial


def _header(study: Study, space: list, config: Mapping[str, Any]) -> dict[str, Any]:
    """The trial log's header: what a resumed search must match (study, space, configuration)."""
    return {
        "study": study.name,
        "space": describe_space(space),
        "config": {str(key): _plain_or_text(value) for key, value in config.items()},
        "created": _now(),
    }


def _informed_optimizer(space: list, initial: int, seed: int, records: list[dict[str, Any]]) -> Optimizer:
    """An optimizer told every finished trial of ``records``.

    A resumed search gets a fresh random state derived from ``seed`` and the trials done, so that its remaining
    random points differ from those already tried.
    """
    optimizer_seed = (
        seed if not records else int(np.random.SeedSequence([seed, len(records)]).generate_state(1)[0])
    )
    optimizer = Optimizer(space, initial_points=initial, seed=optimizer_seed)
    for record in records:
        optimizer.tell(record["params"], record["objective"])
    return optimizer


def _drive(executor, optimizer, study, config, trial_log, records, calls, trials_dir, progress) -> None:
    """Run the missing trials: keep ``executor.slots`` in flight; log and tell each result before asking again.

    Trial 0 evaluates the study's baseline point (the configuration before optimisation), if it has one.
    """
    done_ids = {record["trial"] for record in records}
    todo = iter([trial for trial in range(calls) if trial not in done_ids][: calls - len(records)])
    baseline = study.search_baseline(config)
    in_flight: dict[Any, dict[str, Any]] = {}

    def fill() -> None:
        while len(in_flight) < executor.slots:
            trial = next(todo, None)
            if trial is None:
                return
            params = dict(baseline) if trial == 0 and baseline else optimizer.ask(pending=in_flight.values())
            in_flight[executor.submit(evaluate_trial, study, config, params, trial, trials_dir)] = params

    with counter("trials", total=calls, initial=len(records), unit="trial") as bar:
        fill()
        while in_flight:
            for future in executor.wait_first(in_flight):
                params = in_flight.pop(future)
                record = future.result()
                trial_log.append(record)
                records.append({"kind": "trial", **record})
                optimizer.tell(params, record["objective"])
                bar.update()
                if progress is not None:
                    progress(_progress_line(record, len(records), calls, _best(records)))
            fill()
