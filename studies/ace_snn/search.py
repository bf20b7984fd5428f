"""The search objective: validation error of the headline SNN for a threshold scale and a Q-STDB learning rate."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from brainsnn_studies.ace_snn.data import patches
from brainsnn_studies.ace_snn.experiments import accuracy, converted, fine_tuned
from brainsnn_studies.ace_snn.qstdb import Quantiser


def search_objective(config: Mapping[str, Any], params: Mapping[str, Any]) -> dict[str, Any]:
    """``100 - OA`` (%) on the validation split, with the conversion-only OA at ``steps`` beside it."""
    from brainsnn.train.snn import configure_torch

    configure_torch(threads=config["threads"] or 1, seed=config["seed"])
    settings = {**dict(config), "threshold_scale": float(params["threshold_scale"])}
    data = patches(settings, config["seed"], validation=True)
    _, snn, _ = converted(settings, data, config["seed"])
    bits = config["headline_bits"]
    tuned = fine_tuned(settings, snn, data, Quantiser("affine", bits), config["seed"],
                       learning_rate=float(params["qstdb_learning_rate"]))
    validation = accuracy(tuned, data, config["steps"], Quantiser("scale", bits))["overall_accuracy"]
    return {"objective": 100.0 - validation, "validation_accuracy": validation,
            "conversion_accuracy": accuracy(snn, data, config["steps"], None)["overall_accuracy"]}
