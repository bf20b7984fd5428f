"""The three gradients of the antlr study against independent oracles: the double sums of Eqs. 6-10 written out
term by term with the SRM kernel, finite differences of an interpolated spike time, and the closed-form kernel."""

import numpy as np
import pytest

from brainsnn_studies.antlr.gradients import MIN_SLOPE, Weighting, backward
from brainsnn_studies.antlr.losses import spike_train_loss
from brainsnn_studies.antlr.neuron import Neuron, forward


def srm_oracle(neuron, weights, trace, grad_spikes, grad_times, weighting):
    """dL/dW and dL/db of one sample by the sums of Eqs. 4 and 6-10, looping over every (t, t_a) pair."""
    steps = trace.inputs.shape[0]
    eps = neuron.kernel(steps + 2)

    def kernel(x):
        return eps[x] if x >= 0 else 0.0

    grad_s, grad_t = grad_spikes[:, 0, 0], grad_times[:, 0, 0]
    weight_grads, bias_grads = [None] * len(weights), [None] * len(weights)
    for layer in range(len(weights) - 1, -1, -1):
        v, s = trace.potentials[layer][:, 0, 0], trace.spikes[layer][:, 0, 0]
        n = v.shape[1]
        rise = np.array([[v[t, j] - ((1 - s[t - 1, j]) * v[t - 1, j] if t else 0.0) for j in range(n)]
                         for t in range(steps)])
        grad_v = (weighting.act * np.exp(-weighting.surrogate_beta * np.abs(v - neuron.threshold)) * grad_s
                  + weighting.tim * s * grad_t / -np.maximum(rise, MIN_SLOPE))
        last = np.array([[max([u for u in range(t_a) if s[u, j]], default=-1) for j in range(n)]
                         for t_a in range(steps)])
        below = trace.inputs[:, 0, 0] if layer == 0 else trace.spikes[layer - 1][:, 0, 0]
        w = weights[layer][0]
        weight_grads[layer], bias_grads[layer] = np.zeros_like(w), np.zeros(n)
        for j in range(n):
            for t_a in range(steps):
                for tau in range(last[t_a, j] + 1, t_a + 1):  # Eq. 4: inputs since the last spike
                    weight_grads[layer][:, j] += grad_v[t_a, j] * below[tau] * kernel(t_a - tau)
                    bias_grads[layer][j] += grad_v[t_a, j] * neuron.beta_v * neuron.alpha_v ** (t_a - tau)
        if layer:
            grad_s, grad_t = np.zeros((steps, w.shape[0])), np.zeros((steps, w.shape[0]))
            for i in range(w.shape[0]):
                for t in range(steps):
                    for j in range(n):
                        for t_a in range(t, steps):
                            if t > last[t_a, j]:
                                grad_s[t, i] += grad_v[t_a, j] * w[i, j] * kernel(t_a - t)  # Eq. 6
                                grad_t[t, i] -= grad_v[t_a, j] * w[i, j] * (kernel(t_a - t + 1)
                                                                            - kernel(t_a - t - 1)) / 2  # Eq. 7
    return weight_grads, bias_grads


@pytest.fixture(scope="module")
def tiny():
    rng = np.random.default_rng(1)
    neuron = Neuron(alpha_i=0.9, alpha_v=0.8)
    sizes, steps = (4, 5, 4, 2), 24
    weights = [rng.normal(0.6, 0.8, (1, a, b)) for a, b in zip(sizes[:-1], sizes[1:], strict=False)]
    biases = [rng.normal(0.05, 0.05, (1, 1, b)) for b in sizes[1:]]
    inputs = (rng.random((steps, 1, 1, sizes[0])) < 0.25).astype(float)
    trace = forward(neuron, weights, biases, inputs)
    target = (rng.random((steps, 1, 1, sizes[-1])) < 0.1).astype(float)
    return neuron, weights, trace, spike_train_loss(trace.output, target, 5.0)


def test_the_tiny_net_spikes_in_every_layer_more_than_once(tiny):
    _, _, trace, _ = tiny
    assert all(s[:, 0, 0].sum(axis=0).max() >= 2 for s in trace.spikes)


