"""eventprop-spike-rate: exact event simulation against root finding, EventProp gradients against finite
differences, the losses against their formulas, the calibration, the search objective and the smoke run."""

import numpy as np
import pytest
from scipy.optimize import brentq

from brainsnn_studies.eventprop_spike_rate.adjoint import network_backward
from brainsnn_studies.eventprop_spike_rate.initialisation import calibrate
from brainsnn_studies.eventprop_spike_rate.losses import Loss, evaluate_loss, spike_penalty
from brainsnn_studies.eventprop_spike_rate.neuron import LIF
from brainsnn_studies.eventprop_spike_rate.simulation import Spikes, input_spikes, layer_forward, network_forward
from brainsnn_studies.eventprop_spike_rate.study import STUDY

NAME = "eventprop-spike-rate"
LIF_60 = LIF(t_end=60.0)


def test_spike_times_match_root_finding_of_the_membrane_equation():
    """One neuron, inputs of 12 at 0 ms and 10 at 7 ms: every threshold crossing (with resets) against brentq on
    V(t) = V0 e^(-(t - t0)/tau_m) + sum_k R A I_k (e^(-(t - s_k)/tau_s) - e^(-(t - s_k)/tau_m)), written out here and
    restarted after each spike at t0 with V0 = 0 and the currents present then."""
    lif = LIF_60
    a = lif.tau_s / (lif.tau_s - lif.tau_m)
    inputs = ((12.0, 0.0), (10.0, 7.0))
    spikes = layer_forward(lif, np.array([[[12.0, 10.0]]]), input_spikes(np.array([[0.0, 7.0]])),
                           np.zeros(1, dtype=int))

    def current(t):
        return sum(w * np.exp(-(t - s) / lif.tau_s) for w, s in inputs if t >= s)

    def v(t, start):
        out = np.zeros_like(t)
        for w, s in inputs:
            since = max(s, start)
            i0 = w * np.exp(-(since - s) / lif.tau_s)
            response = lif.r_m * a * i0 * (np.exp(-(t - since) / lif.tau_s) - np.exp(-(t - since) / lif.tau_m))
            out += np.where(t >= since, response, 0.0)
        return out

    expected, start = [], 0.0
    while True:
        grid = np.linspace(start + 1e-9, lif.t_end, 200001)
        above = np.nonzero(v(grid, start) >= lif.theta)[0]
        if not len(above):
            break
        hi = grid[above[0]]
        start = brentq(lambda t, start=start: float(v(np.array([t]), start)[0]) - lif.theta,
                       grid[max(above[0] - 1, 0)], hi, xtol=1e-13, rtol=1e-15)
        expected.append(start)
    assert len(expected) >= 3  # several spikes, including ones after resets
    assert np.sort(spikes.time) == pytest.approx(expected, abs=1e-9)
    assert spikes.current == pytest.approx([current(t) for t in np.sort(spikes.time)], rel=1e-9)


def _tiny_problem():
    rng = np.random.default_rng(2)
    losses = [Loss("lw", 5e-3), Loss("l", 4e-3, 0.4), Loss("la", 4e-3, 0.4, sp_scope="output")]
    per_group = 3
    group = np.repeat(np.arange(len(losses)), per_group)
    times = rng.uniform(0, 30, (len(group), 5))
    times[:, 4] = 0.0  # the bias spike
    weights = [rng.uniform(1.0, 5.0, (3, 6, 5)), rng.uniform(0.3, 3.0, (3, 4, 6)), rng.uniform(1.0, 3.0, (3, 3, 4))]
    labels = rng.integers(0, 3, len(group))
    return losses, group, input_spikes(times), weights, labels


