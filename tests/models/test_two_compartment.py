"""Two-compartment neurons (Eqs. 1-3), running statistics and the inhibition kernel (Eq. 4) against numpy oracles."""

import numpy as np
import pytest
from brian2 import (
    Network,
    NeuronGroup,
    SpikeGeneratorGroup,
    SpikeMonitor,
    StateMonitor,
    Synapses,
    TimedArray,
    defaultclock,
    ms,
)

from brainsnn.backend import use_backend
from brainsnn.errors import ConfigError
from brainsnn.models.two_compartment import (
    TwoCompartmentParams,
    dendritic_synapses,
    lateral_inhibition,
    poisson_input_group,
    two_compartment_group,
)

N_IN, N_OUT, STEPS = 12, 3, 400


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _numpy_reference(psp, w0, params, steps, standardised):
    """Eqs. 1-3 stepped with forward Euler (dt = 1 ms) in the documented order, frozen inhibition G_max."""
    g_l, g_d, dt = 1 / params.tau_ms, params.g_dendrite, 1.0
    g_max = params.inhibition_max / N_OUT
    lateral = g_max * (1 - np.eye(N_OUT))
    w, u, mu, m2, f = w0.copy(), np.zeros(N_OUT), np.zeros(N_OUT), np.zeros(N_OUT), np.zeros(N_OUT)
    trace = {"u": [], "mu": [], "m2": [], "f": []}
    for _ in range(steps):
        v = psp @ w
        inhibition = lateral.T @ f
        u, mu, m2 = (u + dt * (-g_l * u + g_d * (v - u - inhibition)), mu + dt * (u - mu) / params.tau_avg_ms,
                     m2 + dt * (u**2 - m2) / params.tau_avg_ms)
        if standardised:
            sigma = np.sqrt(np.clip(m2 - mu**2, 1e-12, 1e12))
            f = _sigmoid(params.beta0 * (np.clip((u - mu) / sigma, -100, 100) - params.theta0))
        else:
            f = _sigmoid(params.beta0 * (u - params.theta0))
        phi = _sigmoid(params.beta0 * (params.attenuation * v - params.theta0))
        w = w + dt * params.eta * (params.beta0 * np.outer(psp, (1 - phi) * (f - phi)) - params.gamma * w)
        for key, value in zip(trace, (u, mu, m2, f), strict=True):
            trace[key].append(value)
    return w, {key: np.array(value) for key, value in trace.items()}


def _brian_run(psp, w0, params, steps, standardised):
    with use_backend("numpy", seed=0):
        defaultclock.dt = 1 * ms
        source = NeuronGroup(N_IN, "psp : 1", name="fixed_input")
        source.psp = psp
        outputs = two_compartment_group(N_OUT, params, standardised)
        synapses = dendritic_synapses(source, outputs, params, "1")
        synapses.w = w0[synapses.i[:], synapses.j[:]]
        lateral = lateral_inhibition(outputs, params, "0")
        monitor = StateMonitor(outputs, ("u", "mu", "m2", "f"), record=True)
        Network(source, outputs, synapses, lateral, monitor).run(steps * ms)
        w = np.zeros_like(w0)
        w[synapses.i[:], synapses.j[:]] = synapses.w[:]
        # the monitor records at the start of a step (before the update): shift by one step
        return w, {key: getattr(monitor, key)[:].T for key in ("u", "mu", "m2", "f")}


@pytest.mark.parametrize("standardised", ["1", "0"])
def test_plasticity_and_soma_match_a_numpy_reference_of_eqs_1_to_3(standardised):
    rng = np.random.default_rng(3)
    psp, w0 = rng.uniform(0, 1, N_IN), rng.normal(0, 1, (N_IN, N_OUT)) / np.sqrt(N_IN)
    params = TwoCompartmentParams(noise=0.0, eta=1e-3, tau_avg_ms=50.0)
    w_brian, trace = _brian_run(psp, w0, params, STEPS, standardised)
    w_numpy, reference = _numpy_reference(psp, w0, params, STEPS, standardised == "1")
    for key in ("u", "mu", "m2", "f"):
        np.testing.assert_allclose(trace[key][1:], reference[key][:-1], rtol=1e-9, atol=1e-12, err_msg=key)
    np.testing.assert_allclose(w_brian, w_numpy, rtol=1e-9, atol=1e-12)
    assert np.max(np.abs(w_numpy - w0)) > 1e-3  # the rule did change the weights


