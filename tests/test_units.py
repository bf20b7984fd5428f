"""Physical arguments of public functions: a number in the documented unit or a Brian2 quantity, the same result;
a quantity of the wrong dimension is one ConfigError naming the unit."""

import math

import numpy as np
import pytest
from brian2 import Hz, kHz, ms, mV, second

from brainsnn.backend import use_backend
from brainsnn.data.correlated_pools import correlated_pool_spikes
from brainsnn.data.harmonic_sounds import harmonic_complex
from brainsnn.data.mel_spectrogram import hz_to_mel, log_mel_spectrogram, mel_centres, mel_filterbank
from brainsnn.errors import ConfigError
from brainsnn.metrics.output_readout import most_active_output
from brainsnn.models.alsa import AlsaRule
from brainsnn.models.two_compartment import TwoCompartmentParams
from brainsnn.networks.diehl_cook import DiehlCookNetwork, DiehlCookParameters, NetworkState
from brainsnn.networks.single_neuron_stdp import run_single_neuron_stdp
from brainsnn.units import in_unit


def test_a_quantity_becomes_a_number_in_the_named_unit():
    assert in_unit(250 * ms, "second", "duration_s") == 0.25
    assert in_unit(0.5 * kHz, "Hz", "rate_hz") == 500.0
    assert isinstance(in_unit(3 * second, "second", "duration_s"), float)
    np.testing.assert_array_equal(in_unit(np.array([1.0, 2.5]) * second, "ms", "delays_ms"), [1000.0, 2500.0])


def test_numbers_arrays_and_none_pass_through_unchanged():
    values = np.array([1.0, 2.0])
    assert in_unit(values, "ms", "delays_ms") is values
    assert in_unit(7, "second", "duration_s") == 7 and isinstance(in_unit(7, "second", "duration_s"), int)
    assert in_unit(None, "Hz", "fmax_hz") is None


@pytest.mark.parametrize(("value", "unit"), [(3 * mV, "second"), (1 * second, "Hz"), (2 * Hz, "ms")])
def test_a_quantity_of_another_dimension_is_rejected_naming_the_unit(value, unit):
    with pytest.raises(ConfigError, match=rf"x is in {unit}: give a number or a Brian2 quantity .*x=2\*{unit}"):
        in_unit(value, unit, "x")


def _single_neuron(**physical):
    return run_single_neuron_stdp(["log"], {}, pool_sizes=(10, 10), pool_correlations=(0.2, 0.0), seed=4,
                                  device="numpy", **physical)


def test_run_single_neuron_stdp_takes_quantities():
    numbers = _single_neuron(duration_s=0.3, dt_ms=0.1, input_rate_hz=20.0, delay_ms=0.75, record_every_ms=50.0)
    quantities = _single_neuron(duration_s=300 * ms, dt_ms=100 * 1e-6 * second, input_rate_hz=0.02 * kHz,
                                delay_ms=0.75 * ms, record_every_ms=0.05 * second)
    np.testing.assert_array_equal(quantities.final_weights["log"], numbers.final_weights["log"])
    assert quantities.weight_snapshots["log"].shape == (6, 20)  # 300 ms / 50 ms
    with pytest.raises(ConfigError, match="duration_s is in second"):
        _single_neuron(duration_s=1 * mV)


def test_single_neuron_defaults_are_the_study_defaults():
    from brainsnn.registry import get_study

    defaults = get_study("stdp-single-neuron").Config.build({"study": "stdp-single-neuron", "preset": "x"})
    signature = run_single_neuron_stdp.__kwdefaults__
    for key in ("pool_sizes", "pool_correlations", "input_rate_hz", "duration_s", "dt_ms", "record_every_ms"):
        assert tuple(np.atleast_1d(signature[key])) == tuple(np.atleast_1d(defaults[key])), key


def test_correlated_pool_spikes_take_quantities():
    numbers = correlated_pool_spikes([5, 5], [0.3, 0.0], 20.0, 2.0, 1e-3, np.random.default_rng(1))
    quantities = correlated_pool_spikes([5, 5], [0.3, 0.0], 20 * Hz, 2 * second, 1 * ms, np.random.default_rng(1))
    for a, b in zip(numbers, quantities, strict=True):
        np.testing.assert_array_equal(a, b)


