"""The Spikemax experiments: every loss trained on every event set over the same seeds (Table I's accuracies,
Figs. 3/5/7's spike counts, Figs. 2/4/6's accuracy against inference time), the Brian2 check of the trained
networks, and the paper's observables (notes §C.6) evaluated on the results.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import nullcontext
from multiprocessing import get_context
from typing import Any

import numpy as np
import torch

from brainsnn.config import StudyConfig
from brainsnn.progress import progress
from brainsnn.train.snn import configure_torch
from brainsnn_studies.spikemax.brian import run_in_brian
from brainsnn_studies.spikemax.data import EventSet, load_event_set
from brainsnn_studies.spikemax.latency import accuracy_curve, time_to_accuracy
from brainsnn_studies.spikemax.losses import LOSSES, loss_function
from brainsnn_studies.spikemax.srm import SRMNetwork
from brainsnn_studies.spikemax.training import output_spikes, train

log = logging.getLogger(__name__)


def build_network(config: Mapping[str, Any], data: EventSet, seed: int) -> SRMNetwork:
    """An untrained network ``C - hidden... - classes`` with weights drawn from ``seed``."""
    steps, channels, classes = data.shape
    return SRMNetwork((channels, *config["hidden"], classes), tau_s=config["tau_s"], tau_r=config["tau_r"],
                      theta=config["theta"], surrogate_width=config["surrogate_width"],
                      weight_scale=config["weight_scale"], generator=torch.Generator().manual_seed(seed))


def evaluate(network: SRMNetwork, data: EventSet, tolerance: float) -> dict[str, Any]:
    """Test accuracy, spikes per sample (all layers and each), acc(t) and the time to accuracy (float64 network)."""
    layers = output_spikes(network, data.x_test)
    curve = accuracy_curve(layers[-1], data.y_test)
    per_layer = [float(layer.sum()) / len(data.y_test) for layer in layers]
    return {"accuracy": float(curve[-1]), "spikes_per_sample": sum(per_layer), "spikes_per_layer": per_layer,
            "time_to_accuracy_ms": time_to_accuracy(curve, tolerance), "curve": curve.tolist()}


def train_and_evaluate(config: Mapping[str, Any], data: EventSet, loss_name: str, seed: int) -> dict[str, Any]:
    """One network trained with ``loss_name`` from ``seed``: its evaluation, loss history and weights."""
    configure_torch(threads=1, seed=seed)
    network = build_network(config, data, seed)
    loss = loss_function(loss_name, window=config["window"], epsilon=config["epsilon"],
                         true_rate=config["true_rate"], false_rate=config["false_rate"],
                         softmax_input=config["softmax_input"])
    history = train(network, data.x_train, data.y_train, loss, epochs=config["epochs"],
                    batch_size=config["batch_size"], learning_rate=config["learning_rate"], seed=seed)
    result = evaluate(network, data, config["tolerance"])
    return {**result, "loss_history": history, "weights": [w.detach().numpy() for w in network.weights]}


def _summary(values: list[float]) -> dict[str, Any]:
    return {"mean": float(np.mean(values)), "sd": float(np.std(values, ddof=1)) if len(values) > 1 else 0.0,
            "values": list(values)}


def loss_comparison(config: Mapping[str, Any], data: EventSet, pool: Executor | None = None) -> tuple[dict[str, Any],
                                                                                                    dict[str, list]]:
    """Every loss over seeds ``seed .. seed + seeds - 1`` (the same for every loss): mean ± s.d. of accuracy,
    spikes per sample and time to accuracy, the mean acc(t) curve; and the first seed's weights of every loss.
    Trainings run in ``pool`` where given."""
    jobs = [(loss, config["seed"] + k) for loss in LOSSES for k in range(config["seeds"])]
    plain = dict(config)
    if pool is None:
        runs = [train_and_evaluate(plain, data, loss, seed) for loss, seed in progress(jobs, f"{data.name} trainings",
                                                                                       unit="run")]
    else:
        futures = [pool.submit(train_and_evaluate, plain, data, loss, seed) for loss, seed in jobs]
        runs = [future.result() for future in progress(futures, f"{data.name} trainings", unit="run")]
    results, weights = {}, {}
    for loss in LOSSES:
        mine = [run for (name, _), run in zip(jobs, runs, strict=True) if name == loss]
        results[loss] = {key: _summary([run[key] for run in mine])
                         for key in ("accuracy", "spikes_per_sample", "time_to_accuracy_ms")}
        results[loss]["spikes_per_layer"] = np.mean([run["spikes_per_layer"] for run in mine], axis=0).tolist()
        results[loss]["curve"] = np.round(np.mean([run["curve"] for run in mine], axis=0), 6).tolist()
        results[loss]["final_loss"] = _summary([run["loss_history"][-1] for run in mine])
        weights[loss] = mine[0]["weights"]
    return results, weights


def brian2_check(config: Mapping[str, Any], data: EventSet, weights: Mapping[str, list]) -> dict[str, Any]:
    """Run the first seed's network of every loss in Brian2 (side by side, one run) on the first ``n_brian`` test
    samples and compare its spike trains and acc(t) curve with the float64 torch network's."""
    subset = EventSet(data.name, data.x_train, data.y_train, data.x_test[: config["n_brian"]],
                      data.y_test[: config["n_brian"]])
    networks = []
    for matrices in weights.values():
        network = build_network(config, data, 0)
        with torch.no_grad():
            for parameter, matrix in zip(network.weights, matrices, strict=True):
                parameter.copy_(torch.as_tensor(matrix))
        networks.append(network)
    brian_runs = run_in_brian(networks, subset.x_test, config["device"])
    checks = {}
    for loss, network, brian_layers in zip(weights, networks, brian_runs, strict=True):
        torch_layers = output_spikes(network, subset.x_test)
        mismatched = [int((a != b).sum()) for a, b in zip(torch_layers, brian_layers, strict=True)]
        checks[loss] = {
            "mismatched_spikes": mismatched, "spikes": [int(layer.sum()) for layer in torch_layers],
            "identical": not any(mismatched),
            "curve_identical": bool(np.array_equal(accuracy_curve(torch_layers[-1], subset.y_test),
                                                   accuracy_curve(brian_layers[-1], subset.y_test))),
        }
    agreement = float(np.mean([check["identical"] and check["curve_identical"] for check in checks.values()]))
    return {"samples": len(subset.y_test), "networks": checks, "agreement": agreement}