def test_eventprop_gradients_match_finite_differences():
    """dL/dW of the adjoint (Eqs. 4-8) against central differences of the event simulation, for L_W, L and L_A
    (SP over all neurons and over the output) in one ensemble; relative error <= 1e-4 where no spike appears or
    disappears."""
    losses, group, inputs, weights, labels = _tiny_problem()
    sizes = [5, 6, 4, 3]

    def loss_of(ws):
        layers = network_forward(LIF_60, ws, inputs, group)
        return evaluate_loss(losses, layers, sizes, labels, group, LIF_60.t_end), layers

    value, layers = loss_of(weights)
    counts = [len(s) for s in layers]
    assert len(np.unique(group[layers[-1].sample])) == 3  # every network's output fires
    assert any(np.bincount(s.sample * 100 + s.neuron).max() > 1 for s in layers[1:])  # bursts exercise SP and resets
    grads, _ = network_backward(LIF_60, weights, layers, value.dl_dt, group)
    rng = np.random.default_rng(0)
    checked, h = 0, 1e-6
    for layer, w in enumerate(weights):
        for flat in rng.choice(w.size, 10, replace=False):
            index = np.unravel_index(flat, w.shape)
            plus, minus = [x.copy() for x in weights], [x.copy() for x in weights]
            plus[layer][index] += h
            minus[layer][index] -= h
            (up, up_layers), (down, down_layers) = loss_of(plus), loss_of(minus)
            if [len(s) for s in up_layers] != counts or [len(s) for s in down_layers] != counts:
                continue
            fd = (up.total.sum() - down.total.sum()) / (2 * h)
            if abs(fd) > 1e-6:
                assert grads[layer][index] == pytest.approx(fd, rel=1e-4)
                checked += 1
    assert checked >= 20


def test_spike_penalty_and_the_activity_term_follow_their_formulas():
    """SP (Eq. 12) is 0 for single spikes and sum 1 / (t_p - t_1) otherwise, with its derivative; AS = CS / N_O +
    the non-target term (Eq. 15); CE's spike-time derivative against finite differences of the loss."""
    spikes = Spikes(np.array([0, 0, 0, 0, 1]), np.array([0, 0, 0, 1, 0]), np.array([2.0, 5.0, 3.0, 4.0, 1.0]),
                    np.zeros(5))
    value, grad = spike_penalty(spikes, 2, np.array([0.5, 0.5]), np.array([0.1, 0.1]))
    assert value == pytest.approx([0.5 * (1 / 3 + 1 / 1), 0.0])
    assert grad == pytest.approx([0.5 * (1 / 9 + 1), -0.5 / 9, -0.5, 0.0, 0.0])
    output = Spikes(np.array([0, 0, 0, 1, 1]), np.array([0, 1, 2, 0, 2]), np.array([3.0, 4.0, 6.0, 5.0, 2.5]),
                    np.zeros(5))
    layers = [Spikes(*(np.zeros(0, dtype=int),) * 2, np.zeros(0), np.zeros(0)), output]
    labels, group = np.array([1, 2]), np.zeros(2, dtype=int)
    ce_cs = evaluate_loss([Loss("lw", 0.01)], layers, [1, 3], labels, group, 20.0)
    t = np.array([[3.0, 4.0, 6.0], [5.0, 20.0, 2.5]])  # the silent neuron enters with t = T
    growth = np.exp(t / 6.4) - 1
    assert ce_cs.terms["cs"][0] == pytest.approx(np.mean(growth[[0, 1], labels]))
    non_target = (growth.sum() - growth[[0, 1], labels].sum()) / (3 * 2)
    assert ce_cs.terms["as"][0] == pytest.approx(ce_cs.terms["cs"][0] / 3 + non_target)
    for k in range(5):
        moved = output.time.copy()
        moved[k] += 1e-6
        shifted = Spikes(output.sample, output.neuron, moved, output.current)
        up = evaluate_loss([Loss("lw", 0.01)], [layers[0], shifted], [1, 3], labels, group, 20.0).total[0]
        assert ce_cs.dl_dt[-1][k] == pytest.approx((up - ce_cs.total[0]) / 1e-6, rel=1e-4, abs=1e-9)


