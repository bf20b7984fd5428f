"""One case of the scatter-gather benchmark, run in its own process.

The digits conv net of the ``scatter-gather`` study (8C3-8P2-16C3-16P2-10FC, ternary hidden weights) with median
quantisation ``(k, B)``, batch-norm statistics from the training images (no training: throughput does not depend on
the weights' values beyond the spike counts, reported beside), converted into its one-step scatter-and-gather SNN of
``K = B 2^k`` replicas per neuron. Timed on the test images: the quantised ANN (torch float32 and float64), the SNN
in torch (float64, one step) and the SNN in Brian2 on the numpy target (build + run, direct input coding), spike
identity with torch checked. Cost model: synapses and synaptic operations grow as ``K^2`` and ``K`` (spikes per
replica fall).

:mod:`benchmarks.scatter_gather_suite` starts every case as ``python -m benchmarks.scatter_gather_throughput CASE_JSON
OUT_JSON``.
"""

from __future__ import annotations

import sys
import time
from typing import Any

import torch

from benchmarks.build_costs import peak_rss_mb
from benchmarks.harness import call_seconds, case_main
from brainsnn.conversion.scatter_gather import scatter_gather_network
from brainsnn.train.snn import configure_torch
from brainsnn_studies.scatter_gather.data import load_images
from brainsnn_studies.scatter_gather.networks import build_ann
from brainsnn_studies.scatter_gather.study import STUDY


def run(case: dict[str, Any]) -> dict[str, Any]:
    from brainsnn.deploy import operation_counts, verify_deployment

    configure_torch(threads=1, seed=case["seed"])
    images = load_images("digits", STUDY.config("quick", {"seed": case["seed"]}))
    ann = build_ann("digits-conv", case["k"], case["bound"], 1.0, images.n_classes)
    for norm in (layer for layer in ann if hasattr(layer, "running_mean")):
        norm.momentum = 1.0  # the statistics of one pass over the training images
    with torch.no_grad():
        ann.train()
        ann(images.x_train)
    ann.eval()
    x = images.x_test[:case["samples"]]
    ann64 = build_ann("digits-conv", case["k"], case["bound"], 1.0, images.n_classes).double().eval()
    ann64.load_state_dict(ann.state_dict())
    snn = scatter_gather_network(ann64, images.shape)
    with torch.no_grad():
        ann32_s = call_seconds(lambda: ann(x), case["calls"])
        ann64_s = call_seconds(lambda: ann64(x.double()), case["calls"])
    snn_s = call_seconds(lambda: snn.record(x.double()[None]), case["calls"])
    brian_s, identical = [], []
    for _ in range(case["brian_calls"]):
        started = time.perf_counter()
        identity, run_, plan = verify_deployment(snn, x.double()[None], device="numpy", input_coding="direct")
        brian_s.append(time.perf_counter() - started)
        identical.append(identity.identical)
    operations = operation_counts(plan, run_)
    return {"ann32_s": ann32_s, "ann64_s": ann64_s, "snn_s": snn_s, "brian_s": brian_s, "identical": identical,
            "synapses": int(sum(len(p.synapses.pre) for p in plan.populations[1:])),
            "accumulates_per_sample": operations.total_accumulates, "input_macs_per_sample": operations.input_macs,
            "spikes_per_layer": identity.spikes_per_layer, "python_peak_rss_mb": peak_rss_mb()}


if __name__ == "__main__":
    sys.exit(case_main(run, sys.argv[1:]))
