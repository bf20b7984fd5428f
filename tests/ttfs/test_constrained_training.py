"""Fine-tuning under constraints: the unconstrained network, a network holding the quantised weights, clipped-ReLU
networks, the variance of a linear map of Gaussian jitter and finite differences as oracles."""

import copy
import sys
from pathlib import Path

import numpy as np
import pytest

from brainsnn.errors import ConfigError
from brainsnn.train import SGD
from brainsnn.ttfs.constrained_training import ConstrainedSpikeTimeNetwork, Constraints
from brainsnn.ttfs.spike_time_network import SpikeTimeNetwork
from brainsnn.ttfs.window_shortening import shorten_windows

sys.path.insert(0, str(Path(__file__).parents[1] / "train"))
from finite_differences import numerical_gradient, relative_error  # noqa: E402
from random_networks import random_fused_relu  # noqa: E402


def linear_network(rng, x, sizes=(6, 8, 7, 3)):
    relu = random_fused_relu(rng, sizes, bias_mean=0.1, bias_sd=0.2)
    network = SpikeTimeNetwork.from_relu(relu, slope="linear")
    network.initialise_windows(x, zeta=3.0)
    return network


def clipped_relu_logits(relu, windows, x):
    for layer, window in zip(relu.hidden, windows, strict=True):
        x = np.clip(x @ layer.weight.T + layer.bias, 0.0, window)
    return x @ relu.output.weight.T + relu.output.bias


def test_without_constraints_it_is_the_plain_network():
    rng = np.random.default_rng(0)
    x, labels = rng.uniform(size=(30, 6)), rng.integers(0, 3, size=30)
    network = linear_network(rng, x)
    reference = copy.deepcopy(network)
    constrained = ConstrainedSpikeTimeNetwork(network, Constraints(), x)
    assert np.array_equal(constrained.forward(x), reference.forward(x))
    constrained.loss_and_gradients(x, labels)
    reference.loss_and_gradients(x, labels)
    for (holder, name), (expected, _) in zip(constrained.parameters(), reference.parameters(), strict=True):
        assert np.array_equal(holder.grads[name], expected.grads[name])


@pytest.mark.parametrize("percentile", [100.0, 80.0])
def test_shortened_windows_clip_the_relu_network_and_keep_exact_gradients(percentile):
    rng = np.random.default_rng(1)
    x, labels = rng.uniform(size=(40, 6)), rng.integers(0, 3, size=40)
    network = linear_network(rng, x)
    relu = network.to_relu()
    activations = relu.trace(x).activations
    windows = shorten_windows(network, x, percentile)
    assert windows[0] == pytest.approx(np.percentile(activations[0][activations[0] > 0], percentile), rel=1e-12)
    assert network.readout_time == pytest.approx(network.tau_c + sum(windows), rel=1e-12)
    assert np.abs(network.forward(x) - clipped_relu_logits(relu, windows, x)).max() < 1e-10
    if percentile == 100.0:
        assert np.abs(network.forward(x) - relu.logits(x)).max() < 1e-10
    x_new = rng.uniform(size=(20, 6))  # the reference inputs sit on the clip (the percentile is one of them)
    network.loss_and_gradients(x_new, labels[:20])
    for holder, name in network.parameters():
        analytic = holder.grads[name].copy()
        numerical = numerical_gradient(lambda: network.loss_and_gradients(x_new, labels[:20]), holder.params[name])
        assert relative_error(analytic, numerical) < 1e-5  # the plain network gets 1.7e-6 here (rounding)


def test_quantised_weights_run_the_network_and_update_the_full_precision_copy():
    rng = np.random.default_rng(2)
    x, labels = rng.uniform(size=(30, 6)), rng.integers(0, 3, size=30)
    network = linear_network(rng, x)
    original = [holder.params["weight"].copy() for holder in (*network.hidden, network.output)]
    constrained = ConstrainedSpikeTimeNetwork(network, Constraints(weight_bits=3), x)
    holders = (*network.hidden, network.output)
    assert all(len(np.unique(h.params["weight"])) <= 8 for h in holders)
    assert any(np.abs(h.params["weight"] - w).max() > 1e-3 for h, w in zip(holders, original, strict=True))
    on_quantised = copy.deepcopy(network)  # a plain network holding the quantised weights
    loss = constrained.loss_and_gradients(x, labels)
    assert loss == on_quantised.loss_and_gradients(x, labels)
    shadows = [holder for holder, name in constrained.parameters() if name == "weight"]
    for shadow, holder, weight in zip(shadows, (*on_quantised.hidden, on_quantised.output), original, strict=True):
        assert np.array_equal(shadow.grads["weight"], holder.grads["weight"])
        assert np.array_equal(shadow.params["weight"], weight)
    SGD(0.1).step([h.params[n] for h, n in constrained.parameters()], [h.grads[n] for h, n in constrained.parameters()])
    for shadow, holder, weight in zip(shadows, (*on_quantised.hidden, on_quantised.output), original, strict=True):
        assert np.abs(shadow.params["weight"] - (weight - 0.1 * holder.grads["weight"])).max() < 1e-15


def test_jitter_spreads_inside_spikes_by_the_linear_map_of_gaussian_noise():
    rng = np.random.default_rng(3)
    x = rng.uniform(0.2, 0.8, size=(1, 6))
    network = linear_network(rng, x)
    layer = network.hidden[0]
    jitter = 0.02
    constrained = ConstrainedSpikeTimeNetwork(network, Constraints(jitter_sd=jitter), x, seed=4)
    constrained.forward(np.repeat(x, 20000, axis=0))
    inside = network.inside_window[0].all(axis=0)
    assert inside.any()
    # t_i = tau_c theta_i + t_min + sum_j W_ij (t_j - t_min) with independent jitter on inputs and on t_i (Eq. 3.7)
    expected = jitter**2 * (1 + (layer.params["weight"] ** 2).sum(axis=1))
    measured = network.spike_times[1].var(axis=0)
    assert np.abs(measured[inside] / expected[inside] - 1).max() < 0.05


def test_time_quantisation_puts_every_spike_on_its_layer_grid():
    rng = np.random.default_rng(5)
    x = rng.uniform(size=(25, 6))
    network = linear_network(rng, x)
    ConstrainedSpikeTimeNetwork(network, Constraints(time_steps=5), x).forward(x)
    windows = [(0.0, network.tau_c)] + [(layer.t_min, layer.t_max) for layer in network.hidden]
    for (t_min, t_max), times in zip(windows, network.spike_times, strict=True):
        steps = 5 * (times - t_min) / (t_max - t_min)
        assert np.abs(steps - np.round(steps)).max() < 1e-9 and steps.min() >= 0 and steps.max() <= 5 + 1e-9


def test_bad_constraints_name_the_fix():
    rng = np.random.default_rng(6)
    x = rng.uniform(size=(10, 6))
    network = linear_network(rng, x)
    with pytest.raises(ConfigError, match="weight_bits"):
        ConstrainedSpikeTimeNetwork(network, Constraints(weight_bits=1), x)
    with pytest.raises(ConfigError, match="percentile"):
        ConstrainedSpikeTimeNetwork(network, Constraints(window_percentile=0.0), x)
    network.slope = "constant"
    with pytest.raises(ConfigError, match="linear"):
        ConstrainedSpikeTimeNetwork(network, Constraints(), x)
