"""One case of the ecc-conversion benchmark, run in its own process with one torch thread.

``torch`` and ``brian`` build the quick preset's CNN (conv 8-16, average pooling, batch norm) on 2000 Fashion-MNIST
training images (2 epochs) and convert it by ECC (kappa 100, eta 0.5 as initial charge). ``torch``: test images
per second through the CNN (float32) and the SNN stepped for ``steps`` steps (float64, constant-current input);
several calls each, steady = median after the first. ``brian``: the SNN in Brian2 (`brainsnn.deploy.run_in_brian`,
direct input, ``device``) on ``samples`` images, one call including code generation and compilation, compared count
for count with the torch run. ``vgg``: the paper preset's VGG-16 (random weights, 3 x 32 x 32): one SNN step and
one Adam training step per image, the slice behind the paper preset's CPU estimate.

:mod:`benchmarks.ecc_conversion_suite` starts every case as ``python -m benchmarks.ecc_conversion_throughput CASE_JSON
OUT_JSON``.
"""

from __future__ import annotations

import sys
import time
from typing import Any

import numpy as np
import torch

from benchmarks.build_costs import peak_rss_mb
from benchmarks.harness import case_main, first_and_steady
from brainsnn.checkpoint import CheckpointStore
from brainsnn.conversion.ecc import ecc_network
from brainsnn.conversion.weight_normalisation import activation_maxima
from brainsnn.train.snn import configure_torch
from brainsnn_studies.ecc_conversion.cnn import build, trained
from brainsnn_studies.ecc_conversion.data import images
from brainsnn_studies.ecc_conversion.simulation import constant_current, simulate
from brainsnn_studies.ecc_conversion.study import STUDY


def _converted(case: dict[str, Any]):
    configure_torch(threads=1, seed=case["seed"])
    config = STUDY.config("quick", {"seed": case["seed"], "datasets": ["fashion-mnist"], "n_train": 2000,
                                    "n_test": max(case["samples"], 100), "epochs": 2})
    data = images("fashion-mnist", config)
    model = trained(data, config, case["seed"], CheckpointStore("ecc-conversion-benchmark", dict(config)))
    maxima = activation_maxima(model, data.x_train[:500])
    return data, model, ecc_network(model, maxima, kappa=100.0, eta=0.5, tre="initial_charge")


def time_torch(case: dict[str, Any]) -> dict[str, Any]:
    data, model, snn = _converted(case)
    x, n = data.x_test[:case["samples"]], case["samples"]
    with torch.no_grad():
        timings = {"ANN (float32)": first_and_steady(lambda: model(x), case["calls"]),
                   "SNN (torch float64)": first_and_steady(lambda: simulate(snn, x, case["steps"]), case["calls"])}
    return {"samples": n, "timings": timings, "samples_per_s": {k: n / t["steady_s"] for k, t in timings.items()},
            "python_peak_rss_mb": peak_rss_mb()}


def time_brian(case: dict[str, Any]) -> dict[str, Any]:
    from brainsnn.deploy import deployment_plan, operation_counts, run_in_brian

    data, _, snn = _converted(case)
    x, n, steps = data.x_test[:case["samples"]], case["samples"], case["steps"]
    plan = deployment_plan(snn, data.shape)
    started = time.perf_counter()
    run = run_in_brian(plan, constant_current(x, steps).numpy(), device=case["device"], input_coding="direct")
    brian_s = time.perf_counter() - started
    started = time.perf_counter()
    reference = simulate(snn, x, steps)
    torch_s = time.perf_counter() - started
    identical = all(np.array_equal(a, run.counts[p.name]) for a, p in zip(reference.counts, plan.spiking,
                                                                          strict=True))
    return {"samples": n, "device": case["device"], "brian_s": brian_s, "torch_s": torch_s,
            "brian_samples_per_s": n / brian_s, "torch_samples_per_s": n / torch_s, "identical": identical,
            "accumulates_per_sample": operation_counts(plan, run).total_accumulates,
            "python_peak_rss_mb": peak_rss_mb()}


def time_vgg(case: dict[str, Any]) -> dict[str, Any]:
    configure_torch(threads=1, seed=case["seed"])
    config = STUDY.config("paper")
    model = build((3, 32, 32), 10, config)
    x, y = torch.rand(case["images"], 3, 32, 32), torch.arange(case["images"]) % 10
    optimiser = torch.optim.Adam(model.parameters())

    def train_step():
        optimiser.zero_grad()
        torch.nn.functional.cross_entropy(model.train()(x), y).backward()
        optimiser.step()

    train = first_and_steady(train_step, case["calls"])
    model.eval()
    snn = ecc_network(model, [1.0] * (len(config.conv_channels) + len(config.dense) + 1), eta=0.5, tre="initial_charge")
    step = first_and_steady(lambda: simulate(snn, x, 1), case["calls"])
    return {"images": case["images"], "train_s_per_image": train["steady_s"] / case["images"],
            "snn_step_s_per_image": step["steady_s"] / case["images"], "python_peak_rss_mb": peak_rss_mb()}


def run(case: dict[str, Any]) -> dict[str, Any]:
    return {"torch": time_torch, "brian": time_brian, "vgg": time_vgg}[case["kind"]](case)


if __name__ == "__main__":
    sys.exit(case_main(run, sys.argv[1:]))
