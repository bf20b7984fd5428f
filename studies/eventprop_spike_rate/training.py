"""Mini-batch training of an ensemble of networks with Adam (Kingma & Ba; beta 0.9, 0.999, eps 1e-8) on the exact
EventProp gradients, and the test-set measurements of the paper: accuracy of the first output spike, spikes per
neuron per inference ``<N_S>`` per layer and for the network (hidden + output neurons, notes A.8.5), silent
neurons, latency of the first output spike.

Every network ``g`` of the ensemble (weights ``W[g]``) has its own loss, learning rate and sample order; a step
simulates the ``g``-th mini-batches of all networks in one event loop, which is what makes the numpy
simulation fast (the per-event cost hardly grows with the number of samples).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from brainsnn_studies.eventprop_spike_rate.adjoint import network_backward
from brainsnn_studies.eventprop_spike_rate.losses import Loss, evaluate_loss, first_spike_times, predictions
from brainsnn_studies.eventprop_spike_rate.neuron import LIF
from brainsnn_studies.eventprop_spike_rate.simulation import Spikes, input_spikes, network_forward

#: Test samples per network simulated together by `measure`.
MEASURE_CHUNK = 250


@dataclass
class Adam:
    """Adam over a list of ``(G, ...)`` arrays, updated in place; ``learning_rate`` ``(G,)``, one per network."""

    learning_rate: np.ndarray
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    steps: int = 0
    moments: list = field(default_factory=list)

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        if not self.moments:
            self.moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
        self.steps += 1
        rate = np.asarray(self.learning_rate, dtype=float)[:, None, None]
        for p, g, (m, v) in zip(params, grads, self.moments, strict=True):
            m[:] = self.beta1 * m + (1 - self.beta1) * g
            v[:] = self.beta2 * v + (1 - self.beta2) * g * g
            m_hat, v_hat = m / (1 - self.beta1 ** self.steps), v / (1 - self.beta2 ** self.steps)
            p -= rate * m_hat / (np.sqrt(v_hat) + self.eps)


def sizes_of(weights: list[np.ndarray]) -> list[int]:
    return [weights[0].shape[2]] + [w.shape[1] for w in weights]


def run_batch(lif: LIF, weights: list[np.ndarray], times: np.ndarray, group: np.ndarray) -> list[Spikes]:
    """Spikes of every layer for input ``times[b]`` run through network ``group[b]``."""
    return network_forward(lif, weights, input_spikes(times), group)


def train(lif: LIF, weights: list[np.ndarray], times: np.ndarray, labels: np.ndarray, losses: list[Loss],
          epochs: int, learning_rates: np.ndarray, batch_size: int, seeds: list[int]) -> dict[str, np.ndarray]:
    """Train the ensemble ``weights`` in place with a fresh Adam; network ``g`` draws its sample order from
    ``seeds[g]``. Returns ``(epochs, G)`` arrays: batch means of the loss, CE and accuracy, the network ``<N_S>``
    of the training batches, and the clipped jumps of Eq. 5."""
    n_groups, sizes = len(losses), sizes_of(weights)
    rngs = [np.random.default_rng(seed) for seed in seeds]
    adam = Adam(np.asarray(learning_rates, dtype=float))
    keys = ("loss", "ce", "accuracy", "n_spikes_network", "clipped")
    history = {key: np.zeros((epochs, n_groups)) for key in keys}
    for epoch in range(epochs):
        orders = np.stack([rng.permutation(len(times)) for rng in rngs])
        for start in range(0, len(times), batch_size):
            batch = orders[:, start:start + batch_size]
            group = np.repeat(np.arange(n_groups), batch.shape[1])
            layers = run_batch(lif, weights, times[batch.ravel()], group)
            value = evaluate_loss(losses, layers, sizes, labels[batch.ravel()], group, lif.t_end)
            grads, clipped = network_backward(lif, weights, layers, value.dl_dt, group)
            adam.step(weights, grads)
            share = batch.shape[1] / len(times)
            hits = predictions(layers[-1], len(group), sizes[-1]) == labels[batch.ravel()]
            spikes = sum(np.bincount(group[s.sample], minlength=n_groups) for s in layers[1:])
            history["loss"][epoch] += share * value.total
            history["ce"][epoch] += share * value.terms["ce"]
            history["accuracy"][epoch] += share * np.bincount(group, weights=hits, minlength=n_groups) / batch.shape[1]
            history["n_spikes_network"][epoch] += share * spikes / (batch.shape[1] * sum(sizes[1:]))
            history["clipped"][epoch] += clipped
    return history


def measure(lif: LIF, weights: list[np.ndarray], times: np.ndarray, labels: np.ndarray, losses: list[Loss]
            ) -> list[dict[str, float | list[float]]]:
    """Per network: test accuracy, cross-entropy, ``<N_S>`` per layer (input first), network and output ``<N_S>``,
    the fraction of hidden and output neurons silent on every test sample, and the mean time of the first output
    spike (ms; over the samples with one)."""
    n_groups, sizes, n = len(losses), sizes_of(weights), len(times)
    counts = [np.zeros((n_groups, size)) for size in sizes]
    correct, ce, latency, answered = (np.zeros(n_groups) for _ in range(4))
    for start in range(0, n, MEASURE_CHUNK):
        chunk = np.arange(start, min(start + MEASURE_CHUNK, n))
        group = np.repeat(np.arange(n_groups), len(chunk))
        index = np.tile(chunk, n_groups)
        layers = run_batch(lif, weights, times[index], group)
        for total, spikes, size in zip(counts, layers, sizes, strict=True):
            total += np.bincount(group[spikes.sample] * size + spikes.neuron,
                                 minlength=n_groups * size).reshape(n_groups, size)
        hits = predictions(layers[-1], len(group), sizes[-1]) == labels[index]
        correct += np.bincount(group, weights=hits, minlength=n_groups)
        ce += len(chunk) * evaluate_loss(losses, layers, sizes, labels[index], group, lif.t_end).terms["ce"]
        first = first_spike_times(layers[-1], len(group), sizes[-1]).min(1)
        answered_here = np.isfinite(first)
        latency += np.bincount(group, weights=np.where(answered_here, first, 0.0), minlength=n_groups)
        answered += np.bincount(group, weights=answered_here, minlength=n_groups)
    results = []
    for g in range(n_groups):
        per_layer = [float(c[g].sum() / (size * n)) for c, size in zip(counts, sizes, strict=True)]
        hidden = np.concatenate([c[g] for c in counts[1:]])
        results.append({"accuracy": float(correct[g] / n), "ce": float(ce[g] / n), "n_spikes_layers": per_layer,
                        "n_spikes_network": float(hidden.sum() / (len(hidden) * n)), "n_spikes_output": per_layer[-1],
                        "silent_fraction": float(np.mean(hidden == 0)),
                        "latency_ms": float(latency[g] / answered[g]) if answered[g] else float("nan")})
    return results
