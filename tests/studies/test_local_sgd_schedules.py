"""local-sgd boundary rules: static schedules against hand-evaluated closed forms, Algorithm 1 on synthetic norms,
Algorithm 2's sign."""

import math

import pytest

from brainsnn_studies.local_sgd.schedules import (
    DynamicBoundary,
    layer_shift,
    static_boundary,
    weak_supervision_sign,
)


def test_quadratic_schedule_by_hand():
    # L = 10, E_max = 20, c1 = 0.6, c2 = 0.25: local learning starts at epoch 5; u = (E - 5) / 15,
    # N = floor(6 (1 - (1 - u)^2)): E = 5 -> 0, E = 8 -> u 0.2, 6 * 0.36 = 2.16 -> 2, E = 14 -> u 0.6,
    # 6 * 0.84 = 5.04 -> 5, E = 19 -> u 14/15, 6 * (1 - 1/225) = 5.97 -> 5.
    expected = {0: 0, 4: 0, 5: 0, 8: 2, 14: 5, 19: 5}
    for epoch, boundary in expected.items():
        assert static_boundary("quadratic", epoch, 20, 10, 0.6, 0.25) == boundary


def test_linear_and_exponential_schedules_by_hand():
    # linear: E = 14 -> u 0.6 -> floor(6 * 0.6) = 3; exponential (k = 3): (e^1.8 - 1) / (e^3 - 1) = 0.2646
    # -> floor(1.587) = 1.
    assert static_boundary("linear", 14, 20, 10, 0.6, 0.25) == 3
    assert (math.expm1(1.8) / math.expm1(3.0)) == pytest.approx(0.2646, abs=1e-4)
    assert static_boundary("exponential", 14, 20, 10, 0.6, 0.25, rate=3.0) == 1


def test_static_schedules_are_monotone_and_keep_the_output_layer_sgd():
    for schedule in ("linear", "quadratic", "exponential"):
        boundaries = [static_boundary(schedule, e, 30, 5, 1.0, 0.1) for e in range(30)]
        assert boundaries == sorted(boundaries)
        assert boundaries[0] == 0 and max(boundaries) == 4  # c1 = 1 would make all 5 layers local; capped at L - 1
    # the quadratic leads the linear, which leads the exponential
    for epoch in range(40):
        quadratic, linear, exponential = (static_boundary(s, epoch, 40, 20, 0.6, 0.25)
                                          for s in ("quadratic", "linear", "exponential"))
        assert quadratic >= linear >= exponential


def test_layer_shift_is_a_ceiling_of_at_least_one():
    assert layer_shift(0.1, 7) == 1 and layer_shift(0.15, 20) == 3 and layer_shift(0.16, 20) == 4
    assert layer_shift(0.01, 5) == 1


def test_dynamic_rule_on_synthetic_norms():
    rule = DynamicBoundary(n_layers=4, alpha=0.5, shift=1, ema=0.5, warmup=3)
    # epoch 0: norm 10 starts W_avg = 10 (history 1); epoch 1: 4 <= 0.5 * 10 but only one norm in W_avg -> no move,
    # W_avg = 0.5 * 10 + 0.5 * 4 = 7; epoch 2: 3.4 <= 3.5, two norms, next epoch 3 >= warm-up -> move to 1, reset.
    assert [rule.observe(0, 10.0), rule.observe(1, 4.0)] == [0, 0]
    assert rule.average == pytest.approx(7.0)
    assert rule.observe(2, 3.4) == 1 and rule.average is None
    # the new layer: 8, 6 (W_avg 8 then 7), 3.6 > 3.5 -> stay (W_avg 5.3), 2.6 <= 2.65 -> move to 2
    assert [rule.observe(3, 8.0), rule.observe(4, 6.0), rule.observe(5, 3.6)] == [1, 1, 1]
    assert rule.average == pytest.approx(5.3)
    assert rule.observe(6, 2.6) == 2


def test_dynamic_rule_waits_for_the_warm_up_and_stops_before_the_output_layer():
    rule = DynamicBoundary(n_layers=3, alpha=0.9, shift=5, ema=0.0, warmup=4)
    assert [rule.observe(e, 1.0 / (e + 1)) for e in range(3)] == [0, 0, 0]  # epoch 3 < warm-up 4
    assert rule.observe(3, 0.01) == 2  # a shift of 5 is capped at L - 1 = 2
    assert all(rule.observe(e, 0.0) == 2 for e in range(4, 10))


def test_weak_supervision_sign():
    assert weak_supervision_sign([]) == 1 and weak_supervision_sign([2.0]) == 1
    assert weak_supervision_sign([2.0, 1.5]) == 1
    assert weak_supervision_sign([1.5, 2.0]) == -1
    assert weak_supervision_sign([3.0, 1.5, 1.6]) == -1
