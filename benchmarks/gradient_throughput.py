"""One case of the gradient-engine benchmark, run in its own process with every thread pool pinned to one thread.

Kinds of case (``case["kind"]``):

- ``snn-train``: one BPTT training step of the conv SNN 12C5-MP2-64C5-MP2-FC10 (LIF beta 0.9, integrator read-out)
  on T x 28 x 28 Poisson spikes of random intensities, batch B: forward over T steps, backward through time, Adam
  (``engine="torch"``); or its numpy lower bound (``engine="numpy"``): the same architecture with ReLU instead of
  LIF (`brainsnn.train`, float64, 'valid' convolutions) doing T forward+backward passes, one per time step's spike
  frame, then one Adam step on the summed gradients. The numpy trainer has no membrane state, surrogate or
  recurrence through time, so a hand-written numpy BPTT would cost more: this is a lower bound for it.
- ``mlp-epoch``: epochs of MLP 784-400-10 (ReLU) over n random samples (uniform [0, 1) features, random labels),
  batch B, Adam, on the numpy float64 trainer (`brainsnn.train.fit`) and a plain torch loop in float64 and float32,
  the engines taking turns epoch by epoch in one process so that their ratios see the same load.
- ``inference``: the conv SNN of ``tests/deploy/test_spike_identity.py`` trained on scikit-learn's digits (8x8,
  T = 10 Poisson), then the 540 test samples through the torch forward (float64, float32), Brian2 cpp_standalone
  (`brainsnn.deploy.run_in_brian`, called several times: each later call regenerates the project in the same
  folder and ``make`` rebuilds only changed sources) and Brian2's numpy runtime, each checked spike for spike
  against the float64 torch forward (`brainsnn.deploy.compare`). Cost model: synaptic accumulates per sample
  (`brainsnn.deploy.operation_counts`).

Steady time = median over the batches (epochs, calls) after the first; the first is reported separately.
:mod:`benchmarks.gradient_suite` starts every case as ``python -m benchmarks.gradient_throughput CASE_JSON OUT_JSON``.
"""

from __future__ import annotations

import copy
import itertools
import os
import shutil
import socket
import sys
import time
from typing import Any

import numpy as np
import torch
from threadpoolctl import threadpool_limits
from torch import nn
from torch.nn import functional

from benchmarks.build_costs import peak_rss_mb
from benchmarks.harness import case_main
from brainsnn.backend import build_root
from brainsnn.data import load_dataset
from brainsnn.deploy import compare, deployment_plan, operation_counts, run_in_brian
from brainsnn.train import Adam, Sequential
from brainsnn.train import fit as numpy_fit
from brainsnn.train.layers import Conv2D, Dense, Flatten, MaxPool2D, ReLU
from brainsnn.train.snn.encoders import poisson
from brainsnn.train.snn.fit import fit, predict
from brainsnn.train.snn.network import SpikingNetwork
from brainsnn.train.snn.neurons import LIF, Integrator
from brainsnn.train.snn.runtime import configure_torch

IMAGE_SIDE, CLASSES = 28, 10
MLP_FEATURES, MLP_HIDDEN = 784, 400
LEARNING_RATE = 1e-3
DTYPES = {"float32": torch.float32, "float64": torch.float64}
#: The digits network: 4 epochs of batch 32 at Adam 3e-3 (tests/deploy/test_spike_identity.py), T = 10 Poisson.
DIGITS_STEPS, DIGITS_EPOCHS, DIGITS_BATCH, DIGITS_LEARNING_RATE = 10, 4, 32, 3e-3


