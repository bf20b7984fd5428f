"""The ``brainsnn`` command: ``list``, ``config``, ``run``, ``search`` and ``report``.

Bad input (unknown study, preset or device, out-of-range parameters, unwritable ``--out``, a trial log of
another study, ...) ends with one line ``brainsnn: error: ...`` naming the fix and exit status 2.
SIGINT (Ctrl-C) and SIGTERM end a command with one line and exit status 130 or 143 (128 + the signal number),
after killing its search workers. ``-v`` shows debug messages, ``-q`` only warnings and errors.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import logging
import os
import shlex
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from tqdm.contrib.logging import logging_redirect_tqdm

from brainsnn import __version__
from brainsnn.config import BACKENDS
from brainsnn.errors import ConfigError

EXIT_BAD_INPUT = 2
#: A command stopped by signal N (SIGINT: Ctrl-C, SIGTERM) exits with status 128 + N: 130 and 143.
EXIT_SIGNAL_BASE = 128
#: The signals that stop a command cleanly: finished trials and published results are kept, workers killed.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
#: Where results go without ``--out``, below the working directory; git ignores it. The committed reports under
#: ``results/`` are rewritten only by an explicit ``--out results/...`` (``make results``).
RUNS_DIR = Path("runs")
log = logging.getLogger(__name__)


class _Stopped(KeyboardInterrupt):
    """Raised in the main thread by one of :data:`STOP_SIGNALS` (a KeyboardInterrupt, so that no ``except
    Exception`` swallows it and every cleanup written for Ctrl-C runs)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="brainsnn", description="Spiking-network learning studies on Brian2.")
    parser.add_argument("--version", action="version", version=f"brainsnn {__version__}")
    verbosity = parser.add_mutually_exclusive_group()
    verbosity.add_argument("-v", "--verbose", action="store_true", help="show debug messages")
    verbosity.add_argument("-q", "--quiet", action="store_true", help="show only warnings and errors")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="list the studies, their papers and presets")
    config = commands.add_parser("config", help="print every parameter of a study with type, default and doc")
    config.add_argument("study", help="study name (see `brainsnn list`)")
    config.add_argument("--preset", help="also show this preset's values")

    run = commands.add_parser("run", help="run a study and write its report")
    _add_common(run)
    run.add_argument("--overwrite", action="store_true", help="replace an existing results folder")

    search = commands.add_parser("search", help="Bayesian hyperparameter search over a study")
    _add_common(search)
    search.add_argument("--calls", type=int, required=True, help="number of evaluations")
    search.add_argument("--initial", type=int, help="random evaluations before the GP takes over")
    search.add_argument("--workers", type=int, default=1, help="evaluations in flight (local processes)")
    search.add_argument("--scheduler", help="Dask scheduler address (tcp://HOST:PORT) to evaluate on")
    search.add_argument("--resume", action="store_true", help="continue the trial log in --out")

    report = commands.add_parser("report", help="re-render report.md of a results folder")
    report.add_argument("directory")
    return parser


def _add_common(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("study", help="study name (see `brainsnn list`)")
    sub.add_argument("--preset", default="quick", help="scale of the run: smoke, quick, paper, ... (default: quick)")
    sub.add_argument("--device", choices=BACKENDS, help="Brian2 device/target (default: the study's)")
    sub.add_argument("--compile-only", action="store_true",
                     help="with --device cuda_standalone on a machine without a GPU: generate and compile, then stop")
    sub.add_argument("--threads", type=int, help="OpenMP threads for cpp_standalone (0: none)")
    sub.add_argument("--seed", type=int, help="random seed, 0 <= SEED < 2**32")
    sub.add_argument("--data-dir", help="folder with dataset files (default: $BRAINSNN_DATA)")
    sub.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE",
        help="override a study parameter; VALUE is JSON (e.g. --set rules='[\"log\"]'), see `brainsnn config`",
    )
    sub.add_argument("--out", help="results folder (default: a new runs/<study>/<preset>-<date>-<time> for run, "
                                   "runs/<study>/search-<preset> for search, below the working directory)")


