"""`SpikingNetwork`: same-step propagation through all layers, read-outs, records, and what it refuses."""

import math

import pytest
import torch
from torch import nn

from brainsnn.errors import ConfigError
from brainsnn.train.snn.network import SpikingNetwork
from brainsnn.train.snn.neurons import IF, LIF, Integrator


def fixed_linear(n_in: int, n_out: int, weight: float, bias: float = 0.0) -> nn.Linear:
    layer = nn.Linear(n_in, n_out).double()
    with torch.no_grad():
        layer.weight.fill_(weight)
        layer.bias.fill_(bias)
    return layer


def test_a_spike_crosses_every_layer_in_the_step_it_was_caused():
    network = SpikingNetwork([fixed_linear(1, 1, 1.0), IF(), fixed_linear(1, 1, 1.0), IF(), fixed_linear(1, 1, 1.0),
                              IF()])
    inputs = torch.zeros(5, 1, 1, dtype=torch.float64)
    inputs[2] = 1.0
    record = network.record(inputs)
    for layer_spikes in record.spikes:
        assert layer_spikes[:, 0, 0].tolist() == [0, 0, 1, 0, 0]
    assert record.readout.tolist() == [[1.0]]


@pytest.mark.parametrize("current", [0.25, 0.375, 0.625, 0.8125, 1.0])  # exact in binary: no rounding
def test_soft_reset_if_counts_are_the_closed_form_floor(current):
    """A constant current c per step into an IF neuron with threshold 1 and reset by subtraction fires
    floor(T c) times in T steps."""
    steps = 20
    network = SpikingNetwork([fixed_linear(1, 1, 0.0, bias=current), IF(1.0, "subtract")])
    counts = network(torch.zeros(steps, 1, 1, dtype=torch.float64))
    assert counts.item() == math.floor(steps * current)


def test_integrator_read_out_is_the_mean_input_current():
    network = SpikingNetwork([nn.Flatten(), fixed_linear(3, 2, 0.5, bias=0.25), Integrator()])
    inputs = (torch.rand(7, 4, 3, generator=torch.Generator().manual_seed(0)) < 0.5).double()
    expected = 0.5 * inputs.sum(dim=2).mean(dim=0) + 0.25
    torch.testing.assert_close(network(inputs), expected[:, None].expand(4, 2), rtol=0, atol=1e-12)


def test_records_hold_every_lif_layer_flattened_and_gradients_reach_the_weights():
    network = SpikingNetwork([nn.Conv2d(1, 2, 3, padding=1), LIF(0.9), nn.Flatten(), nn.Linear(32, 3), LIF(0.9)])
    inputs = (torch.rand(4, 5, 1, 4, 4) < 0.5).float()
    record = network.record(inputs)
    assert [tuple(s.shape) for s in record.spikes] == [(4, 5, 32), (4, 5, 3)]
    network(inputs).sum().backward()
    assert network.layers[0].weight.grad is not None


def test_layers_it_cannot_hold_and_a_missing_read_out_are_refused():
    with pytest.raises(ConfigError, match="cannot hold ReLU"):
        SpikingNetwork([nn.Linear(2, 2), nn.ReLU(), LIF(1.0)])
    with pytest.raises(ConfigError, match="last layer"):
        SpikingNetwork([LIF(1.0), nn.Linear(2, 2)])
    with pytest.raises(ConfigError, match="time steps, batch"):
        SpikingNetwork([LIF(1.0)])(torch.zeros(3, 2))
