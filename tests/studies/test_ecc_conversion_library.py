"""brainsnn.conversion's ECC, weight normalisation and operation model against hand-written oracles: the eval-mode
torch forward (BN folding), eq. (8) by hand, a numpy loop of the IF equations (2)-(4), the closed-form first-layer
count, count + V/V_thr against the integrator read-out, and eqs. (13)-(14) counted by hand."""

import math

import numpy as np
import pytest

torch = pytest.importorskip("torch")
from torch import nn  # noqa: E402

from brainsnn.conversion.ecc import ecc_network, fold_batch_norm  # noqa: E402
from brainsnn.conversion.operation_model import cnn_operations, snn_operations  # noqa: E402
from brainsnn.conversion.weight_normalisation import activation_maxima, weight_normalised  # noqa: E402
from brainsnn.deploy import deployment_plan  # noqa: E402
from brainsnn.errors import ConfigError  # noqa: E402
from brainsnn.train.snn import IF, SpikingNetwork  # noqa: E402
from brainsnn_studies.ecc_conversion.simulation import constant_current, simulate  # noqa: E402


def trained_like(model: nn.Sequential, x: torch.Tensor) -> nn.Sequential:
    """Random weights and batch-norm statistics of a few training passes; eval mode."""
    torch.manual_seed(3)
    model.train()
    for _ in range(3):
        model(x)
    for layer in model:
        if isinstance(layer, nn.BatchNorm1d | nn.BatchNorm2d):
            with torch.no_grad():
                layer.weight.uniform_(0.5, 1.5)
                layer.bias.uniform_(-0.2, 0.2)
    return model.eval()


@pytest.fixture
def mlp():
    torch.manual_seed(0)
    x = torch.rand(64, 6)
    model = nn.Sequential(nn.Linear(6, 8), nn.BatchNorm1d(8, eps=1e-3), nn.ReLU(), nn.Linear(8, 5), nn.ReLU(),
                          nn.Linear(5, 3))
    return trained_like(model, x), x


def if_loop(weights, biases, thresholds, x: np.ndarray, steps: int, initial: float = 0.0):
    """Eqs. (2)-(4) in numpy: constant input current, one spike per step at most, reset by subtraction, all layers
    within a step; returns the spike counts of the hidden layers and the output's total charge."""
    v = [np.full((len(x), len(b)), initial * th) for b, th in zip(biases[:-1], thresholds, strict=True)]
    counts = [np.zeros_like(u) for u in v]
    charge = np.zeros((len(x), len(biases[-1])))
    for _ in range(steps):
        s = x
        for n, (w, b) in enumerate(zip(weights, biases, strict=True)):
            z = s @ w.T + b
            if n == len(v):
                charge += z
                break
            v[n] += z
            s = (v[n] >= thresholds[n]).astype(float)
            v[n] -= thresholds[n] * s
            counts[n] += s
    return counts, charge


def affine_layers(network):
    layers = [layer for layer in network.layers if isinstance(layer, nn.Linear)]
    return ([layer.weight.numpy() for layer in layers], [layer.bias.numpy() for layer in layers],
            [layer.threshold for layer in network.layers if isinstance(layer, IF)])


def test_folding_with_the_trained_eps_reproduces_the_eval_forward_and_eps_zero_does_not():
    torch.manual_seed(1)
    conv, norm = nn.Conv2d(2, 3, 3, padding=1), nn.BatchNorm2d(3, eps=1e-3)
    x = torch.rand(5, 2, 6, 6)
    model = trained_like(nn.Sequential(conv, norm), x)
    with torch.no_grad():
        norm.running_var.fill_(2e-3)  # eps matters when the variance is small
        expected = model(x).double()
    for eps, close in ((None, True), (0.0, False)):
        weight, bias = fold_batch_norm(conv, norm, eps)
        folded = nn.functional.conv2d(x.double(), weight, bias, padding=1)
        assert torch.allclose(folded, expected, atol=1e-5) is close


def test_current_normalisation_is_eq_8(mlp):
    model, x = mlp
    maxima = activation_maxima(model, x)
    network = ecc_network(model, maxima, kappa=7.0, eta=0.0)
    w1, b1 = fold_batch_norm(model[0], model[1])
    layers = [layer for layer in network.layers if isinstance(layer, nn.Linear)]
    assert torch.allclose(layers[0].weight, 7.0 * w1 / maxima[0])
    assert torch.allclose(layers[0].bias, 7.0 * b1 / maxima[0])
    assert torch.allclose(layers[1].weight, 7.0 * model[3].weight.double() * maxima[0] / maxima[1])
    assert torch.allclose(layers[2].bias, 7.0 * model[5].bias.double() / maxima[2])
    assert [layer.threshold for layer in network.layers if isinstance(layer, IF)] == [7.0, 7.0]
    baseline = weight_normalised(model, maxima)
    assert [layer.threshold for layer in baseline.layers if isinstance(layer, IF)] == [1.0, 1.0]


def test_activation_maxima_are_the_largest_relu_outputs_and_scores(mlp):
    model, x = mlp
    with torch.no_grad():
        hidden1 = model[:3](x)
        hidden2 = model[:5](x)
        scores = model(x)
    expected = [hidden1.max(), hidden2.max(), scores.max()]
    assert activation_maxima(model, x, batch_size=7) == pytest.approx([float(v) for v in expected], rel=1e-6)


