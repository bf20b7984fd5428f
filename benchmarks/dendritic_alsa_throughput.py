"""One case of the ALSA / dendritic-BSS throughput benchmark, run in its own process.

``model = "alsa"``: the IRIS classifier of the ``alsa`` study (48 Poisson inputs -> 3 conductance LIF outputs with
teachers, 200 ms + 50 ms per sample, dt = 0.5 ms), ``samples`` supervised training samples per call
(:func:`~brainsnn_studies.alsa.classifier.run_alsa_classifiers`). Cost model: steps = samples x 500.
``model = "dendritic"``: the network of the ``dendritic-bss`` quick preset (320 Poisson inputs -> 8 two-compartment
neurons, dt = 1 ms), ``slots`` training stimuli of 200 ms and one test stimulus per call
(:func:`~brainsnn_studies.dendritic_bss.network.run_bss_network`). Cost model: synapse updates = 320 x 8 x steps.

Each call builds the network again, as the studies do: the first call compiles, later ones reuse the Cython cache or
the standalone project (only changed sources are recompiled). A case alternates two amounts of work per call
(``sizes``: small, large), so that the suite can split a call into its fixed cost and its cost per step; the first
call of each size is a warm-up (the length of the schedule is compiled into the code, so each size compiles once).
:mod:`benchmarks.dendritic_alsa_suite` starts every case as
``python -m benchmarks.dendritic_alsa_throughput CASE_JSON OUT_JSON``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.build_costs import cython_cache_modules, peak_rss_mb
from brainsnn.models.alsa import IRIS_RULE
from brainsnn.models.two_compartment import TwoCompartmentParams
from brainsnn_studies.alsa.classifier import TeacherProtocol, run_alsa_classifiers
from brainsnn_studies.dendritic_bss.network import TEST, TRAIN, run_bss_network

ALSA_INPUTS, ALSA_CLASSES = 48, 3
BSS_INPUTS, BSS_OUTPUTS, BSS_STIMULUS_MS = 320, 8, 200.0


def time_alsa(device: str, samples: int, rng: np.random.Generator) -> dict[str, Any]:
    protocol = TeacherProtocol()
    rates = rng.uniform(0, 20, size=(1, samples, ALSA_INPUTS))
    labels = rng.integers(0, ALSA_CLASSES, size=(1, samples))
    start = time.perf_counter()
    run_alsa_classifiers(rates, labels, np.ones(samples, bool), ALSA_CLASSES, IRIS_RULE, protocol, device=device,
                         seed=int(rng.integers(1 << 30)))
    seconds = time.perf_counter() - start
    steps = samples * int((protocol.present_ms + protocol.rest_ms) / protocol.dt_ms)
    return {"seconds": seconds, "steps": steps, "steps_per_s": steps / seconds, "samples_per_s": samples / seconds}


def time_dendritic(device: str, slots: int, rng: np.random.Generator) -> dict[str, Any]:
    stimuli = rng.uniform(0, 1, size=(slots + 1, BSS_INPUTS))
    phases = np.r_[np.full(slots, TRAIN), TEST]
    params = TwoCompartmentParams(eta=1e-4, tau_avg_ms=BSS_STIMULUS_MS)
    start = time.perf_counter()
    run_bss_network(stimuli, phases, params, n_outputs=BSS_OUTPUTS, stimulus_ms=BSS_STIMULUS_MS, input_rate_hz=40.0,
                    device=device, seed=int(rng.integers(1 << 30)))
    seconds = time.perf_counter() - start
    steps = (slots + 1) * int(BSS_STIMULUS_MS)
    return {"seconds": seconds, "steps": steps, "steps_per_s": steps / seconds,
            "synapse_updates_per_s": steps * BSS_INPUTS * BSS_OUTPUTS / seconds}


def main(argv: list[str]) -> int:
    case = json.loads(argv[0])
    rng = np.random.default_rng(case["seed"])
    small, large = case["sizes"]
    timer = time_alsa if case["model"] == "alsa" else time_dendritic
    records = []
    for call, size in enumerate([small, large] * (1 + case["calls"])):
        modules = cython_cache_modules()
        record = timer(case["device"], size, rng)
        records.append({"call": call, "size": size, **record, "new_cython_modules": cython_cache_modules() - modules})
    Path(argv[1]).write_text(json.dumps({"records": records, "python_peak_rss_mb": peak_rss_mb()}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
