"""Ch. 3 spike-time network: exact gradients (finite differences), reverse mapping to a ReLU network, adaptive
windows, and training identical to the ReLU network under the linearly mappable condition."""

import sys
from pathlib import Path

import numpy as np
import pytest

from brainsnn.errors import ConfigError
from brainsnn.train import SGD, Adam, Sequential, fit
from brainsnn.train.layers import Dense, ReLU
from brainsnn.ttfs import fuse_network, scale_rows
from brainsnn.ttfs.spike_time_network import SpikeTimeNetwork

sys.path.insert(0, str(Path(__file__).parents[1] / "train"))
from finite_differences import numerical_gradient, relative_error  # noqa: E402
from random_networks import random_fused_relu  # noqa: E402


def random_relu(rng, sizes=(6, 5, 4, 3)):
    return scale_rows(random_fused_relu(rng, sizes, bias_mean=0.0, bias_sd=0.3))


@pytest.mark.parametrize("slope", ["linear", "constant"])
def test_gradients_match_finite_differences(slope):
    rng = np.random.default_rng(0)
    x, labels = rng.uniform(size=(12, 6)), rng.integers(0, 3, size=12)
    network = SpikeTimeNetwork.from_relu(random_relu(rng), slope=slope, tau_c=2.0)
    network.initialise_windows(x, zeta=0.5)
    network.loss_and_gradients(x, labels)
    assert all(inside.any() and not inside.all() for inside in network.inside_window)
    analytic = [holder.grads[name].copy() for holder, name in network.parameters()]

    def loss():
        return network.loss_and_gradients(x, labels)

    errors = [
        relative_error(grad, numerical_gradient(loss, holder.params[name]))
        for grad, (holder, name) in zip(analytic, network.parameters(), strict=True)
    ]
    assert max(errors) < 1e-6, errors


@pytest.mark.parametrize("slope", ["linear", "constant"])
def test_time_jacobian_matches_finite_differences_and_the_relu_jacobian(slope):
    rng = np.random.default_rng(7)
    x = rng.uniform(size=(3, 6))
    network = SpikeTimeNetwork.from_relu(random_relu(rng, sizes=(6, 5, 5, 3)), slope=slope)
    network.initialise_windows(x)
    network.forward(x)
    jacobians = network.time_jacobians(1)
    input_times = network.spike_times[1].copy()
    relu_weight = network.to_relu().hidden[1].weight

    def spike_time_derivatives(row):
        """Rows ``d t_i / d t_j`` of one sample by finite differences."""

        def spike_time(i):
            return lambda: network.layer_spike_times(network.hidden[1], row)[0][0, i]

        return np.stack([numerical_gradient(spike_time(i), row)[0] for i in range(5)])

    for sample in range(len(x)):
        numerical = spike_time_derivatives(input_times[sample : sample + 1])
        assert relative_error(jacobians[sample], numerical) < 1e-6
        active = network.inside_window[1][sample]
        relu_jacobian = active[:, None] * relu_weight
        spectra = [np.sort_complex(np.linalg.eigvals(matrix)) for matrix in (jacobians[sample], relu_jacobian)]
        assert np.allclose(*spectra, rtol=0, atol=1e-10)
    assert network.inside_window[1].any()


@pytest.mark.parametrize("slope", ["linear", "constant"])
def test_reverse_mapping_reproduces_spike_times_and_potentials(slope):
    rng = np.random.default_rng(1)
    x = rng.uniform(size=(40, 6))
    relu = random_relu(rng)
    network = SpikeTimeNetwork.from_relu(relu, slope=slope, tau_c=0.5)
    for layer in network.hidden:
        layer.params["threshold_offset"] += rng.normal(0, 0.05, size=len(layer.params["threshold_offset"]))
    network.initialise_windows(x, zeta=3.0)  # Eq. 3.19 ignores the bias; leave room for it
    potentials = network.forward(x)
    trace = network.to_relu().trace(x)
    for layer, times, activation in zip(network.hidden, network.spike_times[1:], trace.activations, strict=True):
        assert times.min() > layer.t_min
        assert np.abs((layer.t_max - times) / network.tau_c - activation).max() < 1e-10
    assert np.abs(potentials - trace.logits).max() < 1e-10