def test_running_statistics_equal_exponentially_weighted_numpy_mean_and_sd():
    rng = np.random.default_rng(4)
    psp, w0 = rng.uniform(0, 1, N_IN), rng.normal(0, 1, (N_IN, N_OUT)) / np.sqrt(N_IN)
    params = TwoCompartmentParams(noise=0.0, eta=0.0, tau_avg_ms=40.0)
    _, trace = _brian_run(psp, w0, params, STEPS, "1")
    u = trace["u"][:-1]  # u before each step's update
    decay = 1 - 1 / params.tau_avg_ms
    weights = (1 / params.tau_avg_ms) * decay ** np.arange(len(u))[::-1]  # mu_0 = 0 contributes nothing
    mean = np.average(u, axis=0, weights=weights) * weights.sum()
    second = np.average(u**2, axis=0, weights=weights) * weights.sum()
    np.testing.assert_allclose(trace["mu"][-1], mean, rtol=1e-9)
    np.testing.assert_allclose(np.sqrt(trace["m2"][-1] - trace["mu"][-1] ** 2), np.sqrt(second - mean**2), rtol=1e-7)


def test_input_psp_is_a_difference_of_exponentials_with_peak_one():
    params = TwoCompartmentParams()
    with use_backend("numpy", seed=0):
        defaultclock.dt = 0.01 * ms
        spike = SpikeGeneratorGroup(1, [0], [0.0] * ms)
        inputs = poisson_input_group(1, params, "0*Hz")
        relay = Synapses(spike, inputs, on_pre="xs_post += 1")
        relay.connect()
        monitor = StateMonitor(inputs, "psp", record=0)
        Network(spike, inputs, relay, monitor).run(80 * ms)
        t, psp = monitor.t[:] / ms, monitor.psp[0]
    tau, tau_s, start = params.tau_ms, params.tau_syn_ms, t[np.argmax(psp > 0)] - 0.01
    closed = params.psp_scale * tau_s / (tau - tau_s) * (np.exp(-(t - start) / tau) - np.exp(-(t - start) / tau_s))
    np.testing.assert_allclose(psp[t > start], closed[t > start], atol=1e-6)
    assert psp.max() == pytest.approx(1.0, abs=1e-4)


@pytest.mark.parametrize(("first", "lag"), [(0, 10), (1, 10), (0, 60)])
def test_inhibition_change_is_the_symmetric_two_exponential_kernel(first, lag):
    """Outputs forced to spike ``lag`` steps apart change G both ways by G_max [c_p a_p + c_d a_d] (Eq. 4), with
    a = (1 - dt / tau)**lag the forward-Euler trace decay: negative below 40 ln 2 ms, positive above."""
    params = TwoCompartmentParams()
    g_max = params.inhibition_max / 2
    schedule = np.zeros((100, 2))
    schedule[5, first], schedule[5 + lag, 1 - first] = 1, 1
    with use_backend("numpy", seed=0):
        defaultclock.dt = 1 * ms
        outputs = two_compartment_group(2, params, "0")
        outputs.namespace.update(r_out=1 / ms, forced=TimedArray(schedule, dt=1 * ms))
        outputs.run_regularly("f = forced(t, i)", when="after_groups")  # f = 1 makes rand() < f r_out dt certain
        lateral = lateral_inhibition(outputs, params, "1")
        lateral.G = g_max / 2
        spikes = SpikeMonitor(outputs)
        Network(outputs, lateral, spikes).run(100 * ms)
        assert sorted(zip(spikes.t[:] / ms, spikes.i[:], strict=True)) == sorted([(5.0, first), (5.0 + lag, 1 - first)])
        change = lateral.G[:] - g_max / 2
    decay_p, decay_d = (1 - 1 / params.tau_p_ms) ** lag, (1 - 1 / params.tau_d_ms) ** lag
    expected = g_max * (params.c_p * decay_p + params.c_d * decay_d)
    np.testing.assert_allclose(change, [expected, expected], rtol=1e-9)
    assert (expected < 0) == (lag < 40 * np.log(2))


def test_bad_constants_raise_config_error():
    with pytest.raises(ConfigError, match="tau_ms must be > 0"):
        TwoCompartmentParams(tau_ms=0.0)
    with pytest.raises(ConfigError, match="finite"):
        TwoCompartmentParams(eta=float("nan"))
