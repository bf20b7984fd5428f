"""Rewiring with a spatial growth threshold (Yan et al. 2022, Algorithm 1, Eqs. 14-15), signs fixed as in deep
rewiring (Bellec et al. 2018).

Before each optimiser step, for every synaptic matrix with gradient ``grad`` (of the unmasked weights)::

    m     = beta_m m + (1 - beta_m) grad                                 (the gradient's moving average)
    prune = mask and |W| < Theta_w                                        (Eq. 14)
    grow  = not mask and |m| > Theta_m (1 + mu_m ||c_i - c_j||^(1/2))     (Eq. 15)
    mask  = (mask and not prune) or grow;   W = mask W;   grad = mask grad

Neuron coordinates ``c`` are uniform in the unit cube, one set per layer (a recurrent synapse joins two neurons of
one layer). A grown synapse starts at 0 with the sign ``-sign(m)`` its gradient pushes it to; after the optimiser
step a synapse whose weight crossed zero against its sign is set to 0 (and is pruned at the next step).

With a ``budget`` (a fraction of the possible synapses of each matrix) the count is held exactly: the structure
starts as a random subset of that size, and each step grows as many synapses as it prunes — the candidates of
Eq. 15 with the largest ``|m| / threshold`` first, then random missing synapses (deep rewiring's random regrowth).
"""

from __future__ import annotations

import math

import torch

from brainsnn.errors import ConfigError
from brainsnn_studies.bpsr.network import BPSRNetwork


class Rewiring:
    """Prune/grow state of one `BPSRNetwork`: momenta, signs, coordinates; `before_step` and `after_step`."""

    def __init__(self, network: BPSRNetwork, *, theta_w: float = 1e-2, theta_m: float = 1e-4, mu_m: float = 5.0,
                 beta_m: float = 0.99, budget: float | None = None, seed: int = 0) -> None:
        if budget is not None and not 0 < budget <= 1:
            raise ConfigError(f"the rewiring budget is a fraction of the possible synapses in (0, 1], got {budget}")
        self.network, self.budget = network, budget
        self.theta_w, self.theta_m, self.mu_m, self.beta_m = theta_w, theta_m, mu_m, beta_m
        self.generator = torch.Generator().manual_seed(seed)
        sizes = [network.layers[0].weight.shape[1], *(layer.weight.shape[0] for layer in network.layers)]
        coordinates = [torch.rand(n, 3, generator=self.generator, dtype=torch.float64) for n in sizes]
        self.growth_threshold, self.momentum, self.signs, self.counts = {}, {}, {}, {}
        masks = {}
        for name, weight in network.synaptic().items():
            layer, kind = name.split(".")
            post = coordinates[int(layer) + 1]
            pre = post if kind == "recurrent" else coordinates[int(layer)]
            self.growth_threshold[name] = theta_m * (1 + mu_m * torch.cdist(post, pre).sqrt())
            self.momentum[name] = torch.zeros_like(weight)
            self.signs[name] = torch.where(weight.detach() >= 0, 1.0, -1.0).to(weight.dtype)
            mask = network.masks[name]
            if budget is not None:
                self.counts[name] = max(1, math.floor(budget * weight.numel()))
                mask = self._random_subset(torch.zeros_like(mask), self.counts[name])
            masks[name] = mask
        network.set_masks(masks)

    def _random_subset(self, allowed: torch.Tensor, count: int) -> torch.Tensor:
        """A mask of ``count`` random entries among the false entries of ``allowed``."""
        free = torch.nonzero(~allowed.flatten()).flatten()
        chosen = free[torch.randperm(len(free), generator=self.generator)[:count]]
        mask = torch.zeros(allowed.numel(), dtype=torch.bool)
        mask[chosen] = True
        return mask.reshape(allowed.shape)

    def before_step(self) -> None:
        """Update momenta, prune and grow, and mask the weights and their gradients (gradients must exist)."""
        masks = {}
        for name, weight in self.network.synaptic().items():
            grad = weight.grad
            self.momentum[name].mul_(self.beta_m).add_((1 - self.beta_m) * grad)
            momentum, mask = self.momentum[name], self.network.masks[name]
            kept = mask & ~(weight.detach().abs() < self.theta_w)
            candidates = ~mask & (momentum.abs() > self.growth_threshold[name])
            if self.budget is None:
                grow = candidates
            else:
                grow = self._budget_growth(kept, candidates, momentum.abs() / self.growth_threshold[name],
                                           self.counts[name] - int(kept.sum()), excluded=mask)
            direction = -torch.sign(momentum)
            direction = torch.where(direction == 0, 1.0, direction)
            self.signs[name] = torch.where(grow, direction, self.signs[name])
            masks[name] = kept | grow
            grad.mul_(masks[name])
        self.network.set_masks(masks)

    def _budget_growth(self, kept, candidates, score, count, excluded) -> torch.Tensor:
        """``count`` new synapses: best-scoring candidates, then random ones outside ``excluded`` and ``kept``."""
        grow = torch.zeros_like(kept)
        if count <= 0:
            return grow
        ranked = torch.argsort(torch.where(candidates, score, -1.0).flatten(), descending=True, stable=True)
        best = ranked[: min(count, int(candidates.sum()))]
        grow.view(-1)[best] = True
        missing = count - len(best)
        if missing:  # new places first; the synapses just pruned only when nothing else is free
            grow |= self._random_subset(kept | excluded | grow, missing)
            missing = count - int(grow.sum())
            if missing:
                grow |= self._random_subset(kept | grow, missing)
        return grow

    def after_step(self) -> None:
        """Zero weights that crossed zero against their sign, and every missing synapse."""
        with torch.no_grad():
            for name, weight in self.network.synaptic().items():
                weight.copy_(torch.where(weight * self.signs[name] < 0, 0.0, weight))
        self.network.apply_masks_()
