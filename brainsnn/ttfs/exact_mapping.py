"""The whole exact mapping of thesis Ch. 2: trained `Sequential` -> fused, range-fused, row-scaled `ReluNetwork`
(Phase 1, Algorithm 1) -> `TTFSNetwork` (Phase 2, Algorithm 2).

The windows come from ``X^(n)`` over representative inputs (Eq. 2.24, the thesis' choice: short latency, exact for
inputs like them) or from the worst case of the input range (`worst_case_max_activations`: exact for every input
in range, longer latency). `ExactMapping.encode` warns (`WindowOverflowWarning`) when inputs in range overflow
representative windows; with ``zeta < 0`` the windows clip on purpose (a clipped ReLU) and it does not warn.
"""

import warnings
from dataclasses import dataclass

import numpy as np

from brainsnn.errors import ConfigError
from brainsnn.train.network import Sequential
from brainsnn.ttfs.conversion import DEFAULT_ZETA, TTFSNetwork, convert
from brainsnn.ttfs.fusion import fuse_network
from brainsnn.ttfs.input_range import fuse_input_range, rescale_inputs
from brainsnn.ttfs.relu_network import ReluNetwork
from brainsnn.ttfs.scaling import DEFAULT_B_LOW, DEFAULT_DELTA, max_activations, scale_rows
from brainsnn.ttfs.window_overflow import WindowOverflowWarning, window_overflows, worst_case_max_activations

#: Where ``X^(n)`` comes from: the representative inputs' maxima (Eq. 2.24) or the input range's worst case.
WINDOW_SOURCES = ("representative", "worst-case")


@dataclass(frozen=True, eq=False)
class ExactMapping:
    """Both ends of the mapping: ``relu`` (reads inputs rescaled to [0, 1]) and the equivalent ``ttfs``."""

    relu: ReluNetwork
    ttfs: TTFSNetwork
    max_activation: np.ndarray
    input_range: tuple[float, float]
    zeta: float = DEFAULT_ZETA

    def encode(self, x: np.ndarray) -> np.ndarray:
        """Raw inputs -> the [0, 1] values both networks read; warns if any overflows a window (and ``zeta >= 0``)."""
        encoded = rescale_inputs(x, *self.input_range)
        counts = self.window_overflows(encoded)
        if self.zeta >= 0 and counts.any():
            per_layer = ", ".join(f"{count} in layer {n + 1}" for n, count in enumerate(counts))
            warnings.warn(
                f"inputs inside the input range drive hidden activations past their TTFS windows (of {len(x)} inputs: "
                f"{per_layer}); their spike times are clipped and their logits are wrong. Widen the windows: compute "
                f"X^(n) on inputs that cover what you feed, raise zeta (now {self.zeta}), or map with "
                "windows='worst-case' (exact for every input of the range)",
                WindowOverflowWarning, stacklevel=2,
            )
        return encoded

    def window_overflows(self, encoded: np.ndarray) -> np.ndarray:
        """Per hidden layer, how many rescaled inputs drive at least one activation past its window."""
        return window_overflows(self.relu, self.ttfs, encoded)


def map_to_ttfs(
    network: Sequential,
    input_shape: tuple[int, ...],
    input_range: tuple[float, float],
    representative_inputs: np.ndarray | None = None,
    *,
    delta: float = DEFAULT_DELTA,
    b_low: float = DEFAULT_B_LOW,
    zeta: float = DEFAULT_ZETA,
    ramp_start: str = "previous",
    windows: str = "representative",
) -> ExactMapping:
    """Map ``network`` (raw inputs in ``input_range``); ``X^(n)`` from ``representative_inputs`` (raw) or, with
    ``windows="worst-case"``, from the whole input range."""
    if windows not in WINDOW_SOURCES:
        raise ConfigError(f"windows must be one of {', '.join(WINDOW_SOURCES)}, got {windows!r}")
    if windows == "representative" and representative_inputs is None:
        raise ConfigError("representative windows need representative_inputs (e.g. the training set), or pass "
                          "windows='worst-case'")
    low, high = input_range
    relu = scale_rows(fuse_input_range(fuse_network(network, input_shape), low, high), delta, b_low)
    if windows == "worst-case":
        layer_max = worst_case_max_activations(relu)
    else:
        layer_max = max_activations(relu, rescale_inputs(representative_inputs, low, high))
    ttfs = convert(relu, layer_max, zeta=zeta, ramp_start=ramp_start)
    return ExactMapping(relu=relu, ttfs=ttfs, max_activation=layer_max, input_range=(low, high), zeta=zeta)
