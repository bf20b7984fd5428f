"""The experiments of the ``bpsr`` study, one function per figure of Yan et al. (2022), each returning its values.

- `spiking_sparsity` (Fig. 8A-C): accuracy, hidden firing rate and train-test gap against lambda_s.
- `synaptic_sparsity` (Fig. 8D-E): L1 + rewiring against lambda_w; synapses kept; the learned structure and a random
  one with the same synapse count per matrix, each retrained from a fresh initialisation.
- `post_training_quantisation` (Fig. 9): accuracy drop and normalised inference cost after PTQ.
- `brian2_agreement` (Sec. 3, our check): the Brian2 run against the torch forward, spike for spike, and the SOPs.
- `backward_cost` (Fig. 7): saved-tensor memory and time of the O(T) backward against autograd's unrolled graph.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import torch

from brainsnn.progress import progress
from brainsnn_studies.bpsr.brian import run_in_brian
from brainsnn_studies.bpsr.energy import inference_cost, synaptic_operations
from brainsnn_studies.bpsr.grid import key
from brainsnn_studies.bpsr.network import BPSRNetwork
from brainsnn_studies.bpsr.quantisation import quantised
from brainsnn_studies.bpsr.runs import Runs, encoded_data, new_network
from brainsnn_studies.bpsr.training import bpsr_loss, evaluate


def summary(values: Sequence[float]) -> dict[str, Any]:
    """Mean, sample s.d. (0 for one value) and the values."""
    values = [float(v) for v in values]
    return {"mean": statistics.fmean(values), "sd": statistics.stdev(values) if len(values) > 1 else 0.0,
            "values": values}


def seeds(config: Mapping[str, Any]) -> list[int]:
    return [config["seed"] + index for index in range(config["seeds"])]


def spiking_sparsity(config: Mapping[str, Any], runs: Runs) -> dict[str, Any]:
    """Per lambda_s: test accuracy, hidden firing rate, hidden spikes per sample, train accuracy and the gap."""
    data, results = runs.data, {}
    for lambda_s in progress(config["lambda_s_grid"], "lambda_s", unit="value"):
        rows = []
        for seed in seeds(config):
            network = runs.trained(seed, lambda_s)
            test, training = evaluate(network, data.x_test, data.y_test), evaluate(network, data.x_train, data.y_train)
            rows.append((test.accuracy, test.hidden_rate, sum(test.spikes_per_sample[:-1]), training.accuracy,
                         training.accuracy - test.accuracy))
        columns = zip(*rows, strict=True)
        names = ("accuracy", "hidden_rate", "hidden_spikes", "train_accuracy", "gap")
        results[key(lambda_s)] = dict(zip(names, (summary(column) for column in columns), strict=True))
    return results


def _random_masks(network: BPSRNetwork, seed: int) -> dict[str, torch.Tensor]:
    """As many synapses per matrix as ``network`` has, placed uniformly at random."""
    generator = torch.Generator().manual_seed(seed)
    masks = {}
    for name, mask in network.masks.items():
        order = torch.randperm(mask.numel(), generator=generator)[: int(mask.sum())]
        masks[name] = torch.zeros(mask.numel(), dtype=torch.bool).index_fill_(0, order, True).reshape(mask.shape)
    return masks


def synaptic_sparsity(config: Mapping[str, Any], runs: Runs) -> tuple[dict[str, Any], dict[str, Any]]:
    """The dense reference (the same network trained without L1 or rewiring: accuracy, synapses) and per lambda_w
    (rewiring on, lambda_s = config lambda_s): accuracy, synapses kept, both retrained structures."""
    data, lambda_s, results = runs.data, config["lambda_s"], {}
    dense = [evaluate(runs.trained(seed, lambda_s), data.x_test, data.y_test).accuracy for seed in seeds(config)]
    total = runs.trained(config["seed"], lambda_s).synapse_count()
    for lambda_w in progress(config["lambda_w_grid"], "lambda_w", unit="value"):
        rows = []
        for seed in seeds(config):
            rewired = runs.trained(seed, lambda_s, lambda_w, rewire=True)
            learned = runs.trained(seed + 1000, lambda_s, masks=rewired.masks, structure=f"learned{key(lambda_w)}")
            random = runs.trained(seed + 1000, lambda_s, masks=_random_masks(rewired, seed),
                                  structure=f"random{key(lambda_w)}")
            tests = [evaluate(network, data.x_test, data.y_test) for network in (rewired, learned, random)]
            rows.append([test.accuracy for test in tests] + [rewired.synapse_count(),
                                                             sum(tests[0].spikes_per_sample[:-1])])
        accuracy, learned, random, kept, spikes = zip(*rows, strict=True)
        results[key(lambda_w)] = {
            "accuracy": summary(accuracy), "learned_mask_accuracy": summary(learned),
            "random_mask_accuracy": summary(random), "synapses_kept": summary(kept),
            "compression": summary([total / count for count in kept]), "hidden_spikes": summary(spikes),
        }
    return {"accuracy": summary(dense), "synapses": total}, results


def _inference_costs(network: BPSRNetwork, x: torch.Tensor, fixed_point: bool) -> dict[str, float]:
    with torch.no_grad():
        trains = network(x)
    operations = synaptic_operations(network, x, trains)
    neuron_steps = sum(train.shape[2] for train in trains) * x.shape[0]
    return {"synaptic_operations": operations, "neuron_steps": float(neuron_steps),
            "cost": inference_cost(operations, neuron_steps, fixed_point=fixed_point)}


def post_training_quantisation(config: Mapping[str, Any], runs: Runs) -> dict[str, Any]:
    """Per bit width: accuracy before and after PTQ of the dense lambda_s network, and the normalised costs;
    ``accuracy_drop`` is the first width's mean drop."""
    data, results = runs.data, {}
    for bits in config["weight_bits"]:
        rows = []
        for seed in seeds(config):
            network = runs.trained(seed, config["lambda_s"])
            fixed = quantised(network, bits)
            before, after = (evaluate(n, data.x_test, data.y_test).accuracy for n in (network, fixed))
            float_cost = _inference_costs(network, data.x_test, fixed_point=False)
            fixed_cost = _inference_costs(fixed, data.x_test, fixed_point=True)
            rows.append((before, after, before - after, float_cost["cost"], fixed_cost["cost"],
                         fixed_cost["cost"] / float_cost["cost"],
                         fixed_cost["synaptic_operations"] / float_cost["synaptic_operations"]))
        names = ("float_accuracy", "accuracy", "accuracy_drop", "float_cost", "fixed_cost", "cost_ratio",
                 "sop_ratio")
        results[str(bits)] = dict(zip(names, (summary(c) for c in zip(*rows, strict=True)), strict=True))
    first = results[str(config["weight_bits"][0])]
    return {"bits": config["weight_bits"][0], "accuracy_drop": first["accuracy_drop"]["mean"], "widths": results}


