"""Post-training quantisation (Yan et al. 2022, Sec. 2.5) against an integer numpy quantiser and hand values, and
the normalised inference cost of Fig. 9."""

import numpy as np
import pytest
import torch

from brainsnn.errors import ConfigError
from brainsnn_studies.bpsr.energy import inference_cost
from brainsnn_studies.bpsr.network import BPSRNetwork
from brainsnn_studies.bpsr.quantisation import fixed_point, quantised, shift_leak


def integer_quantiser(values: np.ndarray, bits: int, unit: float) -> np.ndarray:
    """Signed ``bits``-bit integers ``q = clip(rint(x 2^(bits-1) / unit), -2^(bits-1), 2^(bits-1) - 1)``."""
    levels = 2 ** (bits - 1)
    return unit * np.clip(np.rint(values * levels / unit), -levels, levels - 1) / levels


@pytest.mark.parametrize(("bits", "unit"), [(8, 1.0), (4, 1.0), (6, 2.5)])
def test_fixed_point_matches_an_integer_quantiser(bits, unit):
    values = np.random.default_rng(bits).uniform(-1.3 * unit, 1.3 * unit, 2000)
    got = fixed_point(torch.as_tensor(values), bits, unit).numpy()
    np.testing.assert_array_equal(got, integer_quantiser(values, bits, unit))
    assert len(np.unique(got)) <= 2**bits


def test_fixed_point_hand_values():
    values = torch.tensor([0.30, 1.0, -1.0, -0.004, 0.0039, 1 / 256], dtype=torch.float64)
    assert fixed_point(values, 8).tolist() == [38 / 128, 127 / 128, -1.0, -1 / 128, 0.0, 0.0]  # 0.5 / 128: half to even


def test_leak_becomes_a_shift():
    tau = torch.tensor([0.5, 0.3, 0.75, 1.0, 0.001, 0.0, 0.0078125], dtype=torch.float64)
    assert shift_leak(tau, 7).tolist() == [0.5, 0.25, 1.0, 1.0, 0.0, 0.0, 2**-7]
    assert shift_leak(tau, 6).tolist()[-1] == 0.0


def test_quantised_network_lies_on_the_grid_and_keeps_missing_synapses():
    network = BPSRNetwork((6, 5, 3), recurrent=True, seed=4)
    with torch.no_grad():
        network.layers[0].tau.copy_(torch.tensor([0.1, 0.2, 0.4, 0.6, 0.9], dtype=torch.float64))
    masks = {name: torch.rand(mask.shape, generator=torch.Generator().manual_seed(1)) < 0.5
             for name, mask in network.masks.items()}
    network.set_masks(masks)
    network.clamp_()
    copy = quantised(network, 4)
    for name, weight in copy.synaptic().items():
        original = network.synaptic()[name].detach().numpy()
        np.testing.assert_array_equal(weight.detach().numpy(), integer_quantiser(original, 4, 1.0))
        assert (weight.detach()[~masks[name]] == 0).all()
    assert copy.layers[0].tau.tolist() == [0.125, 0.25, 0.5, 0.5, 1.0]
    assert not torch.equal(network.layers[0].weight, copy.layers[0].weight)  # the original is untouched


def test_bad_bit_width_is_rejected():
    with pytest.raises(ConfigError, match="bits must be an integer in 2..32"):
        fixed_point(torch.zeros(2), 1)


def test_inference_cost_weights_operations_by_the_papers_costs():
    # 100 SOPs and 20 neuron updates: float 100 x 1 + 20 x (4 + 1); fixed point 100 x 0.2 + 20 x (0 + 0.2)
    assert inference_cost(100, 20, fixed_point=False) == 200.0
    assert inference_cost(100, 20, fixed_point=True) == pytest.approx(24.0)
