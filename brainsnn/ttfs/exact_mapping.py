"""The whole exact mapping of thesis Ch. 2: trained `Sequential` -> fused, range-fused, row-scaled `ReluNetwork`
(Phase 1, Algorithm 1) -> `TTFSNetwork` (Phase 2, Algorithm 2)."""

from dataclasses import dataclass

import numpy as np

from brainsnn.train.network import Sequential
from brainsnn.ttfs.conversion import DEFAULT_ZETA, TTFSNetwork, convert
from brainsnn.ttfs.fusion import fuse_network
from brainsnn.ttfs.input_range import fuse_input_range, rescale_inputs
from brainsnn.ttfs.relu_network import ReluNetwork
from brainsnn.ttfs.scaling import DEFAULT_B_LOW, DEFAULT_DELTA, max_activations, scale_rows


@dataclass(frozen=True, eq=False)
class ExactMapping:
    """Both ends of the mapping: ``relu`` (reads inputs rescaled to [0, 1]) and the equivalent ``ttfs``."""

    relu: ReluNetwork
    ttfs: TTFSNetwork
    max_activation: np.ndarray
    input_range: tuple[float, float]

    def encode(self, x: np.ndarray) -> np.ndarray:
        """Raw inputs -> the [0, 1] values both networks read."""
        return rescale_inputs(x, *self.input_range)


def map_to_ttfs(
    network: Sequential,
    input_shape: tuple[int, ...],
    input_range: tuple[float, float],
    representative_inputs: np.ndarray,
    *,
    delta: float = DEFAULT_DELTA,
    b_low: float = DEFAULT_B_LOW,
    zeta: float = DEFAULT_ZETA,
    ramp_start: str = "previous",
) -> ExactMapping:
    """Map ``network`` (raw inputs in ``input_range``); ``X^(n)`` comes from ``representative_inputs`` (raw)."""
    low, high = input_range
    relu = scale_rows(fuse_input_range(fuse_network(network, input_shape), low, high), delta, b_low)
    layer_max = max_activations(relu, rescale_inputs(representative_inputs, low, high))
    ttfs = convert(relu, layer_max, zeta=zeta, ramp_start=ramp_start)
    return ExactMapping(relu=relu, ttfs=ttfs, max_activation=layer_max, input_range=(low, high))
