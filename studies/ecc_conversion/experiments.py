"""The experiments of the study, each returning its values: accuracy loss and operations against T for every
conversion method (Fig. 3A/C), kappa invariance, integer quantisation (Fig. 3D), Propositions 1 and 2, and the
Brian2 run of the converted networks with its operation counts and energy (Fig. 1)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import torch
from scipy import sparse

from brainsnn.checkpoint import CheckpointStore
from brainsnn.conversion.ecc import ecc_network
from brainsnn.conversion.operation_model import cnn_operations, snn_operations
from brainsnn.conversion.weight_normalisation import activation_maxima
from brainsnn.progress import progress
from brainsnn_studies.ecc_conversion.cnn import TRAINING_KEYS, accuracy, trained
from brainsnn_studies.ecc_conversion.data import Images, images
from brainsnn_studies.ecc_conversion.simulation import Simulation, constant_current, simulate, simulate_prefixes


def methods(config: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Conversion settings by method name: the 2017 baseline (kappa 1, BN folded without eps, no TRE), ECC
    (kappa, eps, TRE eta), ECC without TRE, and threshold scaling ``ts_<alpha>`` (ECC's CN and CMB, thresholds x
    alpha, no TRE: the notes' stand-in of RMP-SNN(alpha))."""
    ecc = {"kappa": config["kappa"], "eps": None, "tre": config["tre_mode"]}
    table = {"wn2017": {"kappa": 1.0, "eps": 0.0, "eta": 0.0}, "ecc": {**ecc, "eta": config["eta"]},
             "ecc_no_tre": {**ecc, "eta": 0.0}}
    for alpha in config["threshold_scales"]:
        table[f"ts_{alpha:g}"] = {**ecc, "eta": 0.0, "threshold_scale": alpha}
    return table


def mean_sd(values: Sequence[float]) -> dict[str, Any]:
    """Mean, sample s.d. (``None`` for one value) and the values."""
    values = [float(v) for v in values]
    return {"mean": float(np.mean(values)), "sd": float(np.std(values, ddof=1)) if len(values) > 1 else None,
            "values": values}


def training_store(config: Mapping[str, Any]) -> CheckpointStore:
    """Trained CNNs, keyed by the keys that determine them (a search over conversion parameters reuses them)."""
    return CheckpointStore("ecc-conversion", {key: config[key] for key in TRAINING_KEYS})


def fan_out_plan(network, shape: tuple[int, ...]):
    """The deployment plan whose synapses give every layer's fan-out (the architecture's, whatever the weights)."""
    from brainsnn.deploy import deployment_plan

    return deployment_plan(network, shape)


def scored(simulation: Simulation, labels: torch.Tensor, plan, cnn_accuracy: float, cnn_ops: int) -> dict[str, float]:
    """Accuracy, its loss against the CNN in points, eq. (14) operations per image and their ratio to eq. (13)."""
    correct = simulation.readout.argmax(axis=1) == labels.numpy()
    ops = float(snn_operations(plan, simulation.counts).sum(axis=1).mean())
    return {"accuracy": float(correct.mean()), "accuracy_loss_pp": 100 * (cnn_accuracy - float(correct.mean())),
            "ops": ops, "ops_ratio": ops / cnn_ops}


def converted(model, maxima, setting: Mapping[str, Any], steps: int, **extra):
    return ecc_network(model, maxima, steps=steps, **{**setting, **extra})


def curve(model, maxima, setting: Mapping[str, Any], x: torch.Tensor,
          time_steps: Sequence[int]) -> dict[int, Simulation]:
    """The network of ``setting`` run for every T: one run read at every T, or one network per T when TRE is
    delivered per step (eq. 9 makes the network depend on T)."""
    if setting.get("eta", 0.0) > 0 and setting.get("tre") == "per_step":
        return {t: simulate(converted(model, maxima, setting, t), x, t) for t in time_steps}
    return simulate_prefixes(converted(model, maxima, setting, max(time_steps)), x, time_steps)