def _overrides(args: argparse.Namespace) -> dict:
    flags = {"device": args.device, "threads": args.threads, "seed": args.seed}
    overrides = {key: value for key, value in flags.items() if value is not None}
    data_dir = args.data_dir or os.environ.get("BRAINSNN_DATA")
    if data_dir:
        path = Path(data_dir).expanduser().resolve()
        if path.exists() and not path.is_dir():
            raise ConfigError(f"--data-dir {data_dir} is a file; give the folder that holds the dataset files")
        overrides["data_dir"] = str(path)
    for item in args.set:
        key, sep, text = item.partition("=")
        if not sep:
            raise ConfigError(f"--set expects KEY=VALUE, got {item!r}")
        try:
            overrides[key] = json.loads(text)
        except json.JSONDecodeError:
            overrides[key] = text
    return overrides


def default_out(command: str, study: str, preset: str) -> Path:
    """The results folder without ``--out``, below :data:`RUNS_DIR`, never the committed ``results/``.

    ``run``: a new folder per invocation, ``runs/<study>/<preset>-<YYYYMMDD-HHMMSS>`` (``-2``, ``-3``, ... if that
    exists), so every command works as typed and nothing is replaced. ``search``: ``runs/<study>/search-<preset>``,
    the same folder every time, so that ``--resume`` finds the trial log.
    """
    if command == "search":
        return RUNS_DIR / study / f"search-{preset}"
    stem = RUNS_DIR / study / f"{preset}-{datetime.datetime.now():%Y%m%d-%H%M%S}"
    out, number = stem, 1
    while out.exists():
        number += 1
        out = stem.with_name(f"{stem.name}-{number}")
    return out


def _command_line(argv: list[str]) -> str:
    return "brainsnn " + " ".join(shlex.quote(a) for a in argv)


