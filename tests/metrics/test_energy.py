"""The energy models: Horowitz's 45 nm figures and the per-inference estimate."""

import math

import pytest

from brainsnn.errors import ConfigError
from brainsnn.metrics.energy import ACE_SNN_INT32, FLOAT32_45NM, KUANG_CHIP_SOP, energy_estimate


def test_fp32_model_is_horowitz_add_and_add_plus_multiply():
    assert FLOAT32_45NM.accumulate_pj == 0.9
    assert math.isclose(FLOAT32_45NM.multiply_accumulate_pj, 4.6)


def test_estimate_multiplies_counts_by_the_model_constants():
    estimate = energy_estimate(1000, 200, ACE_SNN_INT32)
    assert math.isclose(estimate.snn_pj, 100.0) and math.isclose(estimate.ann_pj, 620.0)
    assert math.isclose(estimate.ann_to_snn, 6.2)
    assert energy_estimate(0, 10).ann_to_snn == math.inf


def test_a_model_without_a_mac_figure_leaves_the_ann_energy_undefined():
    estimate = energy_estimate(100, 50, KUANG_CHIP_SOP)
    assert math.isclose(estimate.snn_pj, 57.0) and math.isnan(estimate.ann_pj)


@pytest.mark.parametrize(("accumulates", "macs"), [(-1, 0), (0, -5), (math.nan, 1)])
def test_negative_or_undefined_counts_are_refused(accumulates, macs):
    with pytest.raises(ConfigError, match="non-negative"):
        energy_estimate(accumulates, macs)
