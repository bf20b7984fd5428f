"""Fine-tuning a linearly mappable `SpikeTimeNetwork` under hardware constraints (thesis Sec. 3.6.4, Fig. 3.5).

Constraints act in the forward pass, layer by layer, on the spike times ``t^(0)`` (inputs, window ``[0, tau_c]``)
to ``t^(N)``:

- jitter: ``t <- t + N(0, jitter_sd)``, fresh per spike and pass;
- time quantisation: ``t <- t_min + (V / K) round(K (t - t_min) / V)`` (`quantise_times`);
- weight quantisation: the network runs on ``q``-bit weights (`quantise_weights`, hidden and output layers);
- shortened windows: `shorten_windows` once at construction (``window_percentile``).

Gradients are the exact spike-time gradients of the constrained forward pass (Eq. 3.12) with straight-through
estimates for the rounding and the noise (``dt_q / dt = 1``): the linear slope's ``dt_i/dW_ij = t_j - t_min``
uses the perturbed input times and the quantised weights, and the update goes to full-precision shadow weights.
The adaptive window rule stays off.
"""

import math
from dataclasses import dataclass

import numpy as np

from brainsnn.errors import ConfigError
from brainsnn.train.losses import softmax_cross_entropy
from brainsnn.ttfs.quantisation import quantise_times, quantise_weights, weight_step
from brainsnn.ttfs.spike_time_network import SpikeTimeNetwork
from brainsnn.ttfs.window_shortening import shorten_windows


@dataclass(frozen=True)
class Constraints:
    """``jitter_sd`` (tau_c), ``time_steps`` K per layer, ``weight_bits`` q, ``window_percentile`` p (None: off)."""

    jitter_sd: float = 0.0
    time_steps: int | None = None
    weight_bits: int | None = None
    window_percentile: float | None = None

    def check(self) -> None:
        if not (math.isfinite(self.jitter_sd) and self.jitter_sd >= 0):
            raise ConfigError(f"jitter_sd must be a finite number >= 0, got {self.jitter_sd!r}")
        if self.time_steps is not None and not (isinstance(self.time_steps, int) and self.time_steps >= 1):
            raise ConfigError(f"time_steps must be an integer >= 1 or None, got {self.time_steps!r}")
        if self.weight_bits is not None and not (isinstance(self.weight_bits, int) and self.weight_bits >= 2):
            raise ConfigError(f"weight_bits must be an integer >= 2 or None, got {self.weight_bits!r}")


class FullPrecisionWeight:
    """Shadow ``params["weight"]`` the optimiser updates while the network runs on its quantised copy."""

    def __init__(self, weight: np.ndarray) -> None:
        self.params = {"weight": weight.copy()}
        self.grads: dict[str, np.ndarray] = {}


class ConstrainedSpikeTimeNetwork:
    """`fit`-compatible wrapper of a linearly mappable ``network`` (changed in place) under ``constraints``."""

    def __init__(
        self, network: SpikeTimeNetwork, constraints: Constraints, x_reference: np.ndarray, *, seed: int = 0
    ) -> None:
        if network.slope != "linear":
            raise ConfigError("fine-tuning under constraints needs the linearly mappable slope (slope='linear')")
        constraints.check()
        self.network, self.constraints = network, constraints
        self.rng = np.random.default_rng(seed)
        if constraints.window_percentile is not None:
            shorten_windows(network, x_reference, constraints.window_percentile)
        holders = [*network.hidden, network.output]
        self.shadows, self.steps = {}, {}
        if constraints.weight_bits is not None:
            for holder in holders:
                self.shadows[id(holder)] = FullPrecisionWeight(holder.params["weight"])
                self.steps[id(holder)] = weight_step(holder.params["weight"], constraints.weight_bits)
            self._load_quantised_weights()

    def parameters(self) -> list[tuple[object, str]]:
        """The network's parameters, with the shadow weights in place of quantised ones."""
        return [(self.shadows.get(id(holder), holder) if name == "weight" else holder, name)
                for holder, name in self.network.parameters()]

    def _load_quantised_weights(self) -> None:
        for holder in (*self.network.hidden, self.network.output):
            if id(holder) in self.shadows:
                full = self.shadows[id(holder)].params["weight"]
                holder.params["weight"] = quantise_weights(full, self.constraints.weight_bits, self.steps[id(holder)])

    def _constrain(self, times: np.ndarray, t_min: float, t_max: float) -> np.ndarray:
        if self.constraints.jitter_sd:
            times = times + self.rng.normal(0.0, self.constraints.jitter_sd, size=times.shape)
        if self.constraints.time_steps is not None:
            times = quantise_times(times, t_min, t_max - t_min, self.constraints.time_steps)
        return times

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Output potentials under the constraints; keeps the network's ``spike_times`` and ``inside_window``."""
        network = self.network
        self._load_quantised_weights()
        times = self._constrain(network.tau_c * (1 - x), 0.0, network.tau_c)
        network.spike_times, network.inside_window = [times], []
        for layer in network.hidden:
            times, inside = network.layer_spike_times(layer, times)
            times = self._constrain(times, layer.t_min, layer.t_max)
            network.spike_times.append(times)
            network.inside_window.append(inside)
        elapsed = (network.readout_time - times) / network.tau_c
        return elapsed @ network.output.params["weight"].T + network.output.params["bias"]

    def loss_and_gradients(self, x: np.ndarray, labels: np.ndarray, *, rng=None) -> float:
        """Softmax cross-entropy of the constrained pass; straight-through gradients into the shadow weights."""
        loss, grad = softmax_cross_entropy(self.forward(x), labels)
        self.network.backward(grad)
        for holder in (*self.network.hidden, self.network.output):
            if id(holder) in self.shadows:
                self.shadows[id(holder)].grads["weight"] = holder.grads["weight"]
        return loss

    def predict(self, x: np.ndarray) -> np.ndarray:
        return self.forward(x).argmax(axis=1)
