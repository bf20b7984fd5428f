"""Table 2.1 of Stanojevic (2023), Ch. 2: train each ReLU network, map it exactly, simulate the TTFS network in
Brian2 and measure how exact the mapping is.

Exact-event mode must reproduce the closed-form spike times ``t_i = clip(A_i / B_i, t_min, t_max)`` (Eq. 2.30),
``t_max^(n) - t_i = x_i`` against the scaled ReLU network and the output potentials ``V = logit`` (Eq. 2.34); the
"< 1 spike" variant fires a neuron iff its ReLU is active (Sec. 2.4.4); clock mode approaches the closed form as
dt -> 0.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from brainsnn.data.datasets import Dataset, load_dataset
from brainsnn.networks.ttfs_network import TTFSSimulation, simulate_ttfs
from brainsnn.train import Adam, Sequential, accuracy, fit
from brainsnn.ttfs import ExactMapping, ReluTrace, TTFSTrace, map_to_ttfs, ttfs_forward
from brainsnn.ttfs.evaluation import pooled_over_neurons, prediction_metrics
from brainsnn_studies.ttfs_mapping.networks import build_network, input_shape

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScaledImages:
    """A dataset with its pixels mapped linearly from 0..255 onto ``input_range``."""

    data: Dataset
    x_train: np.ndarray
    x_test: np.ndarray


@dataclass(frozen=True)
class NetworkRun:
    """The metrics of one network and what its figures need: the mapping, the exact-event run, the ReLU trace."""

    metrics: dict[str, Any]
    mapping: ExactMapping
    exact: TTFSSimulation
    relu: ReluTrace


def scaled_images(config: Mapping[str, Any]) -> ScaledImages:
    """Load ``config['dataset']`` and map pixels ``p`` onto ``low + (high - low) p / 255``."""
    data = load_dataset(config["dataset"], config["data_dir"])
    low, high = config["input_range"]
    x_train, x_test = (low + (high - low) * x / 255.0 for x in (data.x_train, data.x_test))
    return ScaledImages(data, x_train, x_test)


def dataset_summary(images: ScaledImages) -> dict[str, Any]:
    return {"name": images.data.name, "n_train": len(images.x_train), "n_test": len(images.x_test),
            "image_shape": list(images.data.shape)}


def map_and_simulate(name: str, config: Mapping[str, Any], images: ScaledImages) -> NetworkRun:
    """Train network ``name``, map it (Phase 1 + 2) and run it in Brian2: exact-event, "< 1 spike", clock mode."""
    shape = input_shape(name, images.data.shape)
    x_train, x_test = images.x_train.reshape(-1, *shape), images.x_test.reshape(-1, *shape)
    y_test = images.data.y_test
    logger.info("%s: training", name)
    started = time.perf_counter()
    network = trained_network(name, config, x_train, images.data.y_train)
    train_seconds = time.perf_counter() - started
    mapping = map_to_ttfs(network, shape, tuple(config["input_range"]), x_train, delta=config["delta"],
                          b_low=config["b_low"], zeta=config["zeta"], windows=config["windows"])
    n_simulated = min(config["n_simulated"] or len(x_test), len(x_test))
    encoded = mapping.encode(x_test[:n_simulated])
    relu_logits = network.forward(x_test[:n_simulated])
    closed_form = ttfs_forward(mapping.ttfs, encoded)
    logger.info("%s: Brian2 exact-event mode on %d samples", name, n_simulated)
    started = time.perf_counter()
    exact = simulate_ttfs(mapping.ttfs, encoded, dt=config["dt"], **simulation_options(config))
    exact_seconds = time.perf_counter() - started
    sparse = simulate_ttfs(mapping.ttfs, encoded, dt=config["dt"], sparse=True, **simulation_options(config))
    relu_trace = mapping.relu.trace(encoded)
    clock = clock_sweep(name, config, mapping, encoded, closed_form)
    metrics = network_metrics(mapping, exact, sparse, closed_form, relu_trace, relu_logits, y_test[:n_simulated])
    metrics.update(
        n_simulated=n_simulated, train_seconds=train_seconds, exact_event_seconds=exact_seconds,
        relu_test_accuracy_full=accuracy(network, x_test, y_test), clock=clock,
        synapses_per_sample=exact.synapses_per_sample, window_overflows=mapping.window_overflows(encoded).tolist(),
    )
    return NetworkRun(metrics, mapping, exact, relu_trace)


def trained_network(name: str, config: Mapping[str, Any], x_train: np.ndarray, y_train: np.ndarray) -> Sequential:
    """Network ``name`` trained with Adam (lr decay 0.9^(it/5000)) from ``seed``."""
    network = build_network(name, config, x_train[0].size, np.random.default_rng(config["seed"]))
    fit(network, x_train, y_train, epochs=config["epochs"], batch_size=config["train_batch_size"],
        optimizer=Adam(config["learning_rate"]), seed=config["seed"])
    return network


def simulation_options(config: Mapping[str, Any]) -> dict[str, Any]:
    return {"batch_size": config["sim_batch_size"], "device": config["device"], "threads": config["threads"]}


def clock_sweep(name: str, config: Mapping[str, Any], mapping: ExactMapping, encoded: np.ndarray,
                closed_form: TTFSTrace) -> list[dict[str, Any]]:
    """Clock mode at every ``clock_dts`` step on the first ``n_clock`` samples, against the closed form."""
    n_clock = min(config["n_clock"] or len(encoded), len(encoded))
    sweep = []
    for dt in config["clock_dts"]:
        logger.info("%s: clock mode dt = %s on %d samples", name, dt, n_clock)
        run = simulate_ttfs(mapping.ttfs, encoded[:n_clock], mode="clock", dt=dt, **simulation_options(config))
        sweep.append(clock_metrics(dt, run, closed_form, n_clock))
    return sweep


def network_metrics(mapping: ExactMapping, exact: TTFSSimulation, sparse: TTFSSimulation, closed_form: TTFSTrace,
                    relu_trace: ReluTrace, relu_logits: np.ndarray, labels: np.ndarray) -> dict[str, Any]:
    """Table 2.1 columns and exactness of the Brian2 exact-event run against the closed form and the ReLU net."""
    pairs = [*zip(exact.spike_times, closed_form.spike_times, strict=True),
             *zip(exact.pooled_times, closed_form.pooled_times, strict=True)]
    activation_error = max(np.abs((layer.t_max - times) - activation).max() for layer, times, activation in
                           zip(mapping.ttfs.hidden, exact.spike_times, relu_trace.activations, strict=True))
    sizes = np.array([times[0].size for times in sparse.spike_times])
    fired = sparse.spikes_per_neuron()
    active = np.array([np.mean(activation > 0) for activation in relu_trace.activations])
    return {
        **prediction_metrics(relu_logits.argmax(axis=1), exact.potentials.argmax(axis=1), labels),
        "max_spike_time_error": float(max(np.abs(a - b).max() for a, b in pairs)),
        "max_activation_error": float(activation_error),
        "max_logit_error": float(np.abs(exact.potentials - relu_logits).max()),
        "spikes_per_neuron": pooled_over_neurons(fired, sizes),
        "spikes_per_neuron_per_layer": fired.tolist(),
        "relu_active_fraction": pooled_over_neurons(active, sizes),
        "sparse_max_logit_error": float(np.abs(sparse.potentials - relu_logits).max()),
        "latency": mapping.ttfs.latency,
        "windows": [[layer.t_min, layer.t_max] for layer in mapping.ttfs.hidden],
        "hidden_neurons": sizes.tolist(),
        "min_pool_channels": [int(layer.min_pool.sum()) if layer.min_pool is not None else 0
                              for layer in mapping.ttfs.hidden],
    }


def clock_metrics(dt: float, run: TTFSSimulation, closed_form: TTFSTrace, n: int) -> dict[str, Any]:
    """Max spike-time and logit error of a clock-mode run on ``n`` samples, and its agreement with the closed form."""
    time_error = max(np.abs(a - b[:n]).max() for a, b in zip(run.spike_times, closed_form.spike_times, strict=True))
    reference = closed_form.potentials[:n]
    return {
        "dt": dt,
        "max_spike_time_error": float(time_error),
        "max_logit_error": float(np.abs(run.potentials - reference).max()),
        "agreement": float(np.mean(run.potentials.argmax(axis=1) == reference.argmax(axis=1))),
    }
