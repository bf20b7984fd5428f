"""Ch. 3 of the thesis: a dense TTFS network trained directly in spike-time space with exact gradients.

Input ``t_j^(0) = tau_c (1 - x_j)`` on ``[t_min^(0), t_max^(0)] = [0, tau_c]`` (Eq. 3.1). Hidden neuron (3.2)::

    tau_c dV_i/dt = alpha_i H(t - t_min^(n)) + sum_j W_ij H(t - t_j^(n-1)),   threshold theta_i = theta~_i + D_i

fires once in ``[t_min^(n), t_max^(n)]`` (gated before, forced at ``t_max^(n)``). All inputs arrive by
``t_min^(n) = t_max^(n-1)``, so with ``B_i = alpha_i + sum_k W_ik`` (3.4)::

    t_i = clip(A_i / B_i, t_min^(n), t_max^(n)),   A_i = tau_c theta_i + alpha_i t_min^(n) + sum_j W_ij t_j   (3.7)

(``t_min`` if ``V_i(t_min) >= theta_i``, ``t_max`` if ``B_i <= 0`` otherwise). The slope is either
``alpha_i = 1`` (``slope="constant"``) or the linearly mappable ``alpha_i = 1 - sum_j W_ij`` (3.9, ``B = 1``).
Output (non-spiking, trainable bias as the authors' code does): ``V_m = b_m + sum_j W_mj (t_max^(N) - t_j) / tau_c``.

Exact gradients, with ``theta~`` a buffer (the thesis holds it constant) and ``M_i = 1`` iff
``t_min < t_i < t_max`` (3.12); ``kappa = d alpha_i / d W_ij`` is 0 or -1::

    dt_i/dW_ij = M_i (t_j + kappa t_min - (1 + kappa) t_i) / B_i
    dt_i/dt_j  = M_i W_ij / B_i,    dt_i/dD_i = M_i tau_c / B_i

Reverse mapping to a ReLU network (3.4-3.5): ``w = W / B``, ``b = -theta / B + (t_max - t_min) / tau_c``, and
``x^(n) = (t_max^(n) - t^(n)) / tau_c``. Windows start from data (3.19-3.21) and grow with the adaptive rule (3.3).
"""

import math

import numpy as np

from brainsnn.errors import ConfigError
from brainsnn.train.losses import softmax_cross_entropy
from brainsnn.ttfs.relu_network import ReluLayer, ReluNetwork

SLOPES = ("linear", "constant")
#: Smallest initial window V~_0 (in units of tau_c) when a layer is silent at initialisation (note, Sec. 8.8).
MIN_INITIAL_WINDOW = 1e-3
#: Window growth factor of the adaptive t_max rule (Sec. 3.6.3).
DEFAULT_GAMMA = 10.0


class SpikeTimeLayer:
    """Trainable ``W`` (``params["weight"]``, ``(n_out, n_in)``) and ``D`` (``params["threshold_offset"]``);
    buffers ``base_threshold`` (theta~), ``t_min``, ``t_max``."""

    def __init__(self, weight: np.ndarray, threshold_offset: np.ndarray) -> None:
        self.params = {"weight": weight, "threshold_offset": threshold_offset}
        self.grads: dict[str, np.ndarray] = {}
        self.base_threshold = np.zeros(len(weight))
        self.t_min = 0.0
        self.t_max = 0.0


class SpikeTimeOutput:
    """Output integrators: trainable ``params["weight"]`` ``(classes, n_in)`` and ``params["bias"]``."""

    def __init__(self, weight: np.ndarray, bias: np.ndarray) -> None:
        self.params = {"weight": weight, "bias": bias}
        self.grads: dict[str, np.ndarray] = {}


