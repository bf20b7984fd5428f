"""``gated_randn``: standard normal where the gate is non-zero, 0 elsewhere, and no number drawn for a zero gate."""

import numpy as np
import pytest
from brian2 import Network, NeuronGroup, ms
from scipy import stats

from brainsnn.backend import use_backend
from brainsnn.models.gated_normal import gated_randn, noise_draw

N = 4000


def _draw(device: str, gates: np.ndarray, seed: int = 11) -> np.ndarray:
    """One evaluation of ``x = gated_randn(gate)`` per neuron (in index order), from a seeded stream."""
    with use_backend(device, label="gated-randn", seed=seed) as backend:
        group = NeuronGroup(len(gates), "x : 1\ngate : 1", namespace={"gated_randn": gated_randn},
                            name="gated")
        group.gate = gates
        group.run_regularly(f"x = {noise_draw('gate')}", dt=1 * ms)
        Network(group).run(1 * ms)
        backend.execute()
        return np.array(group.x[:])


@pytest.mark.parametrize("device", ["numpy", "cython", pytest.param("cpp_standalone", marks=pytest.mark.slow)])
def test_gated_values_are_standard_normal_and_zero_where_the_gate_is_zero(device):
    gates = np.tile([0.0, 0.3, 0.0, -2.0], N // 4)
    values = _draw(device, gates)
    assert np.all(values[gates == 0] == 0)
    drawn = values[gates != 0]
    assert stats.kstest(drawn, "norm").pvalue > 1e-3
    assert abs(drawn.mean()) < 4 / np.sqrt(len(drawn))


@pytest.mark.parametrize("device", ["numpy", "cython", pytest.param("cpp_standalone", marks=pytest.mark.slow)])
def test_a_zero_gate_consumes_no_random_number(device):
    # With every other gate closed, the open ones get the first half of the stream an all-open run draws.
    all_open = _draw(device, np.ones(N))
    every_other = _draw(device, np.tile([0.0, 1.0], N // 2))
    np.testing.assert_array_equal(every_other[1::2], all_open[: N // 2])
