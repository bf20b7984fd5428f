"""Central finite differences, the oracle for every analytic gradient in the numpy trainers."""

import numpy as np

STEP = 1e-6


def numerical_gradient(function, array: np.ndarray) -> np.ndarray:
    """``d function() / d array`` by central differences, perturbing ``array`` in place one entry at a time."""
    grad = np.zeros_like(array)
    flat, flat_grad = array.reshape(-1), grad.reshape(-1)
    for index in range(flat.size):
        original = flat[index]
        flat[index] = original + STEP
        upper = function()
        flat[index] = original - STEP
        lower = function()
        flat[index] = original
        flat_grad[index] = (upper - lower) / (2 * STEP)
    return grad


#: Gradient norms below this count as zero (e.g. a bias followed by batch norm, whose exact gradient is 0).
ZERO_NORM = 1e-9


def relative_error(analytic: np.ndarray, numerical: np.ndarray) -> float:
    """``||a - n|| / max(||a||, ||n||, ZERO_NORM)``."""
    scale = max(np.linalg.norm(analytic), np.linalg.norm(numerical), ZERO_NORM)
    return float(np.linalg.norm(analytic - numerical) / scale)
