"""Seeded, class-stratified subsets of a labelled dataset (`load_dataset`'s and `load_cifar`'s ``n_train`` /
``n_test``)."""

import numpy as np

from brainsnn.errors import ConfigError


def stratified_subset(labels: np.ndarray, n_samples: int, seed: int) -> np.ndarray:
    """Indices of a seeded, class-stratified subset of ``n_samples`` samples, in ascending order.

    Class quotas are proportional to the class frequencies (largest-remainder rounding, ties to the lower
    label); within each class the members are drawn without replacement by ``numpy.random.default_rng(seed)``.
    """
    if not 0 < n_samples <= len(labels):
        raise ConfigError(f"asked for {n_samples} samples but only 1..{len(labels)} are available")
    rng = np.random.default_rng(seed)
    classes, counts = np.unique(labels, return_counts=True)
    exact = n_samples * counts / len(labels)
    quotas = np.floor(exact).astype(int)
    remainder_order = np.argsort(-(exact - quotas), kind="stable")
    quotas[remainder_order[: n_samples - quotas.sum()]] += 1
    chosen = [
        rng.choice(np.flatnonzero(labels == label), size=quota, replace=False)
        for label, quota in zip(classes, quotas, strict=True)
    ]
    return np.sort(np.concatenate(chosen))


def stratified_pair(x: np.ndarray, y: np.ndarray, n: int | None, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """All of ``x, y`` for ``n`` None, else their seeded class-stratified subset of ``n`` samples."""
    if n is None:
        return x, y
    keep = stratified_subset(y, n, seed)
    return x[keep], y[keep]
