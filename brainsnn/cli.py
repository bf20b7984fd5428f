"""The ``brainsnn`` command: ``list``, ``run``, ``search`` and ``report``.

Bad input (unknown study, preset or device, out-of-range parameters, unwritable ``--out``, a trial log of
another study, ...) ends with one line ``brainsnn: error: ...`` naming the fix and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
from pathlib import Path

from brainsnn.backend import BACKENDS
from brainsnn.errors import ConfigError
from brainsnn.study import PRESETS

EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="brainsnn", description="Spiking-network learning studies on Brian2.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="list the studies and their papers")

    def add_common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("study", help="study name (see `brainsnn list`)")
        sub.add_argument("--preset", default="quick", choices=PRESETS, help="scale of the run (default: quick)")
        sub.add_argument("--device", choices=BACKENDS, help="Brian2 device/target (default: the study's)")
        sub.add_argument("--threads", type=int, help="OpenMP threads for cpp_standalone (0: none)")
        sub.add_argument("--seed", type=int, help="random seed")
        sub.add_argument("--data-dir", help="folder with dataset files (default: $BRAINSNN_DATA)")
        sub.add_argument(
            "--set", action="append", default=[], metavar="KEY=VALUE",
            help="override a study parameter; VALUE is JSON (e.g. --set rules='[\"log\"]')",
        )
        sub.add_argument("--out", help="results folder (default: results/<study>/<preset>, or .../search)")

    run = commands.add_parser("run", help="run a study and write its report")
    add_common(run)
    run.add_argument("--overwrite", action="store_true", help="replace an existing results folder")

    search = commands.add_parser("search", help="Bayesian hyperparameter search over a study")
    add_common(search)
    search.add_argument("--calls", type=int, required=True, help="number of evaluations")
    search.add_argument("--initial", type=int, help="random evaluations before the GP takes over")
    search.add_argument("--workers", type=int, default=1, help="evaluations in flight (local processes)")
    search.add_argument("--scheduler", help="Dask scheduler address (tcp://HOST:PORT) to evaluate on")
    search.add_argument("--resume", action="store_true", help="continue the trial log in --out")

    report = commands.add_parser("report", help="re-render report.md of a results folder")
    report.add_argument("directory")
    return parser


def _overrides(args: argparse.Namespace) -> dict:
    flags = {"device": args.device, "threads": args.threads, "seed": args.seed}
    overrides = {key: value for key, value in flags.items() if value is not None}
    data_dir = args.data_dir or os.environ.get("BRAINSNN_DATA")
    if data_dir:
        overrides["data_dir"] = str(Path(data_dir).expanduser().resolve())
    for item in args.set:
        key, sep, text = item.partition("=")
        if not sep:
            raise ConfigError(f"--set expects KEY=VALUE, got {item!r}")
        try:
            overrides[key] = json.loads(text)
        except json.JSONDecodeError:
            overrides[key] = text
    return overrides


def _command_line(argv: list[str]) -> str:
    return "brainsnn " + " ".join(shlex.quote(a) for a in argv)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = _parser().parse_args(argv)
    try:
        return _dispatch(args, argv)
    except ConfigError as err:
        print(f"brainsnn: error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("brainsnn: interrupted; finished trials and published results are kept", file=sys.stderr)
        return 130


def _dispatch(args: argparse.Namespace, argv: list[str]) -> int:
    from brainsnn.registry import get_study, study_names

    if args.command == "list":
        for name in study_names():
            study = get_study(name)
            print(f"{name:24s} {study.summary}\n{'':24s} {study.paper}")
        return 0
    if args.command == "report":
        from brainsnn.report import read_json, render_report

        directory = Path(args.directory)
        if (directory / "trials.jsonl").exists():
            return _rerender_search(directory, argv)
        stored = read_json(directory / "config.json")
        study = get_study(stored["config"]["study"])
        print(render_report(directory, study.render_report))
        return 0

    study = get_study(args.study)
    config = study.config(args.preset, _overrides(args))
    if args.command == "run":
        from brainsnn.report import write_run

        out = Path(args.out or Path("results") / study.name / args.preset)
        write_run(
            out, lambda staging: study.run(config, staging), config, study.render_report,
            title=f"{study.name} ({args.preset}): {study.summary}", command=_command_line(argv),
            overwrite=args.overwrite,
        )
        print(f"report written to {out / 'report.md'}")
        return 0

    from brainsnn.search import run_search
    from brainsnn.search_report import write_search_report

    out = Path(args.out or Path("results") / study.name / "search")
    result = run_search(
        study, config, calls=args.calls, initial=args.initial, workers=args.workers, scheduler=args.scheduler,
        resume=args.resume, out_dir=out, seed=config["seed"], progress=print,
    )
    report = write_search_report(out, study, config, result, command=_command_line(argv))
    best = "no finished evaluation" if result.best_objective is None else (
        f"best objective {result.best_objective:.4g} at {result.best_params}")
    print(f"{best}; report written to {report}")
    return 0


def _rerender_search(directory: Path, argv: list[str]) -> int:
    """Rewrite the report of a search folder from its trial log."""
    from brainsnn.registry import get_study
    from brainsnn.search import SearchResult, TrialLog
    from brainsnn.search_report import write_search_report

    log = TrialLog(directory / "trials.jsonl")
    header, records = log.read()
    if header is None:
        raise ConfigError(f"{log.path} has no header; it was not written by `brainsnn search`")
    result = SearchResult.from_records(records, log.path)
    print(write_search_report(directory, get_study(header["study"]), header["config"], result,
                              command=_command_line(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
