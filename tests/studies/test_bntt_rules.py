"""The bntt study's own rules against hand computations and numpy loops: early exit, spike accounting, the Eq. 15
threshold form, and the test-set measurements of a BNTT MLP against a numpy forward of Eq. 9."""

import numpy as np
import pytest
import torch

from brainsnn.train.snn import configure_torch
from brainsnn_studies.bntt.data import Images
from brainsnn_studies.bntt.early_exit import exit_steps, gamma_profiles
from brainsnn_studies.bntt.networks import mlp
from brainsnn_studies.bntt.spike_rates import layer_spike_totals, spike_rate, spikes_per_neuron
from brainsnn_studies.bntt.study import STUDY
from brainsnn_studies.bntt.threshold_form import effective_thresholds, threshold_form_spikes
from brainsnn_studies.bntt.training import measure

STEPS = np.arange(1, 26)


def triangle(peak: float, half_width: float) -> np.ndarray:
    return np.clip(1 - np.abs(STEPS - peak) / half_width, 0, None)


def paper_like_profile() -> np.ndarray:
    """Fig. 4/6 of the paper: conv1 decays from t = 1, conv4 and conv7 peak at t = 9 and 13, all below 0.1 after 20.

    conv1 1 - (t - 1)/10 is >= 0.1 up to t = 10; conv4 is >= 0.1 for |t - 9| <= 5.4 (t <= 14); conv7 for
    |t - 13| <= 7.2 (t <= 20): the last step any layer reaches 0.1 is t = 20, so T_exit = 20.
    """
    return np.stack([np.clip(1 - (STEPS - 1) / 10, 0, None), triangle(9, 6), triangle(13, 8)])


def test_early_exit_of_the_paper_like_profile_is_step_20():
    assert exit_steps(paper_like_profile(), 0.1, relative=False) == 20
    assert exit_steps(paper_like_profile(), 0.1, relative=True) == 20  # every layer's maximum is 1


def test_relative_thresholds_scale_with_each_layers_largest_gain():
    profile = 0.5 * paper_like_profile()  # absolute 0.1 is now 0.2 of each maximum: conv7 until |t - 13| <= 6.4
    assert exit_steps(profile, 0.1, relative=False) == 19
    assert exit_steps(profile, 0.2, relative=True) == 19
    assert exit_steps(profile, 0.1, relative=True) == 20


def test_a_late_ramp_up_is_never_cut_and_an_all_low_profile_runs_one_step():
    ramp = np.array([[0.0, 0.05, 0.5, 1.0]])  # only the last step is above 0.8 of the maximum
    assert exit_steps(ramp, 0.8) == 4
    assert exit_steps(np.array([[0.05, 0.02, 0.01]]), 0.1, relative=False) == 1


def test_spike_accounting_against_hand_counts():
    layer_a = np.zeros((4, 2, 3))  # T = 4, 2 samples, 3 neurons: 5 spikes
    layer_a[0, 0, 0] = layer_a[1, 0, 0] = layer_a[2, 1, 2] = layer_a[3, 1, 1] = layer_a[3, 0, 2] = 1
    layer_b = np.zeros((4, 2, 1))
    layer_b[:, 1, 0] = 1  # 4 spikes
    totals = layer_spike_totals([layer_a, layer_b])
    assert totals.tolist() == [5.0, 4.0]
    assert spikes_per_neuron(totals, [3, 1], 2).tolist() == [5 / 6, 2.0]
    assert spike_rate(totals, [3, 1], 2, 4) == 9 / 32


def test_threshold_form_of_a_constant_current_fires_at_the_closed_form_steps():
    # u = 0.5 t with threshold theta / a = 1 / 0.8 = 1.25: spikes when 0.5 t - 1.25 k >= 1.25 -> t = 3, 5, 8, 10
    currents = np.full((10, 1, 1), 0.5)
    thresholds = effective_thresholds(np.full((10, 1), 0.8), 1.0)
    spikes = threshold_form_spikes(currents, thresholds, leak=1.0)
    assert np.flatnonzero(spikes[:, 0, 0]).tolist() == [2, 4, 7, 9]


def config(**overrides):
    return STUDY.config("smoke", {"width": 6, "leak": 0.9, **overrides})


