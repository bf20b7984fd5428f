"""Label readout of an unsupervised spiking layer (Diehl & Cook 2015) and the derived metrics.

With learning and adaptive thresholds frozen, each excitatory neuron is assigned the class to which it
responds most over a presentation of the training set; a sample is then classified as the class whose
assigned neurons fire most on average (Diehl & Cook 2015, Sec. 2.5; used by Chakraborty & Mukhopadhyay 2021,
Sec. 3.1.6). Chakraborty & Mukhopadhyay also report the generalization error ``|train - test|`` and a training
loss built from class spike counts (Sec. 3.3).

Accuracies are in percent and the generalization error in percentage points, as in the papers' tables.
"""

from __future__ import annotations

import math

import numpy as np

from brainsnn.errors import ConfigError

#: Assignment of a neuron that never fired during the assignment pass.
UNASSIGNED = -1
#: Added to the true-class probability inside the logarithm of :func:`class_spike_loss`.
LOSS_EPSILON = 1e-12


def _check_n_classes(n_classes: int) -> int:
    if isinstance(n_classes, bool) or not isinstance(n_classes, int | np.integer) or n_classes < 1:
        raise ConfigError(f"n_classes must be a positive integer; got {n_classes!r}")
    return int(n_classes)


def _check_counts(counts) -> np.ndarray:
    matrix = np.asarray(counts, dtype=float)
    if matrix.ndim != 2:
        raise ConfigError(f"counts must be a (n_samples, n_neurons) array; got shape {matrix.shape}")
    if not np.all(np.isfinite(matrix)) or np.any(matrix < 0):
        raise ConfigError("spike counts must be finite and non-negative")
    return matrix


def _check_labels(labels, n_samples: int, n_classes: int, name: str = "labels") -> np.ndarray:
    vector = np.asarray(labels)
    if vector.shape != (n_samples,):
        raise ConfigError(f"{name} must have one entry per sample, shape ({n_samples},); got {vector.shape}")
    if not np.issubdtype(vector.dtype, np.integer):
        raise ConfigError(f"{name} must be integer class indices; got dtype {vector.dtype}")
    if np.any(vector < 0) or np.any(vector >= n_classes):
        raise ConfigError(f"{name} must lie in 0..{n_classes - 1} (n_classes={n_classes})")
    return vector


def _check_assignments(assignments, n_neurons: int, n_classes: int) -> np.ndarray:
    vector = np.asarray(assignments)
    if vector.shape != (n_neurons,) or not np.issubdtype(vector.dtype, np.integer):
        raise ConfigError(f"assignments must be integer class labels, one per neuron, shape ({n_neurons},)")
    if np.any(vector < UNASSIGNED) or np.any(vector >= n_classes):
        raise ConfigError(f"assignments must lie in 0..{n_classes - 1} or be {UNASSIGNED} (unassigned)")
    return vector


def assign_labels(counts, labels, n_classes: int) -> np.ndarray:
    """Assign each neuron the class with the highest mean response (Diehl & Cook 2015, Sec. 2.5).

    Parameters
    ----------
    counts : array_like, shape (n_samples, n_neurons)
        Spike counts of each neuron during each sample's presentation, learning frozen.
    labels : array_like of int, shape (n_samples,)
        True class of each sample, in ``0..n_classes-1``.
    n_classes : int
        Number of classes.

    Returns
    -------
    numpy.ndarray of int, shape (n_neurons,)
        Class of each neuron: ``argmax_c`` of its mean count over the samples of class ``c``. Ties go to the
        lowest class index; classes without samples are never chosen; a neuron that never fired gets
        :data:`UNASSIGNED` (-1) and takes no part in :func:`predict` (Diehl & Cook's code gives it class 0).
    """
    n_classes = _check_n_classes(n_classes)
    matrix = _check_counts(counts)
    classes = _check_labels(labels, matrix.shape[0], n_classes)
    one_hot = np.eye(n_classes)[classes]
    samples_per_class = one_hot.sum(axis=0)
    class_totals = one_hot.T @ matrix
    with np.errstate(invalid="ignore", divide="ignore"):
        class_means = class_totals / samples_per_class[:, None]
    class_means[samples_per_class == 0] = -np.inf
    assignments = np.argmax(class_means, axis=0)
    assignments[matrix.sum(axis=0) == 0] = UNASSIGNED
    return assignments


