"""``make bench``: every benchmark suite, each case in a fresh subprocess, results in ``benchmarks/results/``.

Suites: ``diehl-cook`` (training throughput of the single-run network vs a per-sample loop), ``vo2-onn``
(batched 60-oscillator ONNs on numpy, cython and cpp_standalone), ``ttfs`` (TTFS inference in Brian2 against
the numpy closed form), ``dendritic-alsa`` (ALSA training and dendritic-BSS steps, cython vs cpp_standalone) and
``gradient`` (BPTT training of a conv SNN in torch vs its numpy lower bound, an MLP epoch on the numpy trainer vs
torch float64/float32, and a trained SNN's inference in torch vs its spike-identical Brian2 build).

Usage::

    .venv/bin/python -m benchmarks.run                       # every suite, full sizes (~30 min on 2 cores)
    .venv/bin/python -m benchmarks.run --quick               # smaller sizes
    .venv/bin/python -m benchmarks.run --suite vo2-onn       # one suite
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks import dendritic_alsa_suite, diehl_cook_suite, gradient_suite, ttfs_suite, vo2_onn_suite

RESULTS = Path(__file__).resolve().parent / "results"
SUITES = ("diehl-cook", "vo2-onn", "ttfs", "dendritic-alsa", "gradient")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--suite", choices=SUITES + ("all",), default="all")
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    parser.add_argument("--skip-accuracy", action="store_true", help="diehl-cook: only the timing cases")
    parser.add_argument("--skip-timing", action="store_true", help="diehl-cook: only the accuracy cases")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"output folder (default {RESULTS})")
    args = parser.parse_args(argv)
    failed = []
    if args.suite in ("diehl-cook", "all"):
        failed += diehl_cook_suite.run_suite(args.quick, args.out, args.seed, args.skip_accuracy, args.skip_timing)
    if args.suite in ("vo2-onn", "all"):
        failed += vo2_onn_suite.run_suite(args.quick, args.out, args.seed)
    if args.suite in ("ttfs", "all"):
        failed += ttfs_suite.run_suite(args.quick, args.out, args.seed)
    if args.suite in ("dendritic-alsa", "all"):
        failed += dendritic_alsa_suite.run_suite(args.quick, args.out, args.seed)
    if args.suite in ("gradient", "all"):
        failed += gradient_suite.run_suite(args.quick, args.out, args.seed)
    if failed:
        print(f"failed cases: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
