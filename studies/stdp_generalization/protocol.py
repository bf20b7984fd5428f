"""Training and evaluation protocol of Chakraborty & Mukhopadhyay (2021) for a Diehl & Cook network.

Sec. 3.1.4-3.1.6 and 3.3: the training set is shown once, split into "iterations" of ``iteration_size``
samples. After every iteration learning and theta are frozen and a fixed probe set is shown; the class-spike
cross-entropy on it is the training-loss curve (Figs. 6-8). Training ends with a frozen labelling pass over the
training samples (each neuron gets the class it responds to most, Diehl & Cook 2015) and a frozen test pass;
predictions are the class whose neurons have the highest mean count. The BG index is the tail index of the
weight increments, one per training sample, of the last iteration (a random subset of synapses).

All of it is one stream of samples with per-sample learning flags, run by
:class:`brainsnn.networks.diehl_cook.DiehlCookNetwork` in ``run()`` calls of ``chunk_size`` samples. Finished
chunks are checkpointed: rerunning resumes after the last.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import Hz

from brainsnn.backend import use_backend
from brainsnn.checkpoint import CheckpointStore
from brainsnn.data.datasets import Dataset
from brainsnn.data.encoders import poisson_rates
from brainsnn.errors import ConfigError
from brainsnn.metrics import accuracy, assign_labels, class_spike_loss, generalization_error, predict
from brainsnn.metrics.tail_index import tail_index_profile, weight_increment_tail_index, weight_increments
from brainsnn.networks.diehl_cook import DiehlCookNetwork, DiehlCookParameters, NetworkState


@dataclass(frozen=True)
class Protocol:
    """Sizes of the phases (samples) and how the stream is cut into runs."""

    n_train: int
    iteration_size: int
    probe_size: int
    n_label: int
    n_test: int
    chunk_size: int = 2000
    slack_fraction: float = 0.3

    def check(self, dataset: Dataset) -> None:
        for name in ("n_train", "iteration_size", "n_label", "n_test", "chunk_size"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be >= 1, got {getattr(self, name)}")
        if self.probe_size < 0 or self.probe_size == 1:
            raise ConfigError("probe_size must be 0 (no loss curve) or >= 2 (half assigns labels, half is scored)")
        if self.n_train > len(dataset.y_train) or self.n_label > len(dataset.y_train):
            raise ConfigError(
                f"n_train and n_label must be <= {len(dataset.y_train)} training samples of {dataset.name}"
            )
        if self.n_test > len(dataset.y_test):
            raise ConfigError(f"n_test must be <= {len(dataset.y_test)} test samples of {dataset.name}")
        if self.iteration_size > self.n_train:
            raise ConfigError("iteration_size must be <= n_train")
        if not 0 < self.slack_fraction <= 5:
            raise ConfigError("slack_fraction must lie in (0, 5]")


@dataclass
class Outcome:
    """Results of one training run."""

    train_accuracy: float
    test_accuracy: float
    generalization_error: float
    bg_index: float  # tail index of the last iteration's increments, synapses as one vector (Simsekli et al.)
    bg_index_synapse_median: float  # median over synapses of the tail index of each one's non-zero increments
    bg_block_drift: float  # max - min of the layer estimate over its block sizes (0 for i.i.d. increments)
    zero_increment_share: float  # share of the recorded per-sample increments that are exactly zero
    loss_curve: np.ndarray  # (n_iterations, 3): samples trained, probe loss, probe accuracy
    final_weights: np.ndarray
    mean_spikes_per_sample: float
    repeated_fraction: float
    simulated_slots: int


@dataclass
class Stream:
    """The samples of one run in presentation order, with their phase and learning flag."""

    images: np.ndarray  # dataset row per stream position
    from_test: np.ndarray  # bool per position
    learn: np.ndarray
    segments: dict[str, list[tuple[int, int]]]  # phase -> [(start, stop)]

    def rows(self, phase: str) -> np.ndarray:
        """Stream positions of all samples of ``phase`` ('train', 'probe', 'label' or 'test')."""
        spans = self.segments[phase]
        return np.concatenate([np.arange(a, b) for a, b in spans]) if spans else np.array([], dtype=int)


@dataclass
class PreparedRun:
    """Everything a run draws from its seed before simulating: the stream, its inputs and the initial state."""

    stream: Stream
    rates_hz: np.ndarray  # (n_stream, n_input)
    labels: np.ndarray  # (n_stream,)
    recorded_synapses: np.ndarray
    initial_state: NetworkState


def prepare_run(params: DiehlCookParameters, dataset: Dataset, protocol: Protocol, seed: int) -> PreparedRun:
    """Draw the sample stream, the recorded synapses and the initial weights/delays from ``seed``."""
    protocol.check(dataset)
    if dataset.x_train.shape[1] != params.n_input:
        raise ConfigError(f"the network has {params.n_input} inputs but {dataset.name} samples have "
                          f"{dataset.x_train.shape[1]} features")
    rng = np.random.default_rng(seed)
    stream = _build_stream(protocol, dataset, rng)
    test = stream.from_test
    images = np.empty((len(test), params.n_input))
    images[~test], images[test] = dataset.x_train[stream.images[~test]], dataset.x_test[stream.images[test]]
    labels = np.empty(len(test), dtype=int)
    labels[~test], labels[test] = dataset.y_train[stream.images[~test]], dataset.y_test[stream.images[test]]
    n_synapses = params.n_input * params.n_exc
    recorded = np.sort(rng.choice(n_synapses, min(params.n_recorded_synapses, n_synapses), replace=False))
    return PreparedRun(stream, np.asarray(poisson_rates(images, params.max_rate_hz * Hz)), labels, recorded,
                       NetworkState.initial(params, rng))


def _build_stream(protocol: Protocol, dataset: Dataset, rng: np.random.Generator) -> Stream:
    order = rng.permutation(len(dataset.y_train))
    train = order[: protocol.n_train]
    probe = rng.choice(len(dataset.y_train), protocol.probe_size, replace=False)
    parts, segments, position = [], {"train": [], "probe": [], "label": [], "test": []}, 0

    def add(phase: str, rows: np.ndarray, learn: bool, from_test: bool = False) -> None:
        nonlocal position
        parts.append((rows, np.full(len(rows), from_test), np.full(len(rows), float(learn))))
        segments[phase].append((position, position + len(rows)))
        position += len(rows)

    for start in range(0, protocol.n_train, protocol.iteration_size):
        add("train", train[start : start + protocol.iteration_size], learn=True)
        if protocol.probe_size:
            add("probe", probe, learn=False)
    add("label", order[: protocol.n_label], learn=False)
    add("test", rng.permutation(len(dataset.y_test))[: protocol.n_test], learn=False, from_test=True)
    rows, from_test, learn = (np.concatenate(x) for x in zip(*parts, strict=True))
    return Stream(rows.astype(int), from_test.astype(bool), learn, segments)


def train_and_evaluate(
    params: DiehlCookParameters,
    dataset: Dataset,
    protocol: Protocol,
    *,
    device: str,
    seed: int,
    threads: int = 0,
    checkpoints: CheckpointStore | None = None,
    run_name: str = "run",
) -> Outcome:
    """Train a Diehl & Cook network on ``dataset`` and evaluate it as in the paper (see module docstring)."""
    prepared = prepare_run(params, dataset, protocol, seed)
    stream, rates, labels, recorded = prepared.stream, prepared.rates_hz, prepared.labels, prepared.recorded_synapses
    state = prepared.initial_state
    n_stream = len(labels)
    chunk = min(protocol.chunk_size, n_stream)
    counts = np.zeros((n_stream, params.n_exc))
    presentations = np.zeros(n_stream, dtype=int)
    snapshots = np.zeros((n_stream + 1, len(recorded)))
    slots = 0
    # A compiled standalone binary cannot be reseeded, so multi-chunk standalone runs draw a fresh seed per chunk.
    single_run = n_stream <= chunk
    brian_seed = seed if single_run or device in ("numpy", "cython") else None
    shape = f"{params!r} chunk={chunk} slack={protocol.slack_fraction} recorded={len(recorded)}"
    with use_backend(device, label=f"diehl-cook-{params.rule}", seed=brian_seed, threads=threads,
                     build_key=shape) as backend:
        network = DiehlCookNetwork(params, backend, chunk, protocol.slack_fraction, recorded)
        start, index = 0, 0
        while start < n_stream:
            name = f"{run_name}-chunk{index}"
            stored = checkpoints.load(name) if checkpoints else None
            if stored is None:
                stop = min(start + chunk, n_stream)
                result = network.run_chunk(rates[start:stop], stream.learn[start:stop], state)
                stored = {"start": start, "counts": result.counts, "presentations": result.presentations,
                          "snapshots": result.weight_snapshots, "weights": result.state.weights,
                          "theta_mv": result.state.theta_mv, "slots": result.simulated_slots}
                if checkpoints:
                    checkpoints.save(name, stored)
            done = len(stored["counts"])
            counts[start : start + done] = stored["counts"]
            presentations[start : start + done] = stored["presentations"]
            snapshots[start : start + done] = stored["snapshots"]
            state = NetworkState(stored["weights"], stored["theta_mv"], state.delays_ms)
            slots += int(stored["slots"])
            start, index = start + done, index + 1
    snapshots[n_stream] = state.weights[recorded]
    if checkpoints:
        for chunk_index in range(index):
            checkpoints.discard(f"{run_name}-chunk{chunk_index}")
    return _evaluate(stream, labels, counts, presentations, snapshots, state, dataset.n_classes, slots, protocol)


def _evaluate(stream, labels, counts, presentations, snapshots, state, n_classes, slots, protocol) -> Outcome:
    label_rows, test_rows = stream.rows("label"), stream.rows("test")
    assignments = assign_labels(counts[label_rows], labels[label_rows], n_classes)
    train_acc = accuracy(predict(counts[label_rows], assignments, n_classes), labels[label_rows])
    test_acc = accuracy(predict(counts[test_rows], assignments, n_classes), labels[test_rows])
    curve = []
    trained = 0
    for (train_start, train_stop), (a, b) in zip(stream.segments["train"], stream.segments["probe"], strict=False):
        trained += train_stop - train_start
        half = a + (b - a) // 2
        probe_assign = assign_labels(counts[a:half], labels[a:half], n_classes)
        loss = class_spike_loss(counts[half:b], probe_assign, labels[half:b], n_classes)
        probe_acc = accuracy(predict(counts[half:b], probe_assign, n_classes), labels[half:b])
        curve.append((trained, loss, probe_acc))
    last_start, last_stop = stream.segments["train"][-1]
    last_iteration = snapshots[last_start : last_stop + 1]
    increments = weight_increments(last_iteration)
    profile = tail_index_profile(increments).values()
    trained_rows = stream.rows("train")
    return Outcome(
        train_accuracy=train_acc,
        test_accuracy=test_acc,
        generalization_error=generalization_error(train_acc, test_acc),
        bg_index=weight_increment_tail_index(last_iteration),
        bg_index_synapse_median=weight_increment_tail_index(last_iteration, aggregate="synapse-median"),
        bg_block_drift=float(max(profile) - min(profile)),
        zero_increment_share=float(np.mean(increments == 0)),
        loss_curve=np.array(curve).reshape(-1, 3),
        final_weights=state.weights,
        mean_spikes_per_sample=float(counts.sum(axis=1).mean()),
        repeated_fraction=float((presentations[trained_rows] > 1).mean()),
        simulated_slots=slots,
    )
