"""The Tables 2-3 grid and the Table 5 search point of Chakraborty & Mukhopadhyay (2021).

Every run trains a Diehl & Cook network with one STDP rule, c+ = SFR * c- (Table 2) and learning rate eta
(Table 3) and evaluates it with the paper's protocol (:mod:`brainsnn_studies.stdp_generalization.protocol`):
train and test accuracy, generalization error |train - test| and the BG index of the last training iteration.
The summaries average over seeds and count in how many seeds the paper's orderings (log < mult < add, P1-P2)
hold.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Mapping
from typing import Any

import numpy as np

from brainsnn.checkpoint import CheckpointStore
from brainsnn.data.datasets import Dataset, load_dataset
from brainsnn.metrics.rank_correlation import spearman_interval
from brainsnn.networks.diehl_cook import DiehlCookParameters
from brainsnn.progress import progress
from brainsnn_studies.stdp_generalization.protocol import Outcome, Protocol, train_and_evaluate

log = logging.getLogger(__name__)

#: STDP settings taken from the configuration as they are (eta and c+ come from the grid).
RULE_HYPERPARAMETERS = ("sigma", "c_minus", "tau_plus", "tau_minus", "w0", "curvature", "ltp_decay")
#: Per-run metrics averaged over seeds in the Tables 2-3 analogue.
SUMMARISED = ("bg_index", "bg_index_layer", "bg_index_synapse_median", "bg_block_drift", "zero_increment_share",
              "train_accuracy", "test_accuracy", "generalization_error")
#: Configuration entries that select runs or read their results but do not change what a run computes.
NOT_IN_A_RUN = ("threads", "preset", "rules", "sfr", "eta", "seed", "n_seeds", "bg_aggregate", "search_rule",
                "search_folds", "search_n_train")
#: Rule pairs whose ordering the paper claims (lower first).
ORDERED_PAIRS = (("log", "add"), ("log", "mult"), ("mult", "add"))


def seeds(config: Mapping[str, Any]) -> list[int]:
    """The ``n_seeds`` consecutive seeds starting at ``seed`` (``--seed``)."""
    return [int(config["seed"]) + k for k in range(int(config["n_seeds"]))]


def bg_key(config: Mapping[str, Any]) -> str:
    """Metric name of the BG estimate chosen by ``bg_aggregate`` (reported as ``bg_index``, minimised by search)."""
    return f"bg_index_{config['bg_aggregate'].replace('-', '_')}"


def stdp_settings(config: Mapping[str, Any], rule: str, sfr: float, eta: float) -> dict[str, float]:
    """The rule's constants: c+ = sfr * c-, learning rate eta, weights in [0, 1] (``dc`` keeps its own)."""
    if rule == "dc":
        return {"w_max": 1.0}
    settings = {k: float(config[k]) for k in RULE_HYPERPARAMETERS}
    settings.update(eta=float(eta), c_plus=float(sfr) * float(config["c_minus"]), w_max=1.0)
    return settings


def network_parameters(config: Mapping[str, Any], n_input: int, rule: str,
                       settings: Mapping[str, float]) -> DiehlCookParameters:
    """Diehl & Cook's network with ``n_input`` inputs, the configured protocol constants and one STDP rule."""
    return DiehlCookParameters(
        n_input=n_input, n_exc=int(config["n_exc"]), rule=rule, rule_params=dict(settings),
        present_ms=config["present_ms"], rest_ms=config["rest_ms"], dt_ms=config["dt_ms"],
        boost_hz=config["boost_hz"], max_rate_hz=config["max_rate_hz"], min_spikes=int(config["min_spikes"]),
        max_boosts=int(config["max_boosts"]), normalise=bool(config["normalise"]),
        norm_total=config["norm_total"], n_recorded_synapses=int(config["n_bg_synapses"]),
    )


def protocol(config: Mapping[str, Any], n_train: int | None = None) -> Protocol:
    """Phase sizes of one run; the iteration and the labelling pass are capped at ``n_train`` samples."""
    n_train = int(n_train or config["n_train"])
    return Protocol(
        n_train=n_train, iteration_size=min(int(config["iteration_size"]), n_train),
        probe_size=int(config["probe_size"]), n_label=min(int(config["n_label"]), n_train),
        n_test=int(config["n_test"]), chunk_size=int(config["chunk_size"]),
        slack_fraction=config["slack_fraction"],
    )


def load_images(config: Mapping[str, Any]) -> Dataset:
    """The configured dataset, upscaled to ``upsample`` pixels a side where set (split seed 0)."""
    return load_dataset(config["dataset"], config["data_dir"], upsample=config["upsample"], seed=0)


def train_grid(config: Mapping[str, Any], dataset: Dataset) -> list[dict[str, Any]]:
    """One run per (rule, SFR, eta, seed): its setting, scalar metrics, loss curve and final weights.

    Finished runs (and the chunks of unfinished ones) are checkpointed under a hash of the settings a single run
    depends on, so a grid reuses the runs of any earlier grid that shares them: e.g. one process per rule in
    parallel (``--set rules='["add"]'``, ...), then the whole grid renders from the stored runs.
    """
    store = CheckpointStore(config["study"], {k: v for k, v in config.items() if k not in NOT_IN_A_RUN})
    grid = list(itertools.product(config["rules"], config["sfr"], config["eta"], seeds(config)))
    runs = []
    for number, (rule, sfr, eta, seed) in enumerate(progress(grid, "training runs", unit="run"), start=1):
        key = f"{rule}-sfr{sfr}-eta{eta}-seed{seed}"
        stored = store.load(key)
        if stored is None:
            log.info("[%d/%d] training %s on %s", number, len(grid), key, config["device"])
            outcome = train_and_evaluate(
                network_parameters(config, dataset.x_train.shape[1], rule, stdp_settings(config, rule, sfr, eta)),
                dataset, protocol(config), device=config["device"], seed=int(seed), threads=int(config["threads"]),
                checkpoints=store, run_name=key,
            )
            stored = _outcome_arrays(outcome)
            store.save(key, stored)
        else:
            log.info("[%d/%d] %s: reusing the finished run in %s", number, len(grid), key, store.directory)
        scalars = {name: float(value) for name, value in stored.items() if np.ndim(value) == 0}
        runs.append({"rule": rule, "sfr": sfr, "eta": eta, "seed": seed, **scalars,
                     "bg_index": scalars[bg_key(config)], "loss_curve": stored["loss_curve"].tolist(),
                     "final_weights": stored["final_weights"]})
    return runs


