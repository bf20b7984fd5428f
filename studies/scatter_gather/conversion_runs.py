"""One converted network: the quantised ANN against its scatter-and-gather SNN (torch, then Brian2), spike counts
neuron for neuron, branch dropout, and the synaptic operations and energy of the Brian2 run.

Brian2 runs the whole SNN, the image as direct (analog) input. The first layer's multiply-accumulates (the
transduction layer, full-precision weights) and the read-out run off chip in the paper (Sec. 4.4): the synaptic
operations on chip are those of the layers between (the others are reported beside).
"""

from __future__ import annotations

import copy
import time
from typing import Any

import numpy as np
import torch
from torch import nn

from brainsnn.conversion.scatter_gather import (
    MedianQuant,
    branch_dropout_readout,
    group_counts,
    quantised_levels,
    scatter_gather_network,
)
from brainsnn_studies.scatter_gather.data import Images


def _quantisers(ann: nn.Sequential) -> list[MedianQuant]:
    return [layer for layer in ann if isinstance(layer, MedianQuant)]


def _channels(ann: nn.Sequential) -> list[int]:
    """Channels of every quantised layer (its batch norm's features)."""
    return [layer.num_features for layer in ann if isinstance(layer, (nn.BatchNorm1d, nn.BatchNorm2d))]


def _accuracy(scores: torch.Tensor | np.ndarray, labels: torch.Tensor) -> float:
    return float((np.asarray(scores).argmax(axis=1) == labels.numpy()).mean())


def ann_vs_snn(ann: nn.Sequential, images: Images) -> tuple[dict[str, Any], Any]:
    """Accuracy of the float64 ANN and of its SNN on the test set, prediction agreement, the (sample, neuron)
    entries where an SNN group's spike count differs from ``2^k Quant`` of the ANN, spikes per SNN neuron (per
    replica and sample, every replicated layer) and per layer, and the largest group count."""
    ann64 = copy.deepcopy(ann).double().eval()
    x = images.x_test.double()
    levels, logits = quantised_levels(ann64, x)
    snn = scatter_gather_network(ann64, images.shape)
    record = snn.record(x[None])
    quantisers = _quantisers(ann64)
    channels = _channels(ann64)
    counts = [group_counts(spikes, c, q.replicas) for spikes, c, q in zip(record.spikes, channels, quantisers,
                                                                             strict=True)]
    mismatches = sum(int((count != level.numpy()).sum()) for count, level in zip(counts, levels, strict=True))
    per_layer = [float(spikes.sum() / spikes.shape[1] / spikes.shape[2]) for spikes in record.spikes]
    sizes = [spikes.shape[2] for spikes in record.spikes]
    readout = record.readout.numpy()
    return {
        "ann_accuracy": _accuracy(logits, images.y_test), "snn_accuracy": _accuracy(readout, images.y_test),
        "prediction_agreement": float((readout.argmax(1) == logits.numpy().argmax(1)).mean()),
        "count_mismatches": mismatches, "compared_counts": int(sum(level.numel() for level in levels)),
        "readout_difference": float(np.abs(readout - logits.numpy()).max()),
        "spikes_per_neuron": float(np.dot(per_layer, sizes) / sum(sizes)), "spikes_per_neuron_layers": per_layer,
        "max_group_count": int(max(count.max() for count in counts)),
        "replicas": quantisers[0].replicas,
    }, (snn, levels, logits, channels, quantisers)


def branch_dropout(snn, images: Images, rates, draws: int, seed: int, accuracy: float) -> dict[str, Any]:
    """Accuracy drop (percentage points) at every branch-dropout rate, mean over ``draws`` mask draws."""
    result = {}
    for rate in rates:
        generator = torch.Generator().manual_seed(seed)
        values = [_accuracy(branch_dropout_readout(snn, images.x_test.double(), rate, generator), images.y_test)
                  for _ in range(draws)]
        result[str(rate)] = {"accuracy": float(np.mean(values)), "accuracy_drop": 100 * (accuracy - np.mean(values))}
    return result


def _plan(snn, shape: tuple[int, ...]):
    from brainsnn.deploy import deployment_plan

    return deployment_plan(snn, shape)


def synapse_bound(snn, shape: tuple[int, ...]) -> int:
    """At most this many synapses in the Brian2 network: non-zero weights times output positions per layer (exact
    without padding)."""
    total, x = 0, torch.zeros((1, *shape), dtype=torch.float64)
    with torch.no_grad():
        for layer in snn.layers:
            x = layer(x) if isinstance(layer, (nn.Conv2d, nn.Linear, nn.Flatten)) else x
            if isinstance(layer, (nn.Conv2d, nn.Linear)):
                total += int((layer.weight != 0).sum()) * (x.shape[2] * x.shape[3] if x.dim() == 4 else 1)
    return total


def on_chip_operations(snn, images: Images) -> float:
    """Mean synaptic operations per test image on chip (spikes x non-zero fan-out of every spiking layer but the
    last, whose synapses feed the off-chip read-out), from the torch run."""
    from brainsnn.metrics.synaptic_operations import accumulates_per_sample

    plan = _plan(snn, images.shape)
    record = snn.record(images.x_test.double()[None])
    pairs = zip(record.spikes[:-1], plan.populations[2:-1], strict=True)
    return float(sum(accumulates_per_sample(spikes[0].numpy(), target.synapses.pre).mean()
                     for spikes, target in pairs))


def brian_check(prepared, images: Images, samples: int | None, device: str) -> dict[str, Any]:
    """Brian2 (``device``) on the first ``samples`` test images (direct input coding: the first layer's current is
    ``W x``): spike identity with the torch SNN (every layer), group counts against the ANN's levels, predictions
    against the ANN's, synaptic operations on chip (all but the input projection and the read-out's) and their
    chip energy."""
    from brainsnn.deploy import operation_counts, verify_deployment
    from brainsnn.metrics.energy import KUANG_CHIP_SOP, energy_estimate

    snn, levels, logits, channels, quantisers = prepared
    n = len(images.y_test) if samples is None else min(samples, len(images.y_test))
    started = time.perf_counter()
    identity, run, plan = verify_deployment(snn, images.x_test[:n].double()[None], device=device,
                                            input_coding="direct")
    seconds = time.perf_counter() - started
    counts = [group_counts(spikes, c, q.replicas)
              for spikes, c, q in zip(run.spikes, channels, quantisers, strict=True)]
    mismatches = sum(int((count != level[:n].numpy()).sum()) for count, level in zip(counts, levels, strict=True))
    operations = operation_counts(plan, run)
    readout_name = plan.populations[-1].name
    on_chip = sum(value for name, value in operations.accumulates.items() if name != readout_name)
    return {
        "device": run.device, "samples": n, "seconds": seconds, "identical": identity.identical,
        "mismatched_spikes": identity.mismatched_spikes, "predictions_agree_torch": identity.predictions_agree,
        "predictions_agree_ann": float((run.readout.argmax(1) == logits[:n].numpy().argmax(1)).mean()),
        "count_mismatches_ann": mismatches, "accuracy": _accuracy(run.readout, images.y_test[:n]),
        "synapses": int(sum(len(p.synapses.pre) for p in plan.populations[1:])),
        "sops_on_chip": on_chip, "sops_readout": operations.accumulates[readout_name],
        "input_macs": operations.input_macs,
        "energy_nj": energy_estimate(on_chip, 0, KUANG_CHIP_SOP).snn_pj / 1000,
    }
