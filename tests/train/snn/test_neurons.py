"""LIF/IF/Integrator steps against a plain numpy loop of the documented equations (bit for bit in float64), and
autograd's gradient against a backward pass through time written by hand in numpy."""

import itertools

import numpy as np
import pytest
import torch

from brainsnn.errors import ConfigError
from brainsnn.train.snn.neurons import IF, LIF, Integrator

STEPS, NEURONS = 14, 40


def numpy_lif(currents, beta, threshold, reset, refractory_steps):
    """Forward loop; returns spikes, post-reset membranes, pre-reset membranes and the active masks."""
    v = np.zeros(currents.shape[1])
    refractory_left = np.zeros(currents.shape[1], dtype=int)
    spikes, membranes, integrated, actives = [], [], [], []
    for current in currents:
        active = refractory_left == 0
        refractory_left = np.maximum(refractory_left - 1, 0)
        v = np.where(active, beta * v + current, v)
        s = (v >= threshold).astype(float) * active
        integrated.append(v)
        v = v * (1 - s) if reset == "zero" else v - threshold * s
        refractory_left = np.where(s == 1, refractory_steps, refractory_left)
        spikes.append(s), membranes.append(v), actives.append(active)
    return np.array(spikes), np.array(membranes), np.array(integrated), np.array(actives)


def triangle(u, gamma=0.3, width=1.0):
    return gamma * np.maximum(0.0, 1 - np.abs(u) / width)


def numpy_bptt(currents, spike_weights, final_weights, beta, threshold, reset, refractory_steps, detach_reset):
    """d/dI of ``sum(spike_weights * s) + sum(final_weights * v[T])`` by hand, the reset path kept or dropped."""
    spikes, _, integrated, actives = numpy_lif(currents, beta, threshold, reset, refractory_steps)
    grad_currents = np.zeros_like(currents)
    grad_v = final_weights.copy()
    for t in reversed(range(len(currents))):
        grad_s = spike_weights[t].copy()
        if reset == "zero":
            grad_u = grad_v * (1 - spikes[t])
            grad_s -= 0 if detach_reset else grad_v * integrated[t]
        else:
            grad_u = grad_v.copy()
            grad_s -= 0 if detach_reset else threshold * grad_v
        grad_u += grad_s * actives[t] * triangle(integrated[t] - threshold)
        grad_currents[t] = np.where(actives[t], grad_u, 0.0)
        grad_v = np.where(actives[t], beta * grad_u, grad_u)
    return grad_currents


def torch_run(neuron, currents):
    spikes, membranes = [], []
    for current in currents:
        spikes.append(neuron(current))
        membranes.append(neuron.v)
    return torch.stack(spikes), torch.stack(membranes)


CASES = list(itertools.product([1.0, 0.9], ["zero", "subtract"], [0, 2]))


@pytest.mark.parametrize(("beta", "reset", "refractory_steps"), CASES)
def test_forward_matches_numpy_loop_bit_for_bit(beta, reset, refractory_steps):
    currents = np.random.default_rng(1).uniform(-0.3, 0.8, size=(STEPS, NEURONS))
    neuron = LIF(beta, threshold=1.2, reset=reset, refractory_steps=refractory_steps)
    spikes, membranes = torch_run(neuron, torch.tensor(currents))
    expected_spikes, expected_membranes, _, _ = numpy_lif(currents, beta, 1.2, reset, refractory_steps)
    assert 20 < expected_spikes.sum() < STEPS * NEURONS / 2
    np.testing.assert_array_equal(spikes.numpy(), expected_spikes)
    np.testing.assert_array_equal(membranes.numpy(), expected_membranes)