def test_calibration_brings_every_layer_into_the_band():
    rng = np.random.default_rng(0)
    times = rng.uniform(0, 30, (24, 5))
    weights = [rng.uniform(1, 3, (20, 5)), rng.uniform(0.2, 1.0, (12, 20)), rng.uniform(0, 1, (3, 12))]
    scaled, factors = calibrate(LIF(), weights, input_spikes(times), 24, (1.0, 3.0))
    group = np.zeros(24, dtype=int)
    layers = network_forward(LIF(), [w[None] for w in scaled], input_spikes(times), group)
    for spikes, w, factor, original in zip(layers[1:], scaled, factors, weights, strict=True):
        assert 1.0 <= len(spikes) / (24 * w.shape[0]) <= 3.0
        assert w == pytest.approx(factor * original)


def test_search_objective_adds_the_spike_term_and_the_floor_penalty(tmp_path):
    config = STUDY.config("smoke", {"n_train": 32, "n_test": 20, "epochs": 1, "search_accuracy_floor": 1.0,
                                    "search_spike_weight": 0.2, "search_floor_penalty": 3.0})
    result = STUDY.evaluate(config, {"alpha": 4e-3, "eta": 0.4}, tmp_path)
    expected = (1 - result["accuracy"]) + 0.2 * result["n_spikes_network"] + 3.0 * (1.0 - result["accuracy"])
    assert result["objective"] == pytest.approx(expected)
    assert result["n_spikes_network"] > 0 and not result["feasible"]


def test_smoke_run_has_the_issue_metrics(smoke_run):
    folder, config, metrics = smoke_run(NAME)
    for loss in ("lw", "l", "la", "two_phase"):
        row = metrics["yinyang"][loss]
        assert 0 <= row["accuracy"] <= 1 and 0 <= row["silent_fraction"] <= 1
        assert row["n_spikes_network"] > 0 and row["n_spikes_output"] >= 0
        assert len(row["accuracy_values"]) == config["seeds"]
    assert set(metrics["depth"]) == {"2", "3"}
    assert all(metrics["depth"][n][loss]["n_spikes_network"] > 0 for n in ("2", "3") for loss in ("lw", "two_phase"))
    brian = metrics["brian2"]
    assert 0.9 <= metrics["brian2_agreement"] <= 1
    # Brian2 (dt grid) and the exact simulation see nearly the same spikes
    for ours, theirs in zip(brian["spikes_brian2"], brian["spikes_exact"], strict=True):
        assert abs(ours - theirs) <= 0.05 * theirs + 2
    assert brian["first_spike_error_ms_mean"] < 5 * config["brian_dt"]
    assert len(brian["disagreements"]) == round((1 - metrics["brian2_agreement"]) * brian["samples"])
    assert set(brian["agreement_by_dt"]) == {str(dt) for dt in (config["brian_dt"], *config["brian_coarser"])}
    for dt, rows in brian["disagreements_by_dt"].items():
        assert len(rows) == round((1 - brian["agreement_by_dt"][dt]) * brian["samples"])
    assert [(row["loss"], row["alpha"]) for row in metrics["sweep"]] == [
        (loss, alpha) for alpha in config["sweep_alphas"] for loss in ("lw", "l", "la", "two_phase")]
    report = (folder / "report.md").read_text()
    for figure in ("fig5_switch_off", "fig8_phase2", "fig9_sweep", "fig11_depth", "fig17_layers"):
        assert (folder / "figures" / f"{figure}.png").exists() and f"figures/{figure}.png" in report


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"tau_s": 20.0}, "tau_m and tau_s must differ"),
        ({"t_max": 100.0}, "t_min < t_max < t_end"),
        ({"depth_hidden": ["40-x"]}, "depth_hidden entry '40-x'"),
        ({"sp_scope": "hidden"}, "'sp_scope'"),
        ({"image_dataset": "cifar10"}, "'image_dataset'"),
        ({"calibration_low": 4.0}, "calibration_low must be <= calibration_high"),
    ],
)
def test_bad_parameters_are_rejected(rejects, overrides, message):
    rejects(NAME, overrides, message)
