"""The BPSR network: BPSR layers in sequence within each time step, a spike-count softmax read-out (Eq. 5).

``x[t]`` (input spikes) feeds layer 1, whose spikes ``s[t]`` feed layer 2 in the same step, and so on; the output
layer spikes too, and the class probabilities are ``p = softmax(k sum_t s_out[t])`` with ``k = 10 / T``. The first
hidden layer is recurrent when ``recurrent`` (the paper's r100-fc10, r1000-fc100-fc10, ...). Every synaptic matrix
has a boolean mask of its existing synapses (all true until rewiring or a fixed random structure sets it); a
missing synapse's weight is 0.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch

from brainsnn.errors import ConfigError
from brainsnn_studies.bpsr.neuron import BPSRLayer


class BPSRNetwork(torch.nn.Module):
    """Layer sizes ``(n_in, *hidden, n_out)``; ``forward(x)`` returns every layer's spikes ``(T, B, n)``."""

    def __init__(self, sizes: Sequence[int], *, recurrent: bool, threshold: float = 1.0, alpha: float = 0.7,
                 tau_init: float = 0.5, seed: int = 0, backward: str = "iterative") -> None:
        super().__init__()
        if len(sizes) < 2 or min(sizes) < 1:
            raise ConfigError(f"a BPSR network needs at least an input and an output size, all positive; got {sizes}")
        if recurrent and len(sizes) < 3:
            raise ConfigError("a recurrent BPSR network needs a hidden layer (sizes: n_in, hidden..., n_out)")
        generator = torch.Generator().manual_seed(seed)
        self.layers = torch.nn.ModuleList(
            BPSRLayer(n_in, n_out, recurrent=recurrent and index == 0, threshold=threshold, alpha=alpha,
                      tau_init=tau_init, generator=generator, backward=backward)
            for index, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)))
        self.masks = {name: torch.ones_like(weight, dtype=torch.bool) for name, weight in self.synaptic().items()}

    def synaptic(self) -> dict[str, torch.nn.Parameter]:
        """Every synaptic matrix by name, ``"<layer>.weight"`` and ``"<layer>.recurrent"``, in layer order."""
        return {f"{index}.{name}": weight for index, layer in enumerate(self.layers)
                for name, weight in layer.weights().items()}

    def forward(self, x: torch.Tensor) -> list[torch.Tensor]:
        trains = []
        for layer in self.layers:
            x = layer(x)
            trains.append(x)
        return trains

    @staticmethod
    def logits(trains: Sequence[torch.Tensor]) -> torch.Tensor:
        """``k sum_t s_out[t]`` with ``k = 10 / T`` (Eq. 5)."""
        output = trains[-1]
        return 10.0 / len(output) * output.sum(0)

    def set_masks(self, masks: dict[str, torch.Tensor]) -> None:
        """Use ``masks`` (same names and shapes as `synaptic`) and zero the weights of missing synapses."""
        if set(masks) != set(self.masks):
            raise ConfigError(f"masks must name {sorted(self.masks)}, got {sorted(masks)}")
        self.masks = {name: mask.clone().bool() for name, mask in masks.items()}
        self.apply_masks_()

    def apply_masks_(self) -> None:
        with torch.no_grad():
            for name, weight in self.synaptic().items():
                weight.mul_(self.masks[name])

    def synapse_count(self) -> int:
        return int(sum(int(mask.sum()) for mask in self.masks.values()))

    def clamp_(self) -> None:
        for layer in self.layers:
            layer.clamp_()