@pytest.mark.parametrize("slope", ["linear", "constant"])
def test_from_relu_then_to_relu_is_the_identity(slope):
    rng = np.random.default_rng(2)
    relu = random_relu(rng)
    network = SpikeTimeNetwork.from_relu(relu, slope=slope)
    network.initialise_windows(rng.uniform(size=(30, 6)))
    for original, recovered in zip(relu.layers, network.to_relu().layers, strict=True):
        assert np.abs(original.weight - recovered.weight).max() < 1e-12
        assert np.abs(original.bias - recovered.bias).max() < 1e-12


def test_adaptive_rule_widens_windows_without_changing_the_function():
    rng = np.random.default_rng(3)
    x = rng.uniform(size=(25, 6))
    network = SpikeTimeNetwork.from_relu(random_relu(rng), slope="constant")
    network.initialise_windows(x, zeta=0.5)
    before = network.forward(x)
    pairs = zip(network.hidden, network.spike_times[1:], strict=True)
    old = [(layer.t_max - layer.t_min, layer.t_max - times.min()) for layer, times in pairs]
    network.adapt_windows(gamma=100.0)
    for layer, (window, margin) in zip(network.hidden, old, strict=True):
        assert layer.t_max - layer.t_min == pytest.approx(max(window, 100.0 * margin))
    assert any(100.0 * margin > window for window, margin in old)
    assert network.hidden[1].t_min == network.hidden[0].t_max
    assert np.abs(network.forward(x) - before).max() < 1e-10


@pytest.mark.parametrize("optimizer, tolerance", [(lambda: SGD(5e-2), 1e-12), (lambda: Adam(1e-3), 1e-10)])
def test_linearly_mappable_training_follows_the_relu_trajectory(digits, optimizer, tolerance):
    x, labels = (digits["x_train"] + 1) / 2, digits["y_train"]
    rng = np.random.default_rng(4)
    relu = Sequential([Dense(64, 32, rng), ReLU(), Dense(32, 32, rng), ReLU(), Dense(32, 10, rng)])
    network = SpikeTimeNetwork.from_relu(fuse_network(relu, (64,)), slope="linear")
    network.initialise_windows(x)
    options = dict(epochs=3, batch_size=32, seed=5)
    fit(relu, x, labels, optimizer=optimizer(), **options)
    fit(network, x, labels, optimizer=optimizer(), after_step=network.adapt_windows, **options)
    dense = [layer for layer in relu.layers if isinstance(layer, Dense)]
    for relu_layer, snn_layer in zip(dense[:-1], network.hidden, strict=True):
        assert np.abs(snn_layer.params["weight"] - relu_layer.params["weight"]).max() < tolerance
        assert np.abs(-snn_layer.params["threshold_offset"] - relu_layer.params["bias"]).max() < tolerance
    assert np.abs(network.output.params["weight"] - dense[-1].params["weight"]).max() < tolerance
    assert np.abs(network.forward(x) - relu.forward(x)).max() < 1e-10


def test_validation():
    rng = np.random.default_rng(6)
    relu = random_relu(rng)
    with pytest.raises(ConfigError, match="slope"):
        SpikeTimeNetwork.from_relu(relu, slope="steep")
    with pytest.raises(ConfigError, match="tau_c"):
        SpikeTimeNetwork.from_relu(relu, tau_c=0.0)
    relu.hidden[0].weight[:] = 1.0
    with pytest.raises(ConfigError, match="scale_rows"):
        SpikeTimeNetwork.from_relu(relu, slope="constant")
