"""Noisy test inputs for associative memories: k pixels of a stored pattern replaced by grey values.

Delacour & Todri-Sanial (2021), Sec. 3.1.3: each test subset S_k holds patterns with k randomly located "fuzzy"
pixels whose values are drawn from U(-1, 1) (any pixel, the reference included).
"""

from __future__ import annotations

import numpy as np

from brainsnn.errors import ConfigError


def fuzzy_inputs(patterns, n_fuzzy: int, per_pattern: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """``per_pattern`` noisy copies of every row of ``patterns`` (values in [-1, 1]) and the index of its source."""
    patterns = np.asarray(patterns, dtype=float)
    n_pixels = patterns.shape[1]
    if not 0 <= n_fuzzy <= n_pixels:
        raise ConfigError(f"the number of fuzzy pixels must be in [0, {n_pixels}], got {n_fuzzy}")
    if per_pattern < 1:
        raise ConfigError(f"per_pattern must be >= 1, got {per_pattern}")
    targets = np.repeat(np.arange(len(patterns)), per_pattern)
    inputs = patterns[targets].copy()
    for row in inputs:
        pixels = rng.choice(n_pixels, size=n_fuzzy, replace=False)
        row[pixels] = rng.uniform(-1.0, 1.0, size=n_fuzzy)
    return inputs, targets