def brian2_agreement(config: Mapping[str, Any], runs: Runs) -> tuple[dict[str, Any], dict[str, Any]]:
    """The first seed's rewired network (first lambda_w) and its PTQ copy (first bit width) in Brian2 against torch
    on the first ``n_brian`` test samples: mismatched spikes per layer, SOPs counted by Brian2 and by torch; and the
    rasters of the first sample (input, every layer, both sides) for the figure."""
    network = runs.trained(config["seed"], config["lambda_s"], config["lambda_w_grid"][0], rewire=True)
    x = runs.data.x_test[:, : config["n_brian"]]
    results, rasters = {}, {}
    for name, candidate in (("float", network), (f"ptq{config['weight_bits'][0]}", quantised(network,
                                                                                             config["weight_bits"][0]))):
        with torch.no_grad():
            trains = [train.numpy().astype(bool) for train in candidate(x)]
        started = time.perf_counter()
        run = run_in_brian(candidate, x.numpy(), device=config["device"])
        seconds = time.perf_counter() - started
        results[name] = {
            "mismatched_spikes": [int((a != b).sum()) for a, b in zip(trains, run.spikes, strict=True)],
            "spikes": [int(train.sum()) for train in trains],
            "torch_synaptic_operations": synaptic_operations(candidate, x, [torch.as_tensor(t, dtype=x.dtype)
                                                                            for t in trains]),
            "brian2_synaptic_operations": run.synaptic_operations,
            "synapses_torch": candidate.synapse_count(), "synapses_brian2": run.synapses, "seconds": seconds,
        }
        rasters[name] = {"input": x[:, 0].numpy().astype(bool), "torch": [t[:, 0] for t in trains],
                         "brian2": [t[:, 0] for t in run.spikes]}
    identical = all(not any(r["mismatched_spikes"]) and r["brian2_synaptic_operations"] ==
                    r["torch_synaptic_operations"] for r in results.values())
    return {"samples": int(x.shape[1]), "identical": identical, "networks": results}, rasters