@pytest.mark.parametrize("tre", ["per_step", "initial_charge"])
def test_the_engine_counts_equal_a_numpy_loop_of_the_if_equations(mlp, tre):
    model, x = mlp
    steps, eta = 20, 0.5
    network = ecc_network(model, activation_maxima(model, x), eta=eta, steps=steps, tre=tre)
    simulation = simulate(network, x, steps, batch_size=25)
    weights, biases, thresholds = affine_layers(network)
    counts, charge = if_loop(weights, biases, thresholds, x.double().numpy(), steps,
                             initial=eta if tre == "initial_charge" else 0.0)
    for ours, theirs in zip(simulation.counts, counts, strict=True):
        np.testing.assert_array_equal(ours, theirs)
    np.testing.assert_allclose(simulation.readout * steps, charge, rtol=1e-12, atol=1e-9)


@pytest.mark.parametrize("tre", ["per_step", "initial_charge"])
def test_first_layer_counts_are_the_closed_form_floor(mlp, tre):
    """Constant current z: N = clip(floor(T z / V_thr + eta), 0, T) for both ways of delivering TRE's charge."""
    model, x = mlp
    steps, eta = 13, 0.5
    network = ecc_network(model, activation_maxima(model, x), eta=eta, steps=steps, tre=tre)
    counts = simulate(network, x, steps).counts[0]
    w, b = fold_batch_norm(model[0], model[1])
    threshold = network.layers[1].threshold
    z = (x.double() @ w.T + b).numpy() * threshold / activation_maxima(model, x)[0]
    exact = steps * z / threshold + eta
    expected = np.clip(np.floor(exact), 0, steps)
    boundary = np.abs(exact - np.rint(exact)) < 1e-9
    np.testing.assert_array_equal(counts[~boundary], expected[~boundary])
    assert counts.sum() > 0 and (counts == steps).any() and (counts == 0).any()


def test_count_plus_residual_over_threshold_is_the_integrator_read_out(mlp):
    """A spiking output layer's N + V(T)/V_thr is its total charge / V_thr: the Integrator's v[T] / V_thr."""
    model, x = mlp
    steps = 16
    network = ecc_network(model, activation_maxima(model, x), steps=steps)
    spiking = SpikingNetwork([*network.layers[:-1], IF(100.0, reset="subtract")]).double().eval()
    with torch.no_grad():
        counts = spiking(constant_current(x, steps))
    residual = spiking.layers[-1].v
    total = network(constant_current(x, steps)) * steps / 100.0
    assert torch.allclose(counts + residual / 100.0, total, rtol=0, atol=1e-9)
    assert torch.equal((counts + residual / 100.0).argmax(1), total.argmax(1))


def test_kappa_is_a_pure_scale(mlp):
    model, x = mlp
    maxima = activation_maxima(model, x)
    one = simulate(ecc_network(model, maxima, kappa=1.0, steps=32), x, 32)
    many = simulate(ecc_network(model, maxima, kappa=100.0, steps=32), x, 32)
    for a, b in zip(one.counts, many.counts, strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(one.readout, many.readout / 100.0, atol=1e-12)


def test_integer_weights_follow_the_spkeras_formulas(mlp):
    model, x = mlp
    maxima = activation_maxima(model, x)
    network = ecc_network(model, maxima, bits=8, eta=0.0)
    weights, biases, thresholds = affine_layers(network)
    w1, b1 = fold_batch_norm(model[0], model[1])
    scale = 2**7 / float(w1.abs().max())
    np.testing.assert_array_equal(weights[0], np.trunc(w1.numpy() * scale))
    np.testing.assert_array_equal(biases[0], np.trunc(b1.numpy() * scale))
    assert thresholds[0] == math.trunc(scale * maxima[0])
    for w in weights:
        assert np.abs(w).max() == 2**7 and (w == np.rint(w)).all()


def test_operation_counts_are_eqs_13_and_14_by_hand():
    model = nn.Sequential(nn.Conv2d(1, 2, 3, padding=1), nn.ReLU(), nn.AvgPool2d(2), nn.Flatten(), nn.Linear(8, 3))
    assert cnn_operations(model, (1, 4, 4)) == (2 * 9 + 1) * 2 * 16 + (2 * 8 + 1) * 3
    network = ecc_network(model.eval(), [1.0, 1.0], kappa=1.0, eta=0.0)
    plan = deployment_plan(network, (1, 4, 4))
    counts = np.arange(32, dtype=float).reshape(1, 32)
    # every conv neuron feeds one pooled value, which reaches all 3 outputs
    assert snn_operations(plan, [counts]).tolist() == [[3 * counts.sum()]]


def test_bad_models_and_settings_are_rejected(mlp):
    model, x = mlp
    maxima = activation_maxima(model, x)
    with pytest.raises(ConfigError, match="steps"):
        ecc_network(model, maxima, eta=0.5, tre="per_step")
    with pytest.raises(ConfigError, match="maxima"):
        ecc_network(model, maxima[:2], steps=4)
    with pytest.raises(ConfigError, match="MaxPool2d"):
        ecc_network(nn.Sequential(nn.Conv2d(1, 1, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(1, 2)).eval(),
                [1.0, 1.0], steps=4)
    with pytest.raises(ConfigError, match="eval"):
        ecc_network(model.train(), maxima, steps=4)
    with pytest.raises(ConfigError, match="bits"):
        ecc_network(model.eval(), maxima, bits=1, eta=0.0)
