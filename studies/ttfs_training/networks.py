"""The networks the experiments train: row-centred dense ReLU nets, their spiking twins (Ch. 3) and the
two-layer FC net of Ch. 2 (Table 2.1)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from brainsnn.train import Adam, Sequential, fit
from brainsnn.train.layers import Dense, ReLU
from brainsnn.ttfs import SpikeTimeNetwork, fuse_network
from brainsnn.ttfs.fc_network import fc_network

#: The two SNN slopes of Ch. 3: the linearly mappable alpha_i = 1 - sum_j W_ij (Eq. 3.9, B = 1) and alpha = 1.
SLOPE_NAMES = {"linear": "SNN, B = 1", "constant": "SNN, alpha = 1"}


def row_centred_relu(sizes: Sequence[int], rng: np.random.Generator) -> Sequential:
    """Dense ReLU net with He-normal weights minus their row mean: ``sum_j w_ij = 0``, so ``B = 1`` (Eq. 3.4) for
    both SNN slopes at the start and both SNNs equal the ReLU network."""
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        dense = Dense(n_in, n_out, rng)
        dense.params["weight"] -= dense.params["weight"].mean(axis=1, keepdims=True)
        layers += [dense, ReLU()]
    return Sequential(layers[:-1])


def dense_layers(network: Sequential) -> list[Dense]:
    return [layer for layer in network.layers if isinstance(layer, Dense)]


def spiking_twin(relu: Sequential, slope: str, x: np.ndarray, zeta: float) -> SpikeTimeNetwork:
    """`SpikeTimeNetwork.from_relu` of a dense ReLU net with data-driven windows (Eqs. 3.19-3.21)."""
    network = SpikeTimeNetwork.from_relu(fuse_network(relu, (x.shape[1],)), slope=slope)
    network.initialise_windows(x, zeta)
    return network


def relu_and_twins(relu: Sequential, x: np.ndarray, zeta: float) -> dict[str, Any]:
    """``{"relu": relu, "linear": B = 1 twin, "constant": alpha = 1 twin}``, all equal at a row-centred start."""
    return {"relu": relu, **{slope: spiking_twin(relu, slope, x, zeta) for slope in SLOPE_NAMES}}


def trained_fc(config: Mapping[str, Any], x: np.ndarray, labels: np.ndarray, l1: float) -> Sequential:
    """The FC net (``fc_hidden``, dropout, L1 activity ``l1``) trained with Adam from seed + 3."""
    rng = np.random.default_rng(config["seed"] + 3)
    network = fc_network(x.shape[1], config["fc_hidden"], rng, l1_coefficient=l1, dropout=config["dropout"])
    fit(network, x, labels, epochs=config["fc_epochs"], batch_size=config["fc_batch_size"],
        optimizer=Adam(config["fc_learning_rate"]), seed=config["seed"] + 3)
    return network
