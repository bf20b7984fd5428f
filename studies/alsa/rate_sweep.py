"""ALSA weight change under independent Poisson pre and post trains at equal rate (Mo et al. 2022, Fig. 3).

Every (tau_p, rate, trial) is one synapse between its own Poisson pre neuron and its own Poisson post neuron
(no transmission: the post train does not depend on the pre train), so the whole sweep is one ``run()``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from brian2 import Hz, Network, PoissonGroup, Synapses, defaultclock, ms, second

from brainsnn.backend import use_backend
from brainsnn.errors import ConfigError
from brainsnn.models.alsa import NEVER, AlsaRule, alsa_code


def weight_change_sweep(
    rule: AlsaRule,
    tau_p_ms: Sequence[float],
    rates_hz: Sequence[float],
    *,
    n_trials: int,
    duration_s: float,
    initial_weight: float = 0.5,
    dt_ms: float = 0.1,
    device: str = "numpy",
    seed: int = 0,
    threads: int = 0,
) -> np.ndarray:
    """Final minus initial weight, shape ``(len(tau_p_ms), len(rates_hz), n_trials)``; ``rule.tau_p_ms`` unused."""
    taus, rate_values = np.asarray(tau_p_ms, dtype=float), np.asarray(rates_hz, dtype=float)
    if taus.ndim != 1 or rate_values.ndim != 1 or taus.size == 0 or rate_values.size == 0:
        raise ConfigError("tau_p_ms and rates_hz must be non-empty lists")
    grid_values = np.concatenate([taus, rate_values])
    if not (np.all(np.isfinite(grid_values)) and np.all(grid_values > 0)):
        raise ConfigError("every tau_p_ms and rate must be a finite number > 0")
    if n_trials < 1 or not duration_s > 0 or not 0 < initial_weight < 1:
        raise ConfigError("need n_trials >= 1, duration_s > 0 and 0 < initial_weight < 1")
    tau_grid, rate_grid, _ = np.meshgrid(taus, rate_values, np.arange(n_trials), indexing="ij")
    n_pairs = tau_grid.size
    with use_backend(device, label="alsa-rate-sweep", seed=seed, threads=threads) as backend:
        defaultclock.dt = dt_ms * ms
        pre = PoissonGroup(n_pairs, rates=rate_grid.ravel() * Hz, name="pre")
        post = PoissonGroup(n_pairs, rates=rate_grid.ravel() * Hz, name="post")
        code = alsa_code(rule, transmission="", tau_p_per_synapse=True)
        synapses = Synapses(pre, post, code.model, on_pre=code.on_pre, on_post=code.on_post,
                            namespace=code.namespace, name="alsa")
        synapses.connect(j="i")
        synapses.w = initial_weight
        synapses.last_pre_spike = NEVER
        synapses.tau_p = tau_grid.ravel() * ms
        Network(pre, post, synapses).run(duration_s * second, namespace={})
        backend.execute()
        final = np.array(synapses.w[:])
    return (final - initial_weight).reshape(tau_grid.shape)
