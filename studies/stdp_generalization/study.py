"""STDP generalizability of a Diehl & Cook network: BG index, generalization error and Bayesian search.

Chakraborty, B. & Mukhopadhyay, S. (2021). Characterization of Generalizability of Spike Timing Dependent
Plasticity Trained Spiking Neural Networks. Front. Neurosci. 15:695357 — Tables 2-5, Figs. 1-3 and 5-10.

For every STDP rule (add, mult, log; optionally Diehl & Cook's own ``dc``), scaling-function ratio
SFR = c+/c- (Table 2), learning rate eta (Table 3) and seed, a Diehl & Cook network is trained for one pass,
evaluated with frozen weights (train and test accuracy, generalization error |train - test|) and its BG index
measured on the weight increments of the last training iteration. ``brainsnn search stdp-generalization``
minimises the BG index over the Table 5 space with a GP and expected improvement.

Choices where the paper is silent (see docs/studies/stdp-generalization.md): Diehl & Cook's neuron and network
constants; c- fixed at Table 5's 0.45 with c+ = SFR * c-; the Table 5 "before" values for sigma, tau+, tau-,
W0, S and gamma; weights in [0, 1] with Diehl & Cook's per-neuron normalisation to a total of 78; digits
upscaled to 16x16 for the laptop presets.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np

from brainsnn.checkpoint import CheckpointStore
from brainsnn.data.datasets import load_dataset
from brainsnn.errors import ConfigError
from brainsnn.metrics import levy_ou_path, weight_kde
from brainsnn.models.stdp import RULES, rule_parameters
from brainsnn.networks.diehl_cook import DiehlCookParameters
from brainsnn.networks.diehl_cook_protocol import Outcome, Protocol, train_and_evaluate
from brainsnn.report import save_figure
from brainsnn.search import Integer, Real
from brainsnn.study import Study, require_choice, require_positive

#: Tables 2 and 3 of the paper (MNIST, 6400 neurons): setting -> rule -> (BG, generalization error, test acc).
PAPER_TABLE2 = {
    2.1: {"log": (1.352, 6.8, 89.92), "add": (1.969, 9.7, 88.17), "mult": (1.824, 8.1, 89.26)},
    1.7: {"log": (1.294, 6.2, 89.98), "add": (1.911, 9.3, 88.12), "mult": (1.797, 7.6, 89.15)},
    1.2: {"log": (1.209, 5.9, 89.79), "add": (1.875, 8.9, 88.09), "mult": (1.702, 7.0, 88.99)},
    0.9: {"log": (1.174, 5.7, 89.26), "add": (1.799, 8.6, 88.10), "mult": (1.633, 6.5, 88.87)},
}
PAPER_TABLE3 = {
    0.2: {"log": (1.312, 6.6, 89.12), "add": (1.844, 9.1, 87.69), "mult": (1.769, 7.9, 88.38)},
    0.15: {"log": (1.255, 6.1, 89.03), "add": (1.783, 8.9, 87.53), "mult": (1.648, 7.4, 88.19)},
    0.1: {"log": (1.112, 5.3, 88.35), "add": (1.698, 8.5, 87.11), "mult": (1.596, 6.8, 87.95)},
    0.05: {"log": (1.068, 5.0, 88.01), "add": (1.632, 8.2, 87.02), "mult": (1.512, 6.3, 87.82)},
}
#: Table 5: hyperparameters before / after Bayesian optimisation, and the resulting test accuracy / gen. error.
PAPER_TABLE5 = {
    "log": {"before": {"eta": 0.1, "sigma": 0.5, "curvature": 3, "ltp_decay": 45, "w0": 0.5, "c_plus": 0.5,
                       "c_minus": 0.45, "tau_plus": 15.0, "tau_minus": 30.0},
            "after": {"eta": 0.063, "sigma": 0.581, "curvature": 5, "ltp_decay": 57, "w0": 0.244, "c_plus": 0.752,
                      "c_minus": 0.788, "tau_plus": 17.0, "tau_minus": 36.0},
            "accuracy": (91.41, 90.65), "generalization_error": (5.79, 3.17)},
    "add": {"before": {"eta": 0.1, "sigma": 0.5, "c_plus": 0.5, "c_minus": 0.45, "tau_plus": 15.0, "tau_minus": 30.0},
            "after": {"eta": 0.017, "sigma": 0.632, "c_plus": 0.894, "c_minus": 0.652, "tau_plus": 18.0,
                      "tau_minus": 22.0},
            "accuracy": (88.68, 89.77), "generalization_error": (8.29, 4.61)},
}
#: Table 5 search domains (W0, c+ and c- open at 0, so their lower bounds are small positive numbers).
TABLE5_SPACE = {
    "eta": Real("eta", 0.05, 0.2), "sigma": Real("sigma", 0.1, 1.0), "curvature": Integer("curvature", 1, 10),
    "ltp_decay": Integer("ltp_decay", 10, 100), "w0": Real("w0", 0.01, 1.0), "c_plus": Real("c_plus", 0.01, 1.0),
    "c_minus": Real("c_minus", 0.01, 1.0), "tau_plus": Real("tau_plus", 10.0, 20.0),
    "tau_minus": Real("tau_minus", 20.0, 40.0),
}
RULE_HYPERPARAMETERS = ("sigma", "c_minus", "tau_plus", "tau_minus", "w0", "curvature", "ltp_decay")


def seeds(config: Mapping[str, Any]) -> list[int]:
    """The ``n_seeds`` consecutive seeds starting at ``seed`` (``--seed``)."""
    return [int(config["seed"]) + k for k in range(int(config["n_seeds"]))]


class STDPGeneralization(Study):
    name = "stdp-generalization"
    paper = "Chakraborty & Mukhopadhyay (2021), Front. Neurosci. 15:695357, Tables 2-5, Figs. 1-10"
    summary = "BG index vs generalization error of add/mult/log STDP in a Diehl & Cook network, with Bayesian search"
    defaults = {
        "dataset": "digits",
        "upsample": 16,
        "n_exc": 100,
        "rules": ["add", "mult", "log"],
        "sfr": [0.9, 2.1],
        "eta": [0.05],
        "n_seeds": 3,
        # Table 5 "before" values, used wherever the paper does not state the setting of a table.
        "c_minus": 0.45, "sigma": 0.5, "tau_plus": 15.0, "tau_minus": 30.0, "w0": 0.5, "curvature": 3.0,
        "ltp_decay": 45.0,
        "n_train": 600, "iteration_size": 150, "probe_size": 40, "n_label": 400, "n_test": 300,
        "present_ms": 350.0, "rest_ms": 0.0, "dt_ms": 0.5, "max_rate_hz": 63.75, "boost_hz": 32.0,
        "min_spikes": 5, "max_boosts": 5, "normalise": True, "norm_total": 78.0,
        "n_bg_synapses": 2000, "chunk_size": 4000, "slack_fraction": 0.1,
        "bg_aggregate": "synapse-median",
        "search_rule": "log", "search_folds": 1, "search_n_train": 300,
        "device": "cpp_standalone",
    }
    presets = {
        "smoke": {"n_exc": 10, "rules": ["add", "log"], "sfr": [2.1], "n_seeds": 1, "n_train": 20,
                  "iteration_size": 10, "probe_size": 6, "n_label": 20, "n_test": 10, "present_ms": 100.0,
                  "n_bg_synapses": 200, "search_n_train": 20, "device": "numpy"},
        "quick": {},
        "paper": {"dataset": "mnist", "upsample": None, "n_exc": 6400, "sfr": [2.1, 1.7, 1.2, 0.9],
                  "eta": [0.2, 0.15, 0.1, 0.05], "n_seeds": 1, "n_train": 60000, "iteration_size": 600,
                  "probe_size": 1000, "n_label": 60000, "n_test": 10000, "rest_ms": 150.0, "chunk_size": 1000,
                  "n_bg_synapses": 20000, "search_n_train": 6000, "device": "cuda_standalone"},
    }

    # -- configuration --------------------------------------------------------------------------------------
    def check(self, config: Mapping[str, Any]) -> None:
        unknown = [r for r in config["rules"] if r not in RULES]
        if not config["rules"] or unknown:
            raise ConfigError(f"unknown STDP rule(s) {unknown or config['rules']}; choose from {', '.join(RULES)}")
        require_choice(config, "search_rule", ("add", "log"))
        require_choice(config, "bg_aggregate", ("layer", "synapse-median"))
        for key in ("sfr", "eta"):
            if not isinstance(config[key], list) or not config[key]:
                raise ConfigError(f"{key} must be a non-empty list, e.g. --set {key}='[1]'")
        for value in config["sfr"] + config["eta"]:
            require_positive({"sfr/eta": value}, "sfr/eta")
        require_positive(config, "n_seeds", "c_minus", "tau_plus", "tau_minus", "w0", "curvature", "ltp_decay",
                         "present_ms", "dt_ms", "max_rate_hz", "norm_total", "n_exc", "n_train", "iteration_size",
                         "n_label", "n_test", "chunk_size", "slack_fraction", "search_folds", "search_n_train")
        require_positive(config, "sigma", "rest_ms", "boost_hz", "max_boosts", "probe_size", "n_bg_synapses",
                         allow_zero=True)
        for rule in config["rules"]:
            rule_parameters(rule, self._rule_params(config, rule, config["sfr"][0], config["eta"][0]))

    @staticmethod
    def _rule_params(config: Mapping[str, Any], rule: str, sfr: float, eta: float) -> dict[str, float]:
        if rule == "dc":
            return {"w_max": 1.0}
        params = {k: float(config[k]) for k in RULE_HYPERPARAMETERS}
        params.update(eta=float(eta), c_plus=float(sfr) * float(config["c_minus"]), w_max=1.0)
        return params

    def _dataset(self, config: Mapping[str, Any]):
        return load_dataset(config["dataset"], config["data_dir"], upsample=config["upsample"], seed=0)

    def _network(self, config, n_input: int, rule: str, rule_params: Mapping[str, float]) -> DiehlCookParameters:
        return DiehlCookParameters(
            n_input=n_input, n_exc=int(config["n_exc"]), rule=rule, rule_params=dict(rule_params),
            present_ms=config["present_ms"], rest_ms=config["rest_ms"], dt_ms=config["dt_ms"],
            boost_hz=config["boost_hz"], max_rate_hz=config["max_rate_hz"], min_spikes=int(config["min_spikes"]),
            max_boosts=int(config["max_boosts"]), normalise=bool(config["normalise"]),
            norm_total=config["norm_total"], n_recorded_synapses=int(config["n_bg_synapses"]),
        )

    def _protocol(self, config: Mapping[str, Any], n_train: int | None = None) -> Protocol:
        n_train = int(n_train or config["n_train"])
        return Protocol(
            n_train=n_train, iteration_size=min(int(config["iteration_size"]), n_train),
            probe_size=int(config["probe_size"]), n_label=min(int(config["n_label"]), n_train),
            n_test=int(config["n_test"]), chunk_size=int(config["chunk_size"]),
            slack_fraction=config["slack_fraction"],
        )

    # -- the experiment -------------------------------------------------------------------------------------
    def run(self, config: Mapping[str, Any], out_dir: Path) -> dict[str, Any]:
        dataset = self._dataset(config)
        store = CheckpointStore(self.name, {k: v for k, v in config.items() if k not in ("threads", "preset")})
        runs = []
        grid = list(itertools.product(config["rules"], config["sfr"], config["eta"], seeds(config)))
        for number, (rule, sfr, eta, seed) in enumerate(grid, start=1):
            key = f"{rule}-sfr{sfr}-eta{eta}-seed{seed}"
            stored = store.load(key)
            if stored is None:
                print(f"[{number}/{len(grid)}] training {key} on {config['device']}", flush=True)
                outcome = train_and_evaluate(
                    self._network(config, dataset.x_train.shape[1], rule, self._rule_params(config, rule, sfr, eta)),
                    dataset, self._protocol(config), device=config["device"], seed=int(seed),
                    threads=int(config["threads"]), checkpoints=store, run_name=key,
                )
                stored = _outcome_arrays(outcome)
                store.save(key, stored)
            else:
                print(f"[{number}/{len(grid)}] {key}: reusing the finished run in {store.directory}", flush=True)
            scalars = _scalars(stored)
            scalars["bg_index"] = scalars[_bg_key(config)]
            runs.append({"rule": rule, "sfr": sfr, "eta": eta, "seed": seed, **scalars,
                         "loss_curve": stored["loss_curve"].tolist(), "_weights": stored["final_weights"]})
        metrics = _summarise(runs, config)
        _figures(runs, config, out_dir)
        for run in runs:
            run.pop("_weights")
        metrics["runs"] = runs
        metrics["dataset"] = {"name": dataset.name, "n_input": int(dataset.x_train.shape[1]),
                              "n_train_available": len(dataset.y_train), "n_test_available": len(dataset.y_test)}
        return metrics

    # -- search ---------------------------------------------------------------------------------------------
    def search_space_for(self, config: Mapping[str, Any]) -> list:
        names = PAPER_TABLE5[config["search_rule"]]["before"]
        return [TABLE5_SPACE[name] for name in names]

    def search_baseline(self, config: Mapping[str, Any]) -> dict[str, Any]:
        return dict(PAPER_TABLE5[config["search_rule"]]["before"])

    def evaluate(self, config: Mapping[str, Any], params: Mapping[str, Any], work_dir: Path) -> dict[str, Any]:
        """BG index of one training run per fold (folds: disjoint seeds, so different training subsets)."""
        rule = config["search_rule"]
        rule_params = {**self._rule_params(config, rule, 1.0, params["eta"]), **params, "w_max": 1.0}
        dataset = self._dataset(config)
        outcomes = [
            train_and_evaluate(
                self._network(config, dataset.x_train.shape[1], rule, rule_params), dataset,
                self._protocol(config, config["search_n_train"]), device=config["device"],
                seed=int(config["seed"]) + fold, threads=int(config["threads"]),
            )
            for fold in range(int(config["search_folds"]))
        ]
        mean = {k: float(np.mean([getattr(o, k) for o in outcomes]))
                for k in ("bg_index", "bg_index_synapse_median", "train_accuracy", "test_accuracy",
                          "generalization_error")}
        mean["bg_index_layer"] = mean.pop("bg_index")
        objective = mean[_bg_key(config)]
        return {"objective": objective, **mean}

    # -- report ---------------------------------------------------------------------------------------------
    def render_report(self, config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
        from studies._stdp_generalization_report import render

        return render(config, metrics)


def _outcome_arrays(outcome: Outcome) -> dict[str, Any]:
    return {
        "train_accuracy": outcome.train_accuracy, "test_accuracy": outcome.test_accuracy,
        "generalization_error": outcome.generalization_error, "bg_index_layer": outcome.bg_index,
        "bg_index_synapse_median": outcome.bg_index_synapse_median,
        "mean_spikes_per_sample": outcome.mean_spikes_per_sample, "repeated_fraction": outcome.repeated_fraction,
        "simulated_slots": outcome.simulated_slots, "loss_curve": outcome.loss_curve,
        "final_weights": outcome.final_weights,
    }


def _scalars(stored: Mapping[str, np.ndarray]) -> dict[str, float]:
    """The scalar entries of a stored run (everything but the loss curve and the final weights)."""
    return {name: float(value) for name, value in stored.items() if np.ndim(value) == 0}


def _bg_key(config: Mapping[str, Any]) -> str:
    """Metric name of the BG estimate chosen by ``bg_aggregate`` (reported as ``bg_index``, minimised by search)."""
    return f"bg_index_{config['bg_aggregate'].replace('-', '_')}"


def _summarise(runs: list[dict[str, Any]], config: Mapping[str, Any]) -> dict[str, Any]:
    """Means over seeds per (rule, sfr, eta); ``rules`` holds the first sfr/eta setting with per-seed values."""
    names = ("bg_index", "bg_index_layer", "bg_index_synapse_median", "train_accuracy", "test_accuracy",
             "generalization_error")
    settings = []
    for rule, sfr, eta in itertools.product(config["rules"], config["sfr"], config["eta"]):
        group = [r for r in runs if (r["rule"], r["sfr"], r["eta"]) == (rule, sfr, eta)]
        entry = {"rule": rule, "sfr": sfr, "eta": eta}
        for name in names:
            entry[name] = float(np.mean([r[name] for r in group]))
            entry[f"{name}_per_seed"] = [r[name] for r in group]
        settings.append(entry)
    reference = {"sfr": config["sfr"][0], "eta": config["eta"][0]}
    rules = {
        s["rule"]: {k: v for k, v in s.items() if k not in ("rule", "sfr", "eta")}
        for s in settings if s["sfr"] == reference["sfr"] and s["eta"] == reference["eta"]
    }
    return {"reference_setting": reference, "rules": rules, "settings": settings,
            "orderings": _orderings(runs, config)}


def _orderings(runs: list[dict[str, Any]], config: Mapping[str, Any]) -> dict[str, Any]:
    """Per setting: in how many seeds BG(log) < BG(add) etc.; Spearman rho of BG vs generalization error."""
    from scipy.stats import spearmanr

    result: dict[str, Any] = {}
    pairs = [("log", "add"), ("log", "mult"), ("mult", "add")]
    for sfr, eta in itertools.product(config["sfr"], config["eta"]):
        for low, high in pairs:
            if low not in config["rules"] or high not in config["rules"]:
                continue
            for metric in ("bg_index_layer", "bg_index_synapse_median", "generalization_error"):
                wins = 0
                for seed in seeds(config):
                    value = {r["rule"]: r[metric] for r in runs
                             if (r["sfr"], r["eta"], r["seed"]) == (sfr, eta, seed)}
                    wins += int(value[low] < value[high])
                result[f"{metric}: {low} < {high} at sfr={sfr}, eta={eta}"] = f"{wins}/{config['n_seeds']} seeds"
    if len(runs) >= 3:
        rho, p_value = spearmanr([r["bg_index"] for r in runs], [r["generalization_error"] for r in runs])
        result["spearman_bg_vs_generalization_error"] = {"rho": float(rho), "p_value": float(p_value)}
    return result


def _figures(runs: list[dict[str, Any]], config: Mapping[str, Any], out_dir: Path) -> None:
    reference = (config["sfr"][0], config["eta"][0], config["seed"])
    fig, ax = plt.subplots(figsize=(5.5, 3.5))
    for run in runs:
        if (run["sfr"], run["eta"], run["seed"]) == reference:
            grid, density = weight_kde(run["_weights"], grid=np.linspace(0, 1, 400))
            ax.plot(grid, density, label=f"{run['rule']}-STDP")
    ax.set(xlabel="final input weight", ylabel="density", yscale="log", ylim=(1e-3, None),
           title="Fig. 1 analogue: weight densities")
    ax.legend()
    save_figure(fig, out_dir, "fig1_weight_density")

    fig, axes = plt.subplots(1, len(config["sfr"]), figsize=(5 * len(config["sfr"]), 3.5), squeeze=False)
    for ax, sfr in zip(axes[0], config["sfr"], strict=True):
        for rule in config["rules"]:
            curves = np.array([r["loss_curve"] for r in runs if (r["rule"], r["sfr"], r["eta"]) ==
                               (rule, sfr, config["eta"][0])])
            if curves.size:
                ax.errorbar(curves[0, :, 0], curves[:, :, 1].mean(0), yerr=curves[:, :, 1].std(0), label=rule,
                            capsize=3)
        ax.set(xlabel="training samples", ylabel="probe cross-entropy", title=f"training loss, SFR {sfr}")
        ax.legend()
    save_figure(fig, out_dir, "fig6_training_loss")

    fig, ax = plt.subplots(figsize=(5.5, 3.8))
    for rule in config["rules"]:
        points = np.array([(r["bg_index"], r["generalization_error"]) for r in runs if r["rule"] == rule])
        ax.scatter(points[:, 0], points[:, 1], label=rule)
    ax.set(xlabel=f"BG index ({config['bg_aggregate']})", ylabel="generalization error (points)",
           title="Fig. 9 analogue")
    ax.legend()
    save_figure(fig, out_dir, "fig9_bg_vs_generalization")

    fig = plt.figure(figsize=(10, 3.4))
    for column, alpha in enumerate((1.2, 1.6, 2.0)):
        path = levy_ou_path(alpha, theta=1.0, dt=0.01, steps=2000, dim=3, rng=int(config["seed"]))
        ax = fig.add_subplot(1, 3, column + 1, projection="3d")
        ax.plot(*path.T, lw=0.5)
        ax.set_title(f"Lévy-driven O-U, alpha = {alpha}")
    save_figure(fig, out_dir, "fig2_levy_ou_paths")


STUDY = STDPGeneralization()
