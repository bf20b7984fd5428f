"""Spectra of the spike-time Jacobian ``dt^(n)/dt^(n-1) = M B^-1 W`` (Stanojevic 2023, Eq. 3.12, Fig. 3.2).

Under ``B = 1`` it is the ReLU network's Jacobian ``M w``; with ``alpha = 1``, ``B = 1 + sum_j W_ij`` varies per
neuron, so rows with ``B`` near 0 blow up and rows with ``B < 0`` flip sign.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from brainsnn.train import Sequential
from brainsnn.ttfs import SpikeTimeNetwork
from brainsnn.ttfs.spike_time_network import SpikeTimeLayer, SpikeTimeOutput
from brainsnn_studies.ttfs_training.networks import SLOPE_NAMES, dense_layers


def jacobian_spectra(config: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """Fig. 3.2: eigenvalues of ``B^-1 W`` (all neurons inside their windows) for ``W ~ N(0, 1/N)``; returns the
    spectral radius, the fraction outside the unit circle and of rows with ``B <= 0`` per slope, and the
    eigenvalues."""
    size = config["spectrum_size"]
    weight = np.random.default_rng(config["seed"]).normal(0.0, 1.0 / np.sqrt(size), size=(size, size))
    layer = SpikeTimeLayer(weight, np.zeros(size))
    results, eigenvalues = {}, {}
    for slope in SLOPE_NAMES:
        network = SpikeTimeNetwork([layer], SpikeTimeOutput(np.zeros((1, size)), np.zeros(1)), slope=slope)
        b = network.slopes(layer)[1]
        eigenvalues[slope] = np.linalg.eigvals(weight / b[:, None])
        radius = np.abs(eigenvalues[slope])
        results[slope] = {"spectral_radius": float(radius.max()), "fraction_outside_unit_circle":
                          float(np.mean(radius > 1)), "fraction_rows_b_not_positive": float(np.mean(b <= 0))}
    return {"size": size, **results}, eigenvalues


def trained_spectrum_difference(relu: Sequential, network: SpikeTimeNetwork, x: np.ndarray) -> float:
    """Max distance between the sorted eigenvalues of ``dt^(n)/dt^(n-1)`` (Eq. 3.12) and of the ReLU Jacobian
    ``M w`` for the square hidden-to-hidden layers of the trained linear SNN, on a few samples."""
    network.forward(x)
    activations, worst = x, 0.0
    for index, layer in enumerate(dense_layers(relu)[:-1]):
        preactivation = activations @ layer.params["weight"].T + layer.params["bias"]
        if index > 0 and layer.params["weight"].shape[0] == layer.params["weight"].shape[1]:
            for sample, jacobian in enumerate(network.time_jacobians(index)):
                relu_jacobian = (preactivation[sample] > 0)[:, None] * layer.params["weight"]
                spectra = [np.sort_complex(np.linalg.eigvals(m)) for m in (jacobian, relu_jacobian)]
                worst = max(worst, float(np.abs(spectra[0] - spectra[1]).max()))
        activations = np.maximum(preactivation, 0.0)
    return worst
