"""The current-based LIF neuron of EventProp (Fontanini et al. 2024, Eqs. 1-6; Wunderlich & Pehle 2021) in closed form.

Forward (Eq. 1), no refractory period, reset ``V -> 0`` at ``V = Theta``, ``I`` unchanged; a spike of ``n`` adds
``W_mn`` to ``I_m``::

    tau_m dV/dt = -V + R_m I,   tau_s dI/dt = -I
    V(t0 + d) = (V0 - R_m A I0) e^(-d/tau_m) + R_m A I0 e^(-d/tau_s),   A = tau_s / (tau_s - tau_m)

Adjoint (Eq. 4, forward-time derivatives, solved backward from ``lambda(T) = 0``)::

    tau_m dlambda_V/dt = lambda_V,   tau_s dlambda_I/dt = lambda_I - R_m lambda_V
    lambda_I(t - d) = (lambda_I - k lambda_V) e^(-d/tau_s) + k lambda_V e^(-d/tau_m),   k = R_m tau_m / (tau_m - tau_s)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LIF:
    """Constants of Eq. 1 (times in ms) and the end ``t_end`` of a trial."""

    tau_m: float = 20.0
    tau_s: float = 5.0
    r_m: float = 1.0
    theta: float = 1.0
    t_end: float = 90.0

    @property
    def a(self) -> float:
        return self.tau_s / (self.tau_s - self.tau_m)

    @property
    def kappa(self) -> float:
        return self.r_m * self.tau_m / (self.tau_m - self.tau_s)

    def advance(self, v: np.ndarray, i: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """State ``(V, I)`` after ``d`` ms without spikes."""
        c = self.r_m * self.a * i
        decay_s = np.exp(-d / self.tau_s)
        return (v - c) * np.exp(-d / self.tau_m) + c * decay_s, i * decay_s

    def voltage(self, v: np.ndarray, i: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``V(d)`` and ``dV/dd`` from the state ``(v, i)``."""
        c = self.r_m * self.a * i
        e_m, e_s = np.exp(-d / self.tau_m), np.exp(-d / self.tau_s)
        return (v - c) * e_m + c * e_s, -(v - c) * e_m / self.tau_m - c * e_s / self.tau_s

    def peak(self, v: np.ndarray, i: np.ndarray) -> np.ndarray:
        """Time of the one critical point of ``V`` (``inf`` where there is none ahead)."""
        c = self.r_m * self.a * i
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = -(v - c) * self.tau_s / (c * self.tau_m)
            d = -np.log(ratio) / (1.0 / self.tau_s - 1.0 / self.tau_m)
        return np.where((ratio > 0) & np.isfinite(d) & (d > 0), d, np.inf)

    def adjoint_back(self, lam_v: np.ndarray, lam_i: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Adjoint ``(lambda_V, lambda_I)`` ``d`` ms earlier, between the neuron's own spikes."""
        e_m = np.exp(-d / self.tau_m)
        return lam_v * e_m, (lam_i - self.kappa * lam_v) * np.exp(-d / self.tau_s) + self.kappa * lam_v * e_m
