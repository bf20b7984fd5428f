"""ALSA rule (Mo et al. 2022, Eqs. 6-7) against a numpy reference on given spike trains, single pairings and its
constants' checks (the Fig. 3 rate sweep is tested beside the ``alsa`` study)."""

import math

import numpy as np
import pytest
from brian2 import Network, SpikeGeneratorGroup, Synapses, defaultclock, ms

from brainsnn.backend import use_backend
from brainsnn.errors import ConfigError
from brainsnn.models.alsa import NEVER, AlsaRule, alsa_code

RULE = AlsaRule(eta=0.05, alpha=-0.1, beta=1.0, tau_p_ms=20.0)
DT_MS = 0.5


def reference_weight(w: float, pre_ms: np.ndarray, post_ms: np.ndarray, rule: AlsaRule) -> float:
    """Eq. 6 applied at every post spike with the most recent pre spike at or before it (ISI = 0: no change)."""
    for t_post in np.sort(post_ms):
        earlier = pre_ms[pre_ms <= t_post]
        if earlier.size == 0:
            w += rule.eta * rule.alpha * w * (1 - w)
            continue
        isi = t_post - earlier.max()
        if isi > 0:
            w += rule.eta * (rule.alpha + rule.beta * math.exp(-isi / rule.tau_p_ms)) * w * (1 - w)
        w = min(max(w, 0.0), 1.0)
    return w


def brian2_weights(pre_trains, post_trains, w_start, rule: AlsaRule) -> np.ndarray:
    """One synapse per (pre train, post train) pair, spikes from SpikeGeneratorGroups."""
    n = len(pre_trains)

    def generator(trains, name):
        indices = np.concatenate([np.full(len(t), k) for k, t in enumerate(trains)])
        return SpikeGeneratorGroup(n, indices, np.concatenate(trains) * ms, name=name)

    with use_backend("numpy"):
        defaultclock.dt = DT_MS * ms
        pre, post = generator(pre_trains, "pre"), generator(post_trains, "post")
        code = alsa_code(rule, transmission="")
        synapses = Synapses(pre, post, code.model, on_pre=code.on_pre, on_post=code.on_post,
                            namespace=code.namespace)
        synapses.connect(j="i")
        synapses.w = w_start
        synapses.last_pre_spike = NEVER
        end = max(np.concatenate(pre_trains + post_trains).max(), 0) + 5
        Network(pre, post, synapses).run(end * ms, namespace={})
        return np.array(synapses.w[:])


def _grid_train(rng, rate_hz, duration_ms):
    steps = np.flatnonzero(rng.random(int(duration_ms / DT_MS)) < rate_hz * DT_MS * 1e-3)
    return steps * DT_MS


def test_each_pairing_matches_the_numpy_reference_on_random_trains():
    rng = np.random.default_rng(3)
    pre = [_grid_train(rng, 40, 2000) for _ in range(6)]
    post = [_grid_train(rng, 25, 2000) for _ in range(6)]
    post[0] = np.union1d(post[0], pre[0][:5])  # coincident spikes (ISI = 0)
    starts = rng.uniform(0.1, 0.9, 6)
    got = brian2_weights(pre, post, starts, RULE)
    expected = [reference_weight(w, a, b, RULE) for w, a, b in zip(starts, pre, post, strict=True)]
    np.testing.assert_allclose(got, expected, rtol=1e-9)
    assert np.ptp(got - starts) > 0.05  # the trains really moved the weights


def test_single_pairings_ltp_ltd_and_silent_pre():
    isi_star = RULE.crossover_isi_ms()  # 46 ms: LTP below, LTD above
    pre = [np.array([10.0]), np.array([10.0]), np.array([80.0]), np.array([], dtype=float), np.array([10.0])]
    post = [np.array([20.0]), np.array([10.0 + 2 * isi_star]), np.array([50.0]), np.array([30.0]), np.array([10.0])]
    changes = brian2_weights(pre, post, 0.5, RULE) - 0.5
    quarter = RULE.eta * 0.25
    assert changes[0] == pytest.approx(quarter * (RULE.alpha + RULE.beta * math.exp(-10 / RULE.tau_p_ms)))
    assert changes[1] < 0  # ISI beyond ISI*: net depression
    assert changes[2] == pytest.approx(quarter * RULE.alpha)  # pre after post: only the heterosynaptic term
    assert changes[3] == pytest.approx(quarter * RULE.alpha)  # silent pre: heterosynaptic LTD
    assert changes[4] == 0.0  # coincident: ISI = 0, no change (Eq. 6)


def test_bad_constants_name_the_fix():
    with pytest.raises(ConfigError, match="alpha < 0"):
        AlsaRule(eta=0.01, alpha=0.1, beta=1.0, tau_p_ms=20.0)
    with pytest.raises(ConfigError, match="tau_p_ms > 0"):
        AlsaRule(eta=0.01, alpha=-0.1, beta=1.0, tau_p_ms=0.0)
    with pytest.raises(ConfigError, match="finite"):
        AlsaRule(eta=float("nan"), alpha=-0.1, beta=1.0, tau_p_ms=20.0)
