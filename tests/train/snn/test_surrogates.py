"""Surrogate spikes: exact Heaviside forward; backward against numpy closed forms and against float64 central
differences of the smooth function each surrogate is the derivative of."""

import math

import numpy as np
import pytest
import torch

from brainsnn.errors import ConfigError
from brainsnn.train.snn.surrogates import SURROGATE_DEFAULTS, SURROGATES, Surrogate, spike

#: Membrane offsets covering both signs, exact zeros and the triangle's support edge.
OFFSETS = np.array([-2.5, -1.0, -0.7, -0.1, -1e-9, 0.0, 0.0, 1e-9, 0.2, 0.5, 0.999, 1.0, 1.7])


def numpy_derivative(name, u, **p):
    """The surrogates written independently from the papers' formulas."""
    if name == "triangle":
        return p["gamma"] * np.maximum(0.0, 1.0 - np.abs(u) / p["width"])
    if name == "fast_sigmoid":
        return (1.0 + p["slope"] * np.abs(u)) ** -2
    if name == "exponential":
        return p["amplitude"] * np.exp(-p["decay"] * np.abs(u))
    if name == "gaussian":
        return p["alpha"] / np.sqrt(np.pi) * np.exp(-((p["alpha"] * u) ** 2))
    return (p["alpha"] / 2) / (1.0 + (np.pi / 2 * p["alpha"] * u) ** 2)


#: The smooth functions whose derivatives the smooth surrogates are.
PRIMITIVES = {
    "fast_sigmoid": lambda u, slope: u / (1 + slope * abs(u)),
    "exponential": lambda u, amplitude, decay: math.copysign(amplitude / decay * (1 - math.exp(-decay * abs(u))), u),
    "arctan": lambda u, alpha: math.atan(math.pi / 2 * alpha * u) / math.pi + 0.5,
    "gaussian": lambda u, alpha: (1 + math.erf(alpha * u)) / 2,
}

CUSTOM = {"triangle": {"gamma": 0.5, "width": 0.8}, "fast_sigmoid": {"slope": 4.0},
          "exponential": {"amplitude": 2.0, "decay": 1.5}, "arctan": {"alpha": 3.0}, "gaussian": {"alpha": 1.3}}


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("name", SURROGATES)
def test_forward_is_heaviside_with_ties_spiking(name, dtype):
    u = torch.tensor(OFFSETS, dtype=dtype)
    s = spike(u, name)
    assert s.dtype == dtype
    assert s.tolist() == [1.0 if x >= 0 else 0.0 for x in u.tolist()]


@pytest.mark.parametrize("parameters", ["defaults", "custom"])
@pytest.mark.parametrize("name", SURROGATES)
def test_backward_matches_numpy_closed_form(name, parameters):
    given = CUSTOM[name] if parameters == "custom" else {}
    u = torch.tensor(OFFSETS, dtype=torch.float64, requires_grad=True)
    upstream = torch.linspace(-1.0, 2.0, len(OFFSETS), dtype=torch.float64)
    (spike(u, name, **given) * upstream).sum().backward()
    expected = upstream.numpy() * numpy_derivative(name, OFFSETS, **{**SURROGATE_DEFAULTS[name], **given})
    np.testing.assert_allclose(u.grad.numpy(), expected, rtol=1e-14, atol=1e-15)


def test_triangle_defaults_are_bntt():
    assert SURROGATE_DEFAULTS["triangle"] == {"gamma": 0.3, "width": 1.0}
    u = torch.tensor([0.0, 0.5, -1.2], dtype=torch.float64)
    assert Surrogate("triangle").derivative(u).tolist() == pytest.approx([0.3, 0.15, 0.0], abs=1e-15)


@pytest.mark.parametrize("name", sorted(PRIMITIVES))
def test_smooth_surrogates_are_derivatives_of_their_primitives(name):
    step = 1e-6
    parameters = CUSTOM[name]
    primitive = PRIMITIVES[name]
    u = np.array([-1.3, -0.4, -0.05, 0.03, 0.3, 0.9, 2.0])
    finite_difference = [(primitive(x + step, **parameters) - primitive(x - step, **parameters)) / (2 * step)
                         for x in u]
    derivative = Surrogate(name, parameters).derivative(torch.tensor(u, dtype=torch.float64)).numpy()
    np.testing.assert_allclose(derivative, finite_difference, rtol=1e-7)


def test_arctan_default_peak_slope_is_one():
    assert Surrogate("arctan").derivative(torch.zeros(1, dtype=torch.float64)).item() == 1.0


@pytest.mark.parametrize(
    ("name", "parameters", "message"),
    [
        ("sigmoid", {}, "triangle, fast_sigmoid, exponential, arctan, gaussian"),
        ("triangle", {"slope": 2.0}, "takes the parameters gamma, width"),
        ("exponential", {"decay": 0.0}, "finite positive decay"),
        ("arctan", {"alpha": float("nan")}, "finite positive alpha"),
        ("fast_sigmoid", {"slope": True}, "finite positive slope"),
    ],
)
def test_bad_surrogates_are_rejected(name, parameters, message):
    with pytest.raises(ConfigError, match=message):
        spike(torch.zeros(2), name, **parameters)
