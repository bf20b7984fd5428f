"""Mini-batch training of a `BPSRNetwork` with the BPSR loss (Eq. 4), clamping and optional rewiring.

    L = mean_batch CE(softmax(k sum_t s_out[t]), y) + (lambda_s / 2) mean_batch sum_{hidden i, t} s_i[t]^2
        + lambda_w sum_W |w|

The spiking term covers every layer but the output (the paper's text; the input is not a layer); its gradient is
``lambda_s s_i[t]`` added to ``dL/ds_i[t]`` (Eq. 6). Both data terms are averaged over the batch (our choice: the
paper does not say, which is why lambda_s is swept on a log grid). Each step: backward, rewiring (if any),
optimiser step, clamping (``W, R, b`` to ``[-U_th, U_th]``, ``tau`` to ``[0, 1]``), sign and mask enforcement.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch.nn import functional

from brainsnn_studies.bpsr.network import BPSRNetwork
from brainsnn_studies.bpsr.rewiring import Rewiring

#: Optimisers the paper names (Sec. 2.3).
OPTIMIZERS = {"adam": torch.optim.Adam, "adamw": torch.optim.AdamW, "sgd": torch.optim.SGD}


@dataclass(frozen=True)
class Evaluation:
    """Accuracy, mean firing rate of the hidden neurons (spikes per neuron per step) and spikes per sample by layer."""

    accuracy: float
    hidden_rate: float
    spikes_per_sample: list[float]


def bpsr_loss(network: BPSRNetwork, trains: list[torch.Tensor], labels: torch.Tensor, lambda_s: float,
              lambda_w: float) -> torch.Tensor:
    """Eq. 4 with batch-mean data terms (see the module docstring)."""
    batch = len(labels)
    loss = functional.cross_entropy(network.logits(trains), labels)
    if lambda_s:
        loss = loss + lambda_s / 2 * sum((train**2).sum() for train in trains[:-1]) / batch
    if lambda_w:
        loss = loss + lambda_w * sum(weight.abs().sum() for weight in network.synaptic().values())
    return loss


def train(network: BPSRNetwork, x: torch.Tensor, y: torch.Tensor, *, epochs: int, batch_size: int,
          learning_rate: float, lambda_s: float, lambda_w: float, optimizer: str = "adam",
          rewiring: Rewiring | None = None, seed: int = 0) -> None:
    """Train on spikes ``x`` ``(T, n, n_in)`` and labels ``y`` in place; a fixed structure stays as masked."""
    optimiser = OPTIMIZERS[optimizer](network.parameters(), lr=learning_rate)
    generator = torch.Generator().manual_seed(seed)
    network.train()
    for _ in range(epochs):
        for batch in torch.split(torch.randperm(x.shape[1], generator=generator), batch_size):
            optimiser.zero_grad()
            trains = network(x[:, batch])
            bpsr_loss(network, trains, y[batch], lambda_s, lambda_w).backward()
            if rewiring is not None:
                rewiring.before_step()
            optimiser.step()
            network.clamp_()
            if rewiring is not None:
                rewiring.after_step()
            else:
                network.apply_masks_()
    network.eval()


def evaluate(network: BPSRNetwork, x: torch.Tensor, y: torch.Tensor, batch_size: int = 512) -> Evaluation:
    """Accuracy and spike statistics of ``network`` on spikes ``x`` ``(T, n, n_in)``."""
    correct, spikes = 0, None
    with torch.no_grad():
        for batch in torch.split(torch.arange(x.shape[1]), batch_size):
            trains = network(x[:, batch])
            correct += int((network.logits(trains).argmax(1) == y[batch]).sum())
            counts = torch.stack([train.sum() for train in trains])
            spikes = counts if spikes is None else spikes + counts
    per_sample = (spikes / x.shape[1]).tolist()
    hidden_neurons = sum(layer.weight.shape[0] for layer in network.layers[:-1])
    steps = x.shape[0]
    return Evaluation(accuracy=correct / x.shape[1],
                      hidden_rate=sum(per_sample[:-1]) / (hidden_neurons * steps) if hidden_neurons else 0.0,
                      spikes_per_sample=per_sample)
