"""Proof that Brian2 runs the network that was trained: the float64 torch forward and the Brian2 run, compared
spike for spike on every LIF layer, and read-out for read-out.

Spikes agree exactly unless a membrane lands within rounding (~1e-15) of its threshold, where the two sides' different
summation order can decide differently; any such disagreement is counted, never hidden.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
import torch

from brainsnn.deploy.brian_network import BrianRun, run_in_brian
from brainsnn.deploy.plan import DeploymentPlan, deployment_plan
from brainsnn.train.snn.network import SpikeRecord, SpikingNetwork


@dataclass(frozen=True)
class SpikeIdentity:
    """Per LIF layer the number of (step, sample, neuron) entries where torch and Brian2 differ, the largest read-out
    difference, and the fraction of samples whose predicted class (largest read-out) agrees."""

    layer_names: list[str]
    mismatched_spikes: list[int]
    spikes_per_layer: list[int]
    readout_difference: float
    predictions_agree: float

    @property
    def identical(self) -> bool:
        return not any(self.mismatched_spikes) and self.predictions_agree == 1.0


def compare(plan: DeploymentPlan, record: SpikeRecord, run: BrianRun) -> SpikeIdentity:
    """Compare a torch `SpikeRecord` with the `BrianRun` of the same inputs."""
    trained = [train.cpu().numpy().astype(bool) for train in record.spikes]
    readout = record.readout.cpu().numpy()
    return SpikeIdentity(
        layer_names=[population.name for population in plan.spiking],
        mismatched_spikes=[int((a != b).sum()) for a, b in zip(trained, run.spikes, strict=True)],
        spikes_per_layer=[int(train.sum()) for train in trained],
        readout_difference=float(np.abs(readout - run.readout).max()),
        predictions_agree=float((readout.argmax(axis=1) == run.readout.argmax(axis=1)).mean()),
    )


def verify_deployment(
    network: SpikingNetwork, inputs: torch.Tensor, *, device: str = "cpp_standalone", dt_ms: float = 1.0,
    input_coding: str = "spikes",
) -> tuple[SpikeIdentity, BrianRun, DeploymentPlan]:
    """Run a float64 CPU copy of ``network`` (eval mode) and its Brian2 build on ``inputs`` ``(T, samples, *shape)``,
    spikes or direct values (``input_coding``, see `run_in_brian`); ``network`` itself is not changed."""
    network64 = copy.deepcopy(network).to("cpu", torch.float64)
    values = inputs.to("cpu", torch.float64)
    record = network64.record(values)
    plan = deployment_plan(network64, tuple(values.shape[2:]))
    run = run_in_brian(plan, values.numpy(), device=device, dt_ms=dt_ms, input_coding=input_coding)
    return compare(plan, record, run), run, plan
