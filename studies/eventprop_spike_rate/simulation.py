"""Exact event-driven simulation of a feed-forward network of `LIF` layers, vectorised over the batch and over an
ensemble of networks of one architecture (weights ``(G, N_post, N_pre)``; ``group[b]`` is sample ``b``'s network),
so that several seeds and losses train in one event loop.

A layer is simulated between consecutive input arrivals (each sample's arrivals sorted in time). In every such
interval ``V`` is a sum of two exponentials with at most one critical point, so with ``V(0) < Theta`` the first
threshold crossing, if any, lies on the rising flank ``[0, min(peak, interval)]``; it is found by bracketed Newton
iteration to machine precision, the neuron is reset and the search repeats for the rest of the interval. Spike
times are therefore exact (no time grid), which the EventProp gradients (`brainsnn_studies.eventprop_spike_rate.
adjoint`) need to agree with finite differences.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from brainsnn_studies.eventprop_spike_rate.neuron import LIF

#: Newton / bisection iterations of a threshold crossing (bisection alone reaches 1e-11 ms in about 45).
MAX_NEWTON = 80
#: ``|V - Theta|`` (relative to Theta) at which a crossing counts as found.
ROUNDING = 1e-14
#: Step size (ms) at which Newton's iteration has converged (quadratically: the next step is far smaller).
TOLERANCE = 1e-11
#: Spikes one neuron may fire between two input arrivals before the simulation gives up.
MAX_BURST = 5000


@dataclass(frozen=True)
class Spikes:
    """Spikes of one layer for a batch: sample, neuron, time (ms) and the current ``I^-`` at each spike."""

    sample: np.ndarray
    neuron: np.ndarray
    time: np.ndarray
    current: np.ndarray

    def __len__(self) -> int:
        return len(self.time)

    def counts(self, n_samples: int, n_neurons: int) -> np.ndarray:
        """Spikes per ``(sample, neuron)``."""
        return np.bincount(self.sample * n_neurons + self.neuron, minlength=n_samples * n_neurons).reshape(
            n_samples, n_neurons)


def input_spikes(times: np.ndarray) -> Spikes:
    """One spike per input at ``times[sample, input]`` (``nan``: no spike)."""
    sample, neuron = np.nonzero(np.isfinite(times))
    return Spikes(sample, neuron, times[sample, neuron], np.zeros(len(sample)))


def arrival_table(spikes: Spikes, n_samples: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each sample's spikes in time order, padded: times ``(B, K)`` (``inf`` pad), neurons, spike indices (-1 pad)."""
    order = np.lexsort((spikes.time, spikes.sample))
    counts = np.bincount(spikes.sample, minlength=n_samples)
    width = int(counts.max(initial=0))
    slot = np.arange(len(order)) - np.repeat(np.cumsum(counts) - counts, counts)
    times = np.full((n_samples, width), np.inf)
    index = np.full((n_samples, width), -1)
    rows = spikes.sample[order]
    times[rows, slot], index[rows, slot] = spikes.time[order], order
    return times, np.where(index >= 0, spikes.neuron[np.maximum(index, 0)], 0), index


