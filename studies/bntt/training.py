"""One run of the study: train a network with surrogate-gradient BPTT, then measure it on the test set.

Training (Kim & Panda 2021, Sec. 4.1): SGD with momentum 0.9 and weight decay (on the BNTT gains too, as in the
authors' code; ``gamma_weight_decay`` may give the gains their own), cross-entropy of the read-out ``u^T / T``
(Eq. 5), the learning rate divided by 10 at 50 %, 70 % and 90 % of the epochs. Every run is stored in a
`CheckpointStore` (its measurements and weights), so an interrupted study resumes where it stopped.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import torch

from brainsnn.checkpoint import CheckpointStore
from brainsnn_studies.bntt.data import Images
from brainsnn_studies.bntt.early_exit import gamma_profiles
from brainsnn_studies.bntt.spike_rates import layer_spike_totals, spike_rate, spikes_per_neuron

#: Fractions of the epochs after which the learning rate is divided by 10.
LR_MILESTONES = (0.5, 0.7, 0.9)
STATE = "state/"


def train(network, images: Images, encode: Callable, config: Mapping[str, Any], epochs: int, seed: int,
          label: str) -> list[float]:
    """Train ``network`` in place; the mean training loss of every epoch."""
    from brainsnn.train.snn import TimeBatchNorm, fit

    gains = [layer.gamma for layer in network.layers if isinstance(layer, TimeBatchNorm)]
    others = [p for p in network.parameters() if all(p is not gain for gain in gains)]
    gain_decay = config["weight_decay"] if config["gamma_weight_decay"] is None else config["gamma_weight_decay"]
    groups = [{"params": others}, *([{"params": gains, "weight_decay": gain_decay}] if gains else [])]
    optimizer = torch.optim.SGD(groups, lr=config["learning_rate"], momentum=config["momentum"],
                                weight_decay=config["weight_decay"])
    milestones = [max(1, round(fraction * epochs)) for fraction in LR_MILESTONES]
    schedule = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones, gamma=0.1)
    losses = []
    for epoch in range(epochs):
        log = fit(network, images.x_train, images.y_train, encode=encode, optimizer=optimizer, epochs=1,
                  batch_size=config["batch_size"], seed=seed * 1000 + epoch, description=f"{label} {epoch + 1}")
        losses.append(log[0].loss)
        schedule.step()
    return losses


def measure(network, images: Images, encode: Callable, seed: int, batch_size: int) -> dict[str, np.ndarray]:
    """Test accuracy after every number of steps ``1..T`` (the read-out stopped early), spikes per neuron per
    inference of every LIF layer but the read-out, and the pooled spike rate per neuron and step."""
    network.eval()
    generator = torch.Generator().manual_seed(seed)
    correct, totals, sizes, steps = 0, 0, None, None
    for batch in torch.split(torch.arange(len(images.y_test)), batch_size):
        inputs, labels = encode(images.x_test[batch], generator), images.y_test[batch]
        record = network.record(inputs)
        steps, sizes = inputs.shape[0], [layer.shape[2] for layer in record.spikes]
        totals = totals + layer_spike_totals(record.spikes)
        with torch.no_grad():
            early = [(network(inputs[:k]).argmax(dim=1) == labels).sum() for k in range(1, steps)]
        correct = correct + np.array([*map(int, early), int((record.readout.argmax(dim=1) == labels).sum())])
    samples = len(images.y_test)
    return {"accuracy_by_steps": correct / samples, "spikes_per_neuron": spikes_per_neuron(totals, sizes, samples),
            "spike_rate": np.array(spike_rate(totals, sizes, samples, steps))}


def trained_run(store: CheckpointStore, name: str, build: Callable, images: Images, encode: Callable,
                config: Mapping[str, Any], epochs: int, seed: int) -> tuple[Any, dict[str, np.ndarray]]:
    """The network ``build()`` trained with ``seed`` and its measurements (`measure`, the training losses and
    seconds, the BNTT gain profiles), from ``store`` when this run finished before."""
    torch.manual_seed(seed)
    network = build()
    stored = store.load(name)
    if stored is None:
        started = time.perf_counter()
        losses = train(network, images, encode, config, epochs, seed, name)
        seconds = time.perf_counter() - started
        results = {**measure(network, images, encode, seed, config["test_batch_size"]),
                   "train_loss": np.array(losses), "train_seconds": np.array(seconds),
                   "gamma_profiles": gamma_profiles(network)}
        state = {STATE + key: value.cpu().numpy() for key, value in network.state_dict().items()}
        store.save(name, {**results, **state})
        return network, results
    network.load_state_dict({key.removeprefix(STATE): torch.from_numpy(value)
                             for key, value in stored.items() if key.startswith(STATE)})
    network.eval()
    return network, {key: value for key, value in stored.items() if not key.startswith(STATE)}
