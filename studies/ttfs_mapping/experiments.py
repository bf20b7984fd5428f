"""Exact mapping of trained ReLU networks onto time-to-first-spike networks, simulated in Brian2.

Stanojevic, A. (2023). Supervised learning and inference of spiking neural networks with temporal coding. PhD
thesis, EPFL — Ch. 2 (Stanojevic et al. 2022b, arXiv:2212.12522), Table 2.1.

Each network (a one-hidden-layer FC net, the same with L1 activity regularisation, a LeNet5-like conv net with
batch norm before the ReLU and max-pooling) is trained as a ReLU network in numpy, mapped with
`brainsnn.ttfs.map_to_ttfs` (Phase 1 + Phase 2, delta = 0.01, B_low = 10, zeta = 0.5) and simulated in Brian2
(`brainsnn.networks.ttfs_network`): exact-event mode on the test set (spike times, logits, predictions against
the closed form and the ReLU network), the "< 1 spike" variant (spikes per neuron) and clock mode at several dt.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np

from brainsnn.data.datasets import load_dataset
from brainsnn.errors import ConfigError
from brainsnn.networks.ttfs_network import TTFSSimulation, simulate_ttfs
from brainsnn.report import save_figure
from brainsnn.study import Study, require_choice, require_positive
from brainsnn.train import Adam, Sequential, accuracy, fit
from brainsnn.train.layers import ActivityL1, BatchNorm, Conv2D, Dense, Dropout, Flatten, MaxPool2D, ReLU
from brainsnn.ttfs import ExactMapping, map_to_ttfs, ttfs_forward
from studies import _ttfs_mapping_report

ARCHITECTURES = ("fc", "fc-l1", "lenet")
DATASETS = ("digits", "mnist", "fashion-mnist")
DEVICES = ("numpy", "cython", "cpp_standalone")


def build_network(name: str, config: Mapping[str, Any], n_inputs: int, rng: np.random.Generator) -> Sequential:
    """``fc``: n-H-10 with dropout (thesis "2-layer FC", 784-600-10); ``fc-l1``: the same with L1 activity on the
    hidden layer; ``lenet``: 3 conv (BN before ReLU) with max-pool after the first two, FC, 10 (thesis LeNet5)."""
    hidden, n_classes = config["fc_hidden"], 10
    if name in ("fc", "fc-l1"):
        penalty = [ActivityL1(config["l1_coefficient"])] if name == "fc-l1" else []
        return Sequential([Dense(n_inputs, hidden, rng), ReLU(), *penalty, Dropout(config["dropout"]),
                           Dense(hidden, n_classes, rng)])
    layers, channels, side = [], 1, int(round(np.sqrt(n_inputs)))
    blocks = zip(config["conv_channels"], config["conv_kernels"], config["conv_paddings"], strict=True)
    for index, (out_channels, kernel, padding) in enumerate(blocks):
        layers += [Conv2D(channels, out_channels, kernel, rng, padding=padding), BatchNorm(out_channels), ReLU()]
        side = side if padding == "same" else side - kernel + 1
        if index < 2:
            layers.append(MaxPool2D(2))
            side //= 2
        channels = out_channels
    if side < 1:
        raise ConfigError("conv_kernels / conv_paddings shrink the image below one pixel; use smaller kernels")
    flat = channels * side * side
    return Sequential([*layers, Flatten(), Dense(flat, config["conv_dense"], rng), ReLU(),
                       Dropout(config["dropout"]), Dense(config["conv_dense"], n_classes, rng)])


def input_shape(name: str, image_shape: tuple[int, int]) -> tuple[int, ...]:
    return (1, *image_shape) if name == "lenet" else (int(np.prod(image_shape)),)


class TTFSMapping(Study):
    name = "ttfs-mapping"
    paper = "Stanojevic (2023), EPFL PhD thesis, Ch. 2 (exact ReLU -> TTFS mapping), Table 2.1"
    summary = "train ReLU nets, map them exactly to single-spike IF networks, simulate in Brian2 (Table 2.1)"
    defaults = {
        "dataset": "digits",
        "networks": list(ARCHITECTURES),
        "fc_hidden": 100,
        "l1_coefficient": 1e-2,
        "dropout": 0.08,
        "conv_channels": [6, 16, 32],
        "conv_kernels": [3, 3, 2],
        "conv_paddings": ["same", "same", "valid"],
        "conv_dense": 24,
        "epochs": 30,
        "train_batch_size": 32,
        "learning_rate": 3e-3,
        "input_range": [-1.0, 1.0],
        "zeta": 0.5,
        "delta": 0.01,
        "b_low": 10.0,
        "n_simulated": None,
        "dt": 0.05,
        "clock_dts": [0.04, 0.02, 0.01],
        "n_clock": None,
        "sim_batch_size": 256,
    }
    presets = {
        "smoke": {"networks": ["fc", "lenet"], "epochs": 2, "n_simulated": 40, "clock_dts": [0.04, 0.02],
                  "n_clock": 20, "device": "numpy"},
        "quick": {"device": "numpy"},
        "paper": {
            "dataset": "mnist", "fc_hidden": 600, "conv_channels": [6, 16, 120], "conv_kernels": [5, 5, 5],
            "conv_paddings": ["same", "valid", "valid"], "conv_dense": 84, "epochs": 10, "train_batch_size": 64,
            "learning_rate": 1e-3, "n_clock": 500, "sim_batch_size": 16,
        },
    }

    def check(self, config: Mapping[str, Any]) -> None:
        require_choice(config, "dataset", DATASETS)
        require_choice(config, "device", DEVICES)
        networks = config["networks"]
        if not networks or not set(networks) <= set(ARCHITECTURES) or len(set(networks)) != len(networks):
            raise ConfigError(f"networks must be a non-empty list of distinct names from {', '.join(ARCHITECTURES)}")
        require_positive(config, "fc_hidden", "conv_dense", "epochs", "train_batch_size", "learning_rate",
                         "b_low", "delta", "dt", "sim_batch_size")
        require_positive(config, "l1_coefficient", "dropout", allow_zero=True)
        if not (config["dropout"] < 1 and config["delta"] < 1 and config["zeta"] > -1):
            raise ConfigError("need dropout < 1, delta < 1 and zeta > -1 (thesis: 0.08, 0.01, 0.5)")
        lengths = {len(config[key]) for key in ("conv_channels", "conv_kernels", "conv_paddings")}
        if lengths != {3}:
            raise ConfigError("conv_channels, conv_kernels and conv_paddings need 3 entries each (LeNet5: 3 conv)")
        low, high = config["input_range"]
        if not low < high:
            raise ConfigError(f"input_range must be [low, high] with low < high, got {config['input_range']}")
        if not config["clock_dts"] or any(not (isinstance(dt, (int, float)) and dt > 0) for dt in config["clock_dts"]):
            raise ConfigError(f"clock_dts must be a non-empty list of steps > 0, got {config['clock_dts']}")
        for key in ("n_simulated", "n_clock"):
            if config[key] is not None:
                require_positive(config, key)

    def run(self, config: Mapping[str, Any], out_dir: Path) -> dict[str, Any]:
        data = load_dataset(config["dataset"], config["data_dir"])
        low, high = config["input_range"]
        x_train, x_test = (low + (high - low) * x / 255.0 for x in (data.x_train, data.x_test))
        results, figure_data = {}, {}
        for name in config["networks"]:
            print(f"[ttfs-mapping] {name}: training", flush=True)
            results[name], figure_data[name] = self._run_network(name, config, data, x_train, x_test)
        _plot_spike_times(figure_data, out_dir)
        _plot_activation_vs_time(figure_data, out_dir)
        _plot_clock_errors(results, out_dir)
        return {"dataset": {"name": data.name, "n_train": len(x_train), "n_test": len(x_test),
                            "image_shape": list(data.shape)},
                "networks": results}

    def _run_network(self, name, config, data, x_train, x_test) -> tuple[dict[str, Any], dict[str, Any]]:
        shape = input_shape(name, data.shape)
        x_train, x_test = x_train.reshape(-1, *shape), x_test.reshape(-1, *shape)
        network = build_network(name, config, x_train[0].size, np.random.default_rng(config["seed"]))
        started = time.perf_counter()
        fit(network, x_train, data.y_train, epochs=config["epochs"], batch_size=config["train_batch_size"],
            optimizer=Adam(config["learning_rate"]), seed=config["seed"])
        train_seconds = time.perf_counter() - started
        mapping = map_to_ttfs(network, shape, tuple(config["input_range"]), x_train, delta=config["delta"],
                              b_low=config["b_low"], zeta=config["zeta"])
        n_simulated = min(config["n_simulated"] or len(x_test), len(x_test))
        x, labels = x_test[:n_simulated], data.y_test[:n_simulated]
        encoded = mapping.encode(x)
        relu_logits = network.forward(x)
        closed_form = ttfs_forward(mapping.ttfs, encoded)
        simulate = dict(batch_size=config["sim_batch_size"], device=config["device"], threads=config["threads"])
        print(f"[ttfs-mapping] {name}: Brian2 exact-event mode on {n_simulated} samples", flush=True)
        started = time.perf_counter()
        exact = simulate_ttfs(mapping.ttfs, encoded, dt=config["dt"], **simulate)
        exact_seconds = time.perf_counter() - started
        sparse = simulate_ttfs(mapping.ttfs, encoded, dt=config["dt"], sparse=True, **simulate)
        relu_trace = mapping.relu.trace(encoded)
        n_clock = min(config["n_clock"] or n_simulated, n_simulated)
        clock = []
        for dt in config["clock_dts"]:
            print(f"[ttfs-mapping] {name}: clock mode dt = {dt} on {n_clock} samples", flush=True)
            run = simulate_ttfs(mapping.ttfs, encoded[:n_clock], mode="clock", dt=dt, **simulate)
            clock.append(_clock_metrics(dt, run, closed_form, n_clock))
        metrics = _network_metrics(mapping, exact, sparse, closed_form, relu_trace, relu_logits, labels)
        metrics.update(
            n_simulated=n_simulated, train_seconds=train_seconds, exact_event_seconds=exact_seconds,
            relu_test_accuracy_full=accuracy(network, x_test, data.y_test), clock=clock,
            synapses_per_sample=exact.synapses_per_sample,
        )
        return metrics, {"mapping": mapping, "exact": exact, "relu": relu_trace}

    def render_report(self, config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
        return _ttfs_mapping_report.render(config, metrics)


def _network_metrics(mapping: ExactMapping, exact: TTFSSimulation, sparse: TTFSSimulation, closed_form,
                     relu_trace, relu_logits: np.ndarray, labels: np.ndarray) -> dict[str, Any]:
    """Table 2.1 columns and exactness of the Brian2 exact-event run against the closed form and the ReLU net."""
    pairs = [*zip(exact.spike_times, closed_form.spike_times, strict=True),
             *zip(exact.pooled_times, closed_form.pooled_times, strict=True)]
    activation_error = max(np.abs((layer.t_max - times) - activation).max() for layer, times, activation in
                           zip(mapping.ttfs.hidden, exact.spike_times, relu_trace.activations, strict=True))
    sizes = np.array([times[0].size for times in sparse.spike_times])
    fired = sparse.spikes_per_neuron()
    active = np.array([np.mean(activation > 0) for activation in relu_trace.activations])
    snn_predictions, relu_predictions = exact.potentials.argmax(axis=1), relu_logits.argmax(axis=1)
    return {
        "relu_accuracy": float(np.mean(relu_predictions == labels)),
        "snn_accuracy": float(np.mean(snn_predictions == labels)),
        "agreement": float(np.mean(snn_predictions == relu_predictions)),
        "max_spike_time_error": float(max(np.abs(a - b).max() for a, b in pairs)),
        "max_activation_error": float(activation_error),
        "max_logit_error": float(np.abs(exact.potentials - relu_logits).max()),
        "spikes_per_neuron": float(np.dot(fired, sizes) / sizes.sum()),
        "spikes_per_neuron_per_layer": fired.tolist(),
        "relu_active_fraction": float(np.dot(active, sizes) / sizes.sum()),
        "sparse_max_logit_error": float(np.abs(sparse.potentials - relu_logits).max()),
        "latency": mapping.ttfs.latency,
        "windows": [[layer.t_min, layer.t_max] for layer in mapping.ttfs.hidden],
        "hidden_neurons": sizes.tolist(),
        "min_pool_channels": [int(layer.min_pool.sum()) if layer.min_pool is not None else 0
                              for layer in mapping.ttfs.hidden],
    }


def _clock_metrics(dt: float, run: TTFSSimulation, closed_form, n: int) -> dict[str, Any]:
    time_error = max(np.abs(a - b[:n]).max() for a, b in zip(run.spike_times, closed_form.spike_times, strict=True))
    reference = closed_form.potentials[:n]
    return {
        "dt": dt,
        "max_spike_time_error": float(time_error),
        "max_logit_error": float(np.abs(run.potentials - reference).max()),
        "agreement": float(np.mean(run.potentials.argmax(axis=1) == reference.argmax(axis=1))),
    }


def _plot_spike_times(figure_data: Mapping[str, Any], out_dir: Path) -> None:
    fig, axes = plt.subplots(1, len(figure_data), figsize=(4.5 * len(figure_data), 3.2), squeeze=False)
    for ax, (name, data) in zip(axes[0], figure_data.items(), strict=True):
        for index, (layer, times) in enumerate(zip(data["mapping"].ttfs.hidden, data["exact"].spike_times,
                                                   strict=True)):
            ax.axvspan(layer.t_min, layer.t_max, color=f"C{index}", alpha=0.08)
            ax.hist(times.ravel(), bins=80, color=f"C{index}", alpha=0.7, label=f"layer {index + 1}", log=True)
        ax.axvline(data["mapping"].ttfs.latency, color="k", lw=1, ls="--", label="readout t_max^(M)")
        ax.set(title=f"{name}: spike times (exact-event)", xlabel="t / tau_c", ylabel="spikes")
        ax.legend(fontsize=7)
    save_figure(fig, out_dir, "spike_times")


def _plot_activation_vs_time(figure_data: Mapping[str, Any], out_dir: Path) -> None:
    fig, axes = plt.subplots(1, len(figure_data), figsize=(4 * len(figure_data), 3.4), squeeze=False)
    for ax, (name, data) in zip(axes[0], figure_data.items(), strict=True):
        pairs = zip(data["mapping"].ttfs.hidden, data["exact"].spike_times, data["relu"].activations, strict=True)
        for index, (layer, times, activation) in enumerate(pairs):
            ax.plot(activation.ravel()[:4000], (layer.t_max - times).ravel()[:4000], ".", ms=2,
                    color=f"C{index}", label=f"layer {index + 1}")
        top = max(a.max() for a in data["relu"].activations)
        ax.plot([0, top], [0, top], "k-", lw=0.6)
        ax.set(title=name, xlabel="ReLU activation x", ylabel="t_max - t (Brian2)")
        ax.legend(fontsize=7)
    save_figure(fig, out_dir, "activation_vs_spike_time")


def _plot_clock_errors(results: Mapping[str, Any], out_dir: Path) -> None:
    fig, ax = plt.subplots(figsize=(4.8, 3.6))
    for index, (name, metrics) in enumerate(results.items()):
        dts = np.array([c["dt"] for c in metrics["clock"]])
        ax.loglog(dts, [c["max_spike_time_error"] for c in metrics["clock"]], "o-", color=f"C{index}",
                  label=f"{name}: spike time")
        ax.loglog(dts, [c["max_logit_error"] for c in metrics["clock"]], "s--", color=f"C{index}",
                  label=f"{name}: logit")
    ax.set(xlabel="dt / tau_c", ylabel="max error vs closed form", title="clock mode")
    ax.legend(fontsize=7)
    save_figure(fig, out_dir, "clock_error_vs_dt")


STUDY = TTFSMapping()
