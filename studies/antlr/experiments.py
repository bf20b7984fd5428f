"""The experiments of the ``antlr`` study (Kim, Kim & Kim 2020), each returning its metrics.

* `spike_train_matching` — Sec. 4.1 / Fig. 6: spike-train loss over iterations of each method (median over trials).
* `latency_classification` — Sec. 4.2 / Fig. 7: accuracy and spikes per sample of each method on latency-coded
  images (digits by default, MNIST in the paper), optionally under the single-spike restriction (Fig. 7b).
* `saccade_classification` — Sec. 4.3 / Fig. 8 on the saccade event stand-in for N-MNIST (not N-MNIST).
* `brian2_agreement` — the trained ANTLR latency network run in Brian2, spike for spike and decision for decision.
* `search_objective` — the Bayesian search's objective (ANTLR weighting and learning rate, validation split).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import numpy as np
import threadpoolctl

from brainsnn.data import load_dataset
from brainsnn.progress import progress
from brainsnn_studies.antlr.brian import run_in_brian
from brainsnn_studies.antlr.classification import Recipe, Split, decide, evaluate, train_classifier
from brainsnn_studies.antlr.encoding import latency_code, saccade_code
from brainsnn_studies.antlr.gradients import METHODS, Weighting
from brainsnn_studies.antlr.neuron import Neuron, forward
from brainsnn_studies.antlr.spike_train_task import loss_curves

log = logging.getLogger(__name__)
#: Points kept of each loss curve (block means).
CURVE_POINTS = 100
#: Fraction of the last iterations whose loss is averaged into the final loss.
FINAL_FRACTION = 0.1


def neuron(config: Mapping[str, Any]) -> Neuron:
    return Neuron(config["alpha_i"], config["alpha_v"], 1.0, config["threshold"])


def methods(config: Mapping[str, Any]) -> dict[str, Weighting]:
    """The paper's three methods with ANTLR's weighting from the configuration."""
    surrogate = config["surrogate_beta"]
    weights = ((1.0, 0.0), (0.0, 1.0), (config["lambda_act"], config["lambda_tim"]))
    return {name: Weighting(act, tim, surrogate) for name, (act, tim) in zip(METHODS, weights, strict=True)}


def summary(values) -> dict[str, Any]:
    values = [float(v) for v in values]
    return {"mean": float(np.mean(values)), "sd": float(np.std(values)), "median": float(np.median(values)),
            "values": values}


def block_means(curve: np.ndarray, points: int) -> list[float]:
    blocks = np.array_split(curve, min(points, len(curve)))
    return [float(block.mean()) for block in blocks]


def spike_train_matching(config: Mapping[str, Any]) -> dict[str, Any]:
    """Loss curves of the three methods on the same trials, and of the timing method without its no-spike penalty
    (``timing_no_penalty``); final loss = mean of the last 10 % of iterations."""
    seeds = [config["seed"] + trial for trial in range(config["st_trials"])]
    tail = max(1, int(FINAL_FRACTION * config["st_iterations"]))
    out: dict[str, Any] = {"iterations": config["st_iterations"], "trials": len(seeds)}
    medians = {}
    runs = [(method, weighting, method == "timing") for method, weighting in methods(config).items()]
    runs.append(("timing_no_penalty", methods(config)["timing"], False))
    for method, weighting, penalise in progress(runs, "spike-train task", unit="method"):
        curves = loss_curves(weighting, config["st_sizes"], config["st_steps"], config["st_target_spikes"],
                             config["st_iterations"], seeds, gain=config["st_gain"],
                             learning_rate=config["st_learning_rate"], kernel_tau=config["kernel_tau"],
                             neuron=neuron(config), penalise_silence=penalise)
        finals = curves[-tail:].mean(axis=0)
        medians[method] = np.median(curves, axis=1)
        out[method] = {"final_loss": float(np.median(finals)), "final_loss_trials": summary(finals),
                       "initial_loss": float(np.median(curves[0])),
                       "curve": block_means(medians[method], CURVE_POINTS)}
    target = out["activation"]["final_loss"]
    for method, median in medians.items():
        smooth = np.convolve(median, np.ones(tail) / tail, mode="valid")
        reached = np.nonzero(smooth <= target)[0]
        out[method]["iterations_to_activation_final"] = int(reached[0] + tail) if len(reached) else None
    return out


def recipe(config: Mapping[str, Any], prefix: str = "", single_spike: bool = False) -> Recipe:
    return Recipe(tuple(config[f"{prefix}hidden"]), config[f"{prefix}epochs"], config["batch_size"],
                  config["learning_rate"], config[f"{prefix}gain"], config["softmax_beta"],
                  config["no_spike_weight"], config[f"{prefix}count_target"], single_spike, neuron(config))


def latency_data(config: Mapping[str, Any]) -> tuple[Split, Split, int]:
    data = load_dataset(config["dataset"], config["data_dir"], n_train=config["n_train"], n_test=config["n_test"],
                        seed=config["seed"])
    return (Split(latency_code(data.x_train, config["steps"]), data.y_train),
            Split(latency_code(data.x_test, config["steps"]), data.y_test), data.n_classes)


def compare_methods(config: Mapping[str, Any], train: Split, test: Split, n_classes: int, plan: Recipe,
                    label: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Train every method on ``config['seeds']`` seeds; metrics per method and the trained networks."""
    seeds = [config["seed"] + k for k in range(config["seeds"])]
    out, networks = {}, {}
    for method, weighting in progress(methods(config).items(), label, unit="method"):
        trainer = train_classifier(method, weighting, plan, train, n_classes, seeds)
        result = evaluate(trainer.network, method, plan, test)
        out[method] = {"accuracy": float(np.mean(result.accuracy)), "accuracy_sd": float(np.std(result.accuracy)),
                       "accuracy_values": [float(v) for v in result.accuracy],
                       "spikes_per_sample": float(np.mean(result.spikes_to_decision)),
                       "spikes_per_sample_sd": float(np.std(result.spikes_to_decision)),
                       "spikes_total": float(np.mean(result.spikes_total)),
                       "clamped_slope_fraction": trainer.clamped_fraction}
        networks[method] = trainer.network
        log.info("%s %s: accuracy %.3f, %.1f spikes to decision", label, method, out[method]["accuracy"],
                 out[method]["spikes_per_sample"])
    return out, networks


