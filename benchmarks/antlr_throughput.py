"""One case of the antlr benchmark, run in its own process with one BLAS thread.

``train``: mini-batch steps (float64 numpy forward of Eqs. 1-3, the backward recursions of the method, Adam) of
``models`` latency-digit networks 64-100-10 (T = 60), each on its own batch of ``batch_size``, trained as one array
program (`brainsnn_studies.antlr.training.Trainer`); also the forward pass alone on the same batches. ``inference``:
``samples`` test samples through the numpy forward and through the Brian2 network (numpy target, one step per time
step, all samples in one ``run()``), checked spike for spike. Cost model: per time step and layer a handful of numpy
calls on ``models x batch_size x n`` arrays, so the Python overhead is shared by all models of a step.

:mod:`benchmarks.antlr_suite` starts every case as ``python -m benchmarks.antlr_throughput CASE_JSON OUT_JSON``.
"""

from __future__ import annotations

import sys
import time
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from benchmarks.build_costs import peak_rss_mb
from benchmarks.harness import case_main
from brainsnn_studies.antlr.brian import run_in_brian
from brainsnn_studies.antlr.classification import make_trainer
from brainsnn_studies.antlr.experiments import latency_data, methods, recipe
from brainsnn_studies.antlr.neuron import forward
from brainsnn_studies.antlr.study import STUDY


def _train(case: dict[str, Any]) -> dict[str, Any]:
    config = STUDY.config("quick", {"seed": case["seed"], "batch_size": case["batch_size"]})
    train, _, n_classes = latency_data(config)
    plan = recipe(config)
    seeds = [case["seed"] + m for m in range(case["models"])]
    trainer = make_trainer(case["method"], methods(config)[case["method"]], plan,
                           (train.inputs.shape[-1], *plan.hidden, n_classes), seeds)
    rng = np.random.default_rng(case["seed"])
    step_s, forward_s = [], []
    for _ in range(case["batches"]):
        index = rng.integers(0, len(train.labels), (case["models"], case["batch_size"]))
        inputs, labels = train.inputs[:, index], train.labels[index]
        start = time.perf_counter()
        trainer.step(inputs, labels)
        step_s.append(time.perf_counter() - start)
        start = time.perf_counter()
        forward(plan.neuron, trainer.network.weights, trainer.network.biases, inputs)
        forward_s.append(time.perf_counter() - start)
    return {"step_s": step_s, "forward_s": forward_s}


def _inference(case: dict[str, Any]) -> dict[str, Any]:
    config = STUDY.config("quick", {"seed": case["seed"]})
    _, test, n_classes = latency_data(config)
    plan = recipe(config)
    network = make_trainer("antlr", methods(config)["antlr"], plan, (test.inputs.shape[-1], *plan.hidden, n_classes),
                           [case["seed"]]).network
    inputs = test.inputs[:, : case["samples"]]
    start = time.perf_counter()
    reference = forward(plan.neuron, network.weights, network.biases, inputs[:, None])
    numpy_s = time.perf_counter() - start
    brian = run_in_brian(plan.neuron, [w[0] for w in network.weights], [b[0, 0] for b in network.biases], inputs)
    mismatched = [int(np.abs(ours[:, 0] - theirs).sum()) for ours, theirs in zip(reference.spikes, brian.spikes,
                                                                                  strict=True)]
    return {"numpy_s": numpy_s, "brian_s": brian.seconds, "mismatched_spikes": mismatched,
            "spikes": [int(s.sum()) for s in brian.spikes]}


def run(case: dict[str, Any]) -> dict[str, Any]:
    with threadpool_limits(limits=1):
        result = _train(case) if case["kind"] == "train" else _inference(case)
    return {**result, "python_peak_rss_mb": peak_rss_mb()}


if __name__ == "__main__":
    sys.exit(case_main(run, sys.argv[1:]))