def _configure_logging(args: argparse.Namespace) -> None:
    level = logging.DEBUG if args.verbose else logging.WARNING if args.quiet else logging.INFO
    logging.basicConfig(level=level, format="%(message)s", stream=sys.stderr, force=True)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = _parser().parse_args(argv)
    _configure_logging(args)
    try:
        with _stop_on_signals(), logging_redirect_tqdm():  # log lines print above the progress bars
            return _dispatch(args, argv)
    except ConfigError as err:
        print(f"brainsnn: error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt as stop:
        signum = getattr(stop, "signum", signal.SIGINT)
        print(f"brainsnn: stopped by {signal.Signals(signum).name}; finished trials and published results are kept",
              file=sys.stderr)
        return EXIT_SIGNAL_BASE + signum


@contextlib.contextmanager
def _stop_on_signals() -> Iterator[None]:
    """Inside the block, SIGINT and SIGTERM raise :class:`_Stopped`; while it unwinds (workers are killed, staging
    folders removed, the lock released) further signals are ignored. Only the main thread can install handlers;
    elsewhere the block runs with Python's defaults."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}

    def stop(signum: int, frame) -> None:
        for each in STOP_SIGNALS:
            signal.signal(each, signal.SIG_IGN)
        raise _Stopped(signum)

    for signum in STOP_SIGNALS:
        signal.signal(signum, stop)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _dispatch(args: argparse.Namespace, argv: list[str]) -> int:
    from brainsnn.registry import get_study, study_names

    if args.command == "list":
        for name in study_names():
            print(_study_listing(name, get_study(name)))
        return 0
    if args.command == "config":
        study = get_study(args.study)
        print(_config_listing(study, args.preset))
        return 0
    if args.command == "report":
        return _rerender(Path(args.directory), argv)

    study = get_study(args.study)
    config = study.config(args.preset, _overrides(args))
    _require_runnable_device(config["device"], compile_only=args.compile_only)
    if args.command == "run":
        return _run(study, config, args, argv)
    return _search(study, config, args, argv)


def _study_listing(name: str, study) -> str:
    presets = "\n".join(f"{'':26s}{preset:8s} {spec.measured}" for preset, spec in study.presets.items())
    return f"{name:24s}  {study.summary}\n{'':26s}{study.paper}\n{presets}"


def _config_listing(study, preset: str | None) -> str:
    """One block per key: name, type, default (and the preset's value where it differs), constraint and doc."""
    values = study.config(preset) if preset else None
    lines = [f"{study.name}: {study.summary}"]
    for info in study.Config.describe():
        if info.name in ("study", "preset"):
            continue
        shown = f"default {_json(info.default)}"
        if values is not None and values[info.name] != info.default:
            shown += f", {preset} {_json(values[info.name])}"
        constraint = f"; {info.constraint}" if info.constraint else ""
        lines.append(f"  {info.name} ({info.type}{constraint}): {shown}\n      {info.doc}")
    return "\n".join(lines)


def _json(value) -> str:
    return json.dumps(list(value) if isinstance(value, tuple) else value)


def _require_runnable_device(device: str, *, compile_only: bool) -> None:
    """Fail before any work when CUDA code could be compiled here but never run (unless ``--compile-only``)."""
    if device != "cuda_standalone":
        if compile_only:
            raise ConfigError("--compile-only applies to --device cuda_standalone only")
        return
    from brainsnn.backend import gpu_available

    if not compile_only and not gpu_available():
        raise ConfigError(
            "--device cuda_standalone needs a CUDA GPU and this machine has none (nvidia-smi lists no GPU); "
            "choose --device cpp_standalone, or add --compile-only to generate and compile the CUDA project"
        )


def _run(study, config, args: argparse.Namespace, argv: list[str]) -> int:
    from brainsnn.folder_lock import hold_results_folder
    from brainsnn.report import check_writable, write_run

    out = Path(args.out or default_out("run", study.name, args.preset))
    check_writable(out, overwrite=args.overwrite)  # before the lock, which creates the parent folder
    with hold_results_folder(out, _command_line(argv)):
        write_run(
            out, lambda staging: study.run(config, staging), config, study.render_report,
            title=f"{study.name} ({args.preset}): {study.summary}", command=_command_line(argv),
            overwrite=args.overwrite,
        )
    log.info("report written to %s", out / "report.md")
    return 0


def _search(study, config, args: argparse.Namespace, argv: list[str]) -> int:
    from brainsnn.folder_lock import hold_results_folder
    from brainsnn.search import run_search
    from brainsnn.search.executors import check_scheduler_address
    from brainsnn.search_report import write_search_report

    if args.scheduler is not None:
        check_scheduler_address(args.scheduler)
    out = Path(args.out or default_out("search", study.name, args.preset))
    with hold_results_folder(out, _command_line(argv)):
        result = run_search(
            study, config, calls=args.calls, initial=args.initial, workers=args.workers, scheduler=args.scheduler,
            resume=args.resume, out_dir=out, seed=config["seed"], progress=log.info,
        )
        report = write_search_report(out, study, config, result, command=_command_line(argv))
    best = "no finished evaluation" if result.best_objective is None else (
        f"best objective {result.best_objective:.4g} at {result.best_params}")
    log.info("%s; report written to %s", best, report)
    return 0


def _rerender(directory: Path, argv: list[str]) -> int:
    """Rewrite the report of a run folder (from its JSON files) or a search folder (from its trial log)."""
    from brainsnn.registry import get_study
    from brainsnn.report import read_json, render_report

    if (directory / "trials.jsonl").exists():
        from brainsnn.search import SearchResult, TrialLog
        from brainsnn.search_report import write_search_report

        trial_log = TrialLog(directory / "trials.jsonl")
        header, records = trial_log.read()
        if header is None:
            raise ConfigError(f"{trial_log.path} has no header; it was not written by `brainsnn search`")
        result = SearchResult.from_records(records, trial_log.path)
        path = write_search_report(directory, get_study(header["study"]), header["config"], result,
                                   command=_command_line(argv))
    else:
        stored = read_json(directory / "config.json")
        path = render_report(directory, get_study(stored["config"]["study"]).render_report)
    log.info("report written to %s", path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
