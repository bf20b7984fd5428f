"""How a TTFS network is scored against the ReLU network it comes from (Stanojevic 2023, Table 2.1).

Accuracy of both networks, their *agreement* (fraction of samples where both predict the same class: 100 % for
an exact mapping) and quantities pooled over all hidden neurons, such as the spikes per neuron of the "< 1 spike"
variant (Sec. 2.4.4), ``sum_n f_n N_n / sum_n N_n`` for a per-layer fraction ``f_n`` over ``N_n`` neurons.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def prediction_metrics(relu_predictions: np.ndarray, snn_predictions: np.ndarray,
                       labels: np.ndarray) -> dict[str, float]:
    """``relu_accuracy``, ``snn_accuracy`` and ``agreement`` (``mean(snn == relu)``) of class predictions."""
    return {"relu_accuracy": float(np.mean(relu_predictions == labels)),
            "snn_accuracy": float(np.mean(snn_predictions == labels)),
            "agreement": float(np.mean(snn_predictions == relu_predictions))}


def pooled_over_neurons(per_layer: Sequence[float] | np.ndarray, layer_sizes: Sequence[int] | np.ndarray) -> float:
    """The per-layer fractions ``f_n`` pooled over all neurons: ``sum_n f_n N_n / sum_n N_n``."""
    sizes = np.asarray(layer_sizes)
    return float(np.dot(per_layer, sizes) / sizes.sum())
