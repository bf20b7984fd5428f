"""The BPSR layer against numpy loops of Yan et al. (2022) Eqs. 1-3 (forward) and Eqs. 6-13 (backward), and the
regularisers' gradients against their closed forms."""

import math

import numpy as np
import pytest
import torch

from brainsnn_studies.bpsr.network import BPSRNetwork
from brainsnn_studies.bpsr.neuron import BPSRLayer
from brainsnn_studies.bpsr.training import bpsr_loss

ALPHA, THRESHOLD = 0.7, 1.0


def numpy_forward(x, w, r, b, tau):
    """Eq. 1-3: u[t] = tau u[t-1] (1 - s[t-1]) + W x[t] + R s[t-1] + b, s = (u >= U_th)."""
    steps, batch = x.shape[:2]
    u = np.zeros((steps, batch, len(b)))
    s = np.zeros_like(u)
    u_prev, s_prev = np.zeros((batch, len(b))), np.zeros((batch, len(b)))
    for t in range(steps):
        u[t] = tau * u_prev * (1 - s_prev) + x[t] @ w.T + s_prev @ r.T + b
        s[t] = u[t] >= THRESHOLD
        u_prev, s_prev = u[t], s[t]
    return u, s


def numpy_backward(x, w, r, tau, u, s, grad_s):
    """Eqs. 7-13 written out element by element."""
    steps, batch, n = u.shape
    g = ALPHA / math.sqrt(math.pi) * np.exp(-(ALPHA * (u - THRESHOLD)) ** 2)
    du = np.zeros_like(u)
    for t in reversed(range(steps)):
        for k in range(batch):
            for i in range(n):
                value = grad_s[t, k, i]
                if t + 1 < steps:
                    value += sum(du[t + 1, k, j] * r[j, i] for j in range(n))
                du[t, k, i] = value * g[t, k, i] + (du[t + 1, k, i] * tau[i] * (1 - s[t, k, i]) if t + 1 < steps else 0)
    s_prev = np.concatenate([np.zeros_like(s[:1]), s[:-1]])
    u_prev = np.concatenate([np.zeros_like(u[:1]), u[:-1]])
    return {
        "x": np.einsum("tki,ij->tkj", du, w),
        "weight": np.einsum("tki,tkj->ij", du, x),
        "recurrent": np.einsum("tki,tkj->ij", du, s_prev),
        "bias": du.sum((0, 1)),
        "tau": (du * u_prev * (1 - s_prev)).sum((0, 1)),
    }


def _layer(backward, seed=3, n_in=5, n=4):
    layer = BPSRLayer(n_in, n, recurrent=True, threshold=THRESHOLD, alpha=ALPHA, tau_init=0.5,
                      generator=torch.Generator().manual_seed(seed), backward=backward)
    with torch.no_grad():
        layer.tau.copy_(torch.linspace(0.2, 0.9, n, dtype=torch.float64))
        layer.weight.mul_(0.8)
    return layer


def _inputs(steps=6, batch=3, n_in=5, seed=1):
    generator = torch.Generator().manual_seed(seed)
    return (torch.rand(steps, batch, n_in, generator=generator, dtype=torch.float64) < 0.4).to(torch.float64)


@pytest.mark.parametrize("backward", ["iterative", "autograd"])
def test_forward_and_backward_match_numpy_loops(backward):
    layer = _layer(backward)
    x = _inputs().requires_grad_(True)
    s = layer(x)
    w, r = layer.weight.detach().numpy(), layer.recurrent.detach().numpy()
    b, tau = layer.bias.detach().numpy(), layer.tau.detach().numpy()
    u, s_numpy = numpy_forward(x.detach().numpy(), w, r, b, tau)
    assert np.array_equal(s.detach().numpy(), s_numpy)
    assert 0 < s_numpy.mean() < 1  # both spiking and silent steps occur
    grad_s = torch.randn(s.shape, generator=torch.Generator().manual_seed(7), dtype=torch.float64)
    s.backward(grad_s)
    expected = numpy_backward(x.detach().numpy(), w, r, tau, u, s_numpy, grad_s.numpy())
    got = {"x": x.grad, "weight": layer.weight.grad, "recurrent": layer.recurrent.grad, "bias": layer.bias.grad,
           "tau": layer.tau.grad}
    for name, value in expected.items():
        np.testing.assert_allclose(got[name].numpy(), value, rtol=1e-10, atol=1e-12, err_msg=name)


def _network():
    network = BPSRNetwork((5, 6, 3), recurrent=True, seed=2)
    with torch.no_grad():
        network.layers[0].weight.mul_(0.7)
    return network


def test_spiking_regulariser_adds_lambda_s_s_to_the_hidden_spike_gradient():
    """d/dtheta of (lambda_s / 2) mean_batch sum s^2 is the Eq. 7-11 backward of grad_s = lambda_s s / B (hidden layer
    only; the output layer's parameters get nothing)."""
    x, labels, lambda_s = _inputs(batch=4), torch.tensor([0, 2, 1, 2]), 0.3
    gradients = []
    for coefficient in (0.0, lambda_s):
        network = _network()
        bpsr_loss(network, network(x), labels, coefficient, 0.0).backward()
        gradients.append({name: p.grad.clone() for name, p in network.named_parameters()})
    network = _network()
    layer = network.layers[0]
    w, r = layer.weight.detach().numpy(), layer.recurrent.detach().numpy()
    u, s = numpy_forward(x.numpy(), w, r, layer.bias.detach().numpy(), layer.tau.detach().numpy())
    expected = numpy_backward(x.numpy(), w, r, layer.tau.detach().numpy(), u, s, lambda_s * s / 4)
    assert s.sum() > 0
    for name in ("weight", "recurrent", "bias", "tau"):
        difference = gradients[1][f"layers.0.{name}"] - gradients[0][f"layers.0.{name}"]
        np.testing.assert_allclose(difference.numpy(), expected[name], rtol=1e-9, atol=1e-12, err_msg=name)
    for name in ("weight", "bias", "tau"):
        assert torch.equal(gradients[1][f"layers.1.{name}"], gradients[0][f"layers.1.{name}"])


def test_l1_regulariser_gradient_is_lambda_w_sign_w_and_zero_on_missing_synapses():
    x, labels, lambda_w = _inputs(batch=4), torch.tensor([0, 2, 1, 2]), 0.05
    gradients = []
    for coefficient in (0.0, lambda_w):
        network = _network()
        masks = {name: torch.ones_like(mask) for name, mask in network.masks.items()}
        masks["0.weight"][0, :3] = False
        network.set_masks(masks)
        bpsr_loss(network, network(x), labels, 0.0, coefficient).backward()
        gradients.append({name: weight.grad.clone() for name, weight in network.synaptic().items()})
        weights = {name: weight.detach() for name, weight in network.synaptic().items()}
    for name, weight in weights.items():
        assert torch.allclose(gradients[1][name] - gradients[0][name], lambda_w * torch.sign(weight), atol=1e-15)
    assert (torch.sign(weights["0.weight"][0, :3]) == 0).all()


def test_clamp_keeps_weights_within_threshold_and_tau_in_unit_interval():
    layer = _layer("iterative")
    with torch.no_grad():
        layer.weight.mul_(10)
        layer.tau.copy_(torch.tensor([-0.5, 0.3, 1.5, 2.0], dtype=torch.float64))
    layer.clamp_()
    assert layer.weight.abs().max() == THRESHOLD and layer.recurrent.abs().max() <= THRESHOLD
    assert layer.tau.tolist() == [0.0, 0.3, 1.0, 1.0]
