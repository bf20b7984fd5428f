"""The chip mapping model (Zou et al. 2021, Eq. 11-22) against the paper's Tables 2-3 and 7-11."""

import pytest

from brainsnn.conversion.chip_mapping import (
    Layer,
    Plan,
    best_plan,
    cores,
    densities,
    fits,
    frames_per_second,
    frames_per_second_per_watt,
    layer_latency_ms,
    output_side,
)
from brainsnn.errors import ConfigError
from brainsnn_studies.scatter_gather.criteria import INCONSISTENT_DENSITIES
from brainsnn_studies.scatter_gather.mapping import mapping_tables

EXAMPLE = Layer("example", 4, 128, 2, 256, 2, 2)  # Table 2: 4 x 4 x 128 input, 2 x 2 x 128 x 256 kernel, stride 2
PLAN_1, PLAN_2 = Plan(4, 4, 128, 2, 2, 64, 2), Plan(4, 2, 128, 2, 1, 256, 1)


def test_table_3_densities_by_hand():
    one, two = densities(PLAN_1, 2, 1), densities(PLAN_2, 2, 1)
    assert (one.axon, one.neuron, one.synapse) == pytest.approx((2048 / 2304, 1.0, 256 * 1024 / (1152 * 1024)))
    assert (two.axon, two.neuron, two.synapse) == pytest.approx((1024 / 1152, 1.0, 512 * 1024 / (1152 * 1024)))
    assert cores(EXAMPLE, PLAN_1) == 4 and cores(EXAMPLE, PLAN_2) == 2  # Table 2


def test_eq_11_bounds_and_the_search():
    assert fits(PLAN_1, 1) and fits(PLAN_2, 1)
    assert not fits(Plan(4, 4, 128, 2, 2, 64, 1), 1)  # 2048 axons > 1152
    assert not fits(Plan(4, 2, 128, 2, 1, 256, 1), 2)  # k_rep = 2 doubles the axons and the neurons
    assert best_plan(EXAMPLE, 1) == PLAN_2  # twice the synapse density of No. 1 (Table 3)
    assert output_side(9, 5, 1) == 5 and output_side(6, 2, 2) == 3  # Eq. 13
    with pytest.raises(ConfigError, match="does not tile"):
        output_side(5, 2, 2)


def test_latency_and_throughput_identities():
    # ceil(cores / 64) periods of 13 824 cycles at 252 MHz, as printed in Tables 9-10
    assert [layer_latency_ms(n) for n in (1, 64, 65, 144, 288, 576)] == [0.0549, 0.0549, 0.1097, 0.1646, 0.2743,
                                                                         0.4937]
    assert frames_per_second(0.3842) == 2602 and frames_per_second(3.2366) == 308  # Table 11
    assert frames_per_second_per_watt(0.2751) == 3635 and frames_per_second_per_watt(2.3013) == 434


def test_tables_recomputed_cell_by_cell():
    tables = mapping_tables()
    groups = tables["groups"]
    for name in ("table2_3", "table9_10_latency", "table11", "table7_8_extension"):
        assert groups[name]["matched"] == groups[name]["total"], groups[name]["misses"]
    assert {cell["cell"] for cell in groups["table7_8_densities"]["misses"]} == set(INCONSISTENT_DENSITIES)
    assert groups["table7_8_densities"]["total"] == 51 * 3
    # the two LeNet core counts that contradict their own printed plans, and the totals they enter
    assert {c["cell"] for c in groups["table9_10_cores"]["misses"]} == {
        "LeNet single 1:16C5 cores", "LeNet single total cores", "LeNet four 5:256FC cores", "LeNet four total cores"}
    assert tables["tables_matched"] == pytest.approx(tables["cells_matched"] / tables["cells_total"])