def _crossing(lif: LIF, v: np.ndarray, i: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """First ``d`` in ``[0, hi]`` with ``V(d) = Theta``, given ``V(0) < Theta <= V(hi)`` and ``V`` rising: Newton's
    method from the secant point, falling back to bisection whenever a step leaves the bracket. It stops when the
    step is below `TOLERANCE` or ``|V - Theta|`` is at rounding level; the latter ends grazing crossings (a double
    root at the peak), where the time is only defined to about the square root of the rounding error. After
    `MAX_NEWTON` iterations the current estimate, inside the bracket, is returned."""
    lo = np.zeros_like(hi)
    f_lo = v - lif.theta
    f_hi = lif.voltage(v, i, hi)[0] - lif.theta
    x = hi * f_lo / (f_lo - f_hi)
    with np.errstate(divide="ignore", invalid="ignore"):
        for _ in range(MAX_NEWTON):
            value, slope = lif.voltage(v, i, x)
            f = value - lif.theta
            above = f >= 0
            hi = np.where(above, x, hi)
            lo = np.where(above, lo, x)
            step = x - f / slope
            new = np.where((step >= lo) & (step <= hi), step, 0.5 * (lo + hi))
            done = (np.abs(new - x) <= TOLERANCE) | (np.abs(f) <= ROUNDING * lif.theta)
            x = np.where(np.abs(f) <= ROUNDING * lif.theta, x, new)
            if done.all():
                return x
    return x


def _fire(lif: LIF, v: np.ndarray, i: np.ndarray, span: np.ndarray, t0: np.ndarray, out: list) -> None:
    """Advance ``v, i`` (``(B, N)``, in place) by ``span`` ``(B,)`` ms, appending each spike to ``out``.

    ``V`` can only reach ``Theta`` while ``R_m I > V``, and ``I`` decays, so a neuron with ``R_m I <= Theta`` stays
    below threshold until its next input: only the others are searched."""
    rows, cols = np.nonzero(lif.r_m * i > lif.theta)
    fired_rows, fired_cols, elapsed = [], [], []
    spent = np.zeros(len(rows))
    for _ in range(MAX_BURST):
        vv, ii, rest = v[rows, cols], i[rows, cols], span[rows] - spent
        hi = np.minimum(lif.peak(vv, ii), rest)
        crosses = np.isfinite(hi) & (lif.voltage(vv, ii, hi)[0] >= lif.theta)
        if not crosses.any():
            break
        rows, cols, vv, ii, hi, spent = rows[crosses], cols[crosses], vv[crosses], ii[crosses], hi[crosses], \
            spent[crosses]
        d = _crossing(lif, vv, ii, hi)
        current = ii * np.exp(-d / lif.tau_s)
        spent = spent + d
        out.append((rows, cols, t0[rows] + spent, current))
        fired_rows.append(rows)
        fired_cols.append(cols)
        elapsed.append(spent)
        v[rows, cols], i[rows, cols] = 0.0, current
    else:
        raise RuntimeError(f"a neuron fired more than {MAX_BURST} spikes between two input spikes")
    if fired_rows:  # the last spike of each neuron that fired: advance it by the rest of the interval
        rows, cols, spent = (np.concatenate(parts) for parts in (fired_rows, fired_cols, elapsed))
        last = np.zeros(v.shape)
        last[rows, cols] = np.maximum(last[rows, cols], spent)  # spikes of one neuron come in increasing time
        rows, cols = np.nonzero(last)
        v_fired, i_fired = lif.advance(v[rows, cols], i[rows, cols], span[rows] - last[rows, cols])
    c = lif.r_m * lif.a * i
    decay_s = np.exp(-span / lif.tau_s)[:, None]
    v[:], i[:] = (v - c) * np.exp(-span / lif.tau_m)[:, None] + c * decay_s, i * decay_s
    if fired_rows:
        v[rows, cols], i[rows, cols] = v_fired, i_fired


def layer_forward(lif: LIF, weights: np.ndarray, arrivals: Spikes, group: np.ndarray) -> Spikes:
    """Output spikes of a layer of ``weights.shape[1]`` neurons (``W[network, post, pre]``) driven by ``arrivals``;
    ``group`` ``(B,)`` is the network of each sample."""
    n_samples = len(group)
    times, pre, _ = arrival_table(arrivals, n_samples)
    v = np.zeros((n_samples, weights.shape[1]))
    i = np.zeros_like(v)
    now = np.zeros(n_samples)
    out: list = []
    for k in range(times.shape[1] + 1):
        nxt = np.minimum(times[:, k], lif.t_end) if k < times.shape[1] else np.full(n_samples, lif.t_end)
        _fire(lif, v, i, nxt - now, now, out)
        if k < times.shape[1]:
            live = np.isfinite(times[:, k]) & (times[:, k] < lif.t_end)
            i[live] += weights[group[live], :, pre[live, k]]
        now = nxt
    if not out:
        empty = np.zeros(0)
        return Spikes(empty.astype(int), empty.astype(int), empty, empty)
    rows, cols, t, current = (np.concatenate(parts) for parts in zip(*out, strict=True))
    return Spikes(rows, cols, t, current)


def network_forward(lif: LIF, weights: list[np.ndarray], inputs: Spikes, group: np.ndarray) -> list[Spikes]:
    """Spikes of every layer, the input layer first."""
    layers = [inputs]
    for w in weights:
        layers.append(layer_forward(lif, w, layers[-1], group))
    return layers
