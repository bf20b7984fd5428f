"""The BPSR layer: heterogeneous discrete-time LIF neurons with a hard reset, trained with the paper's O(T) backward.

Yan et al. (2022), Front. Neurosci. 16:760298, Eqs. 1-3 (forward) for neuron ``i`` of a layer fed spikes ``x``::

    u_i[t] = tau_i u_i[t-1] (1 - s_i[t-1]) + sum_j W_ij x_j[t] + sum_k R_ik s_k[t-1] + b_i,   u[-1] = s[-1] = 0
    s_i[t] = g(u_i[t] - U_th),   g = Heaviside (g(0) = 1),   g'(v) = (alpha / sqrt(pi)) exp(-alpha^2 v^2)
                                                              (the engine's "gaussian" surrogate)

``R`` is the intra-layer (recurrent) weight matrix, absent in flat layers. Backward (Eqs. 6-13), the reset gate
``(1 - s)`` taken as a constant::

    dL/du[t] = (dL/ds[t] + dL/du[t+1] R) g'(u[t] - U_th) + dL/du[t+1] tau (1 - s[t]),   dL/du[T] = 0
    dL/dx[t] = dL/du[t] W,  dL/dW = sum_t dL/du[t]^T x[t],  dL/dR = sum_t dL/du[t]^T s[t-1],
    dL/db = sum_t dL/du[t],  dL/dtau = sum_t dL/du[t] u[t-1] (1 - s[t-1])

`IterativeBPSR` runs this recursion itself and keeps only ``x``, ``u`` and ``s`` for the backward pass (memory
linear in T, Fig. 3). ``backward="autograd"`` unrolls the same forward for torch's autograd instead: the same
gradients, with every intermediate kept (the reference of Fig. 7).
"""

from __future__ import annotations

import torch

from brainsnn.train.snn.surrogates import Surrogate, spike

#: The two ways of computing the gradient of a `BPSRLayer`.
BACKWARDS = ("iterative", "autograd")



def _step(x_t, u_prev, gate, s_prev, weight, recurrent, bias, tau):
    """Eq. 1 for one step; ``gate`` is ``s[t-1]`` in the reset gate (detached in the unrolled reference)."""
    current = x_t @ weight.T + bias
    if recurrent is not None:
        current = current + s_prev @ recurrent.T
    return tau * u_prev * (1 - gate) + current


class IterativeBPSR(torch.autograd.Function):
    """The layer over all T steps with the hand-written O(T) backward of Eqs. 6-13."""

    @staticmethod
    def forward(ctx, x, weight, recurrent, bias, tau, threshold, alpha):
        steps, batch = x.shape[:2]
        u = x.new_zeros(steps, batch, weight.shape[0])
        s = torch.zeros_like(u)
        u_prev, s_prev = u[0], s[0]
        for t in range(steps):
            u[t] = _step(x[t], u_prev, s_prev, s_prev, weight, recurrent, bias, tau)
            s[t] = (u[t] >= threshold).to(u.dtype)
            u_prev, s_prev = u[t], s[t]
        ctx.save_for_backward(x, weight, recurrent, tau, u, s)
        ctx.threshold, ctx.alpha = threshold, alpha
        return s

    @staticmethod
    def backward(ctx, grad_s):
        x, weight, recurrent, tau, u, s = ctx.saved_tensors
        slope = Surrogate("gaussian", {"alpha": ctx.alpha}).derivative(u - ctx.threshold)
        keep = tau * (1 - s)
        grad_u = torch.zeros_like(u)
        following = torch.zeros_like(u[0])
        for t in reversed(range(len(u))):
            incoming = grad_s[t] if recurrent is None else grad_s[t] + following @ recurrent
            following = incoming * slope[t] + following * keep[t]
            grad_u[t] = following
        flat_u = grad_u.flatten(0, 1)
        previous_s = torch.cat([torch.zeros_like(s[:1]), s[:-1]])
        previous_u = torch.cat([torch.zeros_like(u[:1]), u[:-1]])
        grad_recurrent = None if recurrent is None else flat_u.T @ previous_s.flatten(0, 1)
        grad_x = grad_u @ weight if ctx.needs_input_grad[0] else None
        grad_tau = (grad_u * previous_u * (1 - previous_s)).flatten(0, 1).sum(0)
        return grad_x, flat_u.T @ x.flatten(0, 1), grad_recurrent, flat_u.sum(0), grad_tau, None, None


def unrolled_bpsr(x, weight, recurrent, bias, tau, threshold, alpha):
    """The same forward as `IterativeBPSR`, step by step for autograd (reset gate detached)."""
    u_prev = x.new_zeros(x.shape[1], weight.shape[0])
    s_prev = torch.zeros_like(u_prev)
    trains = []
    for t in range(x.shape[0]):
        u_prev = _step(x[t], u_prev, s_prev.detach(), s_prev, weight, recurrent, bias, tau)
        s_prev = spike(u_prev - threshold, "gaussian", alpha=alpha)
        trains.append(s_prev)
    return torch.stack(trains)


class BPSRLayer(torch.nn.Module):
    """``n_out`` BPSR neurons fed by ``n_in`` inputs; ``forward(x)`` maps spikes ``(T, B, n_in)`` to ``(T, B, n_out)``.

    Parameters are initialised as in Algorithm 1: ``W, R ~ N(0, 1)``, ``b ~ U(0, 1)``, ``tau = tau_init``; the
    trainer clamps ``W, R, b`` to ``[-U_th, U_th]`` and ``tau`` to ``[0, 1]`` after every step.
    """

    def __init__(self, n_in: int, n_out: int, *, recurrent: bool, threshold: float, alpha: float, tau_init: float,
                 generator: torch.Generator, backward: str = "iterative") -> None:
        super().__init__()
        self.weight = torch.nn.Parameter(torch.randn(n_out, n_in, generator=generator, dtype=torch.float64))
        self.recurrent = (torch.nn.Parameter(torch.randn(n_out, n_out, generator=generator, dtype=torch.float64))
                          if recurrent else None)
        self.bias = torch.nn.Parameter(torch.rand(n_out, generator=generator, dtype=torch.float64))
        self.tau = torch.nn.Parameter(torch.full((n_out,), float(tau_init), dtype=torch.float64))
        self.threshold, self.alpha, self.backward = float(threshold), float(alpha), backward

    def weights(self) -> dict[str, torch.nn.Parameter]:
        """The synaptic matrices by name (``"weight"``, and ``"recurrent"`` in a recurrent layer)."""
        return {"weight": self.weight, **({"recurrent": self.recurrent} if self.recurrent is not None else {})}

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        run = IterativeBPSR.apply if self.backward == "iterative" else unrolled_bpsr
        return run(x, self.weight, self.recurrent, self.bias, self.tau, self.threshold, self.alpha)

    def clamp_(self) -> None:
        """``W, R, b`` into ``[-U_th, U_th]``, ``tau`` into ``[0, 1]`` (Sec. 2.3)."""
        with torch.no_grad():
            for parameter in (*self.weights().values(), self.bias):
                parameter.clamp_(-self.threshold, self.threshold)
            self.tau.clamp_(0.0, 1.0)
