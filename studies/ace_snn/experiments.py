"""The experiments of the study, each returning its values: one seed's hybrid pipeline (ANN, conversion at T = 5
and 50, Q-STDB in full precision and quantisation-aware at every bit width and scheme, post-training quantisation),
the summary over seeds, the Brian2 run of the 6-bit Q-STDB network, the energy model and the arithmetic-intensity
identity."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import torch

from brainsnn.checkpoint import CheckpointStore
from brainsnn.progress import progress
from brainsnn_studies.ace_snn.arithmetic_intensity import ratios
from brainsnn_studies.ace_snn.data import Patches, patches, seed_range
from brainsnn_studies.ace_snn.energy_model import energy_summary
from brainsnn_studies.ace_snn.networks import (
    ANN,
    ann_predictions,
    cnn3d_stages,
    layer_shapes,
    stage_layer,
    train_ann,
)
from brainsnn_studies.ace_snn.qstdb import ConvertedSNN, Quantiser, evaluate_snn, scale_range_loss, train_qstdb

#: The paper's arithmetic-intensity example (Sec. 2.2): 100 x 100 input, 64 -> 128 channels, 100 bands, k = 3.
INTENSITY_EXAMPLE = {"h": 100, "w": 100, "c_in": 64, "c_out": 128, "k": 3, "depth": 100}


def converted(config: Mapping[str, Any], data: Patches, seed: int) -> tuple[ANN, ConvertedSNN, list[float]]:
    """The trained ANN, its converted SNN (percentile thresholds times ``threshold_scale``) and the ANN's losses."""
    from brainsnn.conversion.threshold_balancing import percentile_thresholds

    torch.manual_seed(seed)
    stages = cnn3d_stages(config["channels"], data.x_train.shape[2], config["patch"], data.n_classes)
    ann = ANN(stages)
    losses = train_ann(ann, data.x_train, data.y_train, epochs=config["ann_epochs"],
                       learning_rate=config["ann_learning_rate"], batch_size=config["batch_size"], seed=seed)
    sample = data.x_train[: config["balance_samples"]]
    thresholds = percentile_thresholds(
        list(stages[:-1]), sample[None].expand(config["balance_steps"], *sample.shape),
        percentile=config["percentile"], scale=config["threshold_scale"],
    )
    return ann, ConvertedSNN(copy.deepcopy(stages), thresholds, gamma=config["gamma"]), losses


def fine_tuned(config: Mapping[str, Any], snn: ConvertedSNN, data: Patches, quantiser: Quantiser | None,
               seed: int, learning_rate: float | None = None) -> ConvertedSNN:
    """A copy of ``snn`` trained by Q-STDB at ``steps`` steps with ``quantiser`` in the forward pass."""
    tuned = copy.deepcopy(snn)
    tuned.quantiser = quantiser
    torch.manual_seed(seed)
    train_qstdb(tuned, data.x_train, data.y_train, steps=config["steps"], epochs=config["qstdb_epochs"],
                learning_rate=learning_rate or config["qstdb_learning_rate"], batch_size=config["batch_size"],
                seed=seed)
    return tuned


def accuracy(snn: ConvertedSNN, data: Patches, steps: int, quantiser: Quantiser | None) -> dict[str, Any]:
    """Test OA and spike rates of ``snn`` evaluated with ``quantiser``."""
    evaluated = copy.deepcopy(snn)
    evaluated.quantiser = quantiser
    return evaluate_snn(evaluated, data.x_test, data.y_test, steps)