def kappa_invariance(model, maxima, x: torch.Tensor, config: Mapping[str, Any]) -> dict[str, float]:
    """ECC with ``kappa = 1`` and with ``kappa``: the fraction of (sample, neuron) spike counts and of predictions
    that agree, and the largest difference of the read-outs divided by kappa (0 up to rounding)."""
    steps, kappa = config["check_steps"], config["kappa"]
    setting = methods(config)["ecc"]
    one = simulate(converted(model, maxima, setting, steps, kappa=1.0), x, steps)
    many = simulate(converted(model, maxima, setting, steps, kappa=kappa), x, steps)
    equal = [(a == b) for a, b in zip(one.counts, many.counts, strict=True)]
    return {"counts_equal": float(sum(e.sum() for e in equal) / sum(e.size for e in equal)),
            "predictions_equal": float((one.readout.argmax(1) == many.readout.argmax(1)).mean()),
            "readout_difference": float(np.abs(one.readout - many.readout / kappa).max())}


def quantisation(model, maxima, data: Images, config: Mapping[str, Any], cnn_accuracy: float,
                 float_accuracy: float) -> dict[str, dict[str, float]]:
    """ECC with ``bits``-bit signed integer weights at ``quant_steps``: accuracy and its loss against the CNN and
    against the float ECC network at the same T."""
    steps, setting = config["quant_steps"], methods(config)["ecc"]
    results = {}
    for bits in config["quant_bits"]:
        simulation = curve(model, maxima, {**setting, "bits": bits}, data.x_test, [steps])[steps]
        acc = float((simulation.readout.argmax(1) == data.y_test.numpy()).mean())
        results[str(bits)] = {"accuracy": acc, "accuracy_loss_pp": 100 * (cnn_accuracy - acc),
                              "loss_vs_float_pp": 100 * (float_accuracy - acc)}
    return results


def _affine(population, n_pre: int) -> sparse.csr_matrix:
    """The synapses into ``population`` as a ``(population.size, n_pre)`` matrix."""
    synapses = population.synapses
    return sparse.csr_matrix((synapses.weight, (synapses.post, synapses.pre)), shape=(population.size, n_pre))


def proposition_1(network, plan, x: torch.Tensor, steps: int) -> float:
    """Largest ``|N_i - (sum_j W_ij N_j + T b_i + V_i(0) - V_i(T)) / V_thr|`` over every IF neuron and sample:
    eq. (6) multiplied by ``T`` (the identity of IF with reset by subtraction; ``N_j = T x_j`` for the input)."""
    simulation = simulate(network, x, steps)
    previous = steps * x.double().flatten(1).numpy()
    worst = 0.0
    for population, counts, final_v in zip(plan.spiking, simulation.counts, simulation.final_v, strict=True):
        charge = previous @ _affine(population, previous.shape[1]).T.toarray() + steps * population.bias
        charge = charge + population.initial_v
        worst = max(worst, float(np.abs(counts - (charge - final_v) / population.threshold).max()))
        previous = counts
    return worst


def proposition_2(model, maxima, x: torch.Tensor, config: Mapping[str, Any]) -> dict[str, dict[str, float]]:
    """First-layer quantisation error ``Q_i / V_thr - N_i`` (``Q_i = T z_i``: the charge of the constant input
    ``z = W x + b`` without TRE) over neurons with ``0 < z`` that never saturate, with and without TRE: in
    ``[-eta, 1 - eta)`` and ``[0, 1)`` by Prop. 2."""
    from brainsnn.deploy import deployment_plan

    steps, table = config["check_steps"], methods(config)
    plain = converted(model, maxima, table["ecc_no_tre"], steps)
    first = deployment_plan(plain, tuple(x.shape[1:])).spiking[0]
    pixels = x.double().flatten(1).numpy()
    current = pixels @ _affine(first, pixels.shape[1]).T.toarray() + first.bias
    results = {}
    for name in ("ecc", "ecc_no_tre"):
        setting = table[name]
        counts = simulate(converted(model, maxima, setting, steps), x, steps).counts[0]
        threshold = first.threshold
        extra = setting["eta"] * threshold / steps
        kept = (current > 0) & (current + extra <= threshold)
        error = (steps * current / threshold - counts)[kept]
        results[name] = {"min": float(error.min()), "max": float(error.max()), "neurons": int(kept.sum()),
                         "eta": setting["eta"]}
    return results


