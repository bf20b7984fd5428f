"""Threshold balancing, the converted SNN with Q-STDB's surrogate, the dense form deployed to Brian2, against numpy
loops of the equations and hand-derived gradients."""

import numpy as np
import pytest
import torch
from torch import nn

from brainsnn.conversion.threshold_balancing import percentile_thresholds
from brainsnn.errors import ConfigError
from brainsnn_studies.ace_snn.deployment import spiking_network, stage_matrix
from brainsnn_studies.ace_snn.networks import cnn3d_stages
from brainsnn_studies.ace_snn.qstdb import ConvertedSNN, Quantiser, scale_range_loss


def numpy_thresholds(weights, x, steps, q):
    """Sequential balancing written out: percentile of W s over all steps, then an IF layer with that threshold."""
    trains, thresholds = np.repeat(x[None], steps, axis=0), []
    for w in weights:
        currents = trains @ w.T
        theta = np.percentile(currents, q)
        u, out = np.zeros(currents.shape[1:]), []
        for current in currents:
            u = u + current
            fired = (u >= theta).astype(float)
            u = u - theta * fired
            out.append(fired)
        trains = np.array(out)
        thresholds.append(theta)
    return thresholds


def test_percentile_thresholds_follow_the_layer_by_layer_definition():
    rng = np.random.default_rng(0)
    weights = [rng.normal(0.3, 1, (7, 5)), rng.normal(0.4, 1, (4, 7))]
    x = rng.uniform(0, 1, (20, 5))
    stages = [lambda s, w=w: s @ torch.from_numpy(w).T for w in weights]
    got = percentile_thresholds(stages, torch.from_numpy(x)[None].expand(30, 20, 5), percentile=95.0, scale=0.8)
    expected = numpy_thresholds(weights, x, 30, 95.0)
    assert got == pytest.approx([0.8 * t for t in expected], rel=1e-12)
    with pytest.raises(ConfigError, match="percentile"):
        percentile_thresholds(stages, torch.from_numpy(x)[None], percentile=0.0)
    with pytest.raises(ConfigError, match="no positive current"):
        percentile_thresholds([lambda s: -s.abs()], torch.ones(2, 3, 4))


def tiny_snn(seed=0):
    torch.manual_seed(seed)
    stages = cnn3d_stages((2, 2, 2, 2, 2, 2), bands=6, patch=5, n_classes=3).double()
    for stage in stages:
        with torch.no_grad():
            for p in stage.parameters():
                p.abs_()  # positive weights: every layer fires
    snn = ConvertedSNN(stages, [0.5, 0.7, 0.6, 0.8, 0.5, 0.9])
    with torch.no_grad():
        snn.leaks.copy_(torch.tensor([1.0, 0.9, 0.95, 1.0, 0.8, 0.99]))
    return snn


def numpy_run(snn, x, steps):
    """Eq. 2-3 and 15 as a numpy loop over dense stage matrices; spikes of every layer and u_L[T]."""
    h, matrices = torch.zeros(1, *x.shape[1:], dtype=torch.float64), []
    for stage in snn.stages:
        matrices.append(stage_matrix(stage, h.shape[1:]).numpy())
        h = stage(h)
    v, lam = snn.thresholds.detach().numpy(), snn.leaks.detach().numpy()
    flat = x.reshape(len(x), -1).numpy()
    u = [np.zeros((len(x), m.shape[0])) for m in matrices[:-1]]
    readout, spikes = 0.0, [[] for _ in u]
    for _ in range(steps):
        s = flat
        for layer in range(len(u)):
            u[layer] = lam[layer] * u[layer] + s @ matrices[layer].T
            s = (u[layer] >= v[layer]).astype(float)
            u[layer] -= v[layer] * s
            spikes[layer].append(s)
        readout = readout + s @ matrices[-1].T
    return [np.array(s) for s in spikes], readout


