"""One case of the Spikemax benchmark, run in its own process.

``train``: SLAYER-style training batches (forward, loss, backward, Adam step) of the study's `SRMNetwork` on random
input spikes at rate 0.04 per step, ``batches`` times; ``variant`` ``toeplitz`` is the study's forward (the PSP of
all steps as one product with the (T, T) kernel matrix), ``stepped`` filters the PSP step by step with the
engine's `alpha_psp` recursion (same spikes, same gradient up to rounding: the case records the largest
difference of the first batch's gradients). ``inference``: the trained-shape network's float64 torch forward
against the Brian2 build (`brainsnn_studies.spikemax.brian.run_in_brian`) on the same samples, identical trains
checked. Cost model per sample: T x (fan-in x fan-out) multiply-adds per layer, plus T^2 x the narrower side for
the Toeplitz filter (T x it for the stepped one).

:mod:`benchmarks.spikemax_suite` starts every case as ``python -m benchmarks.spikemax_throughput CASE OUT``.
"""

from __future__ import annotations

import sys
import time
from typing import Any

import numpy as np
import torch

from benchmarks.build_costs import peak_rss_mb
from benchmarks.harness import case_main
from brainsnn.train.snn import alpha_psp, configure_torch
from brainsnn_studies.spikemax.brian import run_in_brian
from brainsnn_studies.spikemax.losses import loss_function
from brainsnn_studies.spikemax.srm import SRMNetwork
from brainsnn_studies.spikemax.training import output_spikes


class SteppedSRM(SRMNetwork):
    """The same network with the PSP filtered by the stepped alpha recursion instead of the kernel matrix."""

    def forward(self, spikes: torch.Tensor) -> list[torch.Tensor]:
        layers = []
        for weight in self.weights:
            psp = alpha_psp(spikes, self.tau_s) @ weight.T
            spikes = self.surrogate(psp + self.refractory(psp.detach()) - self.theta)
            layers.append(spikes)
        return layers


def network(case: dict[str, Any], kind=SRMNetwork) -> SRMNetwork:
    return kind(case["sizes"], tau_s=5.0, tau_r=5.0, theta=10.0, surrogate_width=0.5, weight_scale=30.0,
                generator=torch.Generator().manual_seed(case["seed"]))


def inputs(case: dict[str, Any], batch: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (rng.random((batch, case["steps"], case["sizes"][0])) < 0.04).astype(np.uint8)


def time_training(case: dict[str, Any]) -> dict[str, Any]:
    net = network(case, SteppedSRM if case["variant"] == "stepped" else SRMNetwork)
    loss = loss_function(case["loss"], window=40, epsilon=1.0, true_rate=0.2, false_rate=0.02, softmax_input="count")
    optimizer = torch.optim.Adam(net.parameters(), lr=0.02)
    classes = case["sizes"][-1]
    seconds, gradients = [], None
    for batch in range(case["batches"]):
        x = torch.as_tensor(np.swapaxes(inputs(case, case["batch_size"], batch), 0, 1), dtype=torch.float32)
        labels = torch.arange(case["batch_size"]) % classes
        started = time.perf_counter()
        optimizer.zero_grad()
        loss(net(x)[-1], labels).backward()
        if gradients is None:
            gradients = [w.grad.clone() for w in net.weights]
        optimizer.step()
        seconds.append(time.perf_counter() - started)
    reference = network(case, SRMNetwork if case["variant"] == "stepped" else SteppedSRM)
    x = torch.as_tensor(np.swapaxes(inputs(case, case["batch_size"], 0), 0, 1), dtype=torch.float32)
    loss(reference(x)[-1], torch.arange(case["batch_size"]) % classes).backward()
    difference = max(float((w.grad - g).abs().max() / (g.abs().max() + 1e-30))
                     for w, g in zip(reference.weights, gradients, strict=True))
    return {"batch_s": seconds, "relative_gradient_difference": difference, "python_peak_rss_mb": peak_rss_mb()}


def time_inference(case: dict[str, Any]) -> dict[str, Any]:
    net = network(case)
    x = inputs(case, case["samples"], 0)
    torch_s = []
    for _ in range(case["torch_calls"]):
        started = time.perf_counter()
        expected = output_spikes(net, x)
        torch_s.append(time.perf_counter() - started)
    brian_s = []
    for _ in range(case["brian_calls"]):
        started = time.perf_counter()
        (got,) = run_in_brian([net], x)
        brian_s.append(time.perf_counter() - started)
    mismatched = sum(int((a != b).sum()) for a, b in zip(expected, got, strict=True))
    return {"torch_s": torch_s, "brian_s": brian_s, "mismatched_spikes": mismatched,
            "spikes": sum(int(layer.sum()) for layer in expected), "python_peak_rss_mb": peak_rss_mb()}


def run(case: dict[str, Any]) -> dict[str, Any]:
    configure_torch(threads=1, seed=case["seed"])
    started = time.perf_counter()
    result = time_training(case) if case["kind"] == "train" else time_inference(case)
    return {**case, **result, "wall_s": time.perf_counter() - started}


if __name__ == "__main__":
    sys.exit(case_main(run, sys.argv[1:]))
