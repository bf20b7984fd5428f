"""Training time-to-first-spike networks so that they follow the ReLU network (Ch. 3), and their robustness (Ch. 2-3).

Stanojevic, A. (2023). Supervised learning and inference of spiking neural networks with temporal coding. PhD
thesis, EPFL — Ch. 3 (Stanojevic et al. 2024, Nat. Commun. 15:6793): Fig. 3.2, Fig. 3.3, Table 3.1, Table 3.3,
Fig. 3.5; Ch. 2: Fig. 2.5 and the L1 rows of Table 2.1.

Experiments (numpy closed form with exact spike-time gradients, `brainsnn.ttfs.spike_time_network`):

1. Fig. 3.2: eigenvalues of the spike-time Jacobian ``B^-1 W`` for ``W ~ N(0, 1/N)`` under the linearly
   mappable condition (``B = 1``) and with ``alpha = 1``.
2. Fig. 3.3: a deep FC ReLU network and its linearly mappable and ``alpha = 1`` SNNs trained with plain SGD from
   the same row-centred start on the same mini-batches; weight differences, cosine similarity, accuracy, latency.
3. Table 3.1 / 3.3: the deep network (Adam) and a shallow one (Adam, several seeds) trained as ReLU and SNNs.
4. Fig. 3.5: the trained deep SNN fine-tuned under jitter, K time steps per layer, q-bit weights and
   percentile windows (straight-through gradients, `brainsnn.ttfs.constrained_training`).
5. Fig. 2.5: Ch. 2 mappings of a shallow and the deep ReLU network evaluated in closed form for several zeta,
   spike jitter and slope heterogeneity (`brainsnn.ttfs.sensitivity`).
6. L1 sweep: FC networks trained with L1 activity, mapped, run in Brian2 (exact-event, "< 1 spike" variant).

The Bayesian search (`brainsnn search ttfs-training`) minimises spikes per neuron + latency / reference latency
over the L1 coefficient and zeta, with a penalty of 1 per accuracy point beyond 0.5 points below the ReLU net.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np

from brainsnn.data.datasets import load_dataset
from brainsnn.errors import ConfigError
from brainsnn.networks.ttfs_network import simulate_ttfs
from brainsnn.report import save_figure
from brainsnn.search import Real
from brainsnn.study import Study, require_choice, require_positive
from brainsnn.train import SGD, Adam, Sequential, fit
from brainsnn.train.layers import ActivityL1, Dense, Dropout, ReLU
from brainsnn.train.losses import softmax_cross_entropy
from brainsnn.ttfs import fuse_network, map_to_ttfs, spike_fractions, ttfs_forward
from brainsnn.ttfs.constrained_training import ConstrainedSpikeTimeNetwork, Constraints
from brainsnn.ttfs.sensitivity import perturbed_potentials
from brainsnn.ttfs.spike_time_network import (
    SpikeTimeLayer,
    SpikeTimeNetwork,
    SpikeTimeOutput,
)
from studies import _ttfs_training_report

DATASETS = ("digits", "mnist", "fashion-mnist")
DEVICES = ("numpy", "cython", "cpp_standalone")
SLOPE_NAMES = {"linear": "SNN, B = 1", "constant": "SNN, alpha = 1"}
INTEGER_KEYS = ("batch_size", "trajectory_epochs", "deep_epochs", "shallow_hidden", "shallow_epochs", "seeds",
                "spectrum_size", "fc_hidden", "fc_epochs", "fc_batch_size", "sensitivity_trials", "finetune_epochs",
                "finetune_trials", "sim_batch_size")
#: List parameters: the test each entry must pass and its description for the error message.
LIST_RULES = {
    "l1_coefficients": (lambda v: v >= 0, "numbers >= 0"),
    "sensitivity_zetas": (lambda v: v > -1, "numbers > -1 (window (1 + zeta) X^(n) > 0)"),
    "jitter_sds": (lambda v: v >= 0, "numbers >= 0"),
    "slope_sds": (lambda v: v >= 0, "numbers >= 0"),
    "finetune_jitter_sds": (lambda v: v >= 0, "numbers >= 0"),
    "finetune_time_steps": (lambda v: isinstance(v, int) and v >= 1, "integers K >= 1"),
    "finetune_weight_bits": (lambda v: isinstance(v, int) and v >= 2, "integers q >= 2"),
    "finetune_window_percentiles": (lambda v: 0 < v <= 100, "percentiles in (0, 100] (thesis: 90-100)"),
    "finetune_learning_rates": (lambda v: v > 0, "numbers > 0"),
}
#: Accuracy points the search tolerates below the ReLU reference before the penalty starts (the issue's bound).
ACCURACY_MARGIN = 0.5


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and bool(np.isfinite(value))


def row_centred_relu(sizes: list[int], rng: np.random.Generator) -> Sequential:
    """Dense ReLU net with He-normal weights minus their row mean (``sum_j w_ij = 0``, so ``B = 1`` for both SNN
    slopes at the start: the note's Sec. 8.9)."""
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        dense = Dense(n_in, n_out, rng)
        dense.params["weight"] -= dense.params["weight"].mean(axis=1, keepdims=True)
        layers += [dense, ReLU()]
    return Sequential(layers[:-1])


def dense_layers(network: Sequential) -> list[Dense]:
    return [layer for layer in network.layers if isinstance(layer, Dense)]


def spiking_twin(relu: Sequential, slope: str, x: np.ndarray, zeta: float) -> SpikeTimeNetwork:
    """`SpikeTimeNetwork.from_relu` of a dense ReLU net with data-driven windows (Eqs. 3.19-3.21)."""
    network = SpikeTimeNetwork.from_relu(fuse_network(relu, (x.shape[1],)), slope=slope)
    network.initialise_windows(x, zeta)
    return network


def setting(relu_predictions, snn_predictions, labels, spikes_per_neuron, latency, **extra) -> dict[str, Any]:
    """The per-setting metrics the issue asks for."""
    return {"relu_accuracy": float(np.mean(relu_predictions == labels)),
            "snn_accuracy": float(np.mean(snn_predictions == labels)),
            "agreement": float(np.mean(snn_predictions == relu_predictions)),
            "spikes_per_neuron": float(spikes_per_neuron), "latency": float(latency), **extra}


def spikes_before_window_end(network: SpikeTimeNetwork) -> float:
    """Hidden (neuron, sample) pairs of the latest forward pass spiking before ``t_max`` (the "< 1 spike" count)."""
    fired = [times < layer.t_max for layer, times in zip(network.hidden, network.spike_times[1:], strict=True)]
    return float(np.concatenate([f.ravel() for f in fired]).mean())


def fc_network(n_inputs: int, hidden: int, l1: float, dropout: float, rng: np.random.Generator) -> Sequential:
    """inputs-H-10 with L1 activity on the hidden layer and dropout (the thesis's "2-layer FC", Table 2.1)."""
    penalty = [ActivityL1(l1)] if l1 > 0 else []
    return Sequential([Dense(n_inputs, hidden, rng), ReLU(), *penalty, Dropout(dropout), Dense(hidden, 10, rng)])


class TTFSTraining(Study):
    name = "ttfs-training"
    paper = "Stanojevic (2023), EPFL PhD thesis, Ch. 3 (equivalent training of TTFS networks), Ch. 2 robustness"
    summary = "train TTFS SNNs along the ReLU trajectory (B = 1 vs alpha = 1), spectra, fine-tuning, sensitivity, L1"
    defaults = {
        "dataset": "digits",
        "deep_hidden": [64] * 8,
        "batch_size": 8,
        "trajectory_epochs": 30,
        "trajectory_learning_rate": 2e-3,
        "deep_epochs": 15,
        "deep_learning_rate": 1e-3,
        "shallow_hidden": 340,
        "shallow_epochs": 15,
        "shallow_learning_rate": 5e-4,
        "seeds": 3,
        "zeta": 0.5,
        "gamma": 10.0,
        "spectrum_size": 340,
        "fc_hidden": 100,
        "fc_epochs": 30,
        "fc_learning_rate": 3e-3,
        "fc_batch_size": 32,
        "dropout": 0.08,
        "l1_coefficients": [0.0, 1e-3, 3e-3, 1e-2, 3e-2],
        "sensitivity_zetas": [1.0, 0.5, 0.0, -0.25, -0.5, -0.75],
        "jitter_sds": [1e-3, 1e-2, 3e-2, 0.1, 0.3],
        "slope_sds": [1e-4, 1e-3, 1e-2, 0.1],
        "sensitivity_trials": 16,
        "finetune_jitter_sds": [0.1, 0.3, 0.5],
        "finetune_time_steps": [8, 4, 2],
        "finetune_weight_bits": [4, 3, 2],
        "finetune_window_percentiles": [95.0, 90.0, 80.0],
        "time_quantisation_percentile": 99.0,
        "finetune_epochs": 5,
        "finetune_learning_rates": [1e-3, 1e-4],
        "finetune_trials": 8,
        "n_simulated": None,
        "dt": 0.05,
        "sim_batch_size": 256,
    }
    presets = {
        "smoke": {"deep_hidden": [16] * 3, "trajectory_epochs": 2, "deep_epochs": 2, "shallow_hidden": 24,
                  "shallow_epochs": 2, "seeds": 2, "spectrum_size": 40, "fc_hidden": 20, "fc_epochs": 3,
                  "l1_coefficients": [0.0, 3e-2], "sensitivity_zetas": [0.5, -0.75], "jitter_sds": [0.1],
                  "slope_sds": [0.1], "sensitivity_trials": 2, "finetune_jitter_sds": [0.3],
                  "finetune_time_steps": [2], "finetune_weight_bits": [2], "finetune_window_percentiles": [80.0],
                  "finetune_epochs": 1, "finetune_learning_rates": [1e-3], "finetune_trials": 2, "n_simulated": 40,
                  "device": "numpy"},
        "quick": {"device": "numpy"},
        "paper": {"dataset": "mnist", "deep_hidden": [340] * 16, "trajectory_epochs": 10,
                  "trajectory_learning_rate": 5e-4, "deep_epochs": 10, "shallow_epochs": 50, "seeds": 16,
                  "fc_hidden": 600, "fc_epochs": 10, "fc_batch_size": 64, "fc_learning_rate": 1e-3,
                  "finetune_epochs": 10, "sim_batch_size": 16},
    }

    def check(self, config: Mapping[str, Any]) -> None:
        require_choice(config, "dataset", DATASETS)
        require_choice(config, "device", DEVICES)
        hidden = config["deep_hidden"]
        if not hidden or any(not (isinstance(h, int) and h > 0) for h in hidden):
            raise ConfigError(f"deep_hidden must be a non-empty list of positive layer sizes, got {hidden!r}")
        require_positive(config, "batch_size", "trajectory_epochs", "trajectory_learning_rate", "deep_epochs",
                         "deep_learning_rate", "shallow_hidden", "shallow_epochs", "shallow_learning_rate", "seeds",
                         "gamma", "spectrum_size", "fc_hidden", "fc_epochs", "fc_learning_rate", "fc_batch_size",
                         "sensitivity_trials", "finetune_epochs", "finetune_trials", "dt",
                         "sim_batch_size", "time_quantisation_percentile")
        require_positive(config, "dropout", allow_zero=True)
        if not (config["zeta"] > -1 and config["dropout"] < 1 and config["gamma"] >= 1):
            raise ConfigError("need zeta > -1, dropout < 1 and gamma >= 1 (thesis: 0.5, 0.08, 10)")
        for key in INTEGER_KEYS:
            if not isinstance(config[key], int) or isinstance(config[key], bool):
                raise ConfigError(f"parameter {key!r} must be an integer, got {config[key]!r}")
        for key, (valid, description) in LIST_RULES.items():
            values = config[key]
            if not isinstance(values, list) or not values or not all(_is_number(v) and valid(v) for v in values):
                raise ConfigError(f"{key} must be a non-empty list of {description}, got {values!r}")
        if not 0 < config["time_quantisation_percentile"] <= 100:
            raise ConfigError("time_quantisation_percentile must lie in (0, 100] (thesis: 99)")
        if config["n_simulated"] is not None:
            require_positive(config, "n_simulated")

    def run(self, config: Mapping[str, Any], out_dir: Path) -> dict[str, Any]:
        data = self._data(config)
        timings, metrics, state = {}, {"dataset": data["summary"]}, {}
        for name, experiment in (("spectra", _jacobian_spectra), ("trajectory", _trajectory),
                                 ("table_3_1", _deep_adam), ("table_3_3", _shallow_seeds),
                                 ("fine_tuning", _fine_tuning), ("sensitivity", _sensitivity), ("l1_sweep", _l1_sweep)):
            print(f"[ttfs-training] {name}", flush=True)
            started = time.perf_counter()
            metrics[name] = experiment(config, data, out_dir, state)
            timings[name] = time.perf_counter() - started
        metrics["seconds"] = timings
        return metrics

    @staticmethod
    def _data(config: Mapping[str, Any]) -> dict[str, Any]:
        data = load_dataset(config["dataset"], config["data_dir"])
        flat = {key: getattr(data, key).reshape(len(getattr(data, key)), -1) / 255.0 for key in ("x_train", "x_test")}
        return {**flat, "y_train": data.y_train, "y_test": data.y_test,
                "summary": {"name": data.name, "n_train": len(data.y_train), "n_test": len(data.y_test),
                            "n_inputs": flat["x_train"].shape[1]}}

    def render_report(self, config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
        return _ttfs_training_report.render(config, metrics)

    # -- search -------------------------------------------------------------------------------------------------
    def search_space_for(self, config: Mapping[str, Any]) -> list:
        return [Real("l1_coefficient", 1e-4, 1e-1, prior="log-uniform"), Real("zeta", -0.75, 1.0)]

    def search_baseline(self, config: Mapping[str, Any]) -> dict[str, Any]:
        return {"l1_coefficient": 1e-4, "zeta": 0.5}

    def evaluate(self, config: Mapping[str, Any], params: Mapping[str, Any], work_dir: Path) -> dict[str, Any]:
        """Objective ``spikes + latency / latency_ref + max(0, 100 (acc_ref - acc_snn) - 0.5)`` of one FC net with L1
        activity ``l1_coefficient`` mapped with ``zeta`` (closed form); the reference is the L1-free ReLU net."""
        data = self._data(config)
        reference = _mapped_fc(config, data, 0.0, config["zeta"])
        candidate = _mapped_fc(config, data, params["l1_coefficient"], params["zeta"])
        shortfall = 100 * (reference["relu_accuracy"] - candidate["snn_accuracy"])
        objective = (candidate["spikes_per_neuron"] + candidate["latency"] / reference["latency"]
                     + max(0.0, shortfall - ACCURACY_MARGIN))
        return {"objective": objective, **candidate, "reference_relu_accuracy": reference["relu_accuracy"],
                "reference_latency": reference["latency"], "accuracy_shortfall_points": shortfall}


# -- experiments ------------------------------------------------------------------------------------------------
def _jacobian_spectra(config, data, out_dir, state) -> dict[str, Any]:
    """Fig. 3.2: eigenvalues of ``B^-1 W`` (all neurons inside their windows) for ``W ~ N(0, 1/N)``."""
    size = config["spectrum_size"]
    weight = np.random.default_rng(config["seed"]).normal(0.0, 1.0 / np.sqrt(size), size=(size, size))
    layer = SpikeTimeLayer(weight, np.zeros(size))
    results, eigenvalues = {}, {}
    for slope in ("linear", "constant"):
        network = SpikeTimeNetwork([layer], SpikeTimeOutput(np.zeros((1, size)), np.zeros(1)), slope=slope)
        b = network.slopes(layer)[1]
        eigenvalues[slope] = np.linalg.eigvals(weight / b[:, None])
        radius = np.abs(eigenvalues[slope])
        results[slope] = {"spectral_radius": float(radius.max()), "fraction_outside_unit_circle":
                          float(np.mean(radius > 1)), "fraction_rows_b_not_positive": float(np.mean(b <= 0))}
    _plot_spectra(eigenvalues, out_dir)
    return {"size": size, **results}


def _train_epochwise(networks, x, labels, *, epochs, batch_size, optimizers, seed, after_epoch) -> None:
    """Train every network one epoch at a time on the same mini-batches (seed per epoch); SNNs adapt windows."""
    for epoch in range(epochs):
        for name, network in networks.items():
            after = network.adapt_windows if isinstance(network, SpikeTimeNetwork) else None
            with np.errstate(all="ignore"):  # alpha = 1 may overflow; its record then shows the divergence
                fit(network, x, labels, epochs=1, batch_size=batch_size, optimizer=optimizers[name],
                    seed=seed * 1000 + epoch, after_step=after)
        after_epoch(epoch)


def _weight_comparison(relu: Sequential, network: SpikeTimeNetwork) -> tuple[float, float]:
    """max |w_SNN - w_ReLU| over hidden layers and the cosine similarity of all hidden weights, with the SNN's
    weights reverse-mapped (``w = W / B``, Eq. 3.4)."""
    with np.errstate(all="ignore"):
        snn = [layer.weight for layer in network.to_relu().hidden]
    ann = [layer.params["weight"] for layer in dense_layers(relu)[:-1]]
    difference = max(float(np.abs(a - s).max()) for a, s in zip(ann, snn, strict=True))
    a, s = np.concatenate([w.ravel() for w in ann]), np.concatenate([w.ravel() for w in snn])
    with np.errstate(all="ignore"):
        cosine = float(a @ s / (np.linalg.norm(a) * np.linalg.norm(s)))
    return difference, cosine


def _predictions(network, x) -> np.ndarray:
    with np.errstate(all="ignore"):
        return network.predict(x)


def _trajectory(config, data, out_dir, state) -> dict[str, Any]:
    """Fig. 3.3: ReLU, B = 1 and alpha = 1 from one row-centred start, plain SGD, identical mini-batches."""
    x, labels, x_test, y_test = data["x_train"], data["y_train"], data["x_test"], data["y_test"]
    sizes = [x.shape[1], *config["deep_hidden"], 10]
    relu = row_centred_relu(sizes, np.random.default_rng(config["seed"]))
    networks = {"relu": relu, **{slope: spiking_twin(relu, slope, x, config["zeta"]) for slope in SLOPE_NAMES}}
    start_difference = max(_weight_comparison(relu, networks[slope])[0] for slope in SLOPE_NAMES)
    optimizers = {name: SGD(config["trajectory_learning_rate"]) for name in networks}
    history = {key: [] for key in ("train_accuracy", "test_accuracy", "max_weight_difference", "cosine_similarity",
                                   "latency")}

    def record(epoch: int) -> None:
        history["train_accuracy"].append({n: accuracy_of(net, x, labels) for n, net in networks.items()})
        history["test_accuracy"].append({n: accuracy_of(net, x_test, y_test) for n, net in networks.items()})
        comparisons = {slope: _weight_comparison(relu, networks[slope]) for slope in SLOPE_NAMES}
        history["max_weight_difference"].append({s: c[0] for s, c in comparisons.items()})
        history["cosine_similarity"].append({s: c[1] for s, c in comparisons.items()})
        history["latency"].append({s: networks[s].readout_time for s in SLOPE_NAMES})

    _train_epochwise(networks, x, labels, epochs=config["trajectory_epochs"], batch_size=config["batch_size"],
                     optimizers=optimizers, seed=config["seed"], after_epoch=record)
    relu_predictions = relu.predict(x_test)
    final = {}
    for slope in SLOPE_NAMES:
        network = networks[slope]
        predictions = _predictions(network, x_test)
        final[slope] = setting(relu_predictions, predictions, y_test, spikes_before_window_end(network),
                               network.readout_time, max_weight_difference=history["max_weight_difference"][-1][slope],
                               max_logit_difference=_logit_difference(relu, network, x_test))
    _plot_trajectory(history, out_dir)
    return {"sizes": sizes, "start_weight_difference": start_difference, "history": history, "final": final,
            "jacobian_spectrum_difference": _trained_spectrum_difference(relu, networks["linear"], x_test[:5])}


def accuracy_of(network, x, labels) -> float:
    return float(np.mean(_predictions(network, x) == labels))


def _logit_difference(relu: Sequential, network: SpikeTimeNetwork, x: np.ndarray) -> float:
    with np.errstate(all="ignore"):
        return float(np.abs(network.forward(x) - relu.forward(x)).max())


def _trained_spectrum_difference(relu: Sequential, network: SpikeTimeNetwork, x: np.ndarray) -> float:
    """Max distance between the sorted eigenvalues of ``dt^(n)/dt^(n-1)`` (Eq. 3.12) and of the ReLU Jacobian
    ``M w`` for the square hidden-to-hidden layers of the trained linear SNN, on a few samples."""
    network.forward(x)
    activations, worst = x, 0.0
    layers = dense_layers(relu)
    for index, layer in enumerate(layers[:-1]):
        preactivation = activations @ layer.params["weight"].T + layer.params["bias"]
        if index > 0 and layer.params["weight"].shape[0] == layer.params["weight"].shape[1]:
            for sample, jacobian in enumerate(network.time_jacobians(index)):
                relu_jacobian = (preactivation[sample] > 0)[:, None] * layer.params["weight"]
                spectra = [np.sort_complex(np.linalg.eigvals(m)) for m in (jacobian, relu_jacobian)]
                worst = max(worst, float(np.abs(spectra[0] - spectra[1]).max()))
        activations = np.maximum(preactivation, 0.0)
    return worst


def _deep_adam(config, data, out_dir, state) -> dict[str, Any]:
    """Table 3.1 analogue: the deep FC net trained from scratch with Adam as ReLU net, B = 1 SNN and alpha = 1 SNN,
    one run per seed (the thesis averages over trials: deep nets drift apart numerically under Adam)."""
    x, labels = data["x_train"], data["y_train"]
    runs = []
    for seed in range(config["seed"] + 1, config["seed"] + 1 + config["seeds"]):
        relu = row_centred_relu([x.shape[1], *config["deep_hidden"], 10], np.random.default_rng(seed))
        networks = {"relu": relu, **{slope: spiking_twin(relu, slope, x, config["zeta"]) for slope in SLOPE_NAMES}}
        optimizers = {name: Adam(config["deep_learning_rate"]) for name in networks}
        _train_epochwise(networks, x, labels, epochs=config["deep_epochs"], batch_size=config["batch_size"],
                         optimizers=optimizers, seed=seed, after_epoch=lambda epoch: None)
        runs.append(_compare_with_relu(networks, data))
        state.setdefault("deep_networks", networks)  # fine-tuning and the sensitivity sweep start from the first
    return _over_seeds(runs)


def _compare_with_relu(networks, data) -> dict[str, Any]:
    x_test, y_test = data["x_test"], data["y_test"]
    relu = networks["relu"]
    relu_predictions = relu.predict(x_test)
    return {slope: setting(relu_predictions, _predictions(networks[slope], x_test), y_test,
                           spikes_before_window_end(networks[slope]), networks[slope].readout_time,
                           max_weight_difference=_weight_comparison(relu, networks[slope])[0],
                           max_logit_difference=_logit_difference(relu, networks[slope], x_test))
            for slope in SLOPE_NAMES}


def _shallow_seeds(config, data, out_dir, state) -> dict[str, Any]:
    """Table 3.3 analogue: inputs-340-10 trained with Adam from identical starts, one run per seed."""
    x, labels = data["x_train"], data["y_train"]
    runs = []
    for seed in range(config["seed"], config["seed"] + config["seeds"]):
        relu = row_centred_relu([x.shape[1], config["shallow_hidden"], 10], np.random.default_rng(seed + 100))
        networks = {"relu": relu, **{slope: spiking_twin(relu, slope, x, config["zeta"]) for slope in SLOPE_NAMES}}
        optimizers = {name: Adam(config["shallow_learning_rate"]) for name in networks}
        _train_epochwise(networks, x, labels, epochs=config["shallow_epochs"], batch_size=config["batch_size"],
                         optimizers=optimizers, seed=seed + 100, after_epoch=lambda epoch: None)
        runs.append(_compare_with_relu(networks, data))
    return _over_seeds(runs)


def _over_seeds(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-seed settings and their mean and sd (max for the weight difference; None once a run overflowed)."""
    summary = {}
    for slope in SLOPE_NAMES:
        for key in ("relu_accuracy", "snn_accuracy", "agreement"):
            values = [run[slope][key] for run in runs]
            summary[f"{slope}_{key}"] = {"mean": float(np.mean(values)), "sd": float(np.std(values))}
        differences = [run[slope]["max_weight_difference"] for run in runs]
        summary[f"{slope}_max_weight_difference"] = float(np.max(differences))
    return {"runs": runs, "summary": summary}


def _constraint_cases(config) -> list[tuple[str, float, Constraints]]:
    percentile = config["time_quantisation_percentile"]
    return ([("jitter", sd, Constraints(jitter_sd=sd)) for sd in config["finetune_jitter_sds"]]
            + [("time steps K", k, Constraints(time_steps=k, window_percentile=percentile))
               for k in config["finetune_time_steps"]]
            + [("weight bits q", q, Constraints(weight_bits=q)) for q in config["finetune_weight_bits"]]
            + [("window percentile", p, Constraints(window_percentile=p))
               for p in config["finetune_window_percentiles"]])


def _fine_tuning(config, data, out_dir, state) -> dict[str, Any]:
    """Fig. 3.5: the trained deep B = 1 SNN under each constraint, before and after fine-tuning (STE, Adam)."""
    x, labels, x_test, y_test = data["x_train"], data["y_train"], data["x_test"], data["y_test"]
    trained = state["deep_networks"]["linear"]
    float_predictions = trained.predict(x_test)
    cases = []
    for kind, level, constraints in _constraint_cases(config):
        constrained = ConstrainedSpikeTimeNetwork(copy.deepcopy(trained), constraints, x, seed=config["seed"])
        trials = config["finetune_trials"] if constraints.jitter_sd else 1
        before = _constrained_setting(constrained, x_test, y_test, float_predictions, trials)
        constrained, kept = _fine_tune(constrained, config, x, labels, trials)
        after = _constrained_setting(constrained, x_test, y_test, float_predictions, trials)
        cases.append({"constraint": kind, "level": level, "trials": trials, "kept": kept,
                      "before": before, "after": after})
    _plot_fine_tuning(cases, float(np.mean(float_predictions == y_test)), out_dir)
    return {"float_accuracy": float(np.mean(float_predictions == y_test)), "float_latency": trained.readout_time,
            "cases": cases}


def _constrained_setting(constrained, x_test, y_test, float_predictions, trials) -> dict[str, Any]:
    """Test metrics under the constraints, averaged over ``trials`` passes; agreement with the float network."""
    settings = []
    for _ in range(trials):
        predictions = constrained.predict(x_test)
        settings.append(setting(float_predictions, predictions, y_test,
                                spikes_before_window_end(constrained.network), constrained.network.readout_time))
    return _mean_setting(settings)


def _fine_tune(constrained, config, x, labels, trials) -> tuple[ConstrainedSpikeTimeNetwork, dict[str, Any]]:
    """Adam through the constrained pass at each learning rate from the same start; keeps the (learning rate,
    epoch) with the lowest constrained training loss (epoch 0: no fine-tuning)."""
    def training_loss(network) -> float:
        return float(np.mean([softmax_cross_entropy(network.forward(x), labels)[0] for _ in range(trials)]))

    best, best_loss, kept = copy.deepcopy(constrained), training_loss(constrained), {"learning_rate": None, "epoch": 0}
    for learning_rate in config["finetune_learning_rates"]:
        network, optimizer = copy.deepcopy(constrained), Adam(learning_rate)
        for epoch in range(1, config["finetune_epochs"] + 1):
            fit(network, x, labels, epochs=1, batch_size=config["batch_size"], optimizer=optimizer,
                seed=config["seed"] + 7 + epoch)
            loss = training_loss(network)
            if loss < best_loss:
                best, best_loss, kept = copy.deepcopy(network), loss, {"learning_rate": learning_rate, "epoch": epoch}
    return best, kept


def _mean_setting(settings: list[dict[str, Any]]) -> dict[str, Any]:
    mean = {key: float(np.mean([s[key] for s in settings])) for key in settings[0]}
    mean["snn_accuracy_sd"] = float(np.std([s["snn_accuracy"] for s in settings]))
    return mean


def _sensitivity(config, data, out_dir, state) -> dict[str, Any]:
    """Fig. 2.5: Ch. 2 mappings (alpha = 1) of the L1-free FC net and of the deep ReLU net, in closed form."""
    x, x_test, y_test = data["x_train"], data["x_test"], data["y_test"]
    relus = {"fc": _trained_fc(config, data, 0.0), "deep": state["deep_networks"]["relu"]}
    rng = np.random.default_rng(config["seed"] + 11)
    results = {}
    for name, relu in relus.items():
        relu_predictions, trials = relu.predict(x_test), config["sensitivity_trials"]
        base = map_to_ttfs(relu, (x.shape[1],), (0.0, 1.0), x, zeta=config["zeta"])
        results[name] = {
            "windows": [layer.t_max - layer.t_min for layer in base.ttfs.hidden],
            "zeta": [{"zeta": zeta, **_noisy_setting(map_to_ttfs(relu, (x.shape[1],), (0.0, 1.0), x, zeta=zeta),
                                                     relu_predictions, x_test, y_test, rng, 1)}
                     for zeta in config["sensitivity_zetas"]],
            "jitter": [{"sd": sd, **_noisy_setting(base, relu_predictions, x_test, y_test, rng, trials, jitter_sd=sd)}
                       for sd in [0.0, *config["jitter_sds"]]],
            "slope": [{"sd": sd, **_noisy_setting(base, relu_predictions, x_test, y_test, rng, trials, slope_sd=sd)}
                      for sd in [0.0, *config["slope_sds"]]],
        }
    _plot_sensitivity(results, out_dir)
    return results


def _noisy_setting(mapping, relu_predictions, x_test, y_test, rng, trials, **noise) -> dict[str, Any]:
    """Closed-form test metrics of ``mapping`` under jitter / slope noise, averaged over ``trials`` draws."""
    spikes = _spikes(mapping, x_test)
    return _mean_setting([setting(relu_predictions, perturbed_potentials(mapping.ttfs, x_test, rng, **noise).argmax(
        axis=1), y_test, spikes, mapping.ttfs.latency) for _ in range(trials)])


def _spikes(mapping, x) -> float:
    """Spikes per hidden neuron of the "< 1 spike" variant (closed form), pooled over layers and samples."""
    fractions = spike_fractions(mapping.ttfs, ttfs_forward(mapping.ttfs, x))
    sizes = np.array([layer.threshold.size for layer in mapping.ttfs.hidden])
    return float(np.dot(fractions, sizes) / sizes.sum())


def _trained_fc(config, data, l1: float) -> Sequential:
    rng = np.random.default_rng(config["seed"] + 3)
    network = fc_network(data["x_train"].shape[1], config["fc_hidden"], l1, config["dropout"], rng)
    fit(network, data["x_train"], data["y_train"], epochs=config["fc_epochs"], batch_size=config["fc_batch_size"],
        optimizer=Adam(config["fc_learning_rate"]), seed=config["seed"] + 3)
    return network


def _mapped_fc(config, data, l1: float, zeta: float) -> dict[str, Any]:
    """Train the FC net with L1 activity ``l1``, map it with ``zeta``; closed-form metrics on the test set."""
    relu = _trained_fc(config, data, l1)
    mapping = map_to_ttfs(relu, (data["x_train"].shape[1],), (0.0, 1.0), data["x_train"], zeta=zeta)
    potentials = ttfs_forward(mapping.ttfs, data["x_test"]).potentials
    return setting(relu.predict(data["x_test"]), potentials.argmax(axis=1), data["y_test"],
                   _spikes(mapping, data["x_test"]), mapping.ttfs.latency, l1_coefficient=l1, zeta=zeta)


def _l1_sweep(config, data, out_dir, state) -> dict[str, Any]:
    """L1 activity sweep: Brian2 exact-event runs of the "< 1 spike" variant against the ReLU active fraction."""
    n = min(config["n_simulated"] or len(data["y_test"]), len(data["y_test"]))
    x_test, y_test = data["x_test"][:n], data["y_test"][:n]
    rows = []
    for l1 in config["l1_coefficients"]:
        relu = _trained_fc(config, data, l1)
        mapping = map_to_ttfs(relu, (x_test.shape[1],), (0.0, 1.0), data["x_train"], zeta=config["zeta"])
        sparse = simulate_ttfs(mapping.ttfs, x_test, dt=config["dt"], sparse=True, batch_size=config["sim_batch_size"],
                               device=config["device"], threads=config["threads"])
        active = np.mean(mapping.relu.trace(x_test).activations[0] > 0)
        rows.append(setting(relu.predict(x_test), sparse.potentials.argmax(axis=1), y_test,
                            sparse.spikes_per_neuron()[0], mapping.ttfs.latency, l1_coefficient=l1,
                            relu_active_fraction=float(active),
                            max_logit_error=float(np.abs(sparse.potentials - relu.forward(x_test)).max())))
    _plot_l1(rows, out_dir)
    return {"n_simulated": n, "rows": rows}


# -- figures ----------------------------------------------------------------------------------------------------
def _plot_spectra(eigenvalues, out_dir) -> None:
    fig, axes = plt.subplots(1, 2, figsize=(8, 4))
    circle = np.exp(1j * np.linspace(0, 2 * np.pi, 200))
    for ax, (slope, values) in zip(axes, eigenvalues.items(), strict=True):
        ax.plot(values.real, values.imag, ".", ms=3)
        ax.plot(circle.real, circle.imag, "k-", lw=0.8)
        limit = max(1.5, min(np.abs(values).max(), 20) * 1.05)
        ax.set(xlim=(-limit, limit), ylim=(-limit, limit), aspect="equal", title=SLOPE_NAMES[slope],
               xlabel="Re lambda", ylabel="Im lambda")
    save_figure(fig, out_dir, "jacobian_spectra")


def _plot_trajectory(history, out_dir) -> None:
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.6))
    epochs = np.arange(1, len(history["train_accuracy"]) + 1)
    for name, label in {"relu": "ReLU", **SLOPE_NAMES}.items():
        axes[0].plot(epochs, [h[name] for h in history["train_accuracy"]], "o-" if name == "relu" else ".--",
                     label=label)
    axes[0].set(xlabel="epoch", ylabel="training accuracy", title="SGD trajectories")
    for slope, label in SLOPE_NAMES.items():
        axes[1].plot(epochs, [np.nan if h[slope] is None else h[slope] for h in history["cosine_similarity"]], ".-",
                     label=label)
        latency = np.array([h[slope] for h in history["latency"]], dtype=float)
        axes[2].semilogy(epochs, np.where(np.isfinite(latency), latency, np.nan), ".-", label=label)
    axes[1].set(xlabel="epoch", ylabel="cos(w_ReLU, W / B)", title="weight similarity", ylim=(-1.05, 1.05))
    axes[2].set(xlabel="epoch", ylabel="t_max^(N) (tau_c)", title="latency")
    for ax in axes:
        ax.legend(fontsize=7)
    save_figure(fig, out_dir, "trajectory")


def _plot_fine_tuning(cases, float_accuracy, out_dir) -> None:
    kinds = list(dict.fromkeys(case["constraint"] for case in cases))
    fig, axes = plt.subplots(1, len(kinds), figsize=(3.3 * len(kinds), 3.3), squeeze=False)
    for ax, kind in zip(axes[0], kinds, strict=True):
        chosen = [case for case in cases if case["constraint"] == kind]
        labels = [f"{case['level']:g}" for case in chosen]
        positions = np.arange(len(chosen))
        ax.bar(positions - 0.2, [c["before"]["snn_accuracy"] for c in chosen], 0.4, label="before")
        ax.bar(positions + 0.2, [c["after"]["snn_accuracy"] for c in chosen], 0.4, label="after fine-tuning")
        ax.axhline(float_accuracy, color="k", lw=0.8, ls="--", label="no constraint")
        ax.set(xticks=positions, xticklabels=labels, xlabel=kind, ylabel="test accuracy", ylim=(0, 1))
    axes[0][0].legend(fontsize=7, loc="lower left")
    save_figure(fig, out_dir, "fine_tuning")


def _plot_sensitivity(results, out_dir) -> None:
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.5))
    for name, result in results.items():
        axes[0].plot([r["zeta"] for r in result["zeta"]], [r["snn_accuracy"] for r in result["zeta"]], "o-",
                     label=name)
        for ax, key in ((axes[1], "jitter"), (axes[2], "slope")):
            rows = result[key][1:]
            ax.errorbar([r["sd"] for r in rows], [r["snn_accuracy"] for r in rows],
                        yerr=[r["snn_accuracy_sd"] for r in rows], fmt="o-", label=name, capsize=2)
            ax.axhline(result[key][0]["snn_accuracy"], lw=0.6, ls=":", color="k")
    axes[0].set(xlabel="zeta", ylabel="SNN test accuracy", title="window margin zeta")
    axes[1].set(xscale="log", xlabel="jitter SD (tau_c)", title="spike-time jitter")
    axes[2].set(xscale="log", xlabel="slope SD", title="slope heterogeneity alpha + Y")
    for ax in axes:
        ax.legend(fontsize=7)
    save_figure(fig, out_dir, "sensitivity")


def _plot_l1(rows, out_dir) -> None:
    fig, ax = plt.subplots(figsize=(5, 3.6))
    l1 = [max(r["l1_coefficient"], 1e-4) for r in rows]
    ax.semilogx(l1, [r["spikes_per_neuron"] for r in rows], "o-", label="spikes per neuron (Brian2)")
    ax.semilogx(l1, [r["relu_active_fraction"] for r in rows], "x--", label="ReLU active fraction")
    ax.semilogx(l1, [r["snn_accuracy"] for r in rows], "s:", label="SNN accuracy")
    ax.set(xlabel="L1 coefficient (0 drawn at 1e-4)", title="L1 activity regularisation")
    ax.legend(fontsize=7)
    save_figure(fig, out_dir, "l1_sweep")


STUDY = TTFSTraining()
