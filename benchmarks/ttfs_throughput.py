"""One case of the TTFS inference benchmark, run in its own process.

A case trains the ``ttfs-mapping`` study's FC (64-100-10) or LeNet-like network on digits for a few epochs (the
cost of inference does not depend on how well it is trained), maps it exactly (`brainsnn.ttfs.map_to_ttfs`) and
classifies ``calls`` chunks of ``batch_size`` test images with the Brian2 network
(:class:`~brainsnn.networks.ttfs_network.BrianTTFSNetwork`) in ``mode`` on ``device``. The first call builds (and
compiles); later calls rerun the same network (standalone: the compiled binary with new ``run_args``). The same
chunks then go through the numpy closed form (`ttfs_forward`), the reference. Cost model per call: synapses =
batch_size x synapses per sample, each carrying at most one spike; neuron updates = neurons x steps.

:mod:`benchmarks.ttfs_suite` starts every case as ``python -m benchmarks.ttfs_throughput CASE_JSON OUT_JSON``.
"""

from __future__ import annotations

import shutil
import sys
import time
from typing import Any

import numpy as np
from brian2 import ms

from benchmarks.build_costs import build_costs, cython_cache_modules, peak_rss_mb
from benchmarks.harness import case_main
from brainsnn.backend import use_backend
from brainsnn.data.datasets import load_dataset
from brainsnn.networks.ttfs_network import BrianTTFSNetwork
from brainsnn.train import Adam, fit
from brainsnn.ttfs import map_to_ttfs, ttfs_forward
from brainsnn_studies.ttfs_mapping.networks import build_network, input_shape
from brainsnn_studies.ttfs_mapping.study import STUDY as MAPPING_STUDY

TRAINING_EPOCHS = 3


def mapped_network(name: str, seed: int):
    """The study's ``name`` network trained briefly on digits and mapped; returns the mapping and encoded test set."""
    config = MAPPING_STUDY.config("quick", {"seed": seed})
    data = load_dataset("digits")
    shape = input_shape(name, data.shape)
    low, high = config["input_range"]
    x_train, x_test = ((low + (high - low) * x / 255.0).reshape(-1, *shape) for x in (data.x_train, data.x_test))
    network = build_network(name, config, x_train[0].size, np.random.default_rng(seed))
    fit(network, x_train, data.y_train, epochs=TRAINING_EPOCHS, batch_size=config["train_batch_size"],
        optimizer=Adam(config["learning_rate"]), seed=seed)
    mapping = map_to_ttfs(network, shape, (low, high), x_train)
    return mapping, mapping.encode(x_test)


def time_inference(case: dict[str, Any]) -> dict[str, Any]:
    """Time ``calls`` Brian2 calls of ``batch_size`` samples, then the closed form on the same samples."""
    mapping, x = mapped_network(case["network"], case["seed"])
    batch, calls = case["batch_size"], case["calls"]
    chunks = [x[(call * batch) % len(x):][:batch] for call in range(calls)]
    records, potentials = [], []
    with use_backend(case["device"], label=f"bench-ttfs-b{batch}", seed=case["seed"]) as backend:
        started = time.perf_counter()
        brian_network = BrianTTFSNetwork(mapping.ttfs, backend, mode=case["mode"], dt=case["dt"], batch_size=batch)
        build_s = time.perf_counter() - started
        for call, chunk in enumerate(chunks):
            modules = cython_cache_modules()
            started = time.perf_counter()
            simulation = brian_network.run(chunk)
            seconds = time.perf_counter() - started
            potentials.append(simulation.potentials)
            record = {"call": call, "seconds": seconds, "samples_per_s": len(chunk) / seconds}
            record.update(build_costs(backend, call, modules))
            records.append(record)
        if backend.standalone:
            shutil.rmtree(backend.directory, ignore_errors=True)
    reference_s, reference = [], []
    for chunk in chunks:
        started = time.perf_counter()
        reference.append(ttfs_forward(mapping.ttfs, chunk).potentials)
        reference_s.append(time.perf_counter() - started)
    neurons = sum(layer.threshold.size for layer in mapping.ttfs.hidden) + x[0].size + mapping.ttfs.output.alpha.size
    return {
        "records": records, "build_s": build_s, "closed_form_s": reference_s,
        "closed_form_samples_per_s": float(batch * len(chunks) / sum(reference_s)),
        "max_logit_difference": float(max(np.abs(p - r).max() for p, r in zip(potentials, reference, strict=True))),
        "synapses_per_sample": brian_network.synapses_per_sample, "neurons_per_sample": int(neurons),
        "steps": int(round(float(brian_network.duration / (case["dt"] * ms)))), "latency": mapping.ttfs.latency,
        "python_peak_rss_mb": peak_rss_mb(),
    }


if __name__ == "__main__":
    sys.exit(case_main(time_inference, sys.argv[1:]))