def latency_classification(config: Mapping[str, Any], data: tuple[Split, Split, int],
                           single_spike: bool = False) -> tuple[dict[str, Any], dict[str, Any]]:
    """Fig. 7 (7b with ``single_spike``): every method on the latency-coded images."""
    label = "latency, single spike" if single_spike else "latency"
    return compare_methods(config, *data, recipe(config, single_spike=single_spike), label)


def saccade_data(config: Mapping[str, Any]) -> tuple[Split, Split, int]:
    """Digits (or ``saccade_dataset``) images turned into saccade events: the N-MNIST stand-in."""
    data = load_dataset(config["saccade_dataset"], config["data_dir"], n_train=config["saccade_n_train"],
                        n_test=config["saccade_n_test"], seed=config["seed"])
    per_saccade = config["steps_per_saccade"]
    return (Split(saccade_code(data.x_train, data.shape, per_saccade), data.y_train),
            Split(saccade_code(data.x_test, data.shape, per_saccade), data.y_test), data.n_classes)


def saccade_classification(config: Mapping[str, Any], data: tuple[Split, Split, int]) -> dict[str, Any]:
    """Fig. 8 on the saccade-event stand-in for N-MNIST."""
    return compare_methods(config, *data, recipe(config, "saccade_"), "saccade stand-in")[0]


def brian2_agreement(config: Mapping[str, Any], network, test: Split) -> dict[str, Any]:
    """The first seed's trained ANTLR network on ``n_brian`` test samples in Brian2 against the numpy map."""
    inputs, labels = test.inputs[:, : config["n_brian"]], test.labels[: config["n_brian"]]
    weights, biases = [w[:1] for w in network.weights], [b[:1] for b in network.biases]
    reference = forward(neuron(config), weights, biases, inputs[:, None])
    brian = run_in_brian(neuron(config), [w[0] for w in weights], [b[0, 0] for b in biases], inputs,
                         config["device"])
    mismatched = [int(np.abs(ours[:, 0] - theirs).sum()) for ours, theirs in
                  zip(reference.spikes, brian.spikes, strict=True)]
    same_sample = np.all([np.all(ours[:, 0] == theirs, axis=(0, 2)) for ours, theirs in
                          zip(reference.spikes, brian.spikes, strict=True)], axis=0)
    ours, _ = decide(reference.output, "antlr")
    theirs, _ = decide(brian.spikes[-1][:, None], "antlr")
    return {"samples": len(labels), "identical_samples": float(same_sample.mean()),
            "decision_agreement": float((ours == theirs).mean()), "mismatched_spikes": mismatched,
            "spikes": [int(s.sum()) for s in brian.spikes], "accuracy_brian2": float((theirs[0] == labels).mean()),
            "accuracy_numpy": float((ours[0] == labels).mean()), "shift_steps": list(range(1, len(weights) + 1)),
            "seconds": brian.seconds}


def run_all(config: Mapping[str, Any]) -> dict[str, Any]:
    """Every experiment; the metrics the report and the issue name."""
    with threadpoolctl.threadpool_limits(limits=config["threads"] or 1):
        data, events = latency_data(config), saccade_data(config)  # missing data files fail before any training
        metrics: dict[str, Any] = {"spike_train_task": spike_train_matching(config)}
        metrics["latency"], networks = latency_classification(config, data)
        if config["single_spike"]:
            metrics["latency_single_spike"] = latency_classification(config, data, single_spike=True)[0]
        metrics["saccade"] = saccade_classification(config, events)
        brian = brian2_agreement(config, networks["antlr"], data[1])
    metrics["brian2"] = brian
    metrics["brian2_agreement"] = min(brian["identical_samples"], brian["decision_agreement"])
    return metrics


def search_objective(config: Mapping[str, Any], lambda_tim: float, learning_rate: float) -> dict[str, Any]:
    """``validation error + search_spike_weight x spikes per sample / 100`` of one ANTLR network (seed
    ``config['seed']``) trained with ``lambda_tim`` and ``learning_rate`` on the training images less every fifth,
    which are the validation set (the test set is never used)."""
    with threadpoolctl.threadpool_limits(limits=config["threads"] or 1):
        train, _, n_classes = latency_data(config)
        held_out = np.arange(len(train.labels)) % 5 == 0
        fit = Split(train.inputs[:, ~held_out], train.labels[~held_out])
        validation = Split(train.inputs[:, held_out], train.labels[held_out])
        plan = recipe({**config, "learning_rate": learning_rate})
        weighting = Weighting(config["lambda_act"], lambda_tim, config["surrogate_beta"])
        trainer = train_classifier("antlr", weighting, plan, fit, n_classes, [config["seed"]])
        result = evaluate(trainer.network, "antlr", plan, validation)
    accuracy, spikes = float(result.accuracy[0]), float(result.spikes_to_decision[0])
    return {"objective": (1.0 - accuracy) + config["search_spike_weight"] * spikes / 100.0,
            "accuracy": accuracy, "spikes_per_sample": spikes}
