"""Weight initialisation: the uniform ranges of Table 2 (Fontanini et al. 2024), optionally followed by a per-layer
calibration (notes A.2, A.6).

With EventProp's constants (the paper's Table 1 is missing) the Table 2 ranges over-excite the deep layers (about
4, 11 and 13 spikes per neuron in layers 2-4 of 5/40/25/13/3). The calibration scales each layer in turn,
first to last, by one factor found by bisection in log space on one batch, until the layer's spikes per neuron
``<N_S>`` lie in ``[low, high]``; a layer already in the band keeps its weights.
"""

from __future__ import annotations

import numpy as np

from brainsnn_studies.eventprop_spike_rate.neuron import LIF
from brainsnn_studies.eventprop_spike_rate.simulation import Spikes, layer_forward

#: Table 2: (low, high) of the uniform weight range of layers 1-4.
TABLE_2 = {"yin-yang": ((1.0, 3.0), (0.2, 1.0), (0.0, 1.0), (0.0, 1.0)),
           "mnist": ((-0.01, 0.03), (-0.05, 0.15), (-0.2, 0.6), (-0.4, 0.8))}
#: Bisection steps of the calibration (factors between 1/64 and 64).
CALIBRATION_STEPS = 24


def table_2_weights(sizes: list[int], ranges: tuple[tuple[float, float], ...], rng: np.random.Generator
                    ) -> list[np.ndarray]:
    """``W[post, pre]`` of every layer drawn from its Table 2 range; a deeper net reuses the last hidden range for
    its extra hidden layers and the output range for the output layer."""
    n_layers = len(sizes) - 1
    chosen = [ranges[min(index, len(ranges) - 2)] for index in range(n_layers - 1)] + [ranges[-1]]
    return [rng.uniform(low, high, (sizes[index + 1], sizes[index])) for index, (low, high) in enumerate(chosen)]


def calibrate(lif: LIF, weights: list[np.ndarray], inputs: Spikes, n_samples: int, band: tuple[float, float]
              ) -> tuple[list[np.ndarray], list[float]]:
    """Scaled copies of one network's ``weights`` (``W[post, pre]`` per layer) and the factor of each layer (see the
    module docstring); ``inputs`` are the spikes of ``n_samples`` samples."""
    low, high = band
    group = np.zeros(n_samples, dtype=int)
    out, factors, arrivals = [], [], inputs
    for w in weights:

        def rate(scale: float, w: np.ndarray = w, arrivals: Spikes = arrivals) -> tuple[float, Spikes]:
            spikes = layer_forward(lif, scale * w[None], arrivals, group)
            return len(spikes) / (n_samples * w.shape[0]), spikes

        scale = 1.0
        value, spikes = rate(scale)
        lo, hi = -np.log(64.0), np.log(64.0)
        for _ in range(CALIBRATION_STEPS):
            if low <= value <= high:
                break
            if value < low:
                lo = np.log(scale)
            else:
                hi = np.log(scale)
            scale = float(np.exp(0.5 * (lo + hi)))
            value, spikes = rate(scale)
        out.append(scale * w)
        factors.append(scale)
        arrivals = spikes
    return out, factors
