"""The deployment plan's synapses and constant currents compute what the torch layers compute."""

import math

import numpy as np
import pytest
import torch
from torch import nn

from brainsnn.deploy.plan import deployment_plan
from brainsnn.errors import ConfigError
from brainsnn.train.snn.network import SpikingNetwork
from brainsnn.train.snn.neurons import LIF, Integrator
from brainsnn.train.snn.time_batch_norm import TimeBatchNorm


def randomised(network: SpikingNetwork) -> SpikingNetwork:
    """float64, eval mode, batch norm with non-trivial statistics."""
    torch.manual_seed(0)
    with torch.no_grad():
        for layer in network.layers:
            if isinstance(layer, (nn.BatchNorm1d, nn.BatchNorm2d)):
                layer.running_mean.uniform_(-0.5, 0.5)
                layer.running_var.uniform_(0.3, 2.0)
                layer.weight.uniform_(0.5, 1.5)
                layer.bias.uniform_(-0.2, 0.2)
    return network.double().eval()


def currents(population, spikes: np.ndarray) -> np.ndarray:
    """``A s + b`` through the population's synapse list."""
    wiring = population.synapses
    weighted = np.bincount(wiring.post, weights=wiring.weight * spikes[wiring.pre], minlength=population.size)
    return weighted + population.bias


@pytest.mark.parametrize("linear_layers", [
    [nn.Conv2d(2, 3, 3, padding=1, stride=2), nn.BatchNorm2d(3)],
    [nn.Conv2d(2, 4, 2, stride=2, bias=False), nn.AvgPool2d(2), nn.Flatten(), nn.Linear(16, 5), nn.BatchNorm1d(5)],
    [nn.AvgPool2d(2, stride=1), nn.Conv2d(2, 3, 3, padding=2), nn.Dropout(0.5)],
])
def test_composed_synapses_equal_the_torch_layers(linear_layers):
    network = randomised(SpikingNetwork([*linear_layers, LIF(1.0)]))
    plan = deployment_plan(network, (2, 8, 8))
    spikes = (torch.rand(5, 2, 8, 8, dtype=torch.float64) < 0.4).double()
    with torch.no_grad():
        expected = nn.Sequential(*linear_layers)(spikes).flatten(1).numpy()
    target = plan.populations[1]
    assert target.shape == tuple(nn.Sequential(*linear_layers)(spikes).shape[1:])
    for sample in range(5):
        np.testing.assert_allclose(currents(target, spikes[sample].flatten().numpy()), expected[sample], atol=1e-12)


def test_max_pooling_becomes_an_or_relay_and_macs_follow_the_layer_formulas():
    network = randomised(SpikingNetwork([
        nn.Conv2d(1, 4, 3, padding=1), LIF(0.9), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(64, 10), Integrator(),
    ]))
    plan = deployment_plan(network, (1, 8, 8))
    assert [p.kind for p in plan.populations] == ["input", "spiking", "relay", "integrator"]
    relay = plan.populations[2]
    assert relay.shape == (4, 4, 4) and len(relay.synapses.pre) == 4 * 8 * 8
    # Every relay neuron listens to exactly its 2x2 window.
    assert np.array_equal(np.bincount(relay.synapses.post), np.full(64, 4))
    assert plan.macs == 4 * 8 * 8 * 1 * 9 + 64 * 10
    assert plan.spiking == [plan.populations[1]]
    assert len(plan.populations[3].synapses.pre) == 640


@pytest.mark.parametrize(("layers", "message"), [
    ([nn.Conv2d(1, 2, 3), nn.MaxPool2d(2), LIF(1.0)], "MaxPool2d must directly follow a spiking layer"),
    ([nn.Linear(64, 3), LIF(1.0)], "insert nn.Flatten"),
    ([nn.Flatten(), nn.Linear(60, 3), LIF(1.0)], "expects 60 inputs but the layers before it give 64"),
    ([nn.Conv2d(2, 3, 3), LIF(1.0)], "expects 2 channels but the layers before it give 1"),
    ([nn.Flatten(), nn.AvgPool2d(2), LIF(1.0)], "pool before Flatten"),
    ([nn.Conv2d(1, 2, 3, padding="same"), LIF(1.0)], "padding as a number"),
    ([nn.Conv2d(1, 2, 3, groups=1, dilation=2), LIF(1.0)], "dilation=1"),
    ([nn.Flatten(), TimeBatchNorm(64, steps=4), nn.Linear(64, 3), LIF(1.0)], "directly before a LIF"),
    ([nn.Flatten(), TimeBatchNorm(64, steps=4), TimeBatchNorm(64, steps=4), LIF(1.0)], "two TimeBatchNorm"),
    ([nn.Flatten(), nn.Linear(64, 3), TimeBatchNorm(5, steps=4), LIF(1.0)], r"TimeBatchNorm\(5\) after 3"),
])
def test_layers_the_bridge_cannot_express_are_refused(layers, message):
    network = SpikingNetwork(layers).double().eval()
    with pytest.raises(ConfigError, match=message):
        deployment_plan(network, (1, 8, 8))


def test_a_network_in_training_mode_is_refused():
    with pytest.raises(ConfigError, match="eval mode"):
        deployment_plan(SpikingNetwork([nn.Flatten(), LIF(1.0)]), (1, 8, 8))


def test_bias_of_a_padded_conv_reaches_every_output():
    network = randomised(SpikingNetwork([nn.Conv2d(1, 2, 3, padding=1), LIF(1.0)]))
    plan = deployment_plan(network, (1, 4, 4))
    np.testing.assert_array_equal(plan.populations[1].bias, np.repeat(network.layers[0].bias.detach().numpy(), 16))
    assert math.prod(plan.populations[1].shape) == 32


def test_time_batch_norm_becomes_per_step_gain_and_offset_of_the_current():
    norm = TimeBatchNorm(3, steps=4, learn_shift=True)
    network = SpikingNetwork([nn.Conv2d(1, 3, 3, padding=1), norm, LIF(0.9)]).double()
    with torch.no_grad():
        norm.running_mean.uniform_(-0.5, 0.5)
        norm.running_var.uniform_(0.3, 2.0)
        norm.gamma.uniform_(0.5, 1.5)
        norm.beta.uniform_(-0.2, 0.2)
    network.eval()
    population = deployment_plan(network, (1, 4, 4)).populations[1]
    assert population.step_scale.shape == population.step_offset.shape == (4, 48)
    spikes = (torch.rand(2, 1, 4, 4, dtype=torch.float64) < 0.5).double()
    for t in range(4):
        with torch.no_grad():
            expected = norm(network.layers[0](spikes), t).flatten(1).numpy()
        for sample in range(2):
            wiring = population.synapses
            raw = np.bincount(wiring.post, weights=wiring.weight * spikes[sample].flatten().numpy()[wiring.pre],
                              minlength=48)
            got = population.step_scale[t] * raw + population.step_offset[t]
            np.testing.assert_allclose(got, expected[sample], atol=1e-12)
