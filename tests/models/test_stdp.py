"""STDP rules against the closed-form weight change of one spike pair (Chakraborty & Mukhopadhyay 2021, Eqs. 2-10)."""

import math

import numpy as np
import pytest
from brian2 import Network, NeuronGroup, SpikeGeneratorGroup, Synapses, defaultclock, ms

from brainsnn.backend import use_backend
from brainsnn.errors import ConfigError
from brainsnn.models.stdp import RULES, rule_parameters, stdp_code

PARAMS = {"eta": 0.01, "sigma": 0.0, "c_plus": 0.8, "c_minus": 0.6, "tau_plus": 15.0, "tau_minus": 30.0,
          "w_max": 1.0, "w0": 0.2, "curvature": 3.0, "ltp_decay": 5.0}


def _paired_change(rule: str, w_start: float, t_pre_ms: float, t_post_ms: float, as_variables=False,
                   second_post_ms: float = -1000.0) -> float:
    """Weight change after one presynaptic spike at t_pre and forced postsynaptic spikes at t_post (and a second)."""
    with use_backend("numpy"):
        defaultclock.dt = 0.1 * ms
        pre = SpikeGeneratorGroup(1, [0], [t_pre_ms] * ms)
        code = stdp_code(rule, rule_parameters(rule, PARAMS), track_column_sum=True, as_variables=as_variables)
        post = NeuronGroup(1, f"ge : 1\nlearning : 1\nw_sum : 1\nt_fire : second\nt_again : second\n{code.post_model}",
                           threshold="abs(t - t_fire) < 0.05 * ms or abs(t - t_again) < 0.05 * ms",
                           reset=code.post_reset, namespace=code.post_namespace)
        post.learning = 1
        post.t_fire = t_post_ms * ms
        post.t_again = second_post_ms * ms
        synapses = Synapses(pre, post, code.model, on_pre=code.on_pre, on_post=code.on_post, namespace=code.namespace)
        synapses.connect()
        code.assign(synapses)
        synapses.w = w_start
        post.w_sum = w_start
        net = Network(pre, post, synapses)
        net.run((max(t_pre_ms, t_post_ms, second_post_ms) + 5) * ms)
        assert float(post.w_sum[0]) == pytest.approx(float(synapses.w[0]), abs=1e-12)  # column sum tracked
        return float(synapses.w[0]) - w_start


def _f_plus(rule, w):
    return math.exp(-w / (PARAMS["w0"] * PARAMS["ltp_decay"])) if rule == "log" else 1.0


def _f_minus(rule, w):
    if rule == "mult":
        return w
    if rule == "log":
        s = PARAMS["curvature"]
        return w / PARAMS["w0"] if w <= PARAMS["w0"] else 1 + math.log(1 + s * (w / PARAMS["w0"] - 1)) / s
    return 1.0


@pytest.mark.parametrize("rule", ["add", "mult", "log"])
@pytest.mark.parametrize("w_start", [0.1, 0.5])
def test_pre_before_post_potentiates_by_the_closed_form(rule, w_start):
    delta = 6.0
    expected = PARAMS["eta"] * PARAMS["c_plus"] * _f_plus(rule, w_start) * math.exp(-delta / PARAMS["tau_plus"])
    assert _paired_change(rule, w_start, 10.0, 10.0 + delta) == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize("rule", ["add", "mult", "log"])
@pytest.mark.parametrize("w_start", [0.1, 0.5])
def test_post_before_pre_depresses_by_the_closed_form(rule, w_start):
    delta = 9.0
    expected = -PARAMS["eta"] * PARAMS["c_minus"] * _f_minus(rule, w_start) * math.exp(-delta / PARAMS["tau_minus"])
    assert _paired_change(rule, w_start, 10.0 + delta, 10.0) == pytest.approx(expected, rel=1e-6)


def test_constants_as_variables_give_the_same_change():
    assert _paired_change("log", 0.5, 10.0, 16.0, as_variables=True) == pytest.approx(
        _paired_change("log", 0.5, 10.0, 16.0), rel=1e-12)


def test_diehl_cook_triplet_rule():
    """Diehl & Cook: LTP = nu_ltp * pre * post2(before the spike), so one pair does nothing and a second post
    spike potentiates by nu_ltp exp(-(t2 - t_pre)/tau_pre) exp(-(t2 - t1)/tau_post2)."""
    dc = rule_parameters("dc")
    assert _paired_change("dc", 0.5, 10.0, 15.0) == 0.0
    expected = dc["nu_ltp"] * math.exp(-12.0 / dc["tau_pre_trace"]) * math.exp(-7.0 / dc["tau_post_trace2"])
    assert _paired_change("dc", 0.5, 10.0, 15.0, second_post_ms=22.0) == pytest.approx(expected, rel=1e-6)
    ltd = -dc["nu_ltd"] * math.exp(-4.0 / dc["tau_post_trace1"])  # pre 4 ms after the post spike
    assert _paired_change("dc", 0.5, 14.0, 10.0) == pytest.approx(ltd, rel=1e-6)


def test_depression_clips_at_zero():
    assert 0.001 + _paired_change("add", 0.001, 19.0, 10.0) == 0.0


def test_rule_validation():
    with pytest.raises(ConfigError, match="unknown STDP rule 'hebb'"):
        rule_parameters("hebb")
    with pytest.raises(ConfigError, match="tau_plus"):
        rule_parameters("log", {"tau_plus": -1.0})
    with pytest.raises(ConfigError, match="w0"):
        rule_parameters("log", {"w0": 0.0})
    with pytest.raises(ConfigError, match="eta"):
        rule_parameters("add", {"eta": float("nan")})
    assert set(RULES) == {"add", "mult", "log", "dc"}
    assert np.isclose(rule_parameters("mult")["c_minus"], 100.0)  # Table 1
