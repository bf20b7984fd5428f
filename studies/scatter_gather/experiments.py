"""The study's experiments: the (k, B) grid of quantised ANNs per data set and seed, each converted, compared
with its SNN, run in Brian2 and under branch dropout; the cpp_standalone check; the chip-mapping tables."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import torch

from brainsnn.checkpoint import CheckpointStore
from brainsnn_studies.scatter_gather import criteria
from brainsnn_studies.scatter_gather.conversion_runs import ann_vs_snn, branch_dropout, brian_check, synapse_bound
from brainsnn_studies.scatter_gather.data import Images, load_images
from brainsnn_studies.scatter_gather.mapping import mapping_tables
from brainsnn_studies.scatter_gather.networks import ARCHITECTURES, build_ann
from brainsnn_studies.scatter_gather.training import train_ann

log = logging.getLogger(__name__)
#: The paper's four-spike model (k, B), the one of Tables 4-6 and of the cpp_standalone check.
FOUR_SPIKE = (1, 2)
#: Fields averaged over seeds per model.
FIELDS = ("ann_accuracy", "snn_accuracy", "prediction_agreement", "spikes_per_neuron", "count_mismatches")


def mean_sd(values: Sequence[float]) -> dict[str, Any]:
    values = [float(v) for v in values]
    return {"mean": float(np.mean(values)), "sd": float(np.std(values, ddof=1)) if len(values) > 1 else None,
            "values": values}


def model_key(k: int, bound: int) -> str:
    return f"{k}_{bound}"


def trained_ann(store: CheckpointStore | None, images: Images, k: int, bound: int, seed: int,
                config: Mapping[str, Any]):
    """The ANN of ``(k, bound)`` trained with ``seed`` (from ``store`` when it finished before) and its seconds."""
    torch.manual_seed(seed)
    ann = build_ann(ARCHITECTURES[images.name], k, bound, config["width_scale"], images.n_classes)
    for layer in ann.modules():
        if hasattr(layer, "threshold_factor"):
            layer.threshold_factor = config["ternary_factor"]
    name = f"{images.name}-{model_key(k, bound)}-seed{seed}"
    stored = store.load(name) if store is not None else None
    if stored is not None:
        ann.load_state_dict({key: torch.as_tensor(value) for key, value in stored.items() if key != "seconds"})
        return ann.eval(), float(stored["seconds"])
    seconds = train_ann(ann, images.x_train, images.y_train, config, seed, name)
    if store is not None:
        store.save(name, {**{key: value.numpy() for key, value in ann.state_dict().items()}, "seconds": seconds})
    return ann.eval(), seconds


def one_model(store, images: Images, k: int, bound: int, seed: int, config: Mapping[str, Any]) -> dict[str, Any]:
    """Train, convert, compare, Brian2 (within ``brian_max_synapses``) and branch dropout of one network."""
    ann, seconds = trained_ann(store, images, k, bound, seed, config)
    result, prepared = ann_vs_snn(ann, images)
    result["train_seconds"] = seconds
    result["dropout"] = branch_dropout(prepared[0], images, config["dropout_rates"], config["dropout_draws"], seed,
                                       result["snn_accuracy"])
    synapses = synapse_bound(prepared[0], images.shape)
    if synapses <= config["brian_max_synapses"]:
        result["brian"] = brian_check(prepared, images, config["brian_samples"], config["device"])
    else:
        result["brian"] = {"skipped": f"up to {synapses} synapses > brian_max_synapses = "
                                      f"{config['brian_max_synapses']}",
                           "synapses": synapses}
    log.info("%s k=%d B=%d seed %d: ANN %.3f SNN %.3f", images.name, k, bound, seed, result["ann_accuracy"],
             result["snn_accuracy"])
    return result


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Mean (s.d.) over seeds of the fields, dropout drops and Brian2 agreement of one model."""
    summary = {field: mean_sd([run[field] for run in runs]) for field in FIELDS}
    summary["max_group_count"] = max(run["max_group_count"] for run in runs)
    summary["replicas"] = runs[0]["replicas"]
    summary["spikes_per_neuron_layers"] = np.mean([run["spikes_per_neuron_layers"] for run in runs], axis=0)
    summary["dropout"] = {rate: mean_sd([run["dropout"][rate]["accuracy_drop"] for run in runs])
                          for rate in runs[0]["dropout"]}
    brian = [run["brian"] for run in runs if "skipped" not in run["brian"]]
    summary["brian"] = {
        "runs": len(brian), "skipped": [run["brian"]["skipped"] for run in runs if "skipped" in run["brian"]],
        "identical": all(b["identical"] and b["count_mismatches_ann"] == 0 and b["predictions_agree_ann"] == 1.0
                         for b in brian) if brian else None,
        "predictions_agree_ann": min((b["predictions_agree_ann"] for b in brian), default=None),
        "samples": brian[0]["samples"] if brian else None, "device": brian[0]["device"] if brian else None,
        "sops_on_chip": mean_sd([b["sops_on_chip"] for b in brian]) if brian else None,
        "energy_nj": mean_sd([b["energy_nj"] for b in brian]) if brian else None,
        "synapses": brian[0]["synapses"] if brian else runs[0]["brian"]["synapses"],
        "seconds": float(sum(b["seconds"] for b in brian)),
    }
    summary["train_seconds"] = float(sum(run["train_seconds"] for run in runs))
    return summary


