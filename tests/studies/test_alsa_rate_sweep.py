"""The Fig. 3 rate sweep of the ``alsa`` study (Mo et al. 2022) against the closed form of the mean ALSA weight change
under independent Poisson pre/post trains (crossover f* = -alpha / ((alpha + beta) tau_p))."""

import math

import numpy as np
import pytest

from brainsnn.errors import ConfigError
from brainsnn.models.alsa import FIG3_RULE, AlsaRule
from brainsnn_studies.alsa.rate_sweep import weight_change_sweep

DT_MS = 0.5


@pytest.mark.parametrize("tau_p_ms", [10.0, 20.0, 50.0])
def test_fig3_sign_of_mean_change_follows_the_crossover(tau_p_ms):
    """At f*/3 the mean change is negative, at 3 f* positive (10 trials of 20 s each)."""
    f_star = -FIG3_RULE.alpha / ((FIG3_RULE.alpha + FIG3_RULE.beta) * tau_p_ms * 1e-3)
    assert FIG3_RULE.crossover_rate_hz(tau_p_ms) == pytest.approx(f_star)
    changes = weight_change_sweep(FIG3_RULE, [tau_p_ms], [f_star / 3, 3 * f_star], n_trials=10, duration_s=20,
                                  dt_ms=DT_MS, seed=int(tau_p_ms))
    below, above = changes[0].mean(axis=1)
    assert below < 0 < above


def test_mean_change_matches_the_closed_form_drift():
    """With eta small enough that w stays near 0.5, E[dw] = f T eta w (1 - w) E[alpha + beta exp(-ISI / tau)].

    On the time grid dt the most recent pre spike lies k >= 0 steps back with probability p q^k (p = f dt,
    q = 1 - p) and k = 0 gives no change, so E[...] = alpha q + beta p q r / (1 - q r) with r = exp(-dt / tau),
    which tends to alpha + beta f tau / (1 + f tau) as dt -> 0.
    """
    rule = AlsaRule(eta=1e-4, alpha=-0.1, beta=1.0, tau_p_ms=20.0)
    rates, duration = np.array([2.0, 20.0, 60.0]), 20.0
    changes = weight_change_sweep(rule, [20.0], rates, n_trials=20, duration_s=duration, dt_ms=DT_MS, seed=1)[0]
    p, r = rates * DT_MS * 1e-3, math.exp(-DT_MS / rule.tau_p_ms)
    q = 1 - p
    per_post_spike = rule.alpha * q + rule.beta * p * q * r / (1 - q * r)
    ft = rates * rule.tau_p_ms * 1e-3
    assert per_post_spike == pytest.approx(rule.alpha + rule.beta * ft / (1 + ft), rel=0.05)
    expected = rates * duration * rule.eta * 0.25 * per_post_spike
    standard_error = changes.std(axis=1, ddof=1) / math.sqrt(changes.shape[1])
    assert np.all(np.abs(changes.mean(axis=1) - expected) < 4 * standard_error)


def test_bad_grid_names_the_fix():
    with pytest.raises(ConfigError, match="rate"):
        weight_change_sweep(FIG3_RULE, [20.0], [-1.0], n_trials=1, duration_s=1.0)
    with pytest.raises(ConfigError, match="n_trials >= 1"):
        weight_change_sweep(FIG3_RULE, [20.0], [5.0], n_trials=0, duration_s=1.0)