@pytest.mark.parametrize("detach_reset", [False, True])
@pytest.mark.parametrize(("beta", "reset", "refractory_steps"), CASES)
def test_gradient_matches_hand_written_bptt(beta, reset, refractory_steps, detach_reset):
    rng = np.random.default_rng(2)
    currents = rng.uniform(-0.3, 0.8, size=(STEPS, NEURONS))
    spike_weights, final_weights = rng.normal(size=(STEPS, NEURONS)), rng.normal(size=NEURONS)
    inputs = torch.tensor(currents, requires_grad=True)
    neuron = LIF(beta, threshold=1.2, reset=reset, refractory_steps=refractory_steps, detach_reset=detach_reset)
    spikes, membranes = torch_run(neuron, inputs)
    ((spikes * torch.tensor(spike_weights)).sum() + (membranes[-1] * torch.tensor(final_weights)).sum()).backward()
    expected = numpy_bptt(currents, spike_weights, final_weights, beta, 1.2, reset, refractory_steps, detach_reset)
    assert np.abs(expected).max() > 0.1
    assert (expected == 0).any() == (refractory_steps > 0)
    np.testing.assert_allclose(inputs.grad.numpy(), expected, rtol=1e-12, atol=1e-14)


def test_membrane_exactly_at_threshold_spikes():
    neuron = LIF(0.5, threshold=1.0, reset="subtract")
    assert neuron(torch.tensor([1.0, 0.999, 1.5], dtype=torch.float64)).tolist() == [1.0, 0.0, 1.0]
    assert neuron.v.tolist() == [0.0, 0.999, 0.5]


def test_refractory_neuron_is_frozen_for_that_many_steps():
    neuron = LIF(0.5, threshold=1.0, reset="zero", refractory_steps=2)
    spikes = [neuron(torch.tensor([value])).item() for value in (1.0, 5.0, 5.0, 0.25, 1.0)]
    assert spikes == [1.0, 0.0, 0.0, 0.0, 1.0]


def test_if_is_lif_with_beta_one():
    currents = torch.tensor(np.random.default_rng(3).uniform(-0.5, 1.0, size=(STEPS, 7)))
    a, b = IF(threshold=0.7, reset="zero"), LIF(1.0, threshold=0.7, reset="zero")
    assert IF().beta == 1.0
    assert torch.equal(torch_run(a, currents)[0], torch_run(b, currents)[0])


def test_pre_charged_if_neuron_counts_the_floor_of_its_total_charge():
    """Reset by subtraction conserves charge: after T steps of constant current I in [0, theta) from v0 in
    [0, theta), the count is floor((v0 + T I) / theta) (dyadic values keep the sums exact)."""
    rng = np.random.default_rng(5)
    current = torch.tensor(rng.integers(0, 64, size=40) / 64.0)
    neuron = IF(threshold=1.0, initial_v=0.5)
    counts = sum(neuron(current) for _ in range(STEPS))
    np.testing.assert_array_equal(counts.numpy(), np.floor(0.5 + STEPS * current.numpy()))
    assert torch.equal(neuron.v, 0.5 + STEPS * current - counts)


def test_integrator_is_a_leaky_sum():
    currents = np.random.default_rng(4).normal(size=(STEPS, 5))
    readout = Integrator(beta=0.8)
    outputs = torch.stack([readout(current) for current in torch.tensor(currents)]).numpy()
    expected = [sum(0.8 ** (t - k) * currents[k] for k in range(t + 1)) for t in range(STEPS)]
    np.testing.assert_allclose(outputs, expected, rtol=1e-12)


@pytest.mark.parametrize("neuron", [LIF(0.9), Integrator()])
def test_state_resets_and_rejects_another_batch_size(neuron):
    neuron(torch.ones(3, 2))
    with pytest.raises(ConfigError, match="reset_state"):
        neuron(torch.ones(4, 2))
    neuron.reset_state()
    assert neuron.v is None
    neuron(torch.ones(4, 2))
    assert neuron.v.shape == (4, 2)


@pytest.mark.parametrize(
    ("keywords", "message"),
    [
        ({"beta": 0.0}, "beta"),
        ({"beta": 1.5}, "beta"),
        ({"beta": 0.9, "threshold": -1.0}, "threshold"),
        ({"beta": 0.9, "reset": "soft"}, "zero, subtract"),
        ({"beta": 0.9, "refractory_steps": 1.5}, "refractory_steps"),
        ({"beta": 0.9, "detach_reset": 1}, "detach_reset"),
        ({"beta": 0.9, "surrogate": "relu"}, "unknown surrogate"),
        ({"beta": 0.9, "initial_v": float("nan")}, "initial_v"),
    ],
)
def test_bad_parameters_are_rejected(keywords, message):
    with pytest.raises(ConfigError, match=message):
        LIF(**keywords)