def bntt_mlp(steps: int, generator: torch.Generator):
    configure_torch(threads=1, seed=4)
    network = mlp(5, (6, 4), "bntt", steps, config()).double().eval()
    with torch.no_grad():
        for norm in (network.layers[1], network.layers[4]):
            norm.gamma.uniform_(0.2, 2.0, generator=generator)
            norm.running_var.uniform_(0.05, 0.5, generator=generator)
    return network


def test_threshold_form_is_exact_for_a_constant_gain_without_mean():
    generator = torch.Generator().manual_seed(0)
    network = bntt_mlp(7, generator)
    norm = network.layers[1]
    with torch.no_grad():
        norm.gamma.copy_(norm.gamma[0].expand_as(norm.gamma))
        norm.running_var.copy_(norm.running_var[0].expand_as(norm.running_var))
    spikes = (torch.rand(7, 30, 5, generator=generator, dtype=torch.float64) < 0.5).double()
    bntt = network.record(spikes).spikes[0].numpy()
    currents = network.layers[0](spikes).detach().numpy()
    gain = (norm.gamma / torch.sqrt(norm.running_var + norm.eps)).detach().numpy()
    threshold = threshold_form_spikes(currents, effective_thresholds(gain, 1.0), 0.9)
    assert bntt.sum() > 20
    assert (bntt == threshold).all()


def numpy_forward(network, spikes: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Eq. 9 in eval mode, looped in numpy: per-layer spikes and the read-out u^k / k after every k steps."""
    weights = [layer.weight.detach().numpy() for layer in network.layers if isinstance(layer, torch.nn.Linear)]
    norms = [layer for layer in network.layers if hasattr(layer, "running_mean")]
    u = [np.zeros((spikes.shape[1], w.shape[0])) for w in weights[:-1]]
    out, trains, readouts = 0, [[] for _ in u], []
    for t, x in enumerate(spikes):
        for index, (w, norm) in enumerate(zip(weights[:-1], norms, strict=True)):
            mean, var = norm.running_mean[t].numpy(), norm.running_var[t].numpy()
            current = norm.gamma[t].detach().numpy() * (x @ w.T - mean) / np.sqrt(var + norm.eps)
            u[index] = 0.9 * u[index] + current
            x = (u[index] >= 1.0).astype(float)
            u[index] -= x
            trains[index].append(x)
        out = out + x @ weights[-1].T
        readouts.append(out / (t + 1))
    return [np.array(train) for train in trains], np.array(readouts)


def test_measurements_of_a_bntt_mlp_match_a_numpy_forward():
    steps, generator = 6, torch.Generator().manual_seed(1)
    network = bntt_mlp(steps, generator)
    with torch.no_grad():
        for norm in (network.layers[1], network.layers[4]):
            norm.running_mean.uniform_(-0.3, 0.3, generator=generator)
    x = torch.rand(40, 5, generator=generator, dtype=torch.float64)
    labels = torch.randint(0, 10, (40,), generator=generator)
    images = Images("synthetic", x, labels, x, labels, 10)

    def encode(batch, g):
        return (torch.rand(steps, *batch.shape, generator=g, dtype=batch.dtype) < batch).to(batch.dtype)

    result = measure(network, images, encode, seed=3, batch_size=16)
    # the same spikes: one generator seeded 3 draws the batches of 16, 16 and 8 in order
    g = torch.Generator().manual_seed(3)
    spikes = torch.cat([encode(x[i:i + 16], g) for i in range(0, 40, 16)], dim=1).numpy()
    trains, readouts = numpy_forward(network, spikes)
    correct = (readouts.argmax(axis=2) == labels.numpy()).mean(axis=1)
    assert result["accuracy_by_steps"] == pytest.approx(correct, abs=1e-12)
    counts = [train.sum() for train in trains]
    assert all(count > 0 for count in counts)
    assert result["spikes_per_neuron"] == pytest.approx([counts[0] / (6 * 40), counts[1] / (4 * 40)], abs=1e-12)
    assert float(result["spike_rate"]) == pytest.approx(sum(counts) / (10 * 40 * steps), abs=1e-12)


def test_gamma_profiles_are_the_mean_gain_per_step_of_each_bntt_layer():
    network = bntt_mlp(5, torch.Generator().manual_seed(2))
    expected = [layer.gamma.detach().numpy().mean(axis=1) for layer in (network.layers[1], network.layers[4])]
    assert gamma_profiles(network) == pytest.approx(np.array(expected), abs=1e-12)
