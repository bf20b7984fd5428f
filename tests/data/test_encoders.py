"""Encoders: closed-form oracles for rates, latencies and receptive fields; Brian2 runs of the inputs."""

import numpy as np
import pytest
from brian2 import (
    Hz,
    Network,
    PoissonGroup,
    SpikeGeneratorGroup,
    SpikeMonitor,
    StateMonitor,
    ms,
    prefs,
    second,
)

from brainsnn.data.encoders import (
    DIEHL_COOK_MAX_RATE,
    latency_spikes,
    onset_delays,
    poisson_rates,
    rate_timed_array,
    triangular_population,
)
from brainsnn.errors import ConfigError


@pytest.fixture
def numpy_target():
    previous = prefs.codegen.target
    prefs.codegen.target = "numpy"
    yield
    prefs.codegen.target = previous


# --- poisson_rates ---


def test_poisson_rates_are_linear_up_to_max_rate():
    images = np.array([[0.0, 63.75, 127.5, 255.0]])
    np.testing.assert_allclose(poisson_rates(images, 100 * Hz) / Hz, [[0, 25, 50, 100]])
    # Diehl & Cook: pixel / 4 Hz
    np.testing.assert_allclose(poisson_rates(images) / Hz, images / 4)
    assert DIEHL_COOK_MAX_RATE == 63.75 * Hz
    assert poisson_rates(images).shape == images.shape


@pytest.mark.parametrize("images", [np.array([-1.0]), np.array([256.0]), np.array([np.nan])])
def test_poisson_rates_reject_bad_intensities(images):
    with pytest.raises(ConfigError, match="0..255"):
        poisson_rates(images)


@pytest.mark.parametrize("max_rate", [10 * ms, -5 * Hz, 0 * Hz, np.inf * Hz])
def test_poisson_rates_reject_bad_max_rate(max_rate):
    with pytest.raises(ConfigError, match="max_rate"):
        poisson_rates(np.array([1.0]), max_rate)


# --- rate_timed_array ---


def _expected_rate(rates, t, present, slot):
    """Oracle: sample floor(t / slot) while within its presentation, else 0 (and 0 past the last sample)."""
    sample, offset = divmod(t, slot)
    if sample >= len(rates) or offset >= present - 1e-12:
        return np.zeros(rates.shape[1])
    return rates[int(sample)]


def test_timed_array_layout_with_rest():
    rates = np.array([[10.0, 20.0], [30.0, 40.0], [50.0, 60.0]])
    stimulus, slot = rate_timed_array(rates * Hz, 350 * ms, 150 * ms, dt=0.1 * ms)
    assert slot == 500 * ms
    assert stimulus.dt == pytest.approx(0.05)  # gcd(350, 150) ms, in seconds
    assert stimulus.values.shape == (3 * 10, 2)
    for t in np.arange(0, 1.5, 0.0001)[::37]:  # sampled on the 0.1 ms grid
        row = int(round(t / 0.05, 6))  # stim(t, i) = values[floor(t / step), i]
        np.testing.assert_allclose(stimulus.values[row], _expected_rate(rates, t, 0.35, 0.5))


def test_timed_array_gcd_is_exact_on_awkward_durations():
    stimulus, slot = rate_timed_array(np.ones((2, 1)) * Hz, 0.3 * ms, 0.2 * ms, dt=0.1 * ms)
    assert stimulus.dt == pytest.approx(1e-4) and float(slot) == pytest.approx(5e-4)
    np.testing.assert_array_equal(stimulus.values[:, 0], [1, 1, 1, 0, 0] * 2)
    stimulus, _ = rate_timed_array(np.ones((2, 1)) * Hz, 200 * ms, 50 * ms)  # ALSA: 200 ms + 50 ms
    assert stimulus.dt == pytest.approx(0.05) and stimulus.values.shape == (10, 1)


def test_timed_array_without_rest_has_one_row_per_sample():
    rates = np.arange(6.0).reshape(3, 2)
    stimulus, slot = rate_timed_array(rates * Hz, 250 * ms)
    np.testing.assert_array_equal(stimulus.values, rates)
    assert slot == 250 * ms and stimulus.dt == pytest.approx(0.25)