@pytest.mark.parametrize("weighting", [Weighting(1, 0), Weighting(0, 1), Weighting(1, 1), Weighting(0.7, 0.3, 2.0)])
def test_recursions_equal_the_double_sums_of_eqs_6_to_10(tiny, weighting):
    neuron, weights, trace, loss = tiny
    ours = backward(neuron, weights, trace, loss.grad_spikes, loss.grad_times, weighting)
    expected_w, expected_b = srm_oracle(neuron, weights, trace, loss.grad_spikes, loss.grad_times, weighting)
    for got, want in zip(ours.weights, expected_w, strict=True):
        assert np.abs(want).max() > 0.1
        np.testing.assert_allclose(got[0], want, rtol=1e-10, atol=1e-10)
    for got, want in zip(ours.biases, expected_b, strict=True):
        np.testing.assert_allclose(got[0, 0], want, rtol=1e-10, atol=1e-10)


def test_antlr_is_the_sum_of_both_methods_at_the_output_layer_but_not_below(tiny):
    neuron, weights, trace, loss = tiny
    grads = {name: backward(neuron, weights, trace, loss.grad_spikes, loss.grad_times, w).weights
             for name, w in (("act", Weighting(1, 0)), ("tim", Weighting(0, 1)), ("ant", Weighting(1, 1)))}
    np.testing.assert_allclose(grads["ant"][-1], grads["act"][-1] + grads["tim"][-1], rtol=1e-12)
    # below the output the mixed paths (activation through timing and back) make ANTLR more than the sum
    assert not np.allclose(grads["ant"][0], grads["act"][0] + grads["tim"][0])


def test_kernel_is_the_closed_form_and_peaks_at_one():
    neuron = Neuron(alpha_i=0.95, alpha_v=0.9)
    steps = 200
    inputs = np.zeros((steps, 1, 1, 1))
    inputs[0] = 1.0
    trace = forward(Neuron(0.95, 0.9, 1.0, threshold=1e9), [np.ones((1, 1, 1))], [np.zeros((1, 1, 1))], inputs)
    tau = np.arange(steps)
    closed = (0.95 ** (tau + 1) - 0.9 ** (tau + 1)) / (0.95 - 0.9) * neuron.beta_v
    np.testing.assert_allclose(trace.potentials[0][:, 0, 0, 0], closed, rtol=1e-12)
    assert neuron.kernel(steps).max() == pytest.approx(1.0)
    assert Neuron().kernel(300).max() == pytest.approx(1.0) and Neuron().kernel(300).argmax() in (98, 99)


def crossing_time(neuron, weights, inputs):
    """First threshold crossing, linearly interpolated between the steps around it."""
    v = forward(neuron, weights, [np.zeros((1, 1, 1))], inputs).potentials[0][:, 0, 0, 0]
    k = int(np.argmax(v >= neuron.threshold))
    return k - 1 + (neuron.threshold - v[k - 1]) / (v[k] - v[k - 1])


def test_timing_gradient_follows_the_interpolated_spike_time():
    """dt_hat/dw from the timing method (-eps / V*) against central differences of the interpolated crossing time;
    they differ by using dV[t_hat]/dw for the slope-weighted mix of dV[t_hat - 1]/dw and dV[t_hat]/dw (a few %)."""
    neuron = Neuron()
    inputs = np.zeros((60, 1, 1, 3))
    inputs[[2, 9, 15], 0, 0, [0, 1, 2]] = 1.0
    weights = [np.array([[[0.5], [0.45], [0.4]]])]
    trace = forward(neuron, weights, [np.zeros((1, 1, 1))], inputs)
    first = int(np.argmax(trace.output[:, 0, 0, 0]))
    grad_times = np.zeros_like(trace.output)
    grad_times[first] = 1.0  # L = t_hat
    ours = backward(neuron, weights, trace, np.zeros_like(grad_times), grad_times, Weighting(0, 1)).weights[0][0, :, 0]
    h = 1e-6
    for i in range(3):
        up, down = [w.copy() for w in weights], [w.copy() for w in weights]
        up[0][0, i, 0] += h
        down[0][0, i, 0] -= h
        numeric = (crossing_time(neuron, up, inputs) - crossing_time(neuron, down, inputs)) / (2 * h)
        assert numeric < 0 and ours[i] == pytest.approx(numeric, rel=0.1)
