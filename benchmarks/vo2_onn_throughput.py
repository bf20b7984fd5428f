"""One case of the VO2 ONN throughput benchmark, run in its own process.

A case retrieves ``n_networks`` noisy digits at once with the 60-oscillator Hopfield ONN of the ``vo2-onn`` study
(:class:`~brainsnn_studies.vo2_onn.hopfield_onn.HopfieldONN`, beta = 1.875, dt = 2 ns) for ``calls`` identical calls on
``device``; the first call builds (and compiles), the later ones rerun the same network (standalone: the compiled
binary with new ``run_args``). Cost model per call: oscillator steps = n_networks x 60 x steps, coupling updates =
n_networks x 60 x 59 x steps.

:mod:`benchmarks.vo2_onn_suite` starts every case as ``python -m benchmarks.vo2_onn_throughput CASE_JSON OUT_JSON``.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from brian2 import mvolt

from benchmarks.build_costs import build_costs, cython_cache_modules, peak_rss_mb
from brainsnn.backend import use_backend
from brainsnn.data.digit_bitmaps import digit_patterns
from brainsnn.data.fuzzy_patterns import fuzzy_inputs
from brainsnn.models.hopfield import hebbian_weights
from brainsnn.models.transition_function import zeta_inverse
from brainsnn.models.vo2_oscillator import VO2Parameters
from brainsnn_studies.vo2_onn.hopfield_onn import HopfieldONN
from brainsnn_studies.vo2_onn.onn_mapping import ResistanceMapping, transit_delays, weight_levels
from brainsnn_studies.vo2_onn.oscillator_batch import STEP

#: epsilon of Eq. 10 fitted by the study's quick preset (only sets the resistances; the cost does not depend on it).
EPSILON = 0.215 * mvolt
BETA = 1.875
FUZZY_PIXELS = 10


def coupling_matrix(circuit: VO2Parameters) -> np.ndarray:
    """Eq. 22 resistances (ohm) of the Hebbian digit weights at beta = 1.875."""
    patterns = digit_patterns()
    weights = hebbian_weights(patterns)
    levels = weight_levels(weights)
    pair = zeta_inverse(circuit, transit_delays(levels, BETA, circuit.period), EPSILON)
    return ResistanceMapping.from_pair_resistances(levels, pair, patterns.shape[1]).matrix(weights)


def time_retrieval(device: str, n_networks: int, periods: float, calls: int, seed: int) -> dict[str, Any]:
    """Time ``calls`` identical :meth:`HopfieldONN.retrieve` calls of ``n_networks`` inputs."""
    circuit = VO2Parameters()
    patterns = digit_patterns()
    per_pattern = -(-n_networks // len(patterns))
    inputs = fuzzy_inputs(patterns, FUZZY_PIXELS, per_pattern, np.random.default_rng(seed))[0][:n_networks]
    matrix = coupling_matrix(circuit)
    duration = periods * circuit.period
    steps = int(round(float(duration / STEP)))
    records = []
    with use_backend(device, label=f"bench-vo2-b{n_networks}", seed=seed) as backend:
        onn = HopfieldONN(backend, n_networks, patterns.shape[1], duration)
        for call in range(calls):
            modules = cython_cache_modules()
            start = time.perf_counter()
            result = onn.retrieve(circuit, matrix, inputs, circuit.period)
            seconds = time.perf_counter() - start
            oscillator_steps = n_networks * patterns.shape[1] * steps
            record = {"call": call, "seconds": seconds, "steps": steps, "networks_per_s": n_networks / seconds,
                      "oscillator_steps_per_s": oscillator_steps / seconds,
                      "coupling_updates_per_s": oscillator_steps * (patterns.shape[1] - 1) / seconds,
                      "flagged": float(result.flagged.mean())}
            record.update(build_costs(backend, call, modules))
            records.append(record)
        if backend.standalone:
            shutil.rmtree(backend.directory, ignore_errors=True)
    return {"records": records, "python_peak_rss_mb": peak_rss_mb()}


def main(argv: list[str]) -> int:
    case = json.loads(argv[0])
    result = time_retrieval(case["device"], case["n_networks"], case["periods"], case["calls"], case["seed"])
    Path(argv[1]).write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
