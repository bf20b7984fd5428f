"""Phase 2: parameters of the TTFS network equivalent to a scaled ReLU network (thesis Algorithm 2, Eqs. 2.25-2.35).

Hidden neuron (Eq. 2.2): ``dV_i/dt = alpha H(t - t_ramp) + sum_j J_ij H(t - t_j)``, fires once on reaching
``theta_i`` inside ``[t_min^(n), t_max^(n)]``, is forced to fire at ``t_max^(n)``; the code is
``x_i = t_max^(n) - t_i``. With ``t_min^(0) = 0``, ``t_max^(0) = 1`` and ``B^(n) = (1 + zeta) X^(n)``::

    t_min^(n) = t_max^(n-1),   t_max^(n) = t_min^(n) + B^(n)
    J_ij   = alpha w_ij / (1 - sum_j' w_ij')                                     (2.28)
    theta_i = alpha (t_max^(n) - t_ramp) + B^(n) sum_j J_ij - (alpha + sum_j J_ij) b_i   (2.25-2.27)

``t_ramp = t_min^(n-1)`` in Ch. 2 (``ramp_start="previous"``) or ``t_min^(n)`` in Ch. 3 (``"own"``); both give
the same spike times. Output neurons integrate without spiking (Eqs. 2.34-2.35): weights ``w`` (not J), slope
``alpha_i = b_i / (t_max^(M) - t_min^(M))`` from ``t_min^(M)``, read out at ``t_max^(M)``:
``V_i = b_i + sum_j w_ij x_j``.
"""

import math
from dataclasses import dataclass

import numpy as np

from brainsnn.errors import ConfigError
from brainsnn.ttfs.relu_network import ReluNetwork, per_channel

RAMP_STARTS = ("previous", "own")
#: Window margin of the thesis (Sec. 2.4): B^(n) = (1 + zeta) X^(n).
DEFAULT_ZETA = 0.5


@dataclass(frozen=True, eq=False)
class TTFSLayer:
    """One layer of integrate-and-fire neurons; ``weight`` holds J in the ReLU layer's layout, ``threshold`` one
    value per neuron (the shape of the ReLU bias). Pooling fields copy the ReLU layer's."""

    weight: np.ndarray
    threshold: np.ndarray
    alpha: float
    t_ramp: float
    t_min: float
    t_max: float
    input_shape: tuple[int, ...]
    padding: str | None
    pool_size: int
    min_pool: np.ndarray | None

    def input_weight_sums(self) -> np.ndarray:
        """``sum_j J_ij`` per output channel (whole kernel: padded inputs fire at ``t_min`` and still count)."""
        return self.weight.reshape(len(self.weight), -1).sum(axis=1)


@dataclass(frozen=True, eq=False)
class TTFSOutput:
    """Non-spiking output integrators: ``V_i(t_read) = alpha_i (t_read - t_start) + sum_j w_ij (t_read - t_j)``."""

    weight: np.ndarray
    alpha: np.ndarray
    t_start: float
    t_read: float
    input_shape: tuple[int, ...]
    padding: str | None


@dataclass(frozen=True, eq=False)
class TTFSNetwork:
    """Input layer ``t = 1 - x`` on ``[0, 1]``, hidden TTFS layers, output integrators."""

    hidden: tuple[TTFSLayer, ...]
    output: TTFSOutput

    @property
    def latency(self) -> float:
        """Classification latency: the readout time ``t_max^(M)``."""
        return self.output.t_read


def convert(
    network: ReluNetwork,
    max_activation: np.ndarray,
    *,
    zeta: float = DEFAULT_ZETA,
    alpha: float = 1.0,
    ramp_start: str = "previous",
) -> TTFSNetwork:
    """TTFS network equivalent to the row-scaled ``network`` whose layer maxima are ``max_activation``."""
    if not (math.isfinite(zeta) and zeta > -1):
        raise ConfigError(f"zeta must be a finite number > -1 (window (1 + zeta) X^(n) > 0), got {zeta!r}; thesis: 0.5")
    if not (math.isfinite(alpha) and alpha > 0):
        raise ConfigError(f"alpha must be a finite number > 0, got {alpha!r} (the thesis uses 1)")
    if ramp_start not in RAMP_STARTS:
        raise ConfigError(f"ramp_start must be one of {', '.join(RAMP_STARTS)}, got {ramp_start!r}")
    max_activation = np.asarray(max_activation, dtype=float)
    if max_activation.shape != (len(network.hidden),) or not np.all(max_activation > 0):
        raise ConfigError(
            f"need one X^(n) > 0 per hidden layer ({len(network.hidden)}), got {max_activation!r}; a layer that is "
            "silent on every sample has no window: compute X^(n) on more representative inputs"
        )
    layers = []
    t_min_previous, t_max_previous = 0.0, 1.0
    for layer, layer_max in zip(network.hidden, max_activation, strict=True):
        row_sums = layer.row_sums()
        if np.any(row_sums >= 1):
            raise ConfigError("hidden row sums must be < 1 for J = alpha w / (1 - sum w) (Eq. 2.28); run scale_rows")
        t_min, window = t_max_previous, (1 + zeta) * layer_max
        t_max = t_min + window
        t_ramp = t_min_previous if ramp_start == "previous" else t_min
        weight = alpha * layer.weight / per_channel(1 - row_sums, layer.weight)
        weight_sums = per_channel(alpha * row_sums / (1 - row_sums), layer.bias)
        threshold = alpha * (t_max - t_ramp) + window * weight_sums - (alpha + weight_sums) * layer.bias
        layers.append(
            TTFSLayer(
                weight=weight,
                threshold=threshold,
                alpha=alpha,
                t_ramp=t_ramp,
                t_min=t_min,
                t_max=t_max,
                input_shape=layer.input_shape,
                padding=layer.padding,
                pool_size=layer.pool_size,
                min_pool=layer.min_pool,
            )
        )
        t_min_previous, t_max_previous = t_min, t_max
    read_window = t_max_previous - t_min_previous
    output = TTFSOutput(
        weight=network.output.weight,
        alpha=network.output.bias / read_window,
        t_start=t_min_previous,
        t_read=t_max_previous,
        input_shape=network.output.input_shape,
        padding=network.output.padding,
    )
    return TTFSNetwork(hidden=tuple(layers), output=output)
