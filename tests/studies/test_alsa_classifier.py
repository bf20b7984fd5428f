"""ALSA's supervised layer (Mo et al. 2022, steps 1-5): the teacher makes its output fire, and the rule then
potentiates active inputs onto it, depresses silent ones, and leaves outputs that never fire untouched."""

import numpy as np
import pytest

from brainsnn.errors import ConfigError
from brainsnn.models.alsa import IRIS_RULE
from brainsnn_studies.alsa.classifier import TeacherProtocol, run_alsa_classifiers

N_INPUTS, N_CLASSES, N_SLOTS = 10, 3, 12
PROTOCOL = TeacherProtocol(initial_weight_range=(0.05, 0.05))


@pytest.fixture(scope="module")
def taught():
    """Copy 0: no input, taught class 0. Copy 1: inputs 0-4 at 50 Hz, 5-9 silent, taught class 2."""
    rates = np.zeros((2, N_SLOTS, N_INPUTS))
    rates[1, :, :5] = 50.0
    labels = np.zeros((2, N_SLOTS), dtype=int)
    labels[1] = 2
    return run_alsa_classifiers(rates, labels, np.ones(N_SLOTS, bool), N_CLASSES, IRIS_RULE, PROTOCOL)


def test_teacher_drives_only_its_output(taught):
    teacher_spikes = PROTOCOL.teacher_rate_hz * PROTOCOL.present_ms * 1e-3  # 4 per presentation on average
    per_sample = taught.counts[0].mean(axis=0)
    assert per_sample[0] > teacher_spikes - 4 * np.sqrt(teacher_spikes / N_SLOTS)  # >= one spike per teacher spike
    assert per_sample[1:].sum() == 0


def test_supervised_rule_potentiates_active_depresses_silent_and_spares_silent_outputs(taught):
    change = taught.final_weights[1] - taught.initial_weights[1]
    assert np.all(change[:5, 2] > 0)  # I_s -> O_s: 50 Hz is far above f* = 2.2 Hz
    assert np.all(change[5:, 2] < 0)  # I_non -> O_s: heterosynaptic LTD
    assert np.all(change[:, :2] == 0)  # O_non never fired (weak inputs alone stay below threshold)
    assert taught.counts[1, :, :2].sum() == 0


def test_unsupervised_slots_freeze_the_weights():
    rates = np.full((1, 6, N_INPUTS), 20.0)
    protocol = TeacherProtocol(initial_weight_range=(0.4, 0.6))
    run = run_alsa_classifiers(rates, np.zeros((1, 6), int), np.zeros(6, bool), N_CLASSES, IRIS_RULE, protocol)
    assert run.counts.sum() > 0  # the outputs did fire from their inputs
    np.testing.assert_array_equal(run.final_weights, run.initial_weights)


def test_bad_setup_names_the_fix():
    rates = np.zeros((1, 2, 4))
    with pytest.raises(ConfigError, match="labels must lie"):
        run_alsa_classifiers(rates, np.array([[0, 5]]), np.ones(2, bool), 3, IRIS_RULE, TeacherProtocol())
    with pytest.raises(ConfigError, match="initial_weight_range"):
        run_alsa_classifiers(rates, np.zeros((1, 2), int), np.ones(2, bool), 3, IRIS_RULE,
                             TeacherProtocol(initial_weight_range=(0.5, 1.5)))
