"""How an SNN trained beside (or mapped from) a ReLU network is compared with it (Stanojevic 2023, Ch. 3).

Per setting: ReLU and SNN test accuracy, their agreement, spikes per neuron of the "< 1 spike" variant (hidden
neurons spiking before their window ends) and the latency ``t_max^(N)``. Weights are compared after the reverse
map ``w = W / B`` (Eq. 3.4). An alpha = 1 network may overflow; its numbers then come out as inf or NaN (stored
as null), which shows the divergence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from brainsnn.train import Sequential
from brainsnn.ttfs import SpikeTimeNetwork
from brainsnn.ttfs.evaluation import prediction_metrics
from brainsnn_studies.ttfs_training.networks import SLOPE_NAMES, dense_layers


def setting(relu_predictions: np.ndarray, snn_predictions: np.ndarray, labels: np.ndarray, spikes_per_neuron: float,
            latency: float, **extra: Any) -> dict[str, Any]:
    """Accuracies, agreement, spikes per neuron, latency and ``extra`` of one setting."""
    return {**prediction_metrics(relu_predictions, snn_predictions, labels),
            "spikes_per_neuron": float(spikes_per_neuron), "latency": float(latency), **extra}


def mean_setting(settings: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Every value averaged over ``settings`` (noise trials) and the SD of the SNN accuracy."""
    mean = {key: float(np.mean([s[key] for s in settings])) for key in settings[0]}
    mean["snn_accuracy_sd"] = float(np.std([s["snn_accuracy"] for s in settings]))
    return mean


def spikes_before_window_end(network: SpikeTimeNetwork) -> float:
    """Hidden (neuron, sample) pairs of the latest forward pass spiking before ``t_max`` (the "< 1 spike" count)."""
    fired = [times < layer.t_max for layer, times in zip(network.hidden, network.spike_times[1:], strict=True)]
    return float(np.concatenate([f.ravel() for f in fired]).mean())


def predictions(network: Sequential | SpikeTimeNetwork, x: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        return network.predict(x)


def accuracy_of(network: Sequential | SpikeTimeNetwork, x: np.ndarray, labels: np.ndarray) -> float:
    return float(np.mean(predictions(network, x) == labels))


def weight_comparison(relu: Sequential, network: SpikeTimeNetwork) -> tuple[float, float]:
    """max |w_SNN - w_ReLU| over hidden layers and the cosine similarity of all hidden weights, with the SNN's
    weights reverse-mapped (``w = W / B``, Eq. 3.4)."""
    with np.errstate(all="ignore"):
        snn = [layer.weight for layer in network.to_relu().hidden]
    ann = [layer.params["weight"] for layer in dense_layers(relu)[:-1]]
    difference = max(float(np.abs(a - s).max()) for a, s in zip(ann, snn, strict=True))
    a, s = np.concatenate([w.ravel() for w in ann]), np.concatenate([w.ravel() for w in snn])
    with np.errstate(all="ignore"):
        cosine = float(a @ s / (np.linalg.norm(a) * np.linalg.norm(s)))
    return difference, cosine


def logit_difference(relu: Sequential, network: SpikeTimeNetwork, x: np.ndarray) -> float:
    """max |V_SNN - logit_ReLU| on ``x``."""
    with np.errstate(all="ignore"):
        return float(np.abs(network.forward(x) - relu.forward(x)).max())


def compare_twins(networks: Mapping[str, Any], x_test: np.ndarray, y_test: np.ndarray) -> dict[str, Any]:
    """One setting per SNN slope against ``networks["relu"]``, with weight and logit differences."""
    relu = networks["relu"]
    relu_predictions = relu.predict(x_test)
    return {slope: setting(relu_predictions, predictions(networks[slope], x_test), y_test,
                           spikes_before_window_end(networks[slope]), networks[slope].readout_time,
                           max_weight_difference=weight_comparison(relu, networks[slope])[0],
                           max_logit_difference=logit_difference(relu, networks[slope], x_test))
            for slope in SLOPE_NAMES}
