"""One case of the ace-snn benchmark, run in its own process with one torch thread.

Every case builds the quick preset's CNN-3D (channels 8, 16, 16, 16, 16, 16) on 5 x 5 x 32 stand-in patches, trains
the ANN for two epochs and converts it (99.7th percentile x 0.8), so that every layer spikes. ``torch``: test
patches per second through the ANN, the converted SNN at T = 5 (Conv3d stages, `ConvertedSNN.run`), the same SNN as
the dense float64 `SpikingNetwork` that Brian2 receives, and one Q-STDB training step (affine 6-bit, BPTT over
T = 5); several calls each, steady = median after the first. ``brian``: the dense network in Brian2
(`brainsnn.deploy.run_in_brian`, direct input, ``device``) on ``samples`` patches, called twice (the first call
generates and compiles the project, the second regenerates it in the same folder and ``make`` rebuilds only what
changed), checked spike for spike. Cost model: the ANN's MACs, the SNN's accumulates per patch.

:mod:`benchmarks.ace_snn_suite` starts every case as ``python -m benchmarks.ace_snn_throughput CASE_JSON OUT_JSON``.
"""

from __future__ import annotations

import sys
import time
from typing import Any

import torch

from benchmarks.build_costs import peak_rss_mb
from benchmarks.harness import case_main, first_and_steady
from brainsnn.train.snn import configure_torch
from brainsnn_studies.ace_snn.data import patches
from brainsnn_studies.ace_snn.deployment import brian_check, spiking_network
from brainsnn_studies.ace_snn.experiments import converted
from brainsnn_studies.ace_snn.qstdb import Quantiser, train_qstdb
from brainsnn_studies.ace_snn.study import STUDY

STEPS = 5


def _setup(case: dict[str, Any]):
    configure_torch(threads=1, seed=case["seed"])
    config = STUDY.config("quick", {"seed": case["seed"], "ann_epochs": 2, "n_train": 400,
                                    "n_test": max(case["samples"], 64)})
    data = patches(config, case["seed"])
    _, snn, _ = converted(config, data, case["seed"])
    return data, snn



def time_torch(case: dict[str, Any]) -> dict[str, Any]:
    data, snn = _setup(case)
    x, n = data.x_test[: case["samples"]], case["samples"]
    from brainsnn_studies.ace_snn.networks import ANN

    ann = ANN(snn.stages).eval()
    dense = spiking_network(snn, x.shape[1:])
    dense_inputs = x.double()[None].expand(STEPS, *x.shape)
    with torch.no_grad():
        timings = {
            "ANN": first_and_steady(lambda: ann(x), case["calls"]),
            "SNN conv (torch float32)": first_and_steady(lambda: snn.run(x, STEPS), case["calls"]),
            "SNN dense (torch float64, as deployed)": first_and_steady(lambda: dense(dense_inputs), case["calls"]),
        }
    snn.quantiser = Quantiser("affine", 6)
    batch = case["train_batch"]
    timings["Q-STDB step (affine 6-bit)"] = first_and_steady(
        lambda: train_qstdb(snn, data.x_train[:batch], data.y_train[:batch], steps=STEPS, epochs=1,
                            learning_rate=1e-3, batch_size=batch, seed=case["seed"]), case["calls"])
    rates = {name: (batch if name.startswith("Q-STDB") else n) / t["steady_s"] for name, t in timings.items()}
    return {"timings": timings, "samples_per_s": rates, "python_peak_rss_mb": peak_rss_mb()}


def time_brian(case: dict[str, Any]) -> dict[str, Any]:
    data, snn = _setup(case)
    x = data.x_test[: case["samples"]]
    seconds = []
    for _ in range(2):
        started = time.perf_counter()
        check = brian_check(snn, x, STEPS, case["device"])
        seconds.append(time.perf_counter() - started)
    dense = spiking_network(snn, x.shape[1:])
    started = time.perf_counter()
    with torch.no_grad():
        dense(x.double()[None].expand(STEPS, *x.shape))
    torch_s = time.perf_counter() - started
    return {"brian_s": seconds[0], "brian_again_s": seconds[1], "torch_dense_s": torch_s,
            "identical": check["identical"],
            "spike_counts": check["spike_counts_brian"], "accumulates_per_sample": sum(check["accumulates"].values()),
            "input_macs_per_sample": check["input_macs"], "python_peak_rss_mb": peak_rss_mb()}


def run(case: dict[str, Any]) -> dict[str, Any]:
    return time_torch(case) if case["kind"] == "torch" else time_brian(case)


if __name__ == "__main__":
    sys.exit(case_main(run, sys.argv[1:]))