def _outcome_arrays(outcome: Outcome) -> dict[str, Any]:
    """What a finished run stores: its scalars, loss curve and final weights."""
    return {
        "train_accuracy": outcome.train_accuracy, "test_accuracy": outcome.test_accuracy,
        "generalization_error": outcome.generalization_error, "bg_index_layer": outcome.bg_index,
        "bg_index_synapse_median": outcome.bg_index_synapse_median, "bg_block_drift": outcome.bg_block_drift,
        "zero_increment_share": outcome.zero_increment_share,
        "mean_spikes_per_sample": outcome.mean_spikes_per_sample, "repeated_fraction": outcome.repeated_fraction,
        "simulated_slots": outcome.simulated_slots, "loss_curve": outcome.loss_curve,
        "final_weights": outcome.final_weights,
    }


def tables(runs: list[dict[str, Any]], dataset: Dataset, config: Mapping[str, Any]) -> dict[str, Any]:
    """The metrics of the grid: the Tables 2-3 analogue, the orderings, every run (without weights), the dataset."""
    return {
        **settings_summary(runs, config),
        "orderings": orderings(runs, config),
        "runs": [{k: v for k, v in run.items() if k != "final_weights"} for run in runs],
        "dataset": {"name": dataset.name, "n_input": int(dataset.x_train.shape[1]),
                    "n_train_available": len(dataset.y_train), "n_test_available": len(dataset.y_test)},
    }


def settings_summary(runs: list[dict[str, Any]], config: Mapping[str, Any]) -> dict[str, Any]:
    """Means over seeds per (rule, sfr, eta); ``rules`` holds the first sfr/eta setting with per-seed values."""
    settings = []
    for rule, sfr, eta in itertools.product(config["rules"], config["sfr"], config["eta"]):
        group = [r for r in runs if (r["rule"], r["sfr"], r["eta"]) == (rule, sfr, eta)]
        entry = {"rule": rule, "sfr": sfr, "eta": eta}
        for name in SUMMARISED:
            entry[name] = float(np.mean([r[name] for r in group]))
            entry[f"{name}_per_seed"] = [r[name] for r in group]
        settings.append(entry)
    reference = {"sfr": config["sfr"][0], "eta": config["eta"][0]}
    rules = {
        s["rule"]: {k: v for k, v in s.items() if k not in ("rule", "sfr", "eta")}
        for s in settings if s["sfr"] == reference["sfr"] and s["eta"] == reference["eta"]
    }
    return {"reference_setting": reference, "rules": rules, "settings": settings}


def orderings(runs: list[dict[str, Any]], config: Mapping[str, Any]) -> dict[str, Any]:
    """Per setting: in how many seeds BG(log) < BG(add) etc.; Spearman rho of BG vs generalization error over all
    runs, with its 95 % confidence interval."""
    result: dict[str, Any] = {}
    for sfr, eta in itertools.product(config["sfr"], config["eta"]):
        for low, high in ORDERED_PAIRS:
            if low not in config["rules"] or high not in config["rules"]:
                continue
            for metric in ("bg_index_layer", "bg_index_synapse_median", "generalization_error"):
                wins = 0
                for seed in seeds(config):
                    value = {r["rule"]: r[metric] for r in runs
                             if (r["sfr"], r["eta"], r["seed"]) == (sfr, eta, seed)}
                    wins += int(value[low] < value[high])
                result[f"{metric}: {low} < {high} at sfr={sfr}, eta={eta}"] = f"{wins}/{config['n_seeds']} seeds"
    result["spearman_bg_vs_generalization_error"] = spearman_interval(
        [r["bg_index"] for r in runs], [r["generalization_error"] for r in runs]).as_dict()
    return result


def search_point(config: Mapping[str, Any], params: Mapping[str, Any]) -> dict[str, Any]:
    """Table 5 objective: the BG index of ``search_rule`` with ``params``, averaged over ``search_folds`` runs.

    The folds are runs with seeds ``seed``, ``seed + 1``, ... (different training subsets, initial weights and
    noise); accuracies and generalization error are returned beside the objective.
    """
    rule = config["search_rule"]
    settings = {**stdp_settings(config, rule, 1.0, params["eta"]), **params, "w_max": 1.0}
    dataset = load_images(config)
    outcomes = [
        train_and_evaluate(
            network_parameters(config, dataset.x_train.shape[1], rule, settings), dataset,
            protocol(config, config["search_n_train"]), device=config["device"],
            seed=int(config["seed"]) + fold, threads=int(config["threads"]),
        )
        for fold in range(int(config["search_folds"]))
    ]
    mean = {k: float(np.mean([getattr(o, k) for o in outcomes]))
            for k in ("bg_index", "bg_index_synapse_median", "bg_block_drift", "train_accuracy", "test_accuracy",
                      "generalization_error")}
    mean["bg_index_layer"] = mean.pop("bg_index")
    return {"objective": mean[bg_key(config)], **mean}
