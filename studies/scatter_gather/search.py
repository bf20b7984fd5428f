"""The search objective: validation error (%) plus ``energy_weight`` times the chip energy per image (nJ, 0.57 pJ
per synaptic operation on chip, counted by the numpy reference of the Brian2 network's operations)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import torch

from brainsnn_studies.scatter_gather.conversion_runs import ann_vs_snn, on_chip_operations
from brainsnn_studies.scatter_gather.data import Images, load_images
from brainsnn_studies.scatter_gather.experiments import trained_ann


def validation_split(images: Images, fraction: float, seed: int) -> Images:
    """The training images split into training and validation (seeded permutation); the test set is not used."""
    order = torch.randperm(len(images.y_train), generator=torch.Generator().manual_seed(seed))
    held = order[:max(1, round(fraction * len(order)))]
    kept = order[len(held):]
    return Images(images.name, images.x_train[kept], images.y_train[kept], images.x_train[held],
                  images.y_train[held], images.n_classes)


def search_objective(config: Mapping[str, Any], params: Mapping[str, Any]) -> dict[str, Any]:
    from brainsnn.metrics.energy import KUANG_CHIP_SOP
    from brainsnn.train.snn import configure_torch

    configure_torch(threads=config["threads"] or 1, seed=config["seed"])
    images = validation_split(load_images(config["datasets"][0], config), config["validation_fraction"],
                              config["seed"])
    settings = {**config, "ternary_factor": float(params["ternary_factor"])}
    ann, _ = trained_ann(None, images, int(params["k"]), int(params["bound"]), config["seed"], settings)
    result, prepared = ann_vs_snn(ann, images)
    sops = on_chip_operations(prepared[0], images)
    energy_nj = sops * KUANG_CHIP_SOP.accumulate_pj / 1000
    error = 100 * (1 - result["snn_accuracy"])
    return {"objective": error + config["energy_weight"] * energy_nj, "validation_error": error,
            "energy_nj": energy_nj, "sops_on_chip": sops, "spikes_per_neuron": result["spikes_per_neuron"],
            "prediction_agreement": result["prediction_agreement"]}
