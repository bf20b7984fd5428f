"""The Brian2 TTFS network against its oracles: the closed-form evaluator `ttfs_forward` (spike times, pooled
times, output potentials) and the ReLU network (activations, predictions) on the digits MLP and conv net."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from brainsnn.errors import ConfigError
from brainsnn.networks.ttfs_network import simulate_ttfs
from brainsnn.ttfs import map_to_ttfs, ttfs_forward


def _load_ttfs_fixtures():
    """The digits networks trained once per session for tests/ttfs (conftest files are not importable by name)."""
    spec = importlib.util.spec_from_file_location("ttfs_fixtures", Path(__file__).parents[1] / "ttfs" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_fixtures = _load_ttfs_fixtures()
digits, trained_mlp, trained_convnet = _fixtures.digits, _fixtures.trained_mlp, _fixtures.trained_convnet

TOLERANCE = 1e-9
SHAPES = {"mlp": (64,), "convnet": (1, 8, 8)}


@pytest.fixture(scope="module")
def mapped(digits, trained_mlp, trained_convnet):
    """Per network: the trained `Sequential`, its mapping and the test inputs encoded to [0, 1]."""
    result = {}
    for name, network in (("mlp", trained_mlp), ("convnet", trained_convnet)):
        x_train, x_test = (digits[key].reshape((-1, *SHAPES[name])) for key in ("x_train", "x_test"))
        mapping = map_to_ttfs(network, SHAPES[name], digits["input_range"], x_train)
        result[name] = (network, mapping, mapping.encode(x_test), x_test)
    return result


def max_error(simulated: list[np.ndarray], expected: list[np.ndarray]) -> float:
    return max(np.abs(a - b).max() for a, b in zip(simulated, expected, strict=True))


@pytest.mark.parametrize("name", ["mlp", "convnet"])
def test_exact_event_mode_reproduces_the_closed_form_and_the_relu_network(mapped, digits, name):
    network, mapping, encoded, x_test = mapped[name]
    expected = ttfs_forward(mapping.ttfs, encoded)
    simulated = simulate_ttfs(mapping.ttfs, encoded, batch_size=200)  # 540 samples: 3 chunks, the last partial
    assert max_error(simulated.spike_times, expected.spike_times) <= TOLERANCE
    assert max_error(simulated.pooled_times, expected.pooled_times) <= TOLERANCE
    relu = mapping.relu.trace(encoded)
    for layer, times, activation in zip(mapping.ttfs.hidden, simulated.spike_times, relu.activations, strict=True):
        assert np.abs((layer.t_max - times) - activation).max() <= TOLERANCE
    relu_logits = network.forward(x_test)
    assert np.abs(simulated.potentials - relu_logits).max() <= TOLERANCE
    predictions = simulated.potentials.argmax(axis=1)
    assert np.array_equal(predictions, relu_logits.argmax(axis=1))  # 100 % agreement
    assert np.mean(predictions == digits["y_test"]) == np.mean(relu_logits.argmax(axis=1) == digits["y_test"])
    assert np.all(simulated.spikes_per_neuron() == 1)  # every neuron fires once (forced at t_max if silent)


@pytest.mark.parametrize("name", ["mlp", "convnet"])
def test_sparse_variant_fires_exactly_the_active_relus(mapped, name):
    network, mapping, encoded, x_test = mapped[name]
    expected = ttfs_forward(mapping.ttfs, encoded)
    simulated = simulate_ttfs(mapping.ttfs, encoded, sparse=True)
    relu = mapping.relu.trace(encoded)
    for times, closed_form, activation in zip(simulated.spike_times, expected.spike_times, relu.activations,
                                              strict=True):
        fired = np.isfinite(times)
        assert np.array_equal(fired, activation > 0)
        assert np.abs(times[fired] - closed_form[fired]).max() <= TOLERANCE
    assert np.array_equal(simulated.spikes_per_neuron(), [np.mean(a > 0) for a in relu.activations])
    assert np.all(simulated.spikes_per_neuron() < 1)
    assert np.abs(simulated.potentials - network.forward(x_test)).max() <= TOLERANCE


@pytest.mark.parametrize("name", ["mlp", "convnet"])
def test_clock_mode_error_shrinks_linearly_with_dt(mapped, name):
    _, mapping, encoded, _ = mapped[name]
    encoded = encoded[:60]
    expected = ttfs_forward(mapping.ttfs, encoded)
    steps = (0.04, 0.02, 0.01)
    runs = [simulate_ttfs(mapping.ttfs, encoded, mode="clock", dt=dt) for dt in steps]
    time_errors = np.array([max_error(run.spike_times, expected.spike_times) for run in runs])
    logit_errors = np.array([np.abs(run.potentials - expected.potentials).max() for run in runs])
    for errors in (time_errors, logit_errors):
        assert np.all(np.diff(errors) < 0)
        assert 2 < errors[0] / errors[-1] < 8  # linear in dt: 4 for a 4x smaller step
    assert time_errors[-1] > 1e3 * TOLERANCE  # grid-quantised: clock mode is not secretly exact
    agreement = np.mean(runs[-1].potentials.argmax(axis=1) == expected.potentials.argmax(axis=1))
    assert agreement >= 0.9


def test_bad_options_raise_config_errors(mapped):
    _, mapping, encoded, _ = mapped["mlp"]
    with pytest.raises(ConfigError, match="mode must be one of"):
        simulate_ttfs(mapping.ttfs, encoded[:2], mode="event")
    with pytest.raises(ConfigError, match="lower dt"):
        simulate_ttfs(mapping.ttfs, encoded[:2], dt=0.5)
    with pytest.raises(ConfigError, match="batch_size"):
        simulate_ttfs(mapping.ttfs, encoded[:2], batch_size=0)
    with pytest.raises(ConfigError, match=r"\[0, 1\]"):
        simulate_ttfs(mapping.ttfs, 2 * encoded[:2] - 1)


@pytest.mark.slow
@pytest.mark.cpp_standalone
def test_cpp_standalone_matches_the_closed_form(mapped):
    _, mapping, encoded, _ = mapped["convnet"]
    encoded = encoded[:12]
    expected = ttfs_forward(mapping.ttfs, encoded)
    simulated = simulate_ttfs(mapping.ttfs, encoded, batch_size=5, device="cpp_standalone")  # reruns: run_args
    assert max_error(simulated.spike_times, expected.spike_times) <= TOLERANCE
    assert max_error(simulated.pooled_times, expected.pooled_times) <= TOLERANCE
    assert np.abs(simulated.potentials - expected.potentials).max() <= TOLERANCE
