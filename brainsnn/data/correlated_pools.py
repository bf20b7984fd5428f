"""Poisson spike trains in pools with a within-pool correlation (synthetic input of the Table 1 set-up).

Chakraborty & Mukhopadhyay (2021), Table 1: 200 inputs in 4 pools of 50 at 10 Hz. A pool with correlation
c_p > 0 is a multiple interaction process (Kuhn, Aertsen & Rotter 2003): a mother Poisson train of rate r / c_p
whose spikes each input copies with probability c_p, so every input fires at rate r and two inputs of the pool
have spike-count correlation c_p. A pool with c_p = 0 is independent Poisson. Spikes are placed on the
simulation grid and deduplicated, since a ``SpikeGeneratorGroup`` takes one spike per neuron and step.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from brainsnn.errors import ConfigError
from brainsnn.units import in_unit


def correlated_pool_spikes(
    pool_sizes: Sequence[int],
    correlations: Sequence[float],
    rate_hz: float,
    duration_s: float,
    dt_s: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(indices, times_s)`` sorted by time, one spike per neuron and time step at most.

    ``rate_hz``, ``duration_s`` and ``dt_s`` are numbers in the unit their name ends with, or Brian2 quantities.
    """
    rate_hz = in_unit(rate_hz, "Hz", "rate_hz")
    duration_s = in_unit(duration_s, "second", "duration_s")
    dt_s = in_unit(dt_s, "second", "dt_s")
    if len(pool_sizes) != len(correlations):
        raise ConfigError("give one correlation per pool (pool_correlations must match pool_sizes)")
    if not all(0 <= c <= 1 for c in correlations):
        raise ConfigError(f"pool correlations must lie in [0, 1], got {list(correlations)}")
    if rate_hz <= 0 or duration_s <= 0 or dt_s <= 0:
        raise ConfigError("input rate, duration and dt must be > 0")
    n_steps = int(round(duration_s / dt_s))
    neuron_parts, step_parts = [], []
    first = 0
    for size, correlation in zip(pool_sizes, correlations, strict=True):
        mother = _poisson_steps(rate_hz / correlation, n_steps, dt_s, rng) if correlation > 0 else None
        for neuron in range(first, first + size):
            if mother is None:
                steps = _poisson_steps(rate_hz, n_steps, dt_s, rng)
            else:
                steps = mother[rng.random(mother.size) < correlation]
            neuron_parts.append(np.full(steps.size, neuron))
            step_parts.append(steps)
        first += size
    neurons = np.concatenate(neuron_parts)
    steps = np.concatenate(step_parts)
    order = np.lexsort((neurons, steps))
    return neurons[order], steps[order] * dt_s


def _poisson_steps(rate_hz: float, n_steps: int, dt_s: float, rng: np.random.Generator) -> np.ndarray:
    """Sorted unique time-step indices of a Poisson train (probability rate*dt per step)."""
    count = rng.poisson(rate_hz * n_steps * dt_s)
    return np.unique(rng.integers(0, n_steps, size=count))
