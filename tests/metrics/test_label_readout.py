"""Diehl & Cook (2015) label readout, accuracy, generalization error and the class-spike-count loss."""

import math

import numpy as np
import pytest

from brainsnn.errors import ConfigError
from brainsnn.metrics import (
    UNASSIGNED,
    accuracy,
    assign_labels,
    class_spike_loss,
    correct_fraction,
    generalization_error,
    predict,
)

LABELS = np.array([0, 0, 0, 1, 2, 2])
# Columns are neurons; expected assignment by mean count per class (class sizes 3, 1, 2):
COUNTS = np.array(
    [
        # n0: means (1, 2, 0) -> 1 (by sums it would be 0)
        # n1: means (2, 0, 1) -> 0
        # n2: means (0, 3, 3) -> tie -> 1 (lowest index)
        # n3: means (0, 0, 3) -> 2
        # n4: never fires -> UNASSIGNED
        [1, 4, 0, 0, 0],
        [1, 2, 0, 0, 0],
        [1, 0, 0, 0, 0],
        [2, 0, 3, 0, 0],
        [0, 1, 3, 0, 0],
        [0, 1, 3, 6, 0],
    ]
)
ASSIGNMENTS = np.array([1, 0, 1, 2, UNASSIGNED])


def test_assign_labels_by_mean_response():
    np.testing.assert_array_equal(assign_labels(COUNTS, LABELS, 3), ASSIGNMENTS)


def test_classes_without_samples_are_never_assigned():
    # Class 0 has no samples; a neuron silent on every presented sample of class 1 and 2 still goes to 1.
    counts = np.array([[0, 2], [0, 5]])
    np.testing.assert_array_equal(assign_labels(counts, np.array([1, 2]), 3), [UNASSIGNED, 2])
    np.testing.assert_array_equal(assign_labels(np.array([[0, 2], [1, 2]]), np.array([1, 2]), 3), [2, 1])


def test_predict_by_mean_rate_of_assigned_neurons():
    counts = np.array(
        [
            [2, 1, 0, 0, 9],  # class rates (1, 1, 0) -> tie -> 0; the unassigned neuron 4 is ignored
            [0, 0, 4, 1, 0],  # (0, 2, 1) -> 1
            [0, 0, 0, 0, 0],  # silent -> all tie -> 0
            [1, 1, 1, 3, 0],  # (1, 1, 3) -> 2
        ]
    )
    np.testing.assert_array_equal(predict(counts, ASSIGNMENTS, 3), [0, 1, 0, 2])


def test_classes_without_neurons_are_never_predicted():
    np.testing.assert_array_equal(predict(np.zeros((2, 2)), np.array([1, 1]), 3), [1, 1])
    with pytest.raises(ConfigError, match="no neuron"):
        predict(np.ones((2, 2)), np.array([UNASSIGNED, UNASSIGNED]), 3)


def test_accuracy_and_generalization_error():
    assert accuracy(np.array([0, 1, 2, 2]), np.array([0, 1, 1, 2])) == 75.0
    assert correct_fraction([3, 1, 4], [3, 1, 5]) == pytest.approx(2 / 3)
    for predictions, labels in (([0, 1], [0, 1, 1]), ([], []), ([[0, 1]], [[0, 1]])):
        with pytest.raises(ConfigError, match="non-empty 1-D arrays of one shape"):
            correct_fraction(predictions, labels)
    # Chakraborty & Mukhopadhyay Sec. 3.4: train 93.75 %, test 90.49 %.
    assert generalization_error(93.75, 90.49) == pytest.approx(3.26)
    assert generalization_error(90.49, 93.75) == pytest.approx(3.26)
    with pytest.raises(ConfigError, match="percentages"):
        generalization_error(0.93, 120.0)


def reference_loss(counts, assignments, labels, n_classes):
    """The loss written out per sample: class sums, divide by the max, normalise to sum 1, cross-entropy."""
    losses = []
    for row, label in zip(counts, labels, strict=True):
        sums = np.array([row[assignments == c].sum() for c in range(n_classes)], dtype=float)
        if sums.max() == 0:
            probabilities = np.full(n_classes, 1.0 / n_classes)
        else:
            scaled = sums / sums.max()
            probabilities = scaled / scaled.sum()
        losses.append(-math.log(probabilities[label] + 1e-12))
    return float(np.mean(losses))


def test_class_spike_loss_small_case():
    counts = np.array([[1, 1, 6, 0, 9], [0, 0, 0, 0, 5], [0, 3, 0, 1, 0]])
    labels = np.array([1, 2, 0])
    # Class sums: sample 0 (1, 1 + 6, 0), true 1: p = 7/8; sample 1 silent: 1/3; sample 2 (3, 0, 1): 3/4.
    expected = -(math.log(7 / 8) + math.log(1 / 3) + math.log(3 / 4)) / 3
    loss = class_spike_loss(counts, ASSIGNMENTS, labels, 3)
    assert loss == pytest.approx(expected, rel=1e-9)
    assert loss == pytest.approx(reference_loss(counts, ASSIGNMENTS, labels, 3), rel=1e-9)


def test_class_spike_loss_lower_for_separated_responses():
    rng = np.random.default_rng(0)
    n_classes, per_class, n_samples = 10, 5, 400
    assignments = np.repeat(np.arange(n_classes), per_class)
    labels = rng.integers(0, n_classes, n_samples)
    rates = np.where(assignments[None, :] == labels[:, None], 8.0, 0.3)
    counts = rng.poisson(rates)
    loss = class_spike_loss(counts, assignments, labels, n_classes)
    shuffled = class_spike_loss(counts, assignments, rng.permutation(labels), n_classes)
    assert loss == pytest.approx(reference_loss(counts, assignments, labels, n_classes), rel=1e-9)
    assert loss < 0.5 < math.log(n_classes) < shuffled
    # The readout built on these counts classifies them well.
    learned = assign_labels(counts, labels, n_classes)
    np.testing.assert_array_equal(learned, assignments)
    assert accuracy(predict(counts, learned, n_classes), labels) > 95.0


def test_validation():
    with pytest.raises(ConfigError, match="0..2"):
        assign_labels(COUNTS, np.array([0, 0, 0, 1, 2, 3]), 3)
    with pytest.raises(ConfigError, match="non-negative"):
        assign_labels(-COUNTS, LABELS, 3)
    with pytest.raises(ConfigError, match="one entry per sample"):
        assign_labels(COUNTS, LABELS[:4], 3)
    with pytest.raises(ConfigError, match="integer"):
        assign_labels(COUNTS, LABELS.astype(float), 3)
    with pytest.raises(ConfigError, match="assignments"):
        predict(COUNTS, np.array([0, 1, 5, 2, 0]), 3)
    with pytest.raises(ConfigError, match="n_classes"):
        predict(COUNTS, ASSIGNMENTS, 0)