def test_poisson_group_sees_the_sample_rows(numpy_target):
    rates = np.array([[10.0, 20.0, 30.0], [40.0, 50.0, 60.0]])
    stimulus, slot = rate_timed_array(rates * Hz, 3 * ms, 2 * ms, dt=0.5 * ms)
    group = PoissonGroup(3, rates="stimulus(t, i)", dt=0.5 * ms)
    monitor = StateMonitor(group, "rates", record=True, dt=0.5 * ms)
    Network(group, monitor).run(2 * slot, namespace={"stimulus": stimulus})
    expected = np.array([_expected_rate(rates, t, 3e-3, 5e-3) for t in monitor.t / second])
    np.testing.assert_allclose(monitor.rates.T / Hz, expected)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"rates": np.ones((2, 3)) * ms}, "units of Hz"),
        ({"rates": -np.ones((2, 3)) * Hz}, "non-negative"),
        ({"rates": np.ones(3) * Hz}, "n_samples, n_inputs"),
        ({"rates": np.full((2, 3), np.nan) * Hz}, "finite"),
        ({"present": 0.25 * ms}, "whole number of time steps"),
        ({"present": 0 * ms}, "positive"),
        ({"rest": -1 * ms}, "non-negative"),
        ({"dt": 0 * ms}, "dt must be positive"),
    ],
)
def test_timed_array_rejects_bad_input(kwargs, message):
    arguments = {"rates": np.ones((2, 3)) * Hz, "present": 1 * ms, "rest": 1 * ms, "dt": 0.1 * ms} | kwargs
    with pytest.raises(ConfigError, match=message):
        rate_timed_array(**arguments)


# --- latency_spikes ---


def test_linear_latency_formula_and_threshold():
    values = np.array([1.0, 0.65, 0.3, 0.29, 0.0, 0.8])
    indices, times = latency_spikes(values, 100 * ms, mode="linear", threshold=0.3, dt=0.1 * ms)
    # t = (1 - v) / (1 - 0.3) * 100 ms for v >= 0.3; sorted by time
    np.testing.assert_array_equal(indices, [0, 5, 1, 2])
    np.testing.assert_allclose(times / ms, [0.0, 0.2 / 0.7 * 100, 50.0, 100.0], atol=0.05 + 1e-9)


def test_linear_latency_with_t_min_and_zero_threshold():
    indices, times = latency_spikes(np.array([0.0, 0.5, 1.0]), 20 * ms, t_min=10 * ms, dt=1 * ms)
    np.testing.assert_array_equal(indices, [2, 1])  # zero never spikes
    np.testing.assert_allclose(times / ms, [10.0, 15.0])


def test_log_latency_formula():
    threshold, values = 0.1, np.array([1.0, 0.5, 0.2, 0.1, 0.05])
    indices, times = latency_spikes(
        values, 50 * ms, t_min=5 * ms, mode="log", threshold=threshold, dt=0.01 * ms
    )
    expected = 5 + np.log(values[:4]) / np.log(threshold) * 45
    np.testing.assert_array_equal(indices, [0, 1, 2, 3])
    np.testing.assert_allclose(times / ms, expected, atol=0.005 + 1e-9)
    # exponentially decaying threshold exp(-(t - t_min) / tau) with tau = 45 ms / ln 10 crosses v at t
    tau = 45 / np.log(1 / threshold)
    np.testing.assert_allclose(np.exp(-(times / ms - 5) / tau), values[:4], rtol=1e-3)


def test_latency_order_is_by_strength():
    rng = np.random.default_rng(0)
    values = rng.uniform(0.2, 1.0, 50)
    for mode in ("linear", "log"):
        indices, times = latency_spikes(values, 100 * ms, mode=mode, threshold=0.1, dt=0.001 * ms)
        assert np.all(np.diff(values[indices]) <= 0) and np.all(np.diff(times) >= 0)


def test_many_samples_with_period_never_repeat_a_neuron_in_one_step(numpy_target):
    rng = np.random.default_rng(1)
    values = rng.uniform(0, 1, (20, 30))
    values[:, 0] = [1.0, 0.3] * 10  # neuron 0 spikes at t_min, then at t_max, alternately
    dt = 0.5 * ms
    indices, times = latency_spikes(values, 10 * ms, threshold=0.3, period=10.5 * ms, dt=dt)
    steps = np.rint(times / dt).astype(int)
    assert len(set(zip(indices.tolist(), steps.tolist(), strict=True))) == len(indices)
    assert np.sum(values >= 0.3) == len(indices)
    sample = steps // 21
    np.testing.assert_array_equal(np.bincount(sample, minlength=20), np.sum(values >= 0.3, axis=1))
    # Brian2 accepts the spikes and replays them exactly
    generator = SpikeGeneratorGroup(30, indices, times, dt=dt)
    monitor = SpikeMonitor(generator)
    Network(generator, monitor).run(20 * 10.5 * ms)
    replayed = sorted(zip(monitor.i[:].tolist(), np.rint(monitor.t / dt).astype(int).tolist(), strict=True))
    assert replayed == sorted(zip(indices.tolist(), steps.tolist(), strict=True))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"values": np.array([1.5])}, r"\[0, 1\]"),
        ({"values": np.array([np.nan])}, r"\[0, 1\]"),
        ({"values": np.ones((2, 3))}, "period"),
        ({"values": np.ones((2, 3)), "period": 10 * ms}, "longer than t_max"),
        ({"mode": "exp"}, "unknown latency mode"),
        ({"mode": "log"}, "threshold"),
        ({"threshold": 1.0}, "threshold"),
        ({"t_min": 20 * ms}, "t_min < t_max"),
        ({"t_max": 10}, "units of s"),
    ],
)
def test_latency_rejects_bad_input(kwargs, message):
    arguments = {"values": np.array([0.5, 1.0]), "t_max": 10 * ms, "dt": 0.1 * ms} | kwargs
    with pytest.raises(ConfigError, match=message):
        latency_spikes(**arguments)


