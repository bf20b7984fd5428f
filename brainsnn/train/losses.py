"""Softmax cross-entropy ``L = -mean_mu log softmax(z^mu)_{y^mu}`` and its gradient ``(softmax(z) - onehot(y)) / n``."""

import numpy as np

from brainsnn.errors import ConfigError


def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean cross-entropy of ``(n, classes)`` logits against integer labels, and its gradient w.r.t. the logits."""
    labels = np.asarray(labels)
    if logits.ndim != 2 or labels.shape != (len(logits),):
        raise ConfigError(f"need (n, classes) logits and (n,) labels, got {logits.shape} and {labels.shape}")
    if labels.min() < 0 or labels.max() >= logits.shape[1]:
        raise ConfigError(f"labels must lie in 0..{logits.shape[1] - 1}; the output layer has too few units")
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probabilities = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(len(labels))
    loss = -float(log_probabilities[rows, labels].mean())
    grad = np.exp(log_probabilities)
    grad[rows, labels] -= 1.0
    return loss, grad / len(labels)