def observables(results: Mapping[str, Any], accuracy_band: float) -> dict[str, Any]:
    """The notes' §C.6 observables 1-3 and the issue's "spikemax variants classify earlier than spike-rate"."""
    mean = {key: {loss: results[loss][key]["mean"] for loss in LOSSES}
            for key in ("accuracy", "spikes_per_sample", "time_to_accuracy_ms")}
    latency = mean["time_to_accuracy_ms"]
    spread = max(mean["accuracy"].values()) - min(mean["accuracy"].values())
    spikes = mean["spikes_per_sample"]
    return {
        "accuracy_spread": spread,
        "accuracies_close": spread <= accuracy_band,
        "latency_ratio": {loss: latency[loss] / latency["spike_rate"] for loss in LOSSES[1:]},
        "spikemax_twice_as_early": all(latency[loss] <= 0.5 * latency["spike_rate"]
                                       for loss in ("spikemax", "spikemax_s")),
        "variants_earlier": all(latency[loss] < latency["spike_rate"] for loss in LOSSES[1:]),
        "fewest_spikes": min(spikes, key=spikes.get),
        "most_spikes": max(spikes, key=spikes.get),
        "spike_order_as_paper": min(spikes, key=spikes.get) == "spikemax_s" and max(spikes, key=spikes.get)
        == "spike_rate",
    }


def run_all(config: Mapping[str, Any]) -> dict[str, Any]:
    """Every experiment on every event set; the issue's metrics (``<loss>.*``) are those of the first set."""
    configure_torch(threads=1, seed=config["seed"])
    sets = {}
    workers = config["workers"]
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) if workers > 1 else nullcontext() as pool:
        for name in config["datasets"]:
            data = load_event_set(name, config)
            log.info("%s: %d train / %d test samples, (T, C, classes) = %s", name, len(data.y_train),
                     len(data.y_test), data.shape)
            results, weights = loss_comparison(config, data, pool)
            steps, channels, classes = data.shape
            sets[name] = {"steps": steps, "channels": channels, "classes": classes, "n_train": len(data.y_train),
                          "n_test": len(data.y_test), "losses": results,
                          "observables": observables(results, config["accuracy_band"]),
                          "brian2": brian2_check(config, data, weights)}
    first = sets[config["datasets"][0]]["losses"]
    metrics = {loss: {key: first[loss][key] for key in ("accuracy", "spikes_per_sample", "time_to_accuracy_ms")}
               for loss in LOSSES}
    metrics["brian2_agreement"] = float(np.mean([entry["brian2"]["agreement"] for entry in sets.values()]))
    metrics["datasets"] = sets
    return metrics


def search_objective(config: StudyConfig, window: int, tau: float) -> dict[str, Any]:
    """``(1 - accuracy) + latency_weight * t_lat / T`` of one spikemax network (seed ``config.seed``) on the first
    event set, trained with window ``window`` and ``tau_s = tau_r = tau``."""
    setting = config.replace(window=int(window), tau_s=float(tau), tau_r=float(tau))
    data = load_event_set(setting["datasets"][0], setting)
    result = train_and_evaluate(setting, data, "spikemax", setting["seed"])
    steps = data.shape[0]
    objective = (1 - result["accuracy"]) + config["latency_weight"] * result["time_to_accuracy_ms"] / steps
    return {"objective": objective, "accuracy": result["accuracy"], "time_to_accuracy_ms":
            result["time_to_accuracy_ms"], "spikes_per_sample": result["spikes_per_sample"]}
