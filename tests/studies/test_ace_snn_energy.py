"""The arithmetic-intensity identity and the energy model against hand arithmetic."""

import pytest

from brainsnn_studies.ace_snn.arithmetic_intensity import flops, memory, ratios
from brainsnn_studies.ace_snn.energy_model import LayerShape, ac_energy, energy_summary, mac_energy, snn_energy


def test_the_papers_arithmetic_intensity_example():
    got = ratios(h=100, w=100, c_in=64, c_out=128, k=3, depth=100)
    assert got["flop_ratio"] == 300.0  # k_z D
    # (1e4 * 64 * 100 + 27 * 64 * 128 + 1e4 * 128 * 100) / (1e4 * 64 + 9 * 64 * 128 + 1e4 * 128)
    assert got["memory_ratio"] == pytest.approx(192_221_184 / 1_993_728, rel=1e-15)
    assert round(got["memory_ratio"], 2) == 96.41 and got["memory_ratio"] <= got["memory_bound"] == 203
    assert flops(2, 3, 4, 5, (3, 3)) == 9 * 4 * 5 * 6 and memory(2, 3, 4, 5, (3, 3)) == 24 + 180 + 30


def test_energy_model_by_hand():
    assert mac_energy(32) == 3.1 and mac_energy(6) == pytest.approx(0.3825, abs=1e-4)
    assert ac_energy(6) == pytest.approx(0.01875) and mac_energy(6) / ac_energy(6) == pytest.approx(20.4, abs=0.05)
    layers = [LayerShape(1, 2, 27, 10), LayerShape(2, 3, 1, 1)]
    zeta = [0.5]
    # SNN: layer 1 = 54 weights x 5.2 pJ + 540 MACs at E_mac(8); layer 2 = 6 x 5.2 + 6 x 0.5 x E_ac(6)
    first = 54 * 5.2 + 540 * 3.1 * 0.25**1.25
    second = 6 * 5.2 + 3 * 0.1 * 6 / 32
    assert snn_energy(layers, zeta) == pytest.approx([first, second], rel=1e-12)
    pim = 540 * (0.08 + 0.268)
    ann_fp = 54 * 5.2 * 32 / 6 + 540 * 3.1 + 6 * 5.2 * 32 / 6 + 6 * 3.1
    summary = energy_summary(layers, zeta)
    assert summary["ann_fp_over_snn"] == pytest.approx(ann_fp / (first + second), rel=1e-12)
    assert summary["pim_gain"] == pytest.approx((first + second) / (pim + second), rel=1e-12)
    assert summary["first_layer_share"] == pytest.approx(first / (first + second), rel=1e-12)
