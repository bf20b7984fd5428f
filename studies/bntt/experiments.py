"""The experiments of the study, each returning its values: the digits MLP grid (variant x T x seed), the depth
sweep, the row-sequential task, the VGG on colour images, early exit, the BNTT gain profiles, Eq. 15 and the Brian2
run of the folded network."""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import torch

from brainsnn.checkpoint import CheckpointStore
from brainsnn.errors import ConfigError
from brainsnn.progress import progress
from brainsnn_studies.bntt.data import Images, colour_images, grey_images, rate_code, sequential_code
from brainsnn_studies.bntt.early_exit import exit_steps
from brainsnn_studies.bntt.networks import mlp, vgg
from brainsnn_studies.bntt.threshold_form import effective_thresholds, threshold_form_spikes
from brainsnn_studies.bntt.training import trained_run

Runs = list[tuple[Any, dict[str, np.ndarray]]]


def mean_sd(values: Sequence[float]) -> dict[str, Any]:
    """Mean, sample s.d. (``None`` for one value) and the values."""
    values = [float(v) for v in values]
    return {"mean": float(np.mean(values)), "sd": float(np.std(values, ddof=1)) if len(values) > 1 else None,
            "values": values}


def summary(runs: Runs) -> dict[str, Any]:
    """Accuracy and spike rate (mean, s.d. over seeds), per-layer spikes per neuron, accuracy against steps."""
    results = [result for _, result in runs]
    accuracy = mean_sd([r["accuracy_by_steps"][-1] for r in results])
    rate = mean_sd([r["spike_rate"] for r in results])
    return {
        "accuracy": accuracy["mean"], "accuracy_sd": accuracy["sd"], "accuracy_seeds": accuracy["values"],
        "spike_rate": rate["mean"], "spike_rate_sd": rate["sd"], "spike_rate_seeds": rate["values"],
        "spikes_per_neuron": np.mean([r["spikes_per_neuron"] for r in results], axis=0),
        "accuracy_by_steps": np.mean([r["accuracy_by_steps"] for r in results], axis=0),
        "final_train_loss": float(np.mean([r["train_loss"][-1] for r in results])),
        "train_seconds": float(np.sum([r["train_seconds"] for r in results])),
    }


def seeds(config: Mapping[str, Any], count: int) -> range:
    return range(config["seed"], config["seed"] + count)


def train_seeds(store: CheckpointStore, name: str, build, images: Images, encode, config: Mapping[str, Any],
                epochs: int, count: int) -> Runs:
    """``count`` seeds of one setting."""
    return [trained_run(store, f"{name}-seed{seed}", build, images, encode, config, epochs, seed)
            for seed in seeds(config, count)]


def mlp_grid(store: CheckpointStore, images: Images, config: Mapping[str, Any], depth: int,
             time_steps: Sequence[int], count: int, variants: Sequence[str],
             tag: str = "mlp") -> dict[str, dict[int, Runs]]:
    """MLPs of ``depth`` hidden layers for every variant and T, ``count`` seeds each (stored as ``tag-...``)."""
    hidden = (config["width"],) * depth
    grid = {}
    for variant in variants:
        grid[variant] = {}
        for steps in progress(time_steps, f"{variant} depth {depth}", unit="T"):
            def build(variant=variant, steps=steps):
                return mlp(images.x_train.shape[1], hidden, variant, steps, config, images.n_classes)

            grid[variant][steps] = train_seeds(store, f"{tag}-{variant}-d{depth}-T{steps}", build, images,
                                               rate_code(config["max_rate"], steps), config, config["epochs"], count)
    return grid


def sequential_task(store: CheckpointStore, images: Images, config: Mapping[str, Any]) -> dict[str, Runs]:
    """The row-sequential stand-in of Sequential MNIST: ``pixels_per_step`` pixels per step as analog currents,
    ``FC(p, w) - FC(w, w) - FC(w, 10)`` (the paper's layout with ``p = 1``, ``w = 256``)."""
    per_step = config["sequential_pixels_per_step"]
    if images.x_train.shape[1] % per_step:
        raise ConfigError(f"sequential_pixels_per_step ({per_step}) must divide the {images.x_train.shape[1]} "
                          "pixels of an image")
    steps, hidden = images.x_train.shape[1] // per_step, (config["sequential_width"],) * 2
    return {variant: train_seeds(
        store, f"sequential-{variant}", lambda variant=variant: mlp(per_step, hidden, variant, steps, config,
                                                                     images.n_classes),
        images, sequential_code(per_step), config, config["epochs"], config["seeds"])
        for variant in progress(config["variants"], "sequential", unit="variant")}