def test_diehl_cook_parameters_and_chunks_take_quantities():
    params = DiehlCookParameters(n_input=4, n_exc=2, present_ms=0.05 * second, rest_ms=10 * ms, dt_ms=0.5 * ms,
                                 boost_hz=0.032 * kHz, max_rate_hz=63.75 * Hz, max_input_delay_ms=10 * ms,
                                 n_recorded_synapses=2)
    assert params == DiehlCookParameters(n_input=4, n_exc=2, present_ms=50.0, rest_ms=10.0, dt_ms=0.5,
                                         boost_hz=32.0, max_rate_hz=63.75, max_input_delay_ms=10.0,
                                         n_recorded_synapses=2)
    with pytest.raises(ConfigError, match="max_rate_hz is in Hz"):
        DiehlCookParameters(n_input=4, n_exc=2, max_rate_hz=60 * ms)
    rates = np.full((2, 4), 100.0)
    counts = []
    for given in (rates, rates * Hz):
        state = NetworkState.initial(params, np.random.default_rng(0))
        with use_backend("numpy", seed=1) as backend:
            network = DiehlCookNetwork(params, backend, 2, 0.5, np.arange(2))
            counts.append(network.run_chunk(given, np.ones(2), state).counts)
    np.testing.assert_array_equal(counts[0], counts[1])


def test_mel_spectrogram_functions_take_quantities():
    assert hz_to_mel(1 * kHz) == pytest.approx(2595 * math.log10(1 + 1000 / 700))
    np.testing.assert_array_equal(mel_centres(8, 50 * Hz, 4 * kHz), mel_centres(8, 50.0, 4000.0))
    np.testing.assert_array_equal(mel_filterbank(8, 64, 8 * kHz, 0 * Hz, 4 * kHz), mel_filterbank(8, 64, 8000.0, 0.0,
                                                                                                    4000.0))
    signal = np.sin(2 * np.pi * 440 * np.arange(4000) / 8000)
    np.testing.assert_array_equal(
        log_mel_spectrogram(signal, 8 * kHz, n_mels=16, n_frames=10, fmin_hz=0.05 * kHz, fmax_hz=3 * kHz),
        log_mel_spectrogram(signal, 8000.0, n_mels=16, n_frames=10, fmin_hz=50.0, fmax_hz=3000.0),
    )


def test_harmonic_complex_takes_a_quantity():
    f0 = np.full(200, 300.0)
    numbers = harmonic_complex(f0, lambda k, freq: 1.0 / k, np.random.default_rng(2))
    quantities = harmonic_complex(f0 * Hz, lambda k, freq: 1.0 / k, np.random.default_rng(2))
    np.testing.assert_array_equal(numbers, quantities)


def test_most_active_output_takes_latencies_as_a_quantity():
    counts = np.array([[2, 2, 0], [0, 0, 0]])
    latency = np.array([[5.0, 3.0, np.inf], [np.inf] * 3])
    np.testing.assert_array_equal(most_active_output(counts, latency * 1e-3 * second), most_active_output(counts,
                                                                                                          latency))
    assert most_active_output(counts, latency * ms)[0] == 1  # tie on counts: the earlier first spike wins


def test_model_constants_take_quantities():
    assert TwoCompartmentParams(tau_ms=15 * ms, tau_avg_ms=0.8 * second, output_rate_hz=10 * Hz) == \
        TwoCompartmentParams()
    rule = AlsaRule(eta=0.01, alpha=-0.1, beta=1.0, tau_p_ms=0.02 * second)
    assert rule.tau_p_ms == 20.0
    assert rule.crossover_rate_hz(50 * ms) == pytest.approx(0.1 / (0.9 * 0.05))  # f* = -alpha / ((alpha+beta) tau)
    with pytest.raises(ConfigError, match="tau_p_ms is in ms"):
        AlsaRule(eta=0.01, alpha=-0.1, beta=1.0, tau_p_ms=20 * Hz)