def seed_run(config: Mapping[str, Any], seed: int) -> tuple[dict[str, Any], ConvertedSNN, Patches]:
    """Every measurement of one seed (split and initialisation), and its headline network: trained with affine
    quantisation at ``headline_bits``, evaluated with scale quantisation."""
    data = patches(config, seed)
    ann, snn, ann_losses = converted(config, data, seed)
    steps = config["steps"]
    result: dict[str, Any] = {
        "ann": 100.0 * float(np.mean(ann_predictions(ann, data.x_test) == data.y_test.numpy())),
        "ann_final_loss": ann_losses[-1],
        "conversion": {str(t): accuracy(snn, data, t, None)["overall_accuracy"] for t in config["conversion_steps"]},
        "thresholds": snn.thresholds.tolist(),
    }
    full = fine_tuned(config, snn, data, None, seed)
    result["qstdb_fp"] = accuracy(full, data, steps, None)["overall_accuracy"]
    result["post_training"] = {str(b): accuracy(full, data, steps, Quantiser("scale", b))["overall_accuracy"]
                               for b in config["ptq_bits"]}
    trained: dict[tuple[str, int], ConvertedSNN] = {}
    for scheme in config["training_schemes"]:
        result[f"{scheme}_trained"] = {}
        for bits in config["bits"]:
            tuned = trained[scheme, bits] = fine_tuned(config, snn, data, Quantiser(scheme, bits), seed)
            result[f"{scheme}_trained"][str(bits)] = {
                inference: accuracy(tuned, data, steps, Quantiser(inference, bits))["overall_accuracy"]
                for inference in ({"affine", "scale"} if scheme == "affine" else {"scale"})
            }
    result["range_loss"] = {str(bits): [scale_range_loss(stage_layer(stage).weight)
                                        for stage in trained["affine", bits].stages] for bits in config["bits"]}
    headline = trained["affine", config["headline_bits"]]
    headline.quantiser = Quantiser("scale", config["headline_bits"])
    final = evaluate_snn(headline, data.x_test, data.y_test, steps)
    result.update(qstdb=final["overall_accuracy"], zeta=final["zeta"], leaks=headline.leaks.tolist(),
                  tuned_thresholds=headline.thresholds.tolist())
    return result, headline, data


def mean_sd(values: Sequence[float]) -> dict[str, Any]:
    values = [float(v) for v in values]
    return {"overall_accuracy": float(np.mean(values)),
            "overall_accuracy_sd": float(np.std(values, ddof=1)) if len(values) > 1 else None,
            "overall_accuracy_seeds": values}


def bits_within(accuracies: Mapping[str, float], reference: float, tolerance: float = 1.0) -> int | None:
    """The fewest bits whose OA is within ``tolerance`` points of ``reference`` (None: no width is)."""
    fitting = [int(bits) for bits, value in accuracies.items() if value >= reference - tolerance]
    return min(fitting) if fitting else None