def vgg_runs(store: CheckpointStore, images: Images, config: Mapping[str, Any], variants: Sequence[str],
             tag: str = "vgg") -> dict[str, Runs]:
    """The (reduced) VGG on colour images for every variant."""
    steps = config["vgg_time_steps"]
    return {variant: train_seeds(
        store, f"{tag}-{variant}", lambda variant=variant: vgg(config["vgg_layout"], config["vgg_width"],
                                                              config["vgg_fc"], variant, steps, config,
                                                              images.n_classes),
        images, rate_code(config["max_rate"], steps), config, config["vgg_epochs"], config["vgg_seeds"])
        for variant in progress(variants, tag, unit="variant")}


def early_exit(runs: Runs, threshold: float, relative: bool) -> dict[str, Any]:
    """``T_exit`` of every seed's gain profile and the accuracy lost by stopping there (mean over seeds)."""
    exits = [exit_steps(result["gamma_profiles"], threshold, relative) for _, result in runs]
    drops = [result["accuracy_by_steps"][-1] - result["accuracy_by_steps"][t - 1]
             for t, (_, result) in zip(exits, runs, strict=True)]
    steps = len(runs[0][1]["accuracy_by_steps"])
    return {"threshold": threshold, "relative": relative, "steps": steps, "t_exit": float(np.mean(exits)),
            "t_exits": exits, "latency_saving": 1 - float(np.mean(exits)) / steps,
            "accuracy_drop": float(np.mean(drops)), "accuracy_drops": [float(d) for d in drops]}


def exit_report(runs: Runs, config: Mapping[str, Any]) -> dict[str, Any]:
    """`early_exit` at ``exit_threshold`` and over the ``exit_thresholds`` sweep."""
    relative = config["exit_relative"]
    return {**early_exit(runs, config["exit_threshold"], relative),
            "sweep": [early_exit(runs, threshold, relative) for threshold in config["exit_thresholds"]]}


def gamma_profile(runs: Runs) -> dict[str, Any]:
    """Per BNTT layer the mean-over-seeds profile ``g_l(t)``, its peak step and centroid ``sum t g / sum g``
    (steps counted from 1)."""
    profiles = np.mean([result["gamma_profiles"] for _, result in runs], axis=0)
    t = np.arange(1, profiles.shape[1] + 1)
    return {"layers": [f"layer_{index + 1}" for index in range(len(profiles))], "profiles": profiles,
            "peak_step": [int(np.argmax(p)) + 1 for p in profiles],
            "centroid": [float((t * p).sum() / p.sum()) for p in profiles]}


def encoded_test_images(network, images: Images, config: Mapping[str, Any], samples: int | None) -> torch.Tensor:
    """Rate-coded spikes ``(T, samples, *shape)`` of the first test images (seeded by ``config['seed']``)."""
    steps = network.layers[1].steps
    x = images.x_test if samples is None else images.x_test[:samples]
    return rate_code(config["max_rate"], steps)(x, torch.Generator().manual_seed(config["seed"]))


def brian2_agreement(network, images: Images, config: Mapping[str, Any]) -> dict[str, Any]:
    """The folded network (BNTT as per-step gain and offset tables) run in Brian2 on ``config['device']`` against
    the float64 torch forward on the same input spikes (`brainsnn.deploy.verify_deployment`)."""
    from brainsnn.deploy import verify_deployment

    spikes = encoded_test_images(network, images, config, config["brian2_samples"])
    identity, run, _ = verify_deployment(network, spikes, device=config["device"])
    mismatched, total = sum(identity.mismatched_spikes), sum(identity.spikes_per_layer)
    return {"spikes": 1 - mismatched / max(total, 1), "predictions": identity.predictions_agree,
            "mismatched_spikes": identity.mismatched_spikes, "spikes_per_layer": identity.spikes_per_layer,
            "readout_difference": identity.readout_difference, "samples": int(spikes.shape[1]),
            "steps": int(spikes.shape[0]), "device": run.device}


