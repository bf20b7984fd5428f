"""Fig. 2.5 of Stanojevic (2023): the Ch. 2 mapping (alpha = 1, delta = 0.01, B_low = 10) of a shallow FC and of
the deep ReLU network under a window margin zeta, spike-time jitter and slope heterogeneity ``alpha_i + Y_i``,
evaluated in closed form (`brainsnn.ttfs.sensitivity`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from brainsnn.train import Sequential
from brainsnn.ttfs import ExactMapping
from brainsnn.ttfs.sensitivity import perturbed_potentials
from brainsnn_studies.ttfs_training.closed_form import closed_form_spikes, mapping_of
from brainsnn_studies.ttfs_training.comparison import mean_setting, setting
from brainsnn_studies.ttfs_training.data import FlatImages
from brainsnn_studies.ttfs_training.networks import trained_fc


def sensitivity(config: Mapping[str, Any], data: FlatImages, deep_relu: Sequential) -> dict[str, Any]:
    """Per network (``fc``: the L1-free FC net, ``deep``: the Table 3.1 ReLU net): layer windows and test
    settings over ``sensitivity_zetas``, ``jitter_sds`` and ``slope_sds`` (SD 0 first: the noise-free mapping)."""
    relus = {"fc": trained_fc(config, data.x_train, data.y_train, 0.0), "deep": deep_relu}
    rng = np.random.default_rng(config["seed"] + 11)
    return {name: network_sensitivity(config, data, relu, rng) for name, relu in relus.items()}


def network_sensitivity(config: Mapping[str, Any], data: FlatImages, relu: Sequential,
                        rng: np.random.Generator) -> dict[str, Any]:
    """The layer windows at ``zeta`` and one row per zeta, jitter SD and slope SD for the mapping of ``relu``."""
    relu_predictions, trials = relu.predict(data.x_test), config["sensitivity_trials"]

    def noisy(mapping: ExactMapping, trials: int, **noise: float) -> dict[str, Any]:
        return noisy_setting(mapping, relu_predictions, data, rng, trials, **noise)

    base = mapping_of(relu, data, config["zeta"])
    return {
        "windows": [layer.t_max - layer.t_min for layer in base.ttfs.hidden],
        "zeta": [{"zeta": zeta, **noisy(mapping_of(relu, data, zeta), 1)}
                 for zeta in config["sensitivity_zetas"]],
        "jitter": [{"sd": sd, **noisy(base, trials, jitter_sd=sd)} for sd in [0.0, *config["jitter_sds"]]],
        "slope": [{"sd": sd, **noisy(base, trials, slope_sd=sd)} for sd in [0.0, *config["slope_sds"]]],
    }


def noisy_setting(mapping: ExactMapping, relu_predictions: np.ndarray, data: FlatImages, rng: np.random.Generator,
                  trials: int, **noise: float) -> dict[str, Any]:
    """Closed-form test metrics of ``mapping`` under jitter / slope noise, averaged over ``trials`` draws."""
    spikes = closed_form_spikes(mapping, data.x_test)
    return mean_setting([
        setting(relu_predictions, perturbed_potentials(mapping.ttfs, data.x_test, rng, **noise).argmax(axis=1),
                data.y_test, spikes, mapping.ttfs.latency)
        for _ in range(trials)])