def _saved_bytes_and_seconds(network: BPSRNetwork, x: torch.Tensor, y: torch.Tensor, repeats: int):
    """Bytes autograd keeps for the backward pass of one batch, the median time of forward + backward, the gradient."""
    saved = []

    def pack(tensor):
        saved.append(tensor.numel() * tensor.element_size())
        return tensor

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda tensor: tensor):
        loss = bpsr_loss(network, network(x), y, 1e-2, 0.0)
    loss.backward()
    gradient = torch.cat([p.grad.flatten() for p in network.parameters()])
    times = []
    for _ in range(repeats):
        network.zero_grad()
        started = time.perf_counter()
        bpsr_loss(network, network(x), y, 1e-2, 0.0).backward()
        times.append(time.perf_counter() - started)
    return sum(saved), float(np.median(times)), gradient


def backward_cost(config: Mapping[str, Any], runs: Runs) -> dict[str, Any]:
    """Per window T of ``cost_steps``: the O(T) backward and autograd's on one training batch (random rank-order
    spikes of that length), same initial network: saved bytes, seconds and the largest gradient difference."""
    generator = torch.Generator().manual_seed(config["seed"])
    data, results = runs.data, {}
    y = data.y_train[: config["batch_size"]]
    for steps in config["cost_steps"]:
        fire = torch.randint(0, steps, (config["batch_size"], data.x_train.shape[2]), generator=generator)
        x = (torch.arange(steps)[:, None, None] == fire[None]).to(torch.float64)
        measured = {}
        for backward in ("iterative", "autograd"):
            network = new_network(config, data, config["seed"], backward=backward)
            measured[backward] = _saved_bytes_and_seconds(network, x, y, config["cost_repeats"])
        (bytes_iterative, seconds_iterative, grad_iterative), (bytes_autograd, seconds_autograd, grad_autograd) = (
            measured["iterative"], measured["autograd"])
        results[str(steps)] = {
            "saved_bytes_iterative": bytes_iterative, "saved_bytes_autograd": bytes_autograd,
            "seconds_iterative": seconds_iterative, "seconds_autograd": seconds_autograd,
            "max_gradient_difference": float((grad_iterative - grad_autograd).abs().max()),
        }
    return results


def run_all(config: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Every experiment; the metrics and the rasters of the Brian2 figure. Trained networks are checkpointed."""
    from brainsnn.checkpoint import CheckpointStore
    from brainsnn.train.snn import configure_torch

    configure_torch(threads=config["threads"] or 1, seed=config["seed"])
    data = encoded_data(config)
    store = CheckpointStore("bpsr", {k: v for k, v in config.items() if k not in ("threads", "preset", "device")})
    runs = Runs(config, data, store)
    seconds, metrics = {}, {"dataset": {"name": data.name, "n_train": int(data.x_train.shape[1]),
                                        "n_test": int(data.x_test.shape[1]), "n_inputs": int(data.x_train.shape[2]),
                                        "n_classes": data.n_classes,
                                        "input_spikes": float(data.x_test.sum() / data.x_test.shape[1])}}
    for name, experiment in (("lambda_s", spiking_sparsity), ("rewiring", synaptic_sparsity),
                             ("ptq", post_training_quantisation), ("brian2_agreement", brian2_agreement),
                             ("backward_cost", backward_cost)):
        started = time.perf_counter()
        metrics[name] = experiment(config, runs)
        seconds[name] = time.perf_counter() - started
    metrics["dense"], metrics["rewiring"] = metrics["rewiring"]
    metrics["brian2_agreement"], rasters = metrics["brian2_agreement"]
    metrics["seconds"] = seconds
    return metrics, rasters


def search_objective(config: Mapping[str, Any], lambda_s: float, lambda_w: float) -> dict[str, Any]:
    """Test error + rate weight x hidden rate + synapse weight x fraction of synapses kept, one rewired network."""
    from brainsnn.train.snn import configure_torch

    configure_torch(threads=config["threads"] or 1, seed=config["seed"])
    runs = Runs(config, encoded_data(config), None)
    network = runs.trained(config["seed"], lambda_s, lambda_w, rewire=True)
    result = evaluate(network, runs.data.x_test, runs.data.y_test)
    kept = network.synapse_count() / sum(mask.numel() for mask in network.masks.values())
    objective = (1 - result.accuracy) + config["search_rate_weight"] * result.hidden_rate \
        + config["search_synapse_weight"] * kept
    return {"objective": objective, "accuracy": result.accuracy, "hidden_rate": result.hidden_rate,
            "synapses_kept_fraction": kept}
