"""Every mode trained on every seed, the per-mode summary (``<mode>.{accuracy, gflops, final_boundary,
peak_activation_mb}``), the iso-FLOP comparison (Table 3 analogue) and the search objective."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from brainsnn.checkpoint import CheckpointStore
from brainsnn.progress import progress
from brainsnn.train.snn import configure_torch, torch_device
from brainsnn_studies.local_sgd.cost import LayerShape, stored_activation_bytes, training_flops
from brainsnn_studies.local_sgd.data import Images, load_images
from brainsnn_studies.local_sgd.modes import Mode, mode
from brainsnn_studies.local_sgd.network import layer_shapes
from brainsnn_studies.local_sgd.training import Run, network_for, train

log = logging.getLogger(__name__)
MEGABYTE = 1e6


def network_shapes(config: Mapping[str, Any], images: Images) -> list[LayerShape]:
    return layer_shapes(network_for(config, images, 0), images.input_shape)


def cumulative_gflops(run: Run, shapes: Sequence[LayerShape], samples: int, spec: Mode) -> list[float]:
    """Training GFLOPs spent by the end of each epoch."""
    return list(np.cumsum([training_flops(shapes, b, samples, spec.prefix) / 1e9 for b in run.boundaries]))


def run_summary(run: Run, shapes: Sequence[LayerShape], images: Images, spec: Mode,
                batch_size: int) -> dict[str, Any]:
    """One run's numbers: final test accuracy, GFLOPs, boundaries, stored activations, timing and curves."""
    gflops = cumulative_gflops(run, shapes, len(images.y_train), spec)
    memory = [stored_activation_bytes(shapes, b, batch_size) / MEGABYTE for b in run.boundaries]
    return {"accuracy": run.test_accuracies[-1], "gflops": gflops[-1], "final_boundary": run.boundaries[-1],
            "peak_activation_mb": memory[-1], "seconds_per_epoch": float(np.mean(run.epoch_seconds)),
            "anti_hebbian_epochs": sum(s < 0 for s in run.signs), "boundaries": run.boundaries,
            "cumulative_gflops": gflops, "activation_mb": memory, "test_accuracies": run.test_accuracies,
            "train_losses": run.train_losses, "transition_norms": run.transition_norms}


def mode_summary(runs: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Mean (and s.d.) over seeds of the headline numbers, plus every seed's own record under ``seeds``."""
    summary: dict[str, Any] = {}
    for key in ("accuracy", "gflops", "final_boundary", "peak_activation_mb", "seconds_per_epoch"):
        values = np.array([run[key] for run in runs], dtype=float)
        summary[key] = float(values.mean())
        summary[f"{key}_sd"] = float(values.std(ddof=1)) if len(values) > 1 else 0.0
    summary["seeds"] = list(runs)
    return summary


def iso_flop_accuracy(sgd_runs: Sequence[Mapping[str, Any]], budgets: Sequence[float]) -> dict[str, Any]:
    """SGD's test accuracy at its last epoch within each seed's GFLOP budget (``None`` before the first epoch)."""
    epochs, accuracies = [], []
    for sgd, budget in zip(sgd_runs, budgets, strict=True):
        within = int(np.searchsorted(sgd["cumulative_gflops"], budget * (1 + 1e-12), side="right"))
        epochs.append(within)
        accuracies.append(sgd["test_accuracies"][within - 1] if within else None)
    mean = None if None in accuracies else float(np.mean(accuracies))
    return {"sgd_epochs": epochs, "sgd_accuracies": accuracies, "sgd_accuracy": mean}


def train_mode(name: str, config: Mapping[str, Any], images: Images, seed: int) -> dict[str, Any]:
    spec = mode(name, config)
    run = train(images, spec, config, seed, torch_device(config["device"]))
    return run_summary(run, network_shapes(config, images), images, spec, config["batch_size"])


def stored_mode(store: CheckpointStore, name: str, config: Mapping[str, Any], images: Images,
                seed: int) -> dict[str, Any]:
    """`train_mode`'s summary, from ``store`` when an interrupted run already finished it."""
    stored = store.load(f"{name}-{seed}")
    if stored is None:
        summary = train_mode(name, config, images, seed)
        store.save(f"{name}-{seed}", summary)
        return summary
    return {key: value.tolist() for key, value in stored.items()}


def run_experiments(config: Mapping[str, Any]) -> dict[str, Any]:
    """Train every mode of ``config['modes']`` on seeds ``seed .. seed + seeds - 1`` (paired: each seed gives
    every mode the same initial weights and data order); finished runs are checkpointed."""
    configure_torch(threads=config["threads"] or 1, seed=config["seed"])
    images = load_images(config)
    store = CheckpointStore("local-sgd", {k: v for k, v in config.items() if k not in ("threads", "preset", "modes",
                                                                                      "seeds")})
    seeds = range(config["seed"], config["seed"] + config["seeds"])
    jobs = [(name, seed) for name in config["modes"] for seed in seeds]
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in config["modes"]}
    for name, seed in progress(jobs, "runs", unit="run"):
        runs[name].append(stored_mode(store, name, config, images, seed))
        log.info("%s seed %d: accuracy %.4f, %.2f GFLOPs, boundary %d", name, seed, runs[name][-1]["accuracy"],
                 runs[name][-1]["gflops"], runs[name][-1]["final_boundary"])
    shapes = [{"macs": shape.macs, "inputs": shape.inputs} for shape in network_shapes(config, images)]
    metrics: dict[str, Any] = {"dataset": images.summary(), "layer_shapes": shapes}
    metrics.update({name: mode_summary(mode_runs) for name, mode_runs in runs.items()})
    metrics["iso_flop"] = {name: iso_flop_accuracy(runs["sgd"], [run["gflops"] for run in mode_runs])
                           for name, mode_runs in runs.items() if name != "sgd"}
    return metrics


def search_objective(config: Mapping[str, Any], params: Mapping[str, Any]) -> dict[str, Any]:
    """``-savings + penalty * max(0, drop - bound)`` of one ``config['search_mode']`` run with ``params`` against SGD
    on seed ``config['seed']``: savings = 1 - GFLOPs / GFLOPs_SGD, drop = SGD minus candidate test accuracy (points)."""
    configure_torch(threads=config["threads"] or 1, seed=config["seed"])
    images = load_images(config)
    candidate_config = {**config, **params}
    reference = train_mode("sgd", config, images, config["seed"])
    candidate = train_mode(config["search_mode"], candidate_config, images, config["seed"])
    savings = 1.0 - candidate["gflops"] / reference["gflops"]
    drop = 100.0 * (reference["accuracy"] - candidate["accuracy"])
    objective = -savings + config["search_penalty"] * max(0.0, drop - config["search_accuracy_bound"])
    return {"objective": objective, "flop_savings": savings, "accuracy_drop_points": drop,
            "accuracy": candidate["accuracy"], "reference_accuracy": reference["accuracy"],
            "gflops": candidate["gflops"], "reference_gflops": reference["gflops"],
            "final_boundary": candidate["final_boundary"]}