def class_rates(counts, assignments, n_classes: int) -> np.ndarray:
    """Mean count of the neurons assigned to each class, per sample; ``-inf`` for classes with no neuron.

    Returns
    -------
    numpy.ndarray, shape (n_samples, n_classes)
    """
    n_classes = _check_n_classes(n_classes)
    matrix = _check_counts(counts)
    assigned = _check_assignments(assignments, matrix.shape[1], n_classes)
    membership = assigned[:, None] == np.arange(n_classes)[None, :]
    neurons_per_class = membership.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        rates = (matrix @ membership) / neurons_per_class[None, :]
    rates[:, neurons_per_class == 0] = -np.inf
    return rates


def predict(counts, assignments, n_classes: int) -> np.ndarray:
    """Predict each sample's class: the class whose assigned neurons have the highest mean count.

    Parameters
    ----------
    counts : array_like, shape (n_samples, n_neurons)
        Spike counts per sample and neuron.
    assignments : array_like of int, shape (n_neurons,)
        Output of :func:`assign_labels` (-1 = unassigned, ignored).
    n_classes : int
        Number of classes.

    Returns
    -------
    numpy.ndarray of int, shape (n_samples,)
        Predicted classes. Classes with no assigned neuron are never predicted; ties (including a sample
        that elicited no spike at all) go to the lowest class index.
    """
    rates = class_rates(counts, assignments, n_classes)
    if np.all(np.asarray(assignments) == UNASSIGNED):
        raise ConfigError("no neuron has a class assignment (none fired during assignment); cannot predict")
    return np.argmax(rates, axis=1)


def correct_fraction(predictions, labels) -> float:
    """Fraction of samples whose prediction equals the label, in [0, 1].

    The one accuracy computation of brainsnn: :func:`accuracy` gives it in percent, and
    :func:`brainsnn.train.accuracy` applies it to a trained network's predictions.

    Raises
    ------
    ConfigError
        Unless ``predictions`` and ``labels`` are non-empty 1-D arrays of one shape.
    """
    predicted = np.asarray(predictions)
    truth = np.asarray(labels)
    if predicted.shape != truth.shape or predicted.ndim != 1 or predicted.size == 0:
        raise ConfigError(
            f"predictions and labels must be non-empty 1-D arrays of one shape; "
            f"got {predicted.shape} and {truth.shape}"
        )
    return float(np.mean(predicted == truth))


def accuracy(predictions, labels) -> float:
    """Percentage of samples whose prediction equals the label (0–100), as the papers' tables give it."""
    return 100.0 * correct_fraction(predictions, labels)


def generalization_error(train_accuracy: float, test_accuracy: float) -> float:
    """Generalization error ``|train - test|``, percentage points (Chakraborty & Mukhopadhyay 2021, Sec. 3.3).

    Both accuracies are percentages in [0, 100], as returned by :func:`accuracy`.
    """
    values = (float(train_accuracy), float(test_accuracy))
    if not all(math.isfinite(v) and 0 <= v <= 100 for v in values):
        raise ConfigError(f"accuracies must be percentages in [0, 100]; got {values[0]} and {values[1]}")
    return abs(values[0] - values[1])


def class_spike_loss(counts, assignments, labels, n_classes: int) -> float:
    """Training loss of Chakraborty & Mukhopadhyay (2021, Sec. 3.3).

    Per sample, the spikes of the neurons assigned to each class are summed, ``s_c``; the paper normalises
    them "by dividing by the maximum number of spike counts" and takes the cross-entropy with the true
    class. The paper leaves the mapping to probabilities open; here ``p_c = s_c / sum_c s_c`` (no softmax).
    The max-normalisation cancels in that ratio, so it is not computed. A sample with no spike from any
    assigned neuron gets the uniform ``p_c = 1/n_classes``. The loss is the mean over samples of
    ``-log(p_true + 1e-12)``.

    Parameters
    ----------
    counts : array_like, shape (n_samples, n_neurons)
        Spike counts, learning frozen.
    assignments : array_like of int, shape (n_neurons,)
        Neuron classes from :func:`assign_labels` (-1 ignored).
    labels : array_like of int, shape (n_samples,)
        True classes.
    n_classes : int
        Number of classes.

    Returns
    -------
    float
        Mean cross-entropy in nats; ``log(n_classes)`` for an uninformative response.
    """
    n_classes = _check_n_classes(n_classes)
    matrix = _check_counts(counts)
    classes = _check_labels(labels, matrix.shape[0], n_classes)
    assigned = _check_assignments(assignments, matrix.shape[1], n_classes)
    class_counts = matrix @ (assigned[:, None] == np.arange(n_classes)[None, :])
    totals = class_counts.sum(axis=1)
    silent = totals == 0
    true_counts = class_counts[np.arange(matrix.shape[0]), classes]
    p_true = np.where(silent, 1.0 / n_classes, true_counts / np.where(silent, 1.0, totals))
    return float(np.mean(-np.log(p_true + LOSS_EPSILON)))