def threshold_equivalence(network, images: Images, config: Mapping[str, Any]) -> dict[str, Any]:
    """The first hidden layer of a trained BNTT MLP against its Eq. 15 threshold form on the test set (float64):
    exactly (``mu = 0``, gamma and variance replaced by their means over steps: a constant gain) and with the
    trained per-step statistics (the paper's approximation)."""
    spikes = encoded_test_images(network, images, config, None).double()
    result = {}
    for case in ("exact", "trained"):
        network64 = copy.deepcopy(network).double().eval()
        norm = network64.layers[1]
        if case == "exact":
            with torch.no_grad():
                norm.running_mean.zero_()
                norm.running_var.copy_(norm.running_var.mean(dim=0).expand_as(norm.running_var))
                norm.gamma.copy_(norm.gamma.mean(dim=0).expand_as(norm.gamma))
        bntt = network64.record(spikes).spikes[0].numpy()
        with torch.no_grad():
            currents = network64.layers[0](spikes).numpy()
        gains = np.stack([norm.folded(t)[0].numpy() for t in range(norm.steps)])
        lif = network64.layers[2]
        threshold = threshold_form_spikes(currents, effective_thresholds(gains, lif.threshold), lif.beta)
        result[case] = {"mismatched_spikes": int((bntt != threshold).sum()), "bntt_spikes": int(bntt.sum()),
                        "threshold_form_spikes": int(threshold.sum()),
                        "jaccard": float((bntt * threshold).sum() / max(np.maximum(bntt, threshold).sum(), 1))}
    return result


def metrics_of(grid: Mapping[str, Mapping[int, Runs]]) -> dict[str, dict[str, Any]]:
    return {variant: {str(steps): summary(runs) for steps, runs in by_steps.items()} for variant, by_steps in
            grid.items()}


def run_experiments(config) -> dict[str, Any]:
    """Every experiment of the study (``config``: the study's `Config`); the metrics of ``metrics.json``."""
    from brainsnn.train.snn import configure_torch

    configure_torch(threads=config["threads"] or 1, seed=config["seed"])
    store = CheckpointStore("bntt", {k: v for k, v in config.items() if k not in ("threads", "preset", "device",
                                                                                 "brian2_samples")})
    grey, variants = grey_images(config), config["variants"]
    main = mlp_grid(store, grey, config, config["depth"], config["time_steps"], config["seeds"], variants)
    metrics: dict[str, Any] = {"dataset": grey.summary(), **metrics_of(main)}
    longest = max(config["time_steps"])
    bntt = "bntt" in variants
    decayed = config.replace(gamma_weight_decay=config["gain_decay"]) if config["gain_decay"] is not None else None
    if bntt:
        metrics["early_exit"] = exit_report(main["bntt"][longest], config)
        metrics["gamma_profile"] = {"mlp": gamma_profile(main["bntt"][longest])}
        network = main["bntt"][longest][0][0]
        metrics["threshold_equivalence"] = threshold_equivalence(network, grey, config)
        metrics["brian2_agreement"] = brian2_agreement(network, grey, config)
    if bntt and decayed is not None:
        runs = mlp_grid(store, grey, decayed, config["depth"], [longest], config["seeds"], ["bntt"],
                        "gain-decay")["bntt"][longest]
        metrics["gain_decay"] = {"gamma_weight_decay": config["gain_decay"], "mlp": summary(runs)}
        metrics["early_exit"]["gain_decay"] = exit_report(runs, config)
        metrics["gamma_profile"]["mlp_gain_decay"] = gamma_profile(runs)
    if config["depths"]:
        depth = {d: mlp_grid(store, grey, config, d, [config["depth_time_steps"]], config["depth_seeds"], variants)
                 for d in config["depths"]}
        metrics["depth"] = {str(d): metrics_of(grid) for d, grid in depth.items()}
        if bntt:
            deepest = depth[max(config["depths"])]["bntt"][config["depth_time_steps"]]
            metrics["gamma_profile"]["deep_mlp"] = gamma_profile(deepest)
    if config["sequential_pixels_per_step"]:
        sequential = sequential_task(store, grey, config)
        metrics["sequential"] = {variant: summary(runs) for variant, runs in sequential.items()}
    if config["vgg_seeds"]:
        colour = colour_images(config)
        vggs = vgg_runs(store, colour, config, variants)
        metrics["vgg"] = {"dataset": colour.summary(), **{variant: summary(runs) for variant, runs in vggs.items()}}
        if bntt:
            metrics["vgg"]["early_exit"] = exit_report(vggs["bntt"], config)
            metrics["gamma_profile"]["vgg"] = gamma_profile(vggs["bntt"])
        if bntt and decayed is not None:
            runs = vgg_runs(store, colour, decayed, ["bntt"], "vgg-gain-decay")["bntt"]
            metrics["gain_decay"]["vgg"] = summary(runs)
            metrics["vgg"]["early_exit"]["gain_decay"] = exit_report(runs, config)
            metrics["gamma_profile"]["vgg_gain_decay"] = gamma_profile(runs)
    return metrics
