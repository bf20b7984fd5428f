"""Straight-through quantisers: forward exactly equal to numpy formulas, backward identity inside the range and
zero where clipped."""

import numpy as np
import pytest
import torch

from brainsnn.errors import ConfigError
from brainsnn.train.snn.quantisers import affine_quantise, symmetric_quantise, ternary


def values(seed=0, size=200):
    return np.random.default_rng(seed).normal(0.0, 1.0, size=size)


def gradient(function, x):
    inputs = torch.tensor(x, requires_grad=True)
    function(inputs).backward(torch.ones(len(x), dtype=torch.float64))
    return inputs.grad.numpy()


@pytest.mark.parametrize("bits", [2, 3, 6])
@pytest.mark.parametrize("limit", [None, 1.3])
def test_symmetric_quantise(bits, limit):
    x = values()
    bound = np.abs(x).max() if limit is None else limit
    step = bound / (2 ** (bits - 1) - 1)
    expected = np.round(np.clip(x, -bound, bound) / step) * step
    quantised = symmetric_quantise(torch.tensor(x), bits, limit).numpy()
    np.testing.assert_array_equal(quantised, expected)
    assert len(np.unique(quantised)) <= 2**bits - 1
    np.testing.assert_array_equal(gradient(lambda t: symmetric_quantise(t, bits, limit), x), np.abs(x) <= bound)


def test_symmetric_quantise_levels_by_hand():
    x = torch.tensor([-2.0, -0.74, -0.26, 0.24, 0.25, 0.76, 1.0, 3.0], dtype=torch.float64)
    assert symmetric_quantise(x, 2, 1.0).tolist() == [-1.0, -1.0, -0.0, 0.0, 0.0, 1.0, 1.0, 1.0]
    assert symmetric_quantise(x, 3, 1.5).tolist() == [-1.5, -0.5, -0.5, 0.0, 0.0, 1.0, 1.0, 1.5]  # 0.25: half to even
    assert symmetric_quantise(torch.zeros(3), 4).tolist() == [0.0, 0.0, 0.0]


@pytest.mark.parametrize("bits", [2, 4, 6])
def test_affine_quantise(bits):
    x = values(1) + 0.7
    scale = (2**bits - 1) / (x.max() - x.min())
    zero_point = np.round(-scale * x.min()) - 2 ** (bits - 1)
    levels = np.clip(np.round(scale * x) + zero_point, -(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
    quantised = affine_quantise(torch.tensor(x), bits).numpy()
    np.testing.assert_array_equal(quantised, (levels - zero_point) / scale)
    assert len(np.unique(quantised)) <= 2**bits
    assert np.abs(quantised - x).max() <= 0.5 / scale * (1 + 1e-12)
    np.testing.assert_array_equal(gradient(lambda t: affine_quantise(t, bits), x), np.ones_like(x))


def test_affine_quantise_keeps_a_constant_tensor():
    assert affine_quantise(torch.full((3,), 0.3), 4).tolist() == torch.full((3,), 0.3).tolist()


@pytest.mark.parametrize("scaled", [False, True])
def test_ternary_twn_threshold(scaled):
    w = values(2)
    delta = 0.7 * np.abs(w).mean()
    kept = np.abs(w) > delta
    scale = np.abs(w[kept]).mean() if scaled else 1.0
    quantised = ternary(torch.tensor(w), scaled=scaled).numpy()
    np.testing.assert_array_equal(quantised, np.sign(w) * kept * scale)
    assert set(np.unique(quantised)) == {-scale, 0.0, scale}
    np.testing.assert_array_equal(gradient(lambda t: ternary(t, scaled=scaled), w), np.ones_like(w))


def test_ternary_by_hand():
    w = torch.tensor([-1.0, -0.3, 0.0, 0.35, 0.42, 0.6], dtype=torch.float64)
    assert w.abs().mean().item() == pytest.approx(0.445)
    assert ternary(w, threshold_factor=1.0).tolist() == [-1.0, 0.0, 0.0, 0.0, 0.0, 1.0]
    expected = [-0.5925, 0.0, 0.0, 0.5925, 0.5925, 0.5925]
    assert ternary(w, threshold_factor=0.7, scaled=True).tolist() == pytest.approx(expected, abs=1e-15)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: symmetric_quantise(torch.zeros(2), 1), "bits"),
        (lambda: symmetric_quantise(torch.zeros(2), 4, limit=0.0), "limit"),
        (lambda: affine_quantise(torch.zeros(2), 3.0), "bits"),
        (lambda: ternary(torch.zeros(2), threshold_factor=-0.1), "threshold_factor"),
    ],
)
def test_bad_arguments_are_rejected(call, message):
    with pytest.raises(ConfigError, match=message):
        call()
