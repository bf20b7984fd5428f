"""The experiments of Mo et al. (2022): Fig. 3 (weight change against rate), IRIS 5-fold cross-validation with its
variants (no output inhibition, other teacher rates), and the Fig. 7 pipeline (features + ALSA readout vs vote)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from brian2 import ms, mV

from brainsnn.config import StudyConfig
from brainsnn.data import Dataset, load_dataset
from brainsnn.errors import ConfigError
from brainsnn.metrics.label_readout import UNASSIGNED, assign_labels, predict
from brainsnn.metrics.output_readout import SILENT, most_active_output, most_driven_output
from brainsnn.models.alsa import AlsaRule
from brainsnn_studies.alsa.classifier import TeacherProtocol, run_alsa_classifiers
from brainsnn_studies.alsa.feature_readout import (
    MNIST_FEATURE_RULE,
    MNIST_READOUT_RULE,
    FeatureReadoutSetup,
    run_feature_readout,
)
from brainsnn_studies.alsa.iris_stream import iris_stream
from brainsnn_studies.alsa.paper_numbers import IRIS_CLASSES
from brainsnn_studies.alsa.rate_sweep import weight_change_sweep

#: Neuron constants the paper omits (config key -> ``ALSA_NEURON`` name, unit).
NEURON_KEYS = {
    "tau_membrane_ms": ("tau_membrane", ms), "tau_ge_ms": ("tau_ge", ms), "v_thresh_base_mv": ("v_thresh", mV),
    "v_thresh_delta_mv": ("theta_plus", mV), "tau_thresh_ms": ("tau_theta", ms), "refractory_ms": ("t_ref", ms),
}
#: The metrics of the digits pipeline that its feature-count sweep keeps.
SWEPT_ACCURACIES = ("alsa_accuracy", "vote_accuracy")


@dataclass
class IrisResult:
    """The IRIS metrics and what their figures need beyond them."""

    metrics: dict[str, Any]
    accuracy_by_copy: np.ndarray  # (seeds x folds, epochs) test accuracy after each epoch
    weights: np.ndarray  # (inputs, classes) learned weights of seed 0, fold 0


@dataclass
class DigitsResult:
    """The digits-pipeline metrics and the learned input -> feature weights ``(pixels, features)``."""

    metrics: dict[str, Any]
    feature_weights: np.ndarray


def fig3_weight_change(config: Mapping[str, Any]) -> dict[str, Any]:
    """Fig. 3: mean and s.d. of w(end) - w0 per (tau_p, rate), and its sign against f - f*."""
    rule = AlsaRule(eta=config["fig3_eta"], alpha=config["fig3_alpha"], beta=config["fig3_beta"],
                    tau_p_ms=config["fig3_tau_p_ms"][0])
    taus, rates = np.array(config["fig3_tau_p_ms"]), np.array(config["fig3_rates_hz"])
    changes = weight_change_sweep(
        rule, taus, rates, n_trials=config["fig3_trials"], duration_s=config["fig3_duration_s"],
        initial_weight=config["fig3_initial_weight"], dt_ms=config["fig3_dt_ms"], device=config["device"],
        seed=config["seed"], threads=config["threads"],
    )
    mean, sd = changes.mean(axis=2), changes.std(axis=2)
    crossover = np.array([rule.crossover_rate_hz(tau) for tau in taus])
    predicted = np.where(rates[np.newaxis, :] > crossover[:, np.newaxis], 1, -1)
    measured = np.sign(mean).astype(int)
    return {
        "tau_p_ms": taus, "rates_hz": rates, "mean_weight_change": mean, "sd_weight_change": sd,
        "crossover_hz": crossover, "predicted_sign": predicted, "measured_sign": measured,
        "signs_matching": int((predicted == measured).sum()), "signs_total": int(predicted.size),
        "all_signs_match": bool(np.all(predicted == measured)),
    }


def teacher_protocol(config: Mapping[str, Any]) -> TeacherProtocol:
    """The IRIS layer's schedule, teachers and neuron constants from the configuration."""
    return TeacherProtocol(
        present_ms=config["present_ms"], rest_ms=config["rest_ms"], teacher_rate_hz=config["teacher_rate_hz"],
        teacher_weight=config["teacher_weight"], initial_weight_range=tuple(config["iris_initial_weight"]),
        forget_pre_each_sample=config["forget_pre_each_sample"], input_trains=config["input_trains"],
        lateral_inhibition=config["output_inhibition"], dt_ms=config["dt_ms"],
        neuron={name: config[key] * unit for key, (name, unit) in NEURON_KEYS.items()},
    )


def iris_cross_validation(config: Mapping[str, Any]) -> IrisResult:
    """IRIS (Sec. 3.2): every seed and fold in one network; accuracy per fold and epoch, confusion, weights."""
    stream = iris_stream(config)
    rule = AlsaRule(eta=config["iris_eta"], alpha=config["iris_alpha"], beta=config["iris_beta"],
                    tau_p_ms=config["iris_tau_p_ms"])
    result = run_alsa_classifiers(stream.rates, stream.labels, stream.supervised, len(IRIS_CLASSES), rule,
                                  teacher_protocol(config), device=config["device"], seed=config["seed"],
                                  threads=config["threads"])
    predictions = most_active_output(result.counts, result.first_spike_ms)
    correct = predictions == stream.labels
    by_epoch = np.array([[correct[c, slots].mean() for slots in stream.test_slots]
                         for c in range(len(stream.copies))])
    final_slots = stream.test_slots[-1]
    fold_accuracy = by_epoch[:, -1].reshape(len(config["iris_seeds"]), config["iris_folds"])
    metrics = {
        "test_accuracy": float(fold_accuracy.mean()),
        "fold_accuracy": fold_accuracy,
        "seed_accuracy": fold_accuracy.mean(axis=1),
        "accuracy_by_epoch": by_epoch.mean(axis=0),
        "first_epoch_accuracy": float(by_epoch[:, 0].mean()),
        "silent_fraction": float(np.mean(predictions[:, final_slots] == SILENT)),
        "confusion": confusion_matrix(stream.labels[:, final_slots], predictions[:, final_slots], len(IRIS_CLASSES)),
        "final_weights_bimodal_fraction": float(np.mean((result.final_weights < 0.1) | (result.final_weights > 0.9))),
        "output_spikes_per_test_sample": float(result.counts[:, final_slots].sum(axis=-1).mean()),
    }
    return IrisResult(metrics, by_epoch, result.final_weights[0])


