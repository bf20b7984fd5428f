"""A scatter-and-gather SNN on crossbar chips: patch plans, utilisation, cores, latency and throughput (Zou et al.
2021, Front. Neurosci. 15:694170, Sec. 3.1-3.3, Eq. 11-22, Tables 2-3 and 7-11).

One core (one chip) has 1152 axons x 1024 neurons; a ternary weight takes ``k_wei = 2`` neurons, an ANN neuron
``k_rep = B 2^k`` replicas; the axon extension ``f`` multiplies the fan-in by ``f`` and divides the neurons by ``f``.
A layer ``l -> l+1`` is cut into patches: an input patch ``w_l x h_l x D_l`` feeds the output patch
``w_{l+1} x h_{l+1} x d_{l+1}`` (Eq. 13: ``w_{l+1} = (w_l - c) / s + 1``) on one core if (Eq. 11)

    k_rep w_l h_l D_l <= 1152 f   and   f k_wei k_rep w_{l+1} h_{l+1} d_{l+1} <= 1024,

with utilisations (Eq. 14-16) ``N = k_rep w_{l+1} h_{l+1} d_{l+1} f k_wei / 1024``, ``A = k_rep w_l h_l D_l /
(1152 f)``, ``S = k_rep w_{l+1} h_{l+1} d_{l+1} c^2 D_l k_rep k_wei / (1152 * 1024)``. The layer then takes
``ceil(W/w_{l+1}) ceil(H/h_{l+1}) ceil(D/d_{l+1})`` cores. Inferred from Tables 9-10 (the text states no rule): an
8 x 8 mesh computes 64 cores per period of ``13 824`` cycles at 252 MHz (``12 x 1152``; 0.0549 ms), a layer needs
``ceil(cores / 64)`` periods, the printed latency is rounded to 0.1 us and the total is the sum of the rounded
layer latencies; ``FPS = floor(1000 / total ms)`` and ``FPS/W = floor(1000 / mJ per frame)`` (Table 11).

`best_plan` searches every patch exhaustively for the largest synapse density (then neuron, then axon density;
ties: all output channels, square patches, small ``f``, wide rather than tall) in place of Algorithms 1-2, whose
square-major steps are defined only in the paper's Figure 7.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from brainsnn.errors import ConfigError

AXONS, NEURONS = 1152, 1024
#: Neurons per ternary weight (k_wei, Eq. 19) and chips of the 8 x 8 mesh.
WEIGHT_NEURONS, CHIPS = 2, 64
#: Axon extensions f of the chip (Sec. 3.1).
EXTENSIONS = (1, 2, 4, 8, 16, 32, 64)
#: One computing period: 13 824 cycles at 252 MHz, in ms (fitted to Tables 9-10).
PERIOD_MS = 12 * AXONS / 252e3
#: Decimals of the printed latencies (ms).
LATENCY_DECIMALS = 4


@dataclass(frozen=True)
class Layer:
    """A convolution ``c x c`` of stride ``s`` from ``side_in^2 x channels_in`` to ``side_out^2 x channels_out``
    (pooling is a stride-2 convolution, a dense layer a convolution over the whole map)."""

    name: str
    side_in: int
    channels_in: int
    side_out: int
    channels_out: int
    kernel: int
    stride: int


@dataclass(frozen=True)
class Plan:
    """Input patch ``w_in x h_in x d_in`` -> output patch ``w_out x h_out x d_out`` on one core, extension ``f``."""

    w_in: int
    h_in: int
    d_in: int
    w_out: int
    h_out: int
    d_out: int
    f: int


@dataclass(frozen=True)
class Densities:
    """Axon, neuron and synapse utilisation of one core (Eq. 14-16)."""

    axon: float
    neuron: float
    synapse: float


def output_side(side_in: int, kernel: int, stride: int) -> int:
    """``(w - c) / s + 1`` (Eq. 13); `ConfigError` if the patch does not fit the kernel grid."""
    if side_in < kernel or (side_in - kernel) % stride:
        raise ConfigError(f"a patch of side {side_in} does not tile a {kernel}x{kernel} kernel of stride {stride}")
    return (side_in - kernel) // stride + 1


def fits(plan: Plan, k_rep: int) -> bool:
    """Both sides of Eq. 11."""
    axons = k_rep * plan.w_in * plan.h_in * plan.d_in <= AXONS * plan.f
    neurons = plan.f * WEIGHT_NEURONS * k_rep * plan.w_out * plan.h_out * plan.d_out <= NEURONS
    return axons and neurons


def densities(plan: Plan, kernel: int, k_rep: int) -> Densities:
    """Eq. 14-16."""
    outputs = k_rep * plan.w_out * plan.h_out * plan.d_out
    return Densities(
        axon=k_rep * plan.w_in * plan.h_in * plan.d_in / (AXONS * plan.f),
        neuron=outputs * plan.f * WEIGHT_NEURONS / NEURONS,
        synapse=outputs * kernel**2 * plan.d_in * k_rep * WEIGHT_NEURONS / (AXONS * NEURONS),
    )


def smallest_extension(w_in: int, h_in: int, d_in: int, k_rep: int) -> int | None:
    """The smallest ``f`` that gives the input patch enough axons (left side of Eq. 11), ``None`` if none does."""
    return next((f for f in EXTENSIONS if k_rep * w_in * h_in * d_in <= AXONS * f), None)


def plan_for(layer: Layer, w_in: int, h_in: int, k_rep: int) -> Plan | None:
    """The plan of an input patch ``w_in x h_in`` (all input channels) with the smallest feasible ``f`` and the most
    output channels (a divisor of the layer's) that fit, or ``None``."""
    f = smallest_extension(w_in, h_in, layer.channels_in, k_rep)
    if f is None:
        return None
    w_out, h_out = output_side(w_in, layer.kernel, layer.stride), output_side(h_in, layer.kernel, layer.stride)
    capacity = NEURONS // (f * WEIGHT_NEURONS * k_rep * w_out * h_out)
    d_out = max((d for d in range(1, min(capacity, layer.channels_out) + 1) if layer.channels_out % d == 0), default=0)
    return Plan(w_in, h_in, layer.channels_in, w_out, h_out, d_out, f) if d_out else None


def best_plan(layer: Layer, k_rep: int) -> Plan:
    """The feasible plan of largest synapse density (see the module docstring for the order)."""
    sides = range(layer.kernel, layer.side_in + 1, layer.stride)
    candidates = [plan for w in sides for h in sides if (plan := plan_for(layer, w, h, k_rep)) is not None]
    if not candidates:
        raise ConfigError(f"{layer.name}: no patch of a {layer.kernel}x{layer.kernel}x{layer.channels_in} kernel fits "
                          f"one core with k_rep = {k_rep}")

    def rank(plan: Plan) -> tuple:
        use = densities(plan, layer.kernel, k_rep)
        return (round(use.synapse, 9), round(use.neuron, 9), round(use.axon, 9), plan.d_out == layer.channels_out,
                -abs(plan.w_in - plan.h_in), -plan.f, plan.w_in)

    return max(candidates, key=rank)


def cores(layer: Layer, plan: Plan) -> int:
    """Cores of a layer tiled by ``plan``: ``ceil(W / w_out) ceil(H / h_out) ceil(D / d_out)`` (Eq. 20-22)."""
    return (math.ceil(layer.side_out / plan.w_out) * math.ceil(layer.side_out / plan.h_out)
            * math.ceil(layer.channels_out / plan.d_out))


def layer_latency_ms(n_cores: int) -> float:
    """``ceil(cores / 64)`` computing periods, rounded as printed (Tables 9-10)."""
    return round(math.ceil(n_cores / CHIPS) * PERIOD_MS, LATENCY_DECIMALS)


def frames_per_second(total_latency_ms: float) -> int:
    """``floor(1000 / latency)`` (Table 11)."""
    return math.floor(1000.0 / total_latency_ms)


def frames_per_second_per_watt(millijoules_per_frame: float) -> int:
    """``floor(1000 / mJ per frame)`` (Table 11: FPS / W = frames per joule)."""
    return math.floor(1000.0 / millijoules_per_frame)