def brian2_check(network, data: Images, config: Mapping[str, Any]) -> dict[str, Any]:
    """The converted network in Brian2 (constant current through ``input_coding="direct"``, the engine's
    zero-latency step order) on ``brian2_samples`` test images: per-sample agreement (identical prediction and equal
    spike counts in every layer) with the torch run, its operation counts and the energy of both."""
    from brainsnn.deploy import deployment_plan, operation_counts, run_in_brian
    from brainsnn.metrics.energy import FLOAT32_45NM

    steps, x = config["check_steps"], data.x_test[:config["brian2_samples"]]
    plan = deployment_plan(network, data.shape)
    run = run_in_brian(plan, constant_current(x, steps).numpy(), device=config["device"], input_coding="direct")
    reference = simulate(network, x, steps)
    counts = [run.counts[population.name] for population in plan.spiking]
    equal_counts = np.all([(a == b).all(axis=1) for a, b in zip(reference.counts, counts, strict=True)], axis=0)
    same_class = reference.readout.argmax(1) == run.readout.argmax(1)
    operations = operation_counts(plan, run)
    energy = operations.energy(FLOAT32_45NM)
    eq14 = snn_operations(plan, counts).sum(axis=1).mean()
    return {
        "agreement": float((equal_counts & same_class).mean()), "samples": len(x), "steps": steps,
        "device": run.device, "predictions_equal": float(same_class.mean()),
        "mismatched_counts": int(sum(int((a != b).sum()) for a, b in zip(reference.counts, counts, strict=True))),
        "accumulates": operations.total_accumulates, "input_macs": operations.input_macs, "eq14_ops": float(eq14),
        "ann_macs": operations.macs, "snn_energy_pj": energy.snn_pj, "ann_energy_pj": energy.ann_pj,
    }


def seed_run(data: Images, config: Mapping[str, Any], seed: int) -> dict[str, Any]:
    """One trained CNN converted by every method and checked."""
    model = trained(data, config, seed, training_store(config))
    cnn_accuracy = accuracy(model, data.x_test, data.y_test)
    calibration = data.x_train[:config["calibration_samples"]]
    maxima = activation_maxima(model, calibration, percentile=config["lambda_percentile"])
    cnn_ops = cnn_operations(model, data.shape)
    table = methods(config)
    plan = fan_out_plan(converted(model, maxima, table["ecc"], 1), data.shape)
    curves: dict[str, dict[str, dict[str, float]]] = {name: {} for name in table}
    for name, setting in progress(list(table.items()), f"{data.name} seed {seed}", unit="method"):
        for steps, simulation in curve(model, maxima, setting, data.x_test, config["time_steps"]).items():
            curves[name][str(steps)] = scored(simulation, data.y_test, plan, cnn_accuracy, cnn_ops)
    ecc_check = converted(model, maxima, table["ecc"], config["check_steps"])
    quant_steps = config["quant_steps"]
    if str(quant_steps) in curves["ecc"]:
        float_accuracy = curves["ecc"][str(quant_steps)]["accuracy"]
    else:
        float_run = curve(model, maxima, table["ecc"], data.x_test, [quant_steps])[quant_steps]
        float_accuracy = float((float_run.readout.argmax(1) == data.y_test.numpy()).mean())
    subset = data.x_test[:config["check_samples"]]
    return {
        "cnn_accuracy": cnn_accuracy, "cnn_ops": cnn_ops, "maxima": maxima, "curves": curves,
        "kappa_invariance": kappa_invariance(model, maxima, subset, config),
        "quantisation": quantisation(model, maxima, data, config, cnn_accuracy, float_accuracy),
        "proposition_1": proposition_1(ecc_check, fan_out_plan(ecc_check, data.shape), subset,
                                       config["check_steps"]),
        "proposition_2": proposition_2(model, maxima, subset, config),
        "brian2": {name: brian2_check(converted(model, maxima, table[name], config["check_steps"]), data, config)
                   for name in config["brian2_methods"]} if seed == config["seed"] else {},
    }


def summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Mean and s.d. over seeds of every curve point and check; the Brian2 checks of the first seed."""
    first = runs[0]
    curves = {name: {steps: {key: mean_sd([run["curves"][name][steps][key] for run in runs])
                             for key in first["curves"][name][steps]}
                     for steps in first["curves"][name]} for name in first["curves"]}
    quantised = {bits: {key: mean_sd([run["quantisation"][bits][key] for run in runs])
                        for key in first["quantisation"][bits]} for bits in first["quantisation"]}
    return {
        "cnn_accuracy": mean_sd([run["cnn_accuracy"] for run in runs]), "cnn_ops": first["cnn_ops"],
        "maxima": [run["maxima"] for run in runs], "methods": curves, "quantisation": quantised,
        "kappa_invariance": {key: min(run["kappa_invariance"][key] for run in runs) if key != "readout_difference"
                             else max(run["kappa_invariance"][key] for run in runs)
                             for key in first["kappa_invariance"]},
        "proposition_1": max(run["proposition_1"] for run in runs),
        "proposition_2": {name: {"min": min(run["proposition_2"][name]["min"] for run in runs),
                                 "max": max(run["proposition_2"][name]["max"] for run in runs),
                                 "neurons": sum(run["proposition_2"][name]["neurons"] for run in runs),
                                 "eta": first["proposition_2"][name]["eta"]} for name in first["proposition_2"]},
        "brian2": first["brian2"],
    }


def run_experiments(config: Mapping[str, Any]) -> dict[str, Any]:
    """Every data set, every seed; ``brian2_agreement`` is the smallest agreement of all Brian2 runs. The first data
    set's seed means are also given as ``<method>.<T>.{accuracy_loss_pp,ops}`` (the issue's headline keys)."""
    from brainsnn.train.snn import configure_torch

    seeds = list(range(config["seed"], config["seed"] + config["seeds"]))
    datasets = {}
    for name in config["datasets"]:
        data = images(name, config)
        runs = []
        for seed in seeds:
            configure_torch(threads=config["threads"] or 1, seed=seed)
            runs.append(seed_run(data, config, seed))
        datasets[name] = {"n_train": len(data.y_train), "n_test": len(data.y_test), "shape": list(data.shape),
                          **summary(runs)}
    agreements = [check["agreement"] for result in datasets.values() for check in result["brian2"].values()]
    headline = {method: {steps: {key: point[key]["mean"] for key in ("accuracy_loss_pp", "ops")}
                         for steps, point in curve.items()}
                for method, curve in datasets[config["datasets"][0]]["methods"].items()}
    return {"seeds": seeds, **headline, "headline_dataset": config["datasets"][0], "datasets": datasets,
            "brian2_agreement": min(agreements) if agreements else None}


def search_objective(config: Mapping[str, Any], params: Mapping[str, Any], ops_weight: float) -> dict[str, Any]:
    """ECC of the first data set's CNN (seed ``seed``) with ``params['eta']`` and ``params['lambda_percentile']`` at
    ``search_steps``: objective = disagreement with the CNN (points, on the last ``check_samples`` training images,
    so the test set is never tuned on) + ``ops_weight`` x SNN ops / CNN ops (eqs. 14 / 13, test images). The test
    accuracy loss is reported beside it."""
    from brainsnn.train.snn import configure_torch

    configure_torch(threads=config["threads"] or 1, seed=config["seed"])
    data = images(config["datasets"][0], config)
    model = trained(data, config, config["seed"], training_store(config))
    cnn_accuracy = accuracy(model, data.x_test, data.y_test)
    maxima = activation_maxima(model, data.x_train[:config["calibration_samples"]],
                               percentile=params["lambda_percentile"])
    steps = config["search_steps"]
    setting = {**methods(config)["ecc"], "eta": params["eta"]}
    network = converted(model, maxima, setting, steps)
    result = scored(simulate(network, data.x_test, steps), data.y_test, fan_out_plan(network, data.shape),
                    cnn_accuracy, cnn_operations(model, data.shape))
    tuning = data.x_train[-config["check_samples"]:]
    with torch.no_grad():
        cnn_classes = model(tuning).argmax(1).numpy()
    snn_classes = simulate(network, tuning, steps).readout.argmax(1)
    disagreement = 100 * float((snn_classes != cnn_classes).mean())
    return {"objective": disagreement + ops_weight * result["ops_ratio"], "disagreement_pp": disagreement, **result}
