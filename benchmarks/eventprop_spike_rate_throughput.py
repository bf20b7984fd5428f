"""One case of the eventprop-spike-rate benchmark, run in its own process.

``train``: mini-batch steps (exact event-driven forward, EventProp backward, Adam) of ``networks`` Yin-Yang
networks 5/40/25/13/3 (Table 2 + calibration, L_W at alpha 5e-3), each with its own batch of ``batch_size``, in one
event loop (`brainsnn_studies.eventprop_spike_rate.training.train`); also the forward pass alone on the same
batches. ``inference``: ``samples`` test samples through the exact event simulation and through the Brian2
network (`method='exact'`, a dt grid) on the numpy target. Cost model: events per layer = spikes received; the
per-event cost is a handful of numpy calls on ``networks x batch_size`` rows.

:mod:`benchmarks.eventprop_spike_rate_suite` starts every case as ``python -m benchmarks.eventprop_spike_rate_throughput
CASE_JSON OUT_JSON``.
"""

from __future__ import annotations

import sys
import time
from typing import Any

import numpy as np

from benchmarks.build_costs import peak_rss_mb
from benchmarks.harness import case_main
from brainsnn_studies.eventprop_spike_rate.brian import run_in_brian
from brainsnn_studies.eventprop_spike_rate.data import yin_yang_task
from brainsnn_studies.eventprop_spike_rate.ensemble import initial_weights, lif_of, loss_of, stacked
from brainsnn_studies.eventprop_spike_rate.simulation import input_spikes, network_forward
from brainsnn_studies.eventprop_spike_rate.study import STUDY
from brainsnn_studies.eventprop_spike_rate.training import train

SIZES = [5, 40, 25, 13, 3]


def _setup(case: dict[str, Any], n_train: int):
    config = STUDY.config("quick", {"seed": case["seed"], "n_train": n_train, "n_test": 500})
    task = yin_yang_task(config)
    weights = stacked([initial_weights(config, task, SIZES, "yin-yang", case["seed"] + g)[0]
                       for g in range(case.get("networks", 1))])
    return config, task, weights


def time_training(case: dict[str, Any]) -> dict[str, Any]:
    g, batch, batches = case["networks"], case["batch_size"], case["batches"]
    config, task, weights = _setup(case, batch * batches)
    lif, losses = lif_of(config), [loss_of(config, "lw", 5e-3, 0.0)] * g
    steps, forward = [], []
    for index in range(batches):
        rows = slice(index * batch, (index + 1) * batch)
        times, labels = task.x_train[rows], task.y_train[rows]
        group = np.repeat(np.arange(g), batch)
        started = time.perf_counter()
        network_forward(lif, weights, input_spikes(np.tile(times, (g, 1))), group)
        forward.append(time.perf_counter() - started)
        started = time.perf_counter()
        train(lif, weights, times, labels, losses, 1, np.full(g, config["learning_rate"]), batch, list(range(g)))
        steps.append(time.perf_counter() - started)
    return {"step_s": steps, "forward_s": forward, "python_peak_rss_mb": peak_rss_mb()}


def time_inference(case: dict[str, Any]) -> dict[str, Any]:
    config, task, weights = _setup(case, 64)
    lif, n = lif_of(config), case["samples"]
    times = task.x_test[:n]
    started = time.perf_counter()
    exact = network_forward(lif, weights, input_spikes(times), np.zeros(n, dtype=int))
    exact_s = time.perf_counter() - started
    started = time.perf_counter()
    brian = run_in_brian(lif, [w[0] for w in weights], times, case["dt"])
    brian_s = time.perf_counter() - started
    return {"exact_s": exact_s, "brian_s": brian_s, "spikes_exact": [len(s) for s in exact[1:]],
            "spikes_brian2": [len(layer[0]) for layer in brian], "python_peak_rss_mb": peak_rss_mb()}


def run(case: dict[str, Any]) -> dict[str, Any]:
    return time_training(case) if case["kind"] == "train" else time_inference(case)


if __name__ == "__main__":
    sys.exit(case_main(run, sys.argv[1:]))
