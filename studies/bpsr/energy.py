"""Normalised inference cost of a BPSR network (Yan et al. 2022, Fig. 9): operations weighted by their cost relative
to a floating-point add.

Costs (the paper's): FL-ADD = 1, FL-MUL = 4 (Cheng 2019), FI-ADD = 0.2 (Xilinx WP491), BIT-OP (shift) = 0. Per
inference of ``T`` steps (our counting convention, which the paper does not list per neuron)::

    float:       SOP x FL-ADD + N T (FL-MUL + FL-ADD)     (leak multiply, bias add per neuron and step)
    fixed point: SOP x FI-ADD + N T (BIT-OP + FI-ADD)     (after PTQ: leak shift, fixed-point bias add)

with ``SOP`` the synaptic accumulates (spikes x fan-out) and ``N`` the neurons (inputs not counted).
"""

from __future__ import annotations

import torch

from brainsnn.metrics.synaptic_operations import accumulates_per_sample
from brainsnn_studies.bpsr.network import BPSRNetwork
from brainsnn_studies.bpsr.paper_numbers import OPERATION_COSTS

FL_ADD, FL_MUL, FI_ADD, BIT_OP = (OPERATION_COSTS[name] for name in ("FL-ADD", "FL-MUL", "FI-ADD", "BIT-OP"))


def inference_cost(synaptic_operations: float, neuron_steps: float, *, fixed_point: bool) -> float:
    """Normalised cost of one inference with ``synaptic_operations`` SOPs and ``neuron_steps = N T`` updates."""
    if fixed_point:
        return synaptic_operations * FI_ADD + neuron_steps * (BIT_OP + FI_ADD)
    return synaptic_operations * FL_ADD + neuron_steps * (FL_MUL + FL_ADD)


def synaptic_operations(network: BPSRNetwork, inputs: torch.Tensor, trains: list[torch.Tensor]) -> float:
    """Mean SOPs per sample of a forward pass: every spike x its existing outgoing synapses.

    ``inputs`` ``(T, n, n_in)`` and ``trains`` (the network's output on them). A recurrent spike at the last step
    reaches no step and is not counted.
    """
    sources = [inputs, *trains[:-1]]
    total = 0.0
    for name, mask in network.masks.items():
        layer, kind = name.split(".")
        spikes = trains[int(layer)][:-1] if kind == "recurrent" else sources[int(layer)]
        counts = spikes.sum(0).detach().cpu().numpy()
        total += float(accumulates_per_sample(counts, torch.nonzero(mask)[:, 1].numpy()).sum())
    return total / inputs.shape[1]
