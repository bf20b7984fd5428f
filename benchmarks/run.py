"""``make bench``: every benchmark suite, each case in a fresh subprocess, results in ``benchmarks/results/``.

Suites: ``diehl-cook`` (training throughput of the single-run network vs a per-sample loop), ``vo2-onn``
(batched 60-oscillator ONNs on numpy, cython and cpp_standalone), ``ttfs`` (TTFS inference in Brian2 against
the numpy closed form), ``dendritic-alsa`` (ALSA training and dendritic-BSS steps, cython vs cpp_standalone) and
``gradient`` (BPTT training of a conv SNN in torch vs its numpy lower bound, an MLP epoch on the numpy trainer vs
torch float64/float32, and a trained SNN's inference in torch vs its spike-identical Brian2 build), and the training
loops of the timing-gradient studies: ``eventprop-spike-rate``, ``antlr`` and ``spikemax``, and the converted
networks of the conversion studies (ANN against its SNN in torch and in Brian2): ``ecc-conversion``,
``scatter-gather`` and ``ace-snn``.

Usage::

    .venv/bin/python -m benchmarks.run                       # every suite, full sizes (~30 min on 2 cores)
    .venv/bin/python -m benchmarks.run --quick               # smaller sizes
    .venv/bin/python -m benchmarks.run --suite vo2-onn       # one suite
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks import (
    ace_snn_suite,
    antlr_suite,
    dendritic_alsa_suite,
    diehl_cook_suite,
    ecc_conversion_suite,
    eventprop_spike_rate_suite,
    gradient_suite,
    scatter_gather_suite,
    spikemax_suite,
    ttfs_suite,
    vo2_onn_suite,
)

RESULTS = Path(__file__).resolve().parent / "results"
#: The suites that take ``(quick, out, seed)``; diehl-cook also takes its --skip-* flags.
SUITE_RUNNERS = {
    "vo2-onn": vo2_onn_suite.run_suite,
    "ttfs": ttfs_suite.run_suite,
    "dendritic-alsa": dendritic_alsa_suite.run_suite,
    "gradient": gradient_suite.run_suite,
    "eventprop-spike-rate": eventprop_spike_rate_suite.run_suite,
    "antlr": antlr_suite.run_suite,
    "spikemax": spikemax_suite.run_suite,
    "ecc-conversion": ecc_conversion_suite.run_suite,
    "scatter-gather": scatter_gather_suite.run_suite,
    "ace-snn": ace_snn_suite.run_suite,
}
SUITES = ("diehl-cook", *SUITE_RUNNERS)


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
    for name, run_suite in SUITE_RUNNERS.items():
        if args.suite in (name, "all"):
            failed += run_suite(args.quick, args.out, args.seed)
    if failed:
        print(f"failed cases: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
