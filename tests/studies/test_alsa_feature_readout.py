"""ALSA feature layer + readout (Mo et al. 2022, Fig. 7): lateral inhibition thins the winners, plasticity follows
the phase schedule (features learn only in phase 0, the readout only in phase 1, nothing in the test phase)."""

import numpy as np
import pytest

from brainsnn.data import load_dataset
from brainsnn.errors import ConfigError
from brainsnn_studies.alsa.feature_readout import FeatureReadoutSetup, run_feature_readout

N_SAMPLES = 8


@pytest.fixture(scope="module")
def images():
    data = load_dataset("digits", n_train=N_SAMPLES, n_test=10, upsample=28)
    return data.x_train / 255.0, data.y_train


def _run(images, phase, inhibition=30.0):
    pixels, labels = images
    setup = FeatureReadoutSetup(n_features=8, lateral_inhibition=inhibition)
    return run_feature_readout(pixels, labels, np.asarray(phase), 10, setup, device="numpy"), setup


def test_lateral_inhibition_reduces_the_features_firing_per_sample(images):
    free, _ = _run(images, [0] * N_SAMPLES, inhibition=0.0)
    inhibited, _ = _run(images, [0] * N_SAMPLES, inhibition=30.0)
    active_free = (free.feature_counts > 0).sum(axis=1).mean()
    active_inhibited = (inhibited.feature_counts > 0).sum(axis=1).mean()
    assert active_free > 1 and active_inhibited < active_free


def test_test_phase_freezes_and_feature_phase_learns(images):
    frozen, setup = _run(images, [2] * N_SAMPLES)
    assert frozen.feature_counts.sum() > 0  # features fired, yet nothing learned
    low, high = setup.feature_initial_weight
    assert frozen.feature_weights.min() >= low and frozen.feature_weights.max() <= high
    low, high = setup.readout_initial_weight
    assert frozen.readout_weights.min() >= low and frozen.readout_weights.max() <= high
    learned, setup = _run(images, [0] * N_SAMPLES)
    low, high = setup.feature_initial_weight
    assert learned.feature_weights.min() < low and learned.feature_weights.max() > high


def test_phases_out_of_order_are_rejected(images):
    with pytest.raises(ConfigError, match="non-decreasing"):
        _run(images, [1] * (N_SAMPLES - 1) + [0])
