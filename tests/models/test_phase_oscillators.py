"""Ideal phase-oscillator Hopfield network: RK4 against closed forms, a loop reference and pattern retrieval."""

import math

import numpy as np
import pytest
from scipy.linalg import hadamard

from brainsnn.errors import ConfigError
from brainsnn.models.hopfield import hebbian_weights
from brainsnn.models.phase_oscillators import binary_states, intermediate_phases, phases_from_inputs, settle


@pytest.mark.parametrize("coupling", [0.5, -0.5])
def test_two_oscillators_follow_the_closed_form(coupling):
    strength, periods = 2.0, 1.5
    psi0 = np.array([0.3, 1.0, 2.0, 3.0, -2.5])
    theta0 = np.stack([np.full_like(psi0, 0.7), 0.7 + psi0], axis=1)
    theta = settle([[0, coupling], [coupling, 0]], theta0, strength, periods)
    expected = 2 * np.arctan(np.tan(psi0 / 2) * np.exp(-2 * strength * coupling * periods))
    np.testing.assert_allclose(np.angle(np.exp(1j * (theta[:, 1] - theta[:, 0] - expected))), 0, atol=1e-7)
    np.testing.assert_allclose(theta.sum(axis=1), theta0.sum(axis=1), atol=1e-12)  # the mean phase is conserved
    np.testing.assert_array_equal(binary_states(theta)[:, 1], [1] * 5 if coupling > 0 else [-1] * 5)


def test_binarising_term_alone_follows_its_closed_form():
    # Two oscillators, J = 0: d psi / d tau = -B sin(2 psi), so tan(psi) = tan(psi0) exp(-2 B tau).
    binarisation, periods = 1.2, 0.8
    psi0 = np.array([0.3, 1.2, 1.9, 2.8, -0.6])
    theta0 = np.stack([np.zeros_like(psi0), psi0], axis=1)
    theta = settle(np.zeros((2, 2)), theta0, 1.0, periods, binarisation=binarisation)
    psi = theta[:, 1] - theta[:, 0]
    np.testing.assert_allclose(np.tan(psi), np.tan(psi0) * np.exp(-2 * binarisation * periods), rtol=1e-7)
    np.testing.assert_array_equal(binary_states(theta)[:, 1], [1, 1, -1, -1, 1])


def _loop_rk4(coupling, theta, strength, periods, steps, binarisation=0.0):
    """The phase equation written term by term, integrated with RK4 in plain Python."""
    n, h = len(theta), periods / steps

    def rate(phase):
        return [strength * sum(coupling[i][j] * math.sin(phase[j] - phase[i]) for j in range(n))
                + binarisation / n * sum(math.sin(2 * (phase[j] - phase[i])) for j in range(n)) for i in range(n)]

    def shifted(phase, slope, fraction):
        return [phase[i] + fraction * h * slope[i] for i in range(n)]

    for _ in range(steps):
        k1 = rate(theta)
        k2 = rate(shifted(theta, k1, 0.5))
        k3 = rate(shifted(theta, k2, 0.5))
        k4 = rate(shifted(theta, k3, 1.0))
        theta = [theta[i] + h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) for i in range(n)]
    return theta


def test_batched_settle_matches_rows_and_a_loop_reference():
    rng = np.random.default_rng(0)
    couplings = rng.normal(size=(3, 5, 5))
    for coupling in couplings:
        np.fill_diagonal(coupling, 0.0)
    theta0 = rng.uniform(0, 2 * np.pi, size=(3, 5))
    batched = settle(couplings, theta0, strength=1.5, periods=2.0)
    for row in range(3):
        np.testing.assert_allclose(settle(couplings[row], theta0[row], 1.5, 2.0), batched[row], atol=1e-12)
        reference = _loop_rk4(couplings[row].tolist(), theta0[row].tolist(), 1.5, 2.0, steps=800)
        np.testing.assert_allclose(batched[row], reference, atol=1e-7)
        binarised = settle(couplings[row], theta0[row], 1.5, 2.0, binarisation=0.7)
        reference = _loop_rk4(couplings[row].tolist(), theta0[row].tolist(), 1.5, 2.0, steps=800, binarisation=0.7)
        np.testing.assert_allclose(binarised, reference, atol=1e-7)
    shared = settle(couplings[0], theta0, 1.5, 2.0)
    np.testing.assert_allclose(shared[0], batched[0], atol=1e-12)