# --- triangular_population ---


def test_triangular_matches_alsa_eq8_for_iris_geometry():
    # ALSA IRIS: 12 neurons per feature on [0, 11] (a_i = i), w = 2, h = 20 Hz: f_i = max(0, -h|a_i-v|/w + h)
    response = triangular_population(np.array([5.0, 2.5]), 12, 0.0, 11.0, half_width=2.0)
    assert response.shape == (2, 12)
    expected_first = np.zeros(12)
    expected_first[[3, 4, 5, 6, 7]] = [0, 0.5, 1.0, 0.5, 0]
    np.testing.assert_allclose(20 * response[0], 20 * expected_first)
    np.testing.assert_allclose(response[1, [1, 2, 3, 4]], [0.25, 0.75, 0.75, 0.25])


def test_triangular_peak_and_sums():
    n_neurons, low, high = 9, -2.0, 6.0
    values = np.linspace(low, high, 401)
    unit = triangular_population(values[:, None], n_neurons, low, high, half_width=1.0)[:, 0, :]
    np.testing.assert_allclose(unit.sum(axis=1), 1.0)  # w = 1: a partition of unity
    wide = triangular_population(values[:, None], n_neurons, low, high, half_width=2.0)[:, 0, :]
    spacing = (high - low) / (n_neurons - 1)
    interior = (values >= low + spacing) & (values <= high - spacing)
    np.testing.assert_allclose(wide[interior].sum(axis=1), 2.0)  # w = 2: two overlapping fields everywhere
    centres = low + spacing * np.arange(n_neurons)
    at_centres = triangular_population(centres[:, None], n_neurons, low, high)[:, 0, :]
    np.testing.assert_allclose(np.diag(at_centres), 1.0)
    assert np.all((wide >= 0) & (wide <= 1))


def test_triangular_per_feature_ranges_and_clipping():
    low, high = np.array([0.0, 10.0]), np.array([1.0, 20.0])
    response = triangular_population(np.array([[0.5, 25.0], [-3.0, 10.0]]), 3, low, high, half_width=1.0)
    assert response.shape == (2, 2, 3)
    np.testing.assert_allclose(response[0], [[0, 1, 0], [0, 0, 1]])  # 25 is clipped to 20
    np.testing.assert_allclose(response[1], [[1, 0, 0], [1, 0, 0]])


@pytest.mark.parametrize(
    "arguments",
    [
        (np.array([1.0]), 1, 0.0, 1.0),
        (np.array([1.0]), 3, 1.0, 1.0),
        (np.array([np.inf]), 3, 0.0, 1.0),
        (np.ones((2, 3)), 3, np.zeros(2), np.ones(2)),
    ],
)
def test_triangular_rejects_bad_input(arguments):
    with pytest.raises(ConfigError):
        triangular_population(*arguments)


def test_triangular_rejects_bad_half_width():
    with pytest.raises(ConfigError, match="half_width"):
        triangular_population(np.array([0.5]), 3, 0.0, 1.0, half_width=0.0)


# --- onset_delays ---


def test_onset_delays_shift_each_channel():
    indices, times = onset_delays(
        np.array([0, 2, 1, 0]), np.array([1.0, 2.0, 3.0, 4.0]) * ms, np.array([0.0, 10.0, 20.0]) * ms
    )
    np.testing.assert_array_equal(indices, [0, 2, 1, 0])
    np.testing.assert_allclose(times / ms, [1.0, 22.0, 13.0, 4.0])


@pytest.mark.parametrize(
    "indices, times, delays, message",
    [
        (np.array([3]), np.array([1.0]) * ms, np.zeros(3) * ms, "0..2"),
        (np.array([0.5]), np.array([1.0]) * ms, np.zeros(3) * ms, "integers"),
        (np.array([0]), np.array([-1.0]) * ms, np.zeros(3) * ms, "non-negative"),
        (np.array([0]), np.array([1.0]) * ms, -np.ones(3) * ms, "non-negative"),
        (np.array([0, 1]), np.array([1.0]) * ms, np.zeros(3) * ms, "equal length"),
        (np.array([0]), np.array([1.0]), np.zeros(3) * ms, "units of s"),
    ],
)
def test_onset_delays_reject_bad_input(indices, times, delays, message):
    with pytest.raises(ConfigError, match=message):
        onset_delays(indices, times, delays)