def seconds(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def conv_snn() -> SpikingNetwork:
    """12C5-MP2-64C5-MP2-FC10 with LIF (beta 0.9) after each convolution and an integrator read-out."""
    return SpikingNetwork([
        nn.Conv2d(1, 12, 5), LIF(0.9), nn.MaxPool2d(2), nn.Conv2d(12, 64, 5), LIF(0.9), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(1024, CLASSES), Integrator(),
    ])


def conv_relu_network(rng: np.random.Generator) -> Sequential:
    """The same architecture in the numpy trainer, ReLU in place of LIF."""
    return Sequential([
        Conv2D(1, 12, 5, rng, padding="valid"), ReLU(), MaxPool2D(2), Conv2D(12, 64, 5, rng, padding="valid"), ReLU(),
        MaxPool2D(2), Flatten(), Dense(1024, CLASSES, rng),
    ])


def random_spike_batches(case: dict[str, Any]) -> tuple[list[torch.Tensor], list[torch.Tensor]]:
    """``batches`` Poisson spike tensors ``(T, B, 1, 28, 28)`` of random intensities and their random labels."""
    generator = torch.Generator().manual_seed(case["seed"])
    spikes, labels = [], []
    for _ in range(case["batches"]):
        intensities = torch.rand(case["batch_size"], 1, IMAGE_SIDE, IMAGE_SIDE, generator=generator)
        spikes.append(poisson(intensities, case["steps"], generator))
        labels.append(torch.randint(CLASSES, (case["batch_size"],), generator=generator))
    return spikes, labels


def time_snn_train(case: dict[str, Any]) -> dict[str, Any]:
    """Seconds of each training batch of the torch conv SNN or of its numpy ReLU lower bound."""
    spikes, labels = random_spike_batches(case)
    if case["engine"] == "torch":
        network = conv_snn()
        optimizer = torch.optim.Adam(network.parameters(), lr=LEARNING_RATE)

        def step(inputs: torch.Tensor, targets: torch.Tensor) -> None:
            optimizer.zero_grad()
            functional.cross_entropy(network(inputs), targets).backward()
            optimizer.step()

        batch_s = [seconds(lambda s=s, y=y: step(s, y)) for s, y in zip(spikes, labels, strict=True)]
    else:
        network = conv_relu_network(np.random.default_rng(case["seed"]))
        optimizer, parameters = Adam(LEARNING_RATE), network.parameters()

        def step(inputs: np.ndarray, targets: np.ndarray) -> None:
            summed = [np.zeros_like(layer.params[name]) for layer, name in parameters]
            for frame in inputs:
                network.loss_and_gradients(frame, targets)
                for total, (layer, name) in zip(summed, parameters, strict=True):
                    total += layer.grads[name]
            optimizer.step([layer.params[name] for layer, name in parameters], summed)

        frames = [(s.double().numpy(), y.numpy()) for s, y in zip(spikes, labels, strict=True)]
        batch_s = [seconds(lambda s=s, y=y: step(s, y)) for s, y in frames]
    return {"batch_s": batch_s, "parameters": parameter_count(network)}


def parameter_count(network) -> int:
    if isinstance(network, nn.Module):
        return sum(p.numel() for p in network.parameters())
    return sum(layer.params[name].size for layer, name in network.parameters())


def numpy_mlp_epoch(x: np.ndarray, y: np.ndarray, batch_size: int, seed: int):
    """One-epoch trainer of MLP 784-400-10 on the numpy float64 trainer (`brainsnn.train.fit`)."""
    rng = np.random.default_rng(seed)
    network = Sequential([Dense(MLP_FEATURES, MLP_HIDDEN, rng), ReLU(), Dense(MLP_HIDDEN, CLASSES, rng)])
    optimizer, shuffle_seeds = Adam(LEARNING_RATE), itertools.count(seed)

    def epoch() -> None:
        numpy_fit(network, x, y, epochs=1, batch_size=batch_size, optimizer=optimizer, seed=next(shuffle_seeds))
    return epoch


def torch_mlp_epoch(x: np.ndarray, y: np.ndarray, batch_size: int, seed: int, dtype: torch.dtype):
    """One-epoch trainer of MLP 784-400-10 as a plain torch loop in ``dtype``."""
    torch.manual_seed(seed)
    network = nn.Sequential(nn.Linear(MLP_FEATURES, MLP_HIDDEN), nn.ReLU(), nn.Linear(MLP_HIDDEN, CLASSES)).to(dtype)
    optimizer = torch.optim.Adam(network.parameters(), lr=LEARNING_RATE)
    x_torch, y_torch = torch.tensor(x, dtype=dtype), torch.tensor(y)
    generator = torch.Generator().manual_seed(seed)

    def epoch() -> None:
        for batch in torch.split(torch.randperm(len(x_torch), generator=generator), batch_size):
            optimizer.zero_grad()
            functional.cross_entropy(network(x_torch[batch]), y_torch[batch]).backward()
            optimizer.step()
    return epoch


def time_mlp_epoch(case: dict[str, Any]) -> dict[str, Any]:
    """Seconds of each training epoch of MLP 784-400-10 on every engine of ``case["engines"]``, taken in turns
    (one epoch of each engine per round), so that a change of load hits all engines alike."""
    rng = np.random.default_rng(case["seed"])
    x = rng.random((case["samples"], MLP_FEATURES))
    y = rng.integers(CLASSES, size=case["samples"])
    trainers = {
        name: numpy_mlp_epoch(x, y, case["batch_size"], case["seed"]) if engine == "numpy"
        else torch_mlp_epoch(x, y, case["batch_size"], case["seed"], DTYPES[dtype])
        for name, (engine, dtype) in case["engines"].items()
    }
    epoch_s = {name: [] for name in trainers}
    for _ in range(case["epochs"]):
        for name, epoch in trainers.items():
            epoch_s[name].append(seconds(epoch))
    return {"epoch_s": epoch_s}


def trained_digits_network(seed: int):
    """The conv SNN of tests/deploy/test_spike_identity.py trained on digits; its training seconds and samples, the
    test intensities and labels."""
    data = load_dataset("digits", seed=0)
    scale = data.x_train.max()
    x_train = torch.tensor(data.x_train / scale, dtype=torch.float32).reshape(-1, 1, 8, 8)
    x_test = torch.tensor(data.x_test / scale, dtype=torch.float32).reshape(-1, 1, 8, 8)
    torch.manual_seed(seed)
    network = SpikingNetwork([
        nn.Conv2d(1, 8, 3, padding=1), LIF(0.9), nn.MaxPool2d(2), nn.Conv2d(8, 16, 3, padding=1), LIF(0.9),
        nn.AvgPool2d(2), nn.Flatten(), nn.Linear(64, CLASSES), Integrator(),
    ])
    started = time.perf_counter()
    fit(network, x_train, torch.tensor(data.y_train), encode=encode_digits,
        optimizer=torch.optim.Adam(network.parameters(), lr=DIGITS_LEARNING_RATE), epochs=DIGITS_EPOCHS,
        batch_size=DIGITS_BATCH, seed=seed, description="training the digits SNN")
    return network, time.perf_counter() - started, len(x_train), x_test, data.y_test


def encode_digits(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    return poisson(x, DIGITS_STEPS, generator)


def torch_forward_s(network: SpikingNetwork, spikes: torch.Tensor, dtype: torch.dtype, calls: int) -> list[float]:
    """Seconds of ``calls`` eval-mode forwards of all samples at once in ``dtype``."""
    model, inputs = copy.deepcopy(network).to(dtype).eval(), spikes.to(dtype)
    with torch.no_grad():
        return [seconds(lambda: model(inputs)) for _ in range(calls)]


def brian_calls(plan, spikes: np.ndarray, record, device: str, calls: int) -> list[dict[str, Any]]:
    """``calls`` `run_in_brian` calls on the same spikes, each with its wall time, spike identity and operations;
    cpp_standalone also the binary's simulation time and the object files ``make`` rebuilt."""
    project = build_root() / f"deploy-{socket.gethostname()}-{os.getpid()}"
    out = []
    for call in range(calls):
        started_at = time.time()
        started = time.perf_counter()
        run = run_in_brian(plan, spikes, device=device)
        wall = time.perf_counter() - started
        identity = compare(plan, record, run)
        entry = {"call": call, "seconds": wall, "device": run.device, "identical": identity.identical,
                 "mismatched_spikes": identity.mismatched_spikes, "spikes_per_layer": identity.spikes_per_layer,
                 "readout_difference": identity.readout_difference,
                 "accumulates_per_sample": operation_counts(plan, run).total_accumulates}
        if run.device == "cpp_standalone":
            entry["binary_run_s"] = float((project / "results" / "last_run_info.txt").read_text().split()[0])
            entry["rebuilt_objects"] = sorted(str(o.relative_to(project)) for o in project.rglob("*.o")
                                              if o.stat().st_mtime >= started_at)
        out.append(entry)
    if device == "cpp_standalone":
        shutil.rmtree(project, ignore_errors=True)
    return out


def time_inference(case: dict[str, Any]) -> dict[str, Any]:
    """Train the digits SNN, then time inference of its test set in torch and Brian2."""
    network, training_s, training_samples, x_test, labels = trained_digits_network(case["seed"])
    spikes, readout = predict(network, x_test, encode=encode_digits, seed=case["seed"])
    network64 = copy.deepcopy(network).to(torch.float64).eval()
    spikes64 = spikes.to(torch.float64)
    record = network64.record(spikes64)
    plan = deployment_plan(network64, tuple(spikes.shape[2:]))
    spikes_np = spikes64.numpy()
    return {
        "training_s": training_s, "training_samples": DIGITS_EPOCHS * training_samples,
        "samples": int(spikes.shape[1]), "steps": DIGITS_STEPS,
        "test_accuracy": float((readout.argmax(dim=1).numpy() == labels).mean()),
        "torch_s": {name: torch_forward_s(network, spikes, dtype, case["torch_calls"]) for name, dtype in
                    DTYPES.items()},
        "float32_predictions_agree": float((network(spikes.float()).argmax(dim=1) == record.readout.argmax(dim=1))
                                           .float().mean()),
        "brian": {device: brian_calls(plan, spikes_np, record, device, calls)
                  for device, calls in case["brian_calls"].items()},
        "macs_per_sample": plan.macs,
    }


KINDS = {"snn-train": time_snn_train, "mlp-epoch": time_mlp_epoch, "inference": time_inference}


def run(case: dict[str, Any]) -> dict[str, Any]:
    """Pin torch and every BLAS/OpenMP pool to one thread, then run the case's kind; record the 1-minute load average
    before and after it."""
    configure_torch(threads=1, seed=case["seed"])
    load_before = os.getloadavg()[0]
    with threadpool_limits(limits=1):
        result = KINDS[case["kind"]](case)
    return {**result, "torch": torch.__version__, "python_peak_rss_mb": peak_rss_mb(),
            "load_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)]}


if __name__ == "__main__":
    sys.exit(case_main(run, sys.argv[1:]))