def test_stored_patterns_are_fixed_points_and_corrupted_ones_are_retrieved():
    patterns = hadamard(16)[[1, 2, 4]]
    coupling = hebbian_weights(patterns)
    stored = phases_from_inputs(patterns, encoding="sign")
    np.testing.assert_allclose(settle(coupling, stored, strength=2.0, periods=5.0), stored, atol=1e-9)

    grey = patterns.astype(float)
    grey[:, [5, 9, 13]] = 0.0
    theta = settle(coupling, phases_from_inputs(grey), strength=2.0, periods=10.0)
    np.testing.assert_array_equal(binary_states(theta), patterns)
    assert not intermediate_phases(theta).any()

    # A binary input is an equilibrium (sin 0 = sin pi = 0) even when corrupted: small phase noise lets it move.
    # It reaches the right signs, but not necessarily 0/180 deg (see the test below).
    flipped = patterns.astype(float)
    flipped[:, [3, 10]] *= -1
    noise = np.random.default_rng(2).normal(scale=0.1, size=flipped.shape)
    theta = settle(coupling, phases_from_inputs(flipped) + noise, strength=2.0, periods=10.0)
    np.testing.assert_array_equal(binary_states(theta), patterns)


def test_orthogonal_patterns_leave_a_continuum_of_intermediate_equilibria():
    # exp(i theta) = cos(a) xi^1 + i sin(a) xi^2 has unit modulus for orthogonal +-1 patterns and maximises
    # sum_k |<xi^k, exp(i theta)>|^2, so it does not move although its phases are 2a = 57 deg from 0 or 180 deg.
    patterns = hadamard(16)[[1, 2, 4]]
    theta = np.angle(np.cos(0.5) * patterns[0] + 1j * np.sin(0.5) * patterns[1])
    np.testing.assert_allclose(settle(hebbian_weights(patterns), theta, strength=2.0, periods=5.0), theta, atol=1e-9)
    assert intermediate_phases(theta).sum() == 8


def test_encodings_and_readout():
    inputs = [1.0, 0.0, -1.0, 0.5, -0.2]
    np.testing.assert_allclose(phases_from_inputs(inputs), [0, np.pi / 2, np.pi, np.pi / 4, 0.6 * np.pi])
    np.testing.assert_array_equal(phases_from_inputs(inputs, encoding="sign"), [0, 0, np.pi, 0, np.pi])
    theta = 2.0 + np.array([0.0, 0.5, np.pi - 0.5, np.pi / 2 + 0.1, -1.0, np.pi + 1.0])
    np.testing.assert_array_equal(binary_states(theta), [1, 1, -1, -1, 1, -1])
    np.testing.assert_array_equal(intermediate_phases(theta), [False, False, False, True, True, True])


def test_bad_input_is_a_config_error():
    with pytest.raises(ConfigError):
        phases_from_inputs([0.0, 1.5])
    with pytest.raises(ConfigError):
        phases_from_inputs([0.0], encoding="phase")
    with pytest.raises(ConfigError):
        settle(np.zeros((3, 3)), np.zeros(4), 1.0, 1.0)
    with pytest.raises(ConfigError):
        settle(np.zeros((2, 3, 3)), np.zeros((3, 3)), 1.0, 1.0)
    with pytest.raises(ConfigError):
        settle(np.zeros((3, 3)), [0.0, np.nan, 0.0], 1.0, 1.0)
    with pytest.raises(ConfigError):
        settle(np.zeros((3, 3)), np.zeros(3), 1.0, 0.0)
    with pytest.raises(ConfigError):
        settle(np.zeros((3, 3)), np.zeros(3), 1.0, 1.0, steps_per_period=0)
