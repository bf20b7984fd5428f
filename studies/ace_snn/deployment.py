"""The trained SNN as a `brainsnn.train.snn.SpikingNetwork` that `brainsnn.deploy` runs in Brian2.

The bridge has no Conv3d, so every stage becomes the dense ``Linear`` of the same linear map: column ``j`` of
``A_l`` is ``f_l(e_j)`` for the unit input ``e_j``, so the matrix holds exactly the (quantised) kernel weights and
zeros, and `brainsnn.deploy.deployment_plan` keeps only the non-zero ones as synapses (the conv's true fan-in). The
spiking layers become ``LIF(beta=lambda_l, threshold=v_l, reset="subtract")`` and the read-out an `Integrator`
(which reports ``u_L[T] / T``: the same decision as Eq. 16's ``u_L[T]``). The network is float64, so that Brian2
(float64) and torch agree spike for spike; the input is direct (``input_coding="direct"``: the analog patch at every
step).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from typing import Any

import torch
from torch import nn

from brainsnn_studies.ace_snn.qstdb import ConvertedSNN, weighted_stage


def stage_matrix(stage_map, input_shape: Sequence[int]) -> torch.Tensor:
    """``(n_out, n_in)`` matrix of a linear map of ``(B, *input_shape)`` inputs, from the unit inputs."""
    n_in = math.prod(input_shape)
    with torch.no_grad():
        columns = stage_map(torch.eye(n_in, dtype=torch.float64).reshape(n_in, *input_shape))
    return columns.reshape(n_in, -1).T.contiguous()


def spiking_network(snn: ConvertedSNN, input_shape: Sequence[int]):
    """The float64 `SpikingNetwork` of ``snn`` with its current quantiser applied to the weights."""
    from brainsnn.train.snn import LIF, Integrator, SpikingNetwork

    snn = copy.deepcopy(snn).double()
    layers: list[nn.Module] = [nn.Flatten()]
    shape = tuple(input_shape)
    with torch.no_grad():
        for index, stage in enumerate(snn.stages):
            stage_map = weighted_stage(stage, snn.quantiser)
            matrix = stage_matrix(stage_map, shape)
            shape = tuple(stage_map(torch.zeros(1, *shape, dtype=torch.float64)).shape[1:])
            linear = nn.Linear(matrix.shape[1], matrix.shape[0], bias=False).double()
            linear.weight.copy_(matrix)
            layers.append(linear)
            if index < len(snn.thresholds):
                layers.append(LIF(float(snn.leaks[index]), float(snn.thresholds[index]), reset="subtract"))
    layers.append(Integrator())
    return SpikingNetwork(layers).double().eval()


def brian_check(snn: ConvertedSNN, x: torch.Tensor, steps: int, device: str) -> dict[str, Any]:
    """Run the deployed network in Brian2 on ``x`` (direct input, ``steps`` steps) and compare it with torch: the
    agreement of predictions, mismatched spikes and spike counts per layer, and the counted operations."""
    from brainsnn.deploy import compare, deployment_plan, operation_counts, run_in_brian

    network = spiking_network(snn, x.shape[1:])
    plan = deployment_plan(network, tuple(x.shape[1:]))
    inputs = x.double()[None].expand(steps, *x.shape)
    record = network.record(inputs)
    run = run_in_brian(plan, inputs.numpy(), device=device, input_coding="direct")
    identity = compare(plan, record, run)
    counts = operation_counts(plan, run)
    torch_counts = [int(train.sum()) for train in record.spikes]
    brian_counts = [int(train.sum()) for train in run.spikes]
    return {
        "device": run.device, "samples": len(x),
        "predictions_agree": float(identity.predictions_agree),
        "mismatched_spikes": [int(n) for n in identity.mismatched_spikes],
        "spike_counts_torch": torch_counts, "spike_counts_brian": brian_counts,
        "spike_counts_equal": torch_counts == brian_counts, "identical": bool(identity.identical),
        "zeta": [float(n) / len(x) / p.size for n, p in zip(brian_counts, plan.spiking, strict=True)],
        "accumulates": {name: float(v) for name, v in counts.accumulates.items()},
        "input_macs": float(counts.input_macs),
    }