def quantisation_table(config: Mapping[str, Any], runs: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """``quant.<scheme>.<bits>``: mean OA and its drop from the full-precision Q-STDB SNN; scheme "affine"
    (trained and inferred affine), "scale" (trained affine, inferred scale: the paper's pipeline; ``table5_delta``
    is Table 5's loss against affine inference), "scale_training" (trained and inferred scale) and "post_training"
    (the full-precision Q-STDB SNN quantised after training)."""
    reference = float(np.mean([run["qstdb_fp"] for run in runs]))

    def entry(values: Sequence[float]) -> dict[str, Any]:
        summary = mean_sd(values)
        return {**summary, "oa_drop": reference - summary["overall_accuracy"]}

    table: dict[str, Any] = {"affine": {}, "scale": {}}
    for bits in map(str, config["bits"]):
        if "affine" in config["training_schemes"]:
            table["affine"][bits] = entry([run["affine_trained"][bits]["affine"] for run in runs])
            table["scale"][bits] = entry([run["affine_trained"][bits]["scale"] for run in runs])
            table["scale"][bits]["table5_delta"] = (table["affine"][bits]["overall_accuracy"]
                                                    - table["scale"][bits]["overall_accuracy"])
        if "scale" in config["training_schemes"]:
            table.setdefault("scale_training", {})[bits] = entry([run["scale_trained"][bits]["scale"]
                                                                  for run in runs])
    table["post_training"] = {str(b): entry([run["post_training"][str(b)] for run in runs])
                              for b in config["ptq_bits"]}
    return table


def brian_run(config: Mapping[str, Any], snn: ConvertedSNN, data: Patches) -> dict[str, Any]:
    """The headline network in Brian2 on the first ``brian2_samples`` test patches (`deployment.brian_check`)."""
    from brainsnn_studies.ace_snn.deployment import brian_check

    return brian_check(snn, data.x_test[: config["brian2_samples"]], config["steps"], config["device"])


def energy(config: Mapping[str, Any], data: Patches, zeta: Sequence[float]) -> dict[str, float]:
    """The energy model (`energy_model.energy_summary`) of CNN-3D at ``headline_bits`` with spike rates ``zeta``."""
    stages = cnn3d_stages(config["channels"], data.x_train.shape[2], config["patch"], data.n_classes)
    return energy_summary(layer_shapes(stages, data.x_train.shape[1:]), zeta, bits=config["headline_bits"])


def shared_energy(config: Mapping[str, Any], data: Patches, brian: Mapping[str, Any]) -> dict[str, Any]:
    """Brian2's counted operations in the shared compute-only model `brainsnn.metrics.energy.ACE_SNN_INT32` (Table
    4's 32-bit MAC and AC): the SNN's accumulates plus its direct-input MACs, as the bridge counts them (every
    step) and once (the input is constant), against the ANN's MACs (Eq. 22 without memory)."""
    from brainsnn.metrics.energy import ACE_SNN_INT32, energy_estimate

    stages = cnn3d_stages(config["channels"], data.x_train.shape[2], config["patch"], data.n_classes)
    macs = sum(layer.macs for layer in layer_shapes(stages, data.x_train.shape[1:]))
    accumulates = sum(brian["accumulates"].values())
    every = energy_estimate(accumulates, macs, ACE_SNN_INT32, snn_macs=brian["input_macs"])
    once = energy_estimate(accumulates, macs, ACE_SNN_INT32, snn_macs=brian["input_macs"] / config["steps"])
    return {"model": ACE_SNN_INT32.name, "ann_macs": macs, "accumulates": accumulates,
            "input_macs": brian["input_macs"], "ann_over_snn_input_every_step": every.ann_to_snn,
            "ann_over_snn_input_once": once.ann_to_snn}


def run_experiments(config: Mapping[str, Any]) -> dict[str, Any]:
    """Every seed (stored in a `CheckpointStore`, so an interrupted run resumes), then the summaries, the Brian2
    check of the first seed's headline network (``brian2_samples`` null: none), the energy model fed by Brian2's
    spike rates (torch's without Brian2), and Eq. 4-12."""
    from brainsnn.train.snn import configure_torch

    store = CheckpointStore("ace-snn", {k: v for k, v in config.items() if k not in ("threads", "preset", "device")})
    runs, first = [], None
    for seed in progress(seed_range(config), "seeds", unit="seed"):
        configure_torch(threads=config["threads"] or 1, seed=seed)
        stored = store.load(f"seed-{seed}")
        if stored is None or first is None:  # the first seed's network feeds Brian2: retrained on resuming
            result, headline, data = seed_run(config, seed)
            store.save(f"seed-{seed}", {"result": json.dumps(result)})
            first = first or (headline, data)
        else:
            result = json.loads(str(stored["result"]))
        runs.append(result)
    brian = brian_run(config, *first) if config["brian2_samples"] else None
    zeta_torch = np.mean([run["zeta"] for run in runs], axis=0)
    return {
        "ann": mean_sd([run["ann"] for run in runs]),
        **{f"conversion_T{t}": mean_sd([run["conversion"][str(t)] for run in runs])
           for t in config["conversion_steps"]},
        "qstdb_fp_T{}".format(config["steps"]): mean_sd([run["qstdb_fp"] for run in runs]),
        "qstdb_T{}".format(config["steps"]): mean_sd([run["qstdb"] for run in runs]),
        "quant": quantisation_table(config, runs),
        "range_loss": {bits: np.mean([run["range_loss"][bits] for run in runs], axis=0)
                       for bits in map(str, config["bits"])},
        "zeta": {f"layer_{i + 1}": float(value) for i, value in enumerate(zeta_torch)},
        "zeta_max": float(zeta_torch.max()),
        "brian2": brian,
        "energy": {**energy(config, first[1], zeta_torch if brian is None else brian["zeta"]),
                   "torch_zeta": energy(config, first[1], zeta_torch),
                   "shared_model": None if brian is None else shared_energy(config, first[1], brian)},
        "arithmetic_intensity": ratios(**INTENSITY_EXAMPLE),
        "seeds": runs,
    }