def test_converted_snn_matches_a_numpy_loop_and_its_dense_deployable_form():
    snn = tiny_snn()
    x = torch.rand(5, 1, 6, 5, 5, dtype=torch.float64) * 3
    with torch.no_grad():
        run = snn.run(x, 4)
    spikes, readout = numpy_run(snn, x, 4)
    np.testing.assert_allclose(run.readout.numpy(), readout, rtol=1e-12, atol=1e-12)
    assert [c.tolist() for c in run.spikes] == [s.sum(axis=(0, 2)).tolist() for s in spikes]
    assert sum(s.sum() for s in spikes) > 20
    network = spiking_network(snn, x.shape[1:])
    record = network.record(x[None].expand(4, *x.shape))
    for ours, theirs in zip(record.spikes, spikes, strict=True):
        np.testing.assert_array_equal(ours.numpy(), theirs)
    np.testing.assert_allclose(record.readout.numpy(), readout / 4, rtol=1e-12)


def test_stage_matrix_reproduces_the_convolution():
    conv = nn.Conv3d(2, 3, (3, 1, 1), (2, 1, 1), (1, 0, 0), bias=False).double()
    x = torch.randn(4, 2, 7, 3, 3, dtype=torch.float64)
    matrix = stage_matrix(conv, (2, 7, 3, 3))
    np.testing.assert_allclose((x.reshape(4, -1) @ matrix.T).numpy(), conv(x).reshape(4, -1).detach().numpy(),
                               rtol=1e-12, atol=1e-12)
    assert (matrix != 0).sum(dim=1).max() <= 2 * 3  # fan-in: channels x kernel


def test_surrogate_gradient_of_one_neuron_is_equation_21():
    # one neuron, one step: u = w x, o = H(u - v), read-out r = a o; dr/dw = a gamma max(0, 1 - |u/v - 1|) x / v
    # and dr/dv = -a gamma max(0, 1 - |u/v - 1|) u / v^2
    w, x, v, a, gamma = 0.9, 1.3, 1.5, 2.0, 0.3
    conv = nn.Conv3d(1, 1, 1, bias=False).double()
    linear = nn.Sequential(nn.Flatten(), nn.Linear(1, 1, bias=False)).double()
    with torch.no_grad():
        conv.weight.fill_(w)
        linear[1].weight.fill_(a)
    snn = ConvertedSNN(nn.ModuleList([conv, linear]), [v], gamma=gamma)
    readout = snn.run(torch.full((1, 1, 1, 1, 1), x, dtype=torch.float64), 1).readout
    readout.sum().backward()
    u = w * x
    slope = gamma * max(0.0, 1 - abs(u / v - 1))
    assert readout.item() == 0.0  # u = 1.17 < v
    assert float(conv.weight.grad) == pytest.approx(a * slope * x / v, rel=1e-12)
    assert float(snn.thresholds.grad) == pytest.approx(-a * slope * u / v**2, rel=1e-12)


def test_quantisers_give_the_levels_of_their_scheme():
    w = torch.tensor([-0.7, -0.1, 0.0, 0.2, 1.1], dtype=torch.float64)
    scale = Quantiser("scale", 4)(w)
    step = 1.1 / 7
    np.testing.assert_allclose(scale.numpy(), np.round(w.numpy() / step) * step, rtol=1e-12)
    affine = Quantiser("affine", 3)(w)
    s = 7 / 1.8
    z = np.round(0.7 * s) - 4
    np.testing.assert_allclose(affine.numpy(), (np.clip(np.round(s * w.numpy()) + z, -4, 3) - z) / s, rtol=1e-12)


def test_scale_range_loss_is_equation_28_over_the_affine_range():
    # w_max = 1, w_min = -0.5 (x = 0.5): Delta = (1 - x) w_max = 0.5 of the affine range 1.5
    assert scale_range_loss(torch.tensor([-0.5, 0.2, 1.0])) == pytest.approx(0.5 / 1.5)
    assert scale_range_loss(torch.tensor([-2.0, 0.3, 1.0])) == pytest.approx((4.0 - 3.0) / 3.0)
    assert scale_range_loss(torch.tensor([-1.0, 1.0])) == 0.0