class SpikeTimeNetwork:
    """Dense TTFS network of Ch. 3; `fit`-compatible (``parameters``, ``loss_and_gradients``, ``predict``)."""

    def __init__(
        self, hidden: list[SpikeTimeLayer], output: SpikeTimeOutput, *, slope: str = "linear", tau_c: float = 1.0
    ) -> None:
        if slope not in SLOPES:
            raise ConfigError(f"slope must be one of {', '.join(SLOPES)}, got {slope!r}")
        if not (math.isfinite(tau_c) and tau_c > 0):
            raise ConfigError(f"tau_c must be a finite number > 0, got {tau_c!r} (the thesis uses 1)")
        self.hidden, self.output, self.slope, self.tau_c = hidden, output, slope, tau_c

    @classmethod
    def from_relu(cls, relu: ReluNetwork, *, slope: str = "linear", tau_c: float = 1.0) -> "SpikeTimeNetwork":
        """Inverse of `to_relu` for a dense ``relu`` (windows still to be set by `initialise_windows`).

        Linear slope: ``W = w``, ``D = -b``. Constant slope ``alpha = 1``: ``B = 1 / (1 - sum_j w_ij)`` (rows must
        sum below 1), ``W = B w``, ``D = -B b``.
        """
        hidden = []
        for layer in relu.hidden:
            if layer.padding is not None or layer.pool_size != 1:
                raise ConfigError("SpikeTimeNetwork is dense only; map conv/pooled layers with brainsnn.ttfs.convert")
            row_sums = layer.weight.sum(axis=1)
            if slope == "constant" and np.any(row_sums >= 1):
                raise ConfigError("alpha = 1 needs hidden row sums < 1 (B = 1 / (1 - sum w) > 0); run scale_rows")
            slope_at_threshold = np.ones_like(row_sums) if slope == "linear" else 1 / (1 - row_sums)
            hidden.append(
                SpikeTimeLayer(layer.weight * slope_at_threshold[:, None], -layer.bias * slope_at_threshold)
            )
        output = SpikeTimeOutput(relu.output.weight.copy(), relu.output.bias.copy())
        return cls(hidden, output, slope=slope, tau_c=tau_c)

    def parameters(self) -> list[tuple[object, str]]:
        return [(holder, name) for holder in (*self.hidden, self.output) for name in holder.params]

    def slopes(self, layer: SpikeTimeLayer) -> tuple[np.ndarray, np.ndarray]:
        """``alpha_i`` and ``B_i = alpha_i + sum_k W_ik`` of one layer."""
        weight_sums = layer.params["weight"].sum(axis=1)
        alpha = 1 - weight_sums if self.slope == "linear" else np.ones_like(weight_sums)
        return alpha, alpha + weight_sums

    def layer_spike_times(self, layer: SpikeTimeLayer, input_times: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Spike times of ``layer`` for presynaptic times ``(n, in)`` (Eq. 3.7), and the mask ``M`` of those
        strictly inside ``(t_min, t_max)``."""
        weight = layer.params["weight"]
        alpha, slope = self.slopes(layer)
        threshold = layer.base_threshold + layer.params["threshold_offset"]
        weighted = input_times @ weight.T
        above_at_start = (layer.t_min * weight.sum(axis=1) - weighted) / self.tau_c >= threshold
        positive = slope > 0
        crossing = (self.tau_c * threshold + alpha * layer.t_min + weighted) / np.where(positive, slope, 1.0)
        reachable = np.where(positive, np.clip(crossing, layer.t_min, layer.t_max), layer.t_max)
        times = np.where(above_at_start, layer.t_min, reachable)
        inside = ~above_at_start & positive & (crossing > layer.t_min) & (crossing < layer.t_max)
        return times, inside

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Output potentials for inputs ``(n, features)`` in ``[0, 1]``.

        Keeps ``spike_times`` (input layer first) and ``inside_window`` (``M_i`` per hidden layer) for `backward`.
        """
        if x.min() < 0 or x.max() > 1:
            raise ConfigError(f"inputs must lie in [0, 1], got [{x.min()!r}, {x.max()!r}]; rescale them")
        times = self.tau_c * (1 - x)
        self.spike_times, self.inside_window = [times], []
        for layer in self.hidden:
            times, inside = self.layer_spike_times(layer, times)
            self.spike_times.append(times)
            self.inside_window.append(inside)
        elapsed = (self.readout_time - times) / self.tau_c
        return elapsed @ self.output.params["weight"].T + self.output.params["bias"]

    @property
    def readout_time(self) -> float:
        """``t_max^(N)`` (``t_max^(0) = tau_c`` without hidden layers): the classification latency."""
        return self.hidden[-1].t_max if self.hidden else self.tau_c

    def backward(self, grad_potentials: np.ndarray) -> None:
        """Fill ``grads`` of every layer from ``dL/dV`` of the latest `forward`."""
        times = self.spike_times[-1]
        self.output.grads["weight"] = grad_potentials.T @ ((self.readout_time - times) / self.tau_c)
        self.output.grads["bias"] = grad_potentials.sum(axis=0)
        grad_times = -(grad_potentials @ self.output.params["weight"]) / self.tau_c
        kappa = -1.0 if self.slope == "linear" else 0.0
        for index in reversed(range(len(self.hidden))):
            layer = self.hidden[index]
            input_times, times = self.spike_times[index], self.spike_times[index + 1]
            _, slope = self.slopes(layer)
            scaled = np.where(self.inside_window[index], grad_times, 0.0) / np.where(slope > 0, slope, 1.0)
            own_term = (scaled * (kappa * layer.t_min - (1 + kappa) * times)).sum(axis=0)
            layer.grads["weight"] = scaled.T @ input_times + own_term[:, None]
            layer.grads["threshold_offset"] = self.tau_c * scaled.sum(axis=0)
            grad_times = scaled @ layer.params["weight"]

    def time_jacobians(self, layer_index: int) -> np.ndarray:
        """``dt^(n)/dt^(n-1) = M^(n) (B^(n))^-1 W^(n)`` (Eq. 3.12) per sample of the latest `forward`: ``(n, out, in)``.

        Its eigenvalues (square layers) are those of the equivalent ReLU network's Jacobian ``M w`` (Fig. 3.2).
        """
        layer = self.hidden[layer_index]
        _, slope = self.slopes(layer)
        gain = np.where(self.inside_window[layer_index], 1.0, 0.0) / np.where(slope > 0, slope, 1.0)
        return gain[:, :, None] * layer.params["weight"][None]

    def loss_and_gradients(self, x: np.ndarray, labels: np.ndarray, *, rng=None) -> float:
        """Softmax cross-entropy on the output potentials; fills every ``grads``."""
        loss, grad = softmax_cross_entropy(self.forward(x), labels)
        self.backward(grad)
        return loss

    def predict(self, x: np.ndarray) -> np.ndarray:
        return self.forward(x).argmax(axis=1)

    def _set_window(self, layer: SpikeTimeLayer, t_min: float, window: float) -> None:
        """``t_max = t_min + window`` and ``theta~ = B window / tau_c`` (3.21)."""
        layer.t_min, layer.t_max = t_min, t_min + window
        layer.base_threshold = self.slopes(layer)[1] * window / self.tau_c

    def chain_windows(self, windows: list[float]) -> None:
        """``t_min^(n) = t_max^(n-1)`` from ``t_max^(0) = tau_c``, each layer with its window."""
        t_min = self.tau_c
        for layer, window in zip(self.hidden, windows, strict=True):
            self._set_window(layer, t_min, window)
            t_min = layer.t_max

    def initialise_windows(self, x: np.ndarray, zeta: float = 0.5) -> None:
        """Eqs. 3.19-3.21 layer by layer: ``t_max = t_min + tau_c (1 + zeta) max_{mu,i} V_i(t_min)`` (B_0 = 1)."""
        if not (math.isfinite(zeta) and zeta > -1):
            raise ConfigError(f"zeta must be a finite number > -1, got {zeta!r} (the thesis uses 0.5)")
        times, t_min = self.tau_c * (1 - x), self.tau_c
        for layer in self.hidden:
            weight = layer.params["weight"]
            potential_at_start = (t_min * weight.sum(axis=1) - times @ weight.T) / self.tau_c
            self._set_window(layer, t_min, self.tau_c * max((1 + zeta) * potential_at_start.max(), MIN_INITIAL_WINDOW))
            times, _ = self.layer_spike_times(layer, times)
            t_min = layer.t_max

    def adapt_windows(self, gamma: float = DEFAULT_GAMMA) -> None:
        """Eq. 3.3 on the latest forward pass: widen ``[t_min, t_max]`` to ``gamma (t_max - min_{i,mu} t_i)``
        where it is shorter, shift later windows along, and recompute every ``theta~`` (3.21)."""
        windows = []
        for layer, times in zip(self.hidden, self.spike_times[1:], strict=True):
            windows.append(max(layer.t_max - layer.t_min, gamma * (layer.t_max - times.min())))
        self.chain_windows(windows)

    def to_relu(self) -> ReluNetwork:
        """Equivalent ReLU network (3.4): ``w = W / B``, ``b = -theta / B + (t_max - t_min) / tau_c``."""
        first_weight = (self.hidden[0] if self.hidden else self.output).params["weight"]
        layers, input_shape = [], (first_weight.shape[1],)
        for layer in self.hidden:
            _, slope = self.slopes(layer)
            threshold = layer.base_threshold + layer.params["threshold_offset"]
            weight = layer.params["weight"] / slope[:, None]
            bias = -threshold / slope + (layer.t_max - layer.t_min) / self.tau_c
            layers.append(ReluLayer(weight=weight, bias=bias, input_shape=input_shape))
            input_shape = (len(weight),)
        output = ReluLayer(
            weight=self.output.params["weight"].copy(), bias=self.output.params["bias"].copy(), input_shape=input_shape
        )
        return ReluNetwork(hidden=tuple(layers), output=output)
