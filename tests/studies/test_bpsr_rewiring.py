"""Rewiring (Yan et al. 2022, Eqs. 14-15): the prune/grow rule on a hand-made case, the exact synapse budget and
fixed signs during training."""

import math

import torch

from brainsnn_studies.bpsr.network import BPSRNetwork
from brainsnn_studies.bpsr.rewiring import Rewiring
from brainsnn_studies.bpsr.training import train


def test_prune_and_grow_follow_eqs_14_and_15():
    network = BPSRNetwork((3, 2, 2), recurrent=False, seed=0)
    weight = network.layers[0].weight
    with torch.no_grad():
        weight.copy_(torch.tensor([[0.05, -0.5, 0.0], [0.3, -0.01, 0.0]], dtype=torch.float64))
    masks = {name: torch.ones_like(mask) for name, mask in network.masks.items()}
    masks["0.weight"] = torch.tensor([[True, True, False], [True, True, False]])
    network.set_masks(masks)
    rewiring = Rewiring(network, theta_w=0.1, theta_m=1e-3, mu_m=0.0, beta_m=0.5)  # signs from these weights
    for parameter in network.parameters():
        parameter.grad = torch.zeros_like(parameter)
    # m = (1 - beta_m) grad = grad / 2 against Theta_m = 1e-3: grows (0, 2) with m = -0.004 (sign +), not (1, 2)
    weight.grad.copy_(torch.tensor([[1.0, 1.0, -0.008], [1.0, 1.0, 0.0015]], dtype=torch.float64))
    rewiring.before_step()
    assert network.masks["0.weight"].tolist() == [[False, True, True], [True, False, False]]
    assert weight.grad.tolist() == [[0.0, 1.0, -0.008], [1.0, 0.0, 0.0]]
    assert rewiring.momentum["0.weight"][0, 2] == -0.004
    assert rewiring.signs["0.weight"][0, 2] == 1.0 and rewiring.signs["0.weight"][0, 1] == -1.0
    with torch.no_grad():  # an update that pushes the grown synapse negative and the kept one across zero
        weight.copy_(torch.tensor([[0.0, 0.2, -0.05], [0.4, 0.0, 0.0]], dtype=torch.float64))
    rewiring.after_step()
    assert weight.tolist() == [[0.0, 0.0, 0.0], [0.4, 0.0, 0.0]]


def test_growth_threshold_grows_with_distance():
    network = BPSRNetwork((4, 3, 2), recurrent=True, seed=1)
    rewiring = Rewiring(network, theta_m=1e-4, mu_m=5.0)
    threshold = rewiring.growth_threshold["0.recurrent"]
    assert threshold.shape == (3, 3)
    assert torch.allclose(torch.diagonal(threshold), torch.full((3,), 1e-4, dtype=torch.float64))
    assert (threshold >= 1e-4).all() and threshold.max() <= 1e-4 * (1 + 5 * 3**0.25)


def test_budget_is_held_exactly_and_signs_stay_fixed_while_training():
    generator = torch.Generator().manual_seed(0)
    x = (torch.rand(6, 64, 8, generator=generator) < 0.3).to(torch.float64)
    y = torch.randint(0, 3, (64,), generator=generator)
    network = BPSRNetwork((8, 12, 3), recurrent=True, seed=0)
    rewiring = Rewiring(network, budget=0.25, theta_w=0.05, seed=0)
    budget = {name: math.floor(0.25 * mask.numel()) for name, mask in network.masks.items()}
    history = []

    def record():
        history.append(({name: int(mask.sum()) for name, mask in network.masks.items()},
                        {name: (weight.detach() * rewiring.signs[name] >= 0).all() for name, weight in
                         network.synaptic().items()},
                        {name: weight.detach()[~network.masks[name]].abs().max() for name, weight in
                         network.synaptic().items()}))

    original_after = rewiring.after_step

    def after_and_record():
        original_after()
        record()

    rewiring.after_step = after_and_record
    masks_before = {name: mask.clone() for name, mask in network.masks.items()}
    train(network, x, y, epochs=3, batch_size=16, learning_rate=5e-2, lambda_s=0.0, lambda_w=1e-2,
          rewiring=rewiring)
    assert len(history) == 12
    for counts, signs_kept, missing in history:
        assert counts == budget
        assert all(signs_kept.values())
        assert all(value == 0 for value in missing.values())
    assert any(not torch.equal(masks_before[name], network.masks[name]) for name in budget)  # it did rewire
