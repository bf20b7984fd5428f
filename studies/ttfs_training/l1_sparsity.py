"""Spikes per neuron of the mapped FC network under L1 activity regularisation (Stanojevic 2023, Table 2.1 "FC L1").

A neuron of the "< 1 spike" variant fires iff its ReLU is active (Sec. 2.4.4), so L1 activity lowers the spike
count together with the ReLU active fraction. The sweep runs the mapped networks in Brian2; the search scores one
network in closed form with the objective ``spikes + latency / latency_ref + max(0, 100 (acc_ref - acc_snn) -
0.5)``, the reference being the L1-free ReLU network.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from brainsnn.networks.ttfs_network import simulate_ttfs
from brainsnn.ttfs import ttfs_forward
from brainsnn_studies.ttfs_training.closed_form import closed_form_spikes, mapping_of
from brainsnn_studies.ttfs_training.comparison import setting
from brainsnn_studies.ttfs_training.data import FlatImages
from brainsnn_studies.ttfs_training.networks import trained_fc

#: Accuracy points the search tolerates below the ReLU reference before the penalty starts.
ACCURACY_MARGIN = 0.5


def l1_sweep(config: Mapping[str, Any], data: FlatImages) -> dict[str, Any]:
    """Per ``l1_coefficients``: Brian2 exact-event run of the "< 1 spike" variant on ``n_simulated`` test images,
    its spikes per neuron against the ReLU active fraction, and the logit error against the ReLU network."""
    n = min(config["n_simulated"] or len(data.y_test), len(data.y_test))
    x_test, y_test = data.x_test[:n], data.y_test[:n]
    rows = []
    for l1 in config["l1_coefficients"]:
        relu = trained_fc(config, data.x_train, data.y_train, l1)
        mapping = mapping_of(relu, data, config["zeta"])
        sparse = simulate_ttfs(mapping.ttfs, x_test, dt=config["dt"], sparse=True, batch_size=config["sim_batch_size"],
                               device=config["device"], threads=config["threads"])
        active = np.mean(mapping.relu.trace(x_test).activations[0] > 0)
        rows.append(setting(relu.predict(x_test), sparse.potentials.argmax(axis=1), y_test,
                            sparse.spikes_per_neuron()[0], mapping.ttfs.latency, l1_coefficient=l1,
                            relu_active_fraction=float(active),
                            max_logit_error=float(np.abs(sparse.potentials - relu.forward(x_test)).max())))
    return {"n_simulated": n, "rows": rows}


def mapped_fc(config: Mapping[str, Any], data: FlatImages, l1: float, zeta: float) -> dict[str, Any]:
    """Train the FC net with L1 activity ``l1``, map it with ``zeta``; closed-form metrics on the test set."""
    relu = trained_fc(config, data.x_train, data.y_train, l1)
    mapping = mapping_of(relu, data, zeta)
    potentials = ttfs_forward(mapping.ttfs, data.x_test).potentials
    return setting(relu.predict(data.x_test), potentials.argmax(axis=1), data.y_test,
                   closed_form_spikes(mapping, data.x_test), mapping.ttfs.latency, l1_coefficient=l1, zeta=zeta)


def search_objective(config: Mapping[str, Any], data: FlatImages, l1: float, zeta: float) -> dict[str, Any]:
    """The objective of the FC net with L1 activity ``l1`` mapped with ``zeta``, its metrics and the reference's."""
    reference = mapped_fc(config, data, 0.0, config["zeta"])
    candidate = mapped_fc(config, data, l1, zeta)
    shortfall = 100 * (reference["relu_accuracy"] - candidate["snn_accuracy"])
    objective = (candidate["spikes_per_neuron"] + candidate["latency"] / reference["latency"]
                 + max(0.0, shortfall - ACCURACY_MARGIN))
    return {"objective": objective, **candidate, "reference_relu_accuracy": reference["relu_accuracy"],
            "reference_latency": reference["latency"], "accuracy_shortfall_points": shortfall}
