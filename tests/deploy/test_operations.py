"""Operation counts of a Brian2 run against counts derived by hand from the same spikes."""

import numpy as np
import torch
from torch import nn

from brainsnn.deploy.operations import operation_counts
from brainsnn.deploy.verification import verify_deployment
from brainsnn.metrics.energy import FLOAT32_45NM
from brainsnn.train.snn.network import SpikingNetwork
from brainsnn.train.snn.neurons import LIF, Integrator


def test_accumulates_are_spikes_times_fan_out_and_relay_comparisons_are_not_counted():
    torch.manual_seed(0)
    network = SpikingNetwork([
        nn.Conv2d(1, 2, 3, padding=1), LIF(1.0, 0.5), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8, 3), Integrator(),
    ]).double().eval()
    with torch.no_grad():
        network.layers[0].weight.abs_()
    spikes = (torch.rand(6, 4, 1, 4, 4, dtype=torch.float64) < 0.5).double()
    identity, run, plan = verify_deployment(network, spikes, device="numpy")
    assert identity.identical
    counts = operation_counts(plan, run)
    # Input pixel (y, x) of a 4x4 image, 3x3 kernel with padding 1, 2 channels: fan-out = 2 * (window positions).
    rows = np.array([2, 3, 3, 2])
    input_fan_out = 2 * np.outer(rows, rows).ravel()
    input_counts = spikes.sum(dim=0).reshape(4, 16).numpy()
    assert np.isclose(counts.accumulates["layer_1"], (input_counts @ input_fan_out).mean())
    relay_counts = run.counts["relay_2"]
    assert np.isclose(counts.accumulates["readout_3"], 3 * relay_counts.sum(axis=1).mean())
    assert "relay_2" not in counts.accumulates
    assert np.isclose(counts.spikes_per_neuron["inputs"], input_counts.mean())
    assert counts.macs == 2 * 16 * 9 + 8 * 3
    energy = counts.energy(FLOAT32_45NM)
    assert np.isclose(energy.snn_pj, 0.9 * counts.total_accumulates)
    assert np.isclose(energy.ann_pj, 4.6 * counts.macs)


def test_direct_inputs_are_multiply_accumulates_charged_at_the_mac_energy():
    torch.manual_seed(1)
    network = SpikingNetwork([nn.Flatten(), nn.Linear(16, 5), LIF(1.0, 0.5), nn.Linear(5, 3), Integrator()])
    network = network.double().eval()
    images = torch.rand(1, 4, 1, 4, 4, dtype=torch.float64)
    images[images < 0.4] = 0.0
    identity, run, plan = verify_deployment(network, images.expand(6, -1, -1, -1, -1).contiguous(), device="numpy",
                                            input_coding="direct")
    assert identity.identical
    counts = operation_counts(plan, run)
    nonzero = (images[0] != 0).reshape(4, 16).sum(dim=1).double().mean().item()
    assert np.isclose(counts.input_macs, 6 * 5 * nonzero)
    assert list(counts.accumulates) == ["readout_2"]
    assert np.isclose(counts.accumulates["readout_2"], 3 * run.counts["layer_1"].sum(axis=1).mean())
    energy = counts.energy(FLOAT32_45NM)
    assert np.isclose(energy.snn_pj, 0.9 * counts.total_accumulates + 4.6 * counts.input_macs)