def model_grid(store, images: Images, config: Mapping[str, Any], whole: bool) -> dict[str, Any]:
    """Every (k, B) of the config (``whole``) or the four-spike model, ``seeds`` seeds each, on ``images``."""
    grid = {}
    models = [(k, bound) for k in config["levels"] for bound in config["bounds"]] if whole else [FOUR_SPIKE]
    for k, bound in models:
        runs = [one_model(store, images, k, bound, seed, config)
                for seed in range(config["seed"], config["seed"] + config["seeds"])]
        grid[model_key(k, bound)] = {"summary": summarise(runs), "runs": runs}
    return grid


def standalone_check(store, images: Images, config: Mapping[str, Any]) -> dict[str, Any] | None:
    """The four-spike network (seed ``seed``) on cpp_standalone for ``standalone_samples`` test images."""
    if config["standalone_samples"] is None:
        return None
    ann, _ = trained_ann(store, images, *FOUR_SPIKE, config["seed"], config)
    _, prepared = ann_vs_snn(ann, images)
    return brian_check(prepared, images, config["standalone_samples"], "cpp_standalone")


def run_experiments(config: Mapping[str, Any], store: CheckpointStore | None = None) -> dict[str, Any]:
    """Every experiment; ``conversion.<k>_<B>`` and ``dropout.<p>`` summarise the first data set."""
    from brainsnn.train.snn import configure_torch

    configure_torch(threads=config["threads"] or 1, seed=config["seed"])
    datasets = {}
    standalone = None
    for index, name in enumerate(config["datasets"]):
        images = load_images(name, config)
        models = model_grid(store, images, config, index == 0 or config["grid_everywhere"])
        datasets[name] = {"n_train": len(images.y_train), "n_test": len(images.y_test),
                          "architecture": ARCHITECTURES[name], "models": models}
        if standalone is None:
            standalone = standalone_check(store, images, config)
    primary = datasets[config["datasets"][0]]["models"]
    conversion = {key: {**{field: model["summary"][field]["mean"] for field in FIELDS[:4]},
                        "by_dataset": {name: {field: data["models"][key]["summary"][field]["mean"]
                                              for field in FIELDS[:4]}
                                       for name, data in datasets.items() if key in data["models"]}}
                  for key, model in primary.items()}
    four = primary[model_key(*FOUR_SPIKE)]["summary"]["dropout"]
    dropout = {rate: {"accuracy_drop": value["mean"], "accuracy_drop_sd": value["sd"]} for rate, value in four.items()}
    metrics = {"conversion": conversion, "dropout": dropout, "mapping": mapping_tables(), "datasets": datasets,
               "standalone": standalone}
    return {**metrics, "criteria": criteria.evaluate(metrics)}
