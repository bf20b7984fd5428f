"""The SRM network against a numpy loop of Spikemax eqs. 1-2, its SLAYER-style gradient in closed form, and the
accuracy-against-time decisions against hand counts."""

import math

import numpy as np
import pytest
import torch

from brainsnn_studies.spikemax.latency import accuracy_curve, time_to_accuracy
from brainsnn_studies.spikemax.srm import SRMNetwork

TAU_S, TAU_R, THETA, WIDTH = 3.0, 2.0, 10.0, 0.5


def network(sizes, seed=0):
    return SRMNetwork(sizes, tau_s=TAU_S, tau_r=TAU_R, theta=THETA, surrogate_width=WIDTH, weight_scale=40.0,
                      generator=torch.Generator().manual_seed(seed)).double()


def eps(n, tau):
    return (n / tau) * math.exp(1 - n / tau) if n > 0 else 0.0


def numpy_srm(weights, inputs):
    """u[t] = sum_k eps(t - k) W s_in[k] + sum_k nu(t - k) s[k], s[t] = u[t] >= theta, by direct sums."""
    layers, spikes = [], inputs
    for w in weights:
        steps = len(spikes)
        out = np.zeros((steps, spikes.shape[1], w.shape[0]))
        for t in range(steps):
            psp = sum(eps(t - k, TAU_S) * spikes[k] @ w.T for k in range(t))
            refractory = sum(-2 * THETA * eps(t - k, TAU_R) * out[k] for k in range(t))
            out[t] = (psp + refractory) >= THETA
        layers.append(out)
        spikes = out
    return layers


def test_forward_matches_a_numpy_loop_of_the_equations():
    net = network((6, 5, 3))
    inputs = (np.random.default_rng(0).random((40, 4, 6)) < 0.3).astype(float)
    expected = numpy_srm([w.detach().numpy() for w in net.weights], inputs)
    got = net(torch.as_tensor(inputs))
    assert sum(layer.sum() for layer in expected) > 20
    for ours, theirs in zip(got, expected, strict=True):
        assert np.array_equal(ours.detach().numpy(), theirs)


def test_gradient_is_the_surrogate_correlated_with_the_psp():
    """dL/dW_ij = sum_t g[t]_i rho(u_i[t]) (eps * s_in)_j[t] for L = sum g s, refractory term without gradient."""
    net = network((6, 4), seed=1)
    inputs = (np.random.default_rng(1).random((30, 2, 6)) < 0.4).astype(float)
    upstream = np.random.default_rng(2).normal(size=(30, 2, 4))
    out = net(torch.as_tensor(inputs))[-1]
    (out * torch.as_tensor(upstream)).sum().backward()
    w = net.weights[0].detach().numpy()
    filtered = np.array([sum(eps(t - k, TAU_S) * inputs[k] for k in range(t)) if t else np.zeros((2, 6))
                         for t in range(30)])
    spikes = out.detach().numpy()
    refractory = np.array([sum(-2 * THETA * eps(t - k, TAU_R) * spikes[k] for k in range(t)) if t else np.zeros((2, 4))
                           for t in range(30)])
    u = filtered @ w.T + refractory
    rho = np.exp(-np.abs(u - THETA) / (WIDTH * THETA)) / (WIDTH * THETA)
    expected = np.einsum("tbi,tbj->ij", upstream * rho, filtered)
    assert net.weights[0].grad.numpy() == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_accuracy_curve_and_time_to_accuracy_by_hand():
    spikes = np.zeros((4, 3, 2), dtype=bool)
    spikes[1, 0, 0] = True                 # sample 0 (label 0): right from t = 1
    spikes[0, 1, 0] = spikes[2, 1, 1] = spikes[3, 1, 1] = True  # sample 1 (label 1): wrong, tie at 2, right at 3
    spikes[3, 2, 0] = True                 # sample 2 (label 1): silent, then wrong
    assert accuracy_curve(spikes, np.array([0, 1, 1])).tolist() == pytest.approx([0, 1 / 3, 1 / 3, 2 / 3])
    assert time_to_accuracy(np.array([0.1, 0.5, 0.8, 0.7, 0.8])) == 5  # the dip at t = 3 counts
    assert time_to_accuracy(np.array([0.1, 0.5, 0.8, 0.795, 0.8])) == 3
    assert time_to_accuracy(np.array([0.1, 0.795, 0.5, 0.8, 0.8])) == 4
    assert time_to_accuracy(np.array([0.9, 0.9])) == 1