def confusion_matrix(truth: np.ndarray, predicted: np.ndarray, n_classes: int) -> np.ndarray:
    """``(n_classes, n_classes)`` counts of (true class, predicted class); silent predictions are left out."""
    answered = predicted != SILENT
    confusion = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(confusion, (truth[answered], predicted[answered]), 1)
    return confusion


def iris_variants(config: StudyConfig) -> dict[str, Any]:
    """IRIS without output inhibition (when it is on; the paper has none) and at each further teacher rate."""
    variants: dict[str, Any] = {}
    if config["output_inhibition"] > 0:
        variants["without_output_inhibition"] = iris_cross_validation(config.replace(output_inhibition=0.0)).metrics
    variants["teacher_rate_sweep"] = {
        f"{rate:g}": iris_cross_validation(config.replace(teacher_rate_hz=rate)).metrics["test_accuracy"]
        for rate in config["iris_teacher_rate_sweep_hz"]
    }
    return variants


def load_images(config: Mapping[str, Any]) -> Dataset:
    """The pipeline's images (seeded stratified subsets); only scikit-learn's 8x8 digits are upsampled."""
    name = config["digits_dataset"]
    try:
        return load_dataset(name, config["data_dir"], n_train=config["digits_train"], n_test=config["digits_test"],
                            seed=config["seed"], upsample=config["digits_upsample"] if name == "digits" else None)
    except ConfigError as error:
        raise ConfigError(f"digits_dataset={name}: {error} (see docs/data.md)") from error


def feature_readout_setup(config: Mapping[str, Any]) -> FeatureReadoutSetup:
    """The pipeline's architecture from the configuration (the MNIST rules with the configured learning rates)."""
    return FeatureReadoutSetup(
        n_features=config["digits_features"],
        feature_rule=replace(MNIST_FEATURE_RULE, eta=config["digits_feature_eta"]),
        readout_rule=replace(MNIST_READOUT_RULE, eta=config["digits_readout_eta"]),
        lateral_inhibition=config["digits_inhibition"],
        feature_neuron={"theta_plus": config["digits_feature_thresh_delta_mv"] * mV,
                        "tau_theta": config["digits_feature_thresh_tau_ms"] * ms},
        latency_max_ms=config["digits_latency_max_ms"], latency_threshold=config["digits_latency_threshold"],
        present_ms=config["present_ms"], rest_ms=config["rest_ms"], teacher_rate_hz=config["teacher_rate_hz"],
        teacher_weight=config["teacher_weight"], dt_ms=config["dt_ms"],
    )


def digits_pipeline(config: Mapping[str, Any], data: Dataset) -> DigitsResult:
    """Fig. 7: features (unsupervised), then the ALSA readout and Diehl & Cook's label vote on the same frozen
    features; accuracy of both, spike statistics and the readout's weight percentiles."""
    n_train, n_test = len(data.y_train), len(data.y_test)
    images = np.concatenate([data.x_train, data.x_train, data.x_test]) / 255.0
    labels = np.concatenate([data.y_train, data.y_train, data.y_test])
    phase = np.repeat([0, 1, 2], [n_train, n_train, n_test])
    run = run_feature_readout(images, labels, phase, data.n_classes, feature_readout_setup(config),
                              device=config["device"], seed=config["seed"], threads=config["threads"])
    readout, test = phase == 1, phase == 2
    truth = labels[test]
    alsa = most_driven_output(run.output_counts[test], run.feature_counts[test] @ run.readout_weights)
    assignments = assign_labels(run.feature_counts[readout], labels[readout], data.n_classes)
    fired = bool(np.any(assignments != UNASSIGNED))
    vote = predict(run.feature_counts[test], assignments, data.n_classes) if fired else np.full(n_test, -1)
    metrics = {
        "alsa_accuracy": float(np.mean(alsa == truth)),
        "vote_accuracy": float(np.mean(vote == truth)),
        "n_train": n_train, "n_test": n_test,
        "feature_spikes_per_sample": [float(run.feature_counts[phase == k].sum(axis=1).mean()) for k in range(3)],
        "features_active_in_test": int(np.sum(run.feature_counts[test].sum(axis=0) > 0)),
        "output_silent_fraction": float(np.mean(run.output_counts[test].sum(axis=1) == 0)),
        "readout_weight_percentiles": np.percentile(run.readout_weights, [5, 50, 95]),
    }
    return DigitsResult(metrics, run.feature_weights)


def digits_feature_sweep(config: StudyConfig, data: Dataset) -> dict[str, dict[str, float]]:
    """Both readouts' accuracy at each further feature count of ``digits_feature_sweep``, all else unchanged."""
    sweep = {}
    for n in config["digits_feature_sweep"]:
        metrics = digits_pipeline(config.replace(digits_features=n), data).metrics
        sweep[str(n)] = {key: metrics[key] for key in SWEPT_ACCURACIES}
    return sweep
