"""Data, networks and cached training runs shared by the experiments.

Digits (or MNIST / Fashion-MNIST) pixels ``x / 255`` are rank-order coded once (`brainsnn.train.snn.latency`: one
spike per non-zero pixel at step ``round((1 - x)(T - 1))``, brightest first, zero pixels silent). Every trained
network is stored in a `CheckpointStore` under a name that says how it was trained, so an interrupted run resumes
and two experiments that need the same network share it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from brainsnn.checkpoint import CheckpointStore
from brainsnn.data import load_dataset
from brainsnn.train.snn import latency
from brainsnn_studies.bpsr.network import BPSRNetwork
from brainsnn_studies.bpsr.rewiring import Rewiring
from brainsnn_studies.bpsr.training import train


@dataclass(frozen=True)
class Data:
    """Rank-order spikes ``(T, n, n_in)`` and labels of both splits."""

    name: str
    x_train: torch.Tensor
    y_train: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor
    n_classes: int


def encoded_data(config: Mapping[str, Any]) -> Data:
    dataset = load_dataset(config["dataset"], config["data_dir"], n_train=config["n_train"], n_test=config["n_test"],
                           seed=config["seed"])

    def encode(x: np.ndarray) -> torch.Tensor:
        return latency(torch.as_tensor(x / 255.0, dtype=torch.float64), config["steps"])

    return Data(dataset.name, encode(dataset.x_train), torch.as_tensor(dataset.y_train), encode(dataset.x_test),
                torch.as_tensor(dataset.y_test), dataset.n_classes)


def new_network(config: Mapping[str, Any], data: Data, seed: int, backward: str = "iterative") -> BPSRNetwork:
    sizes = (data.x_train.shape[2], *config["hidden"], data.n_classes)
    return BPSRNetwork(sizes, recurrent=config["recurrent"], threshold=config["threshold"], alpha=config["alpha"],
                       tau_init=config["tau_init"], seed=seed, backward=backward)


class Runs:
    """Trains (or loads) networks by recipe; ``store`` None keeps them in memory only."""

    def __init__(self, config: Mapping[str, Any], data: Data, store: CheckpointStore | None) -> None:
        self.config, self.data, self.store, self.memory = config, data, store, {}

    def trained(self, seed: int, lambda_s: float, lambda_w: float = 0.0, *, rewire: bool = False,
                masks: Mapping[str, torch.Tensor] | None = None, structure: str = "dense") -> BPSRNetwork:
        """A network trained from seed ``seed``'s initialisation: dense, rewired (``rewire``) or with fixed
        ``masks`` (``structure`` names them in the cache key)."""
        name = f"{structure}-ls{lambda_s:g}-lw{lambda_w:g}-rewire{int(rewire)}-seed{seed}"
        if name in self.memory:
            return self.memory[name]
        config, network = self.config, new_network(self.config, self.data, seed)
        stored = self.store.load(name) if self.store is not None else None
        if stored is not None:
            network.load_state_dict({key: torch.as_tensor(stored[key]) for key in network.state_dict()})
            network.set_masks({key: torch.as_tensor(stored[f"mask:{key}"]) for key in network.masks})
        else:
            if masks is not None:
                network.set_masks(dict(masks))
            rewiring = None
            if rewire:
                rewiring = Rewiring(network, theta_w=config["theta_w"], theta_m=config["theta_m"], mu_m=config["mu_m"],
                                    beta_m=config["beta_m"], budget=config["rewiring_budget"], seed=seed)
            train(network, self.data.x_train, self.data.y_train, epochs=config["epochs"],
                  batch_size=config["batch_size"], learning_rate=config["learning_rate"], lambda_s=lambda_s,
                  lambda_w=lambda_w, optimizer=config["optimizer"], rewiring=rewiring, seed=seed)
            if self.store is not None:
                arrays = {key: value.numpy() for key, value in network.state_dict().items()}
                arrays |= {f"mask:{key}": mask.numpy() for key, mask in network.masks.items()}
                self.store.save(name, arrays)
        network.eval()
        self.memory[name] = network
        return network
