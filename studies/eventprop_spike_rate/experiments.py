"""The experiments of Fontanini et al. (2024) at reduced scale, each returning its values.

* `yin_yang_losses`: Figs. 5, 8, 9-10 at one (alpha, eta): L_W (alpha and alpha = 0, the switch-off of Fig. 5),
  L, L_A, the 2-phase strategy (L_A then L) and L_A continued for phase 2 (Fig. 8b); in the same ensemble the
  sweep of Figs. 6-7 and 9-10: L_W, L, L_A and 2-phase at each (alpha, eta) of the sweep.
* `depth`: Fig. 11, network ``<N_S>`` of L_W and of the 2-phase strategy over depth.
* `images`: Figs. 12-17 on the MNIST stand-in (digits by default).
* `brian2_agreement`: a trained network in Brian2 (`brainsnn_studies.eventprop_spike_rate.brian`).
* `search_objective`: the Bayesian search's objective.

Every trained network is summarised over seeds by the median (the paper's statistic), with mean, s.d. and the
values of every seed beside it. Independent protocols run in ``config['workers']`` processes.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import numpy as np
import threadpoolctl

from brainsnn_studies.eventprop_spike_rate.brian import compare_with_brian
from brainsnn_studies.eventprop_spike_rate.data import Task, image_task, yin_yang_task
from brainsnn_studies.eventprop_spike_rate.ensemble import Member, lif_of, loss_of, run_protocol

#: Test measurements summarised over seeds.
MEASURES = ("accuracy", "ce", "n_spikes_network", "n_spikes_output", "silent_fraction", "latency_ms")


def sizes(task: Task, hidden: tuple[int, ...]) -> list[int]:
    return [task.x_train.shape[1], *hidden, task.n_classes]


def summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Median over seeds of every test measure (and of ``<N_S>`` per layer), with s.d. and per-seed values."""
    tests = [run["test"] for run in runs]
    out: dict[str, Any] = {}
    for key in MEASURES:
        values = [t[key] for t in tests]
        finite = [v for v in values if np.isfinite(v)]
        out[key] = statistics.median(finite) if finite else None
        out[f"{key}_sd"] = statistics.pstdev(finite) if len(finite) > 1 else 0.0
        out[f"{key}_values"] = values
    out["n_spikes_layers"] = np.median([t["n_spikes_layers"] for t in tests], axis=0).tolist()
    out["clipped_jumps"] = int(sum(sum(run["history"]["clipped"]) for run in runs))
    return out


def curves(runs: list[dict[str, Any]], keys: tuple[str, ...] = ("ce", "accuracy", "n_spikes_network")
           ) -> dict[str, list[float]]:
    """Median over seeds, epoch by epoch, of training-batch histories."""
    return {key: np.median([run["history"][key] for run in runs], axis=0).tolist() for key in keys}


def _two_phase(config: Mapping[str, Any], seed: int, alpha: float, eta: float, tag: str = ""
               ) -> tuple[Member, Member]:
    la = Member(f"{tag}la/{seed}", seed, loss_of(config, "la", alpha, eta))
    return la, Member(f"{tag}two_phase/{seed}", seed, loss_of(config, "l", alpha, eta), parent=la.name)


def _by_name(done: Mapping[str, Any], name: str, seeds: range) -> list[dict[str, Any]]:
    return [done[f"{name}/{seed}"] for seed in seeds]


def _sweep_tag(point: tuple[float, float]) -> str:
    return f"sweep {point[0]} {point[1]}/"


def _sweep_members(config: Mapping[str, Any], point: tuple[float, float], seeds: range
                   ) -> tuple[list[Member], list[Member]]:
    """L_W, L, L_A and 2-phase at one ``(alpha, eta)`` (L_W without eta) of the sweep (Figs. 6-7, 9-10)."""
    alpha, eta, tag = *point, _sweep_tag(point)
    phase_1, phase_2 = [], []
    for seed in seeds:
        la, two = _two_phase(config, seed, alpha, eta, tag)
        phase_1 += [Member(f"{tag}lw/{seed}", seed, loss_of(config, "lw", alpha, 0.0)),
                    Member(f"{tag}l/{seed}", seed, loss_of(config, "l", alpha, eta)), la]
        phase_2.append(two)
    return phase_1, phase_2


def yin_yang_losses(config: Mapping[str, Any], points: tuple[tuple[float, float], ...]) -> dict[str, Any]:
    """The five losses on Yin-Yang at (alpha, eta) and the sweep over ``points``, all in one ensemble; also the
    trained networks of the first seed."""
    task, seeds = yin_yang_task(config), range(config["seeds"])
    alpha, eta = config["alpha"], config["eta"]
    phase_1, phase_2 = [], []
    for seed in seeds:
        la, two = _two_phase(config, seed, alpha, eta)
        phase_1 += [Member(f"lw/{seed}", seed, loss_of(config, "lw", config["alpha_lw"], 0.0)),
                    Member(f"lw_alpha0/{seed}", seed, loss_of(config, "lw", 0.0, 0.0)),
                    Member(f"l/{seed}", seed, loss_of(config, "l", alpha, eta)), la]
        phase_2 += [two, Member(f"la_continued/{seed}", seed, loss_of(config, "la", alpha, eta), parent=la.name)]
    for point in points:
        more_1, more_2 = _sweep_members(config, point, seeds)
        phase_1, phase_2 = phase_1 + more_1, phase_2 + more_2
    done = run_protocol(config, task, sizes(task, config["hidden"]), "yin-yang", phase_1, phase_2,
                        (config["epochs"], config["epochs_phase2"]),
                        (config["learning_rate"], config["learning_rate_phase2"]))
    names = ("lw", "lw_alpha0", "l", "la", "two_phase", "la_continued")
    sweep = [{"loss": name, "alpha": point[0], "eta": point[1] if name != "lw" else None,
              **summary(_by_name(done, _sweep_tag(point) + name, seeds))}
             for point in points for name in ("lw", "l", "la", "two_phase")]
    return {"losses": {name: summary(_by_name(done, name, seeds)) for name in names},
            "curves": {name: curves(_by_name(done, name, seeds)) for name in names}, "sweep": sweep,
            "calibration": done["lw/0"]["calibration"],
            "networks": {name: done[f"{name}/0"]["weights"] for name in ("lw", "two_phase")}}


def depth(config: Mapping[str, Any], hidden: tuple[int, ...]) -> dict[str, Any]:
    """L_W and 2-phase networks with ``hidden`` layers on Yin-Yang (Fig. 11)."""
    task, seeds = yin_yang_task(config), range(config["seeds"])
    phase_1, phase_2 = [], []
    for seed in seeds:
        la, two = _two_phase(config, seed, config["alpha"], config["eta"])
        phase_1 += [Member(f"lw/{seed}", seed, loss_of(config, "lw", config["alpha_lw"], 0.0)), la]
        phase_2.append(two)
    done = run_protocol(config, task, sizes(task, hidden), "yin-yang", phase_1, phase_2,
                        (config["epochs"], config["epochs_phase2"]),
                        (config["learning_rate"], config["learning_rate_phase2"]))
    return {name: summary(_by_name(done, name, seeds)) for name in ("lw", "two_phase")}


def images(config: Mapping[str, Any]) -> dict[str, Any]:
    """L_W, L, L_A and 2-phase on the image task with the MNIST ranges of Table 2 (Figs. 12-17)."""
    task, seeds = image_task(config), range(config["seeds"])
    alpha, eta = config["image_alpha"], config["image_eta"]
    phase_1, phase_2 = [], []
    for seed in seeds:
        la, two = _two_phase(config, seed, alpha, eta)
        phase_1 += [Member(f"lw/{seed}", seed, loss_of(config, "lw", alpha, 0.0)),
                    Member(f"l/{seed}", seed, loss_of(config, "l", alpha, eta)), la]
        phase_2.append(two)
    rate = config["image_learning_rate"]
    done = run_protocol({**config, "batch_size": config["image_batch_size"]}, task,
                        sizes(task, config["image_hidden"]), "mnist", phase_1, phase_2,
                        (config["image_epochs"], config["image_epochs_phase2"]), (rate, rate))
    names = ("lw", "l", "la", "two_phase")
    return {"dataset": task.name, "n_train": len(task.y_train), "n_test": len(task.y_test),
            "losses": {name: summary(_by_name(done, name, seeds)) for name in names},
            "curves": {name: curves(_by_name(done, name, seeds), ("ce",)) for name in ("la", "two_phase")}}


def brian2_agreement(config: Mapping[str, Any], weights: list[np.ndarray]) -> dict[str, Any]:
    """The first-spike decisions of ``weights`` (a Yin-Yang network) in Brian2 against the exact simulation at
    ``brian_dt``, and the fraction of identical decisions and the samples decided differently at each of the
    ``brian_coarser`` steps."""
    task = yin_yang_task(config)
    n = min(config["brian_samples"], len(task.y_test))
    x, y = task.x_test[:n], task.y_test[:n]
    out = compare_with_brian(lif_of(config), weights, x, y, config["brian_dt"])
    coarser = {str(dt): compare_with_brian(lif_of(config), weights, x, y, dt) for dt in config["brian_coarser"]}
    out["agreement_by_dt"] = {dt: c["agreement"] for dt, c in coarser.items()}
    out["agreement_by_dt"][str(config["brian_dt"])] = out["agreement"]
    out["disagreements_by_dt"] = {dt: c["disagreements"] for dt, c in coarser.items()}
    return out


def _job(name: str, config: Mapping[str, Any], argument: Any) -> Any:
    with threadpoolctl.threadpool_limits(limits=1):
        jobs: dict[str, Callable[..., Any]] = {"losses": yin_yang_losses, "depth": depth,
                                               "images": images}
        return jobs[name](config) if argument is None else jobs[name](config, argument)


def run_all(config: Mapping[str, Any]) -> dict[str, Any]:
    """Every experiment's metrics, with the training curves the figures draw."""
    image_task(config)  # fails now, not after the Yin-Yang runs, when MNIST files are missing
    plain = dict(config)
    default = tuple(config["hidden"])
    architectures = [tuple(int(n) for n in text.split("-")) for text in config["depth_hidden"]]
    points = tuple((alpha, eta) for eta in config["sweep_etas"] for alpha in config["sweep_alphas"])
    jobs = [("losses", points), ("images", None)]
    jobs += [("depth", h) for h in sorted(architectures, key=len, reverse=True) if h != default]
    if config["workers"] > 1:
        with ProcessPoolExecutor(max_workers=config["workers"]) as pool:
            futures = [pool.submit(_job, name, plain, argument) for name, argument in jobs]
            results = [future.result() for future in futures]
    else:
        results = [_job(name, plain, argument) for name, argument in jobs]
    found = dict(zip([(name, argument) for name, argument in jobs], results, strict=True))
    main = found[("losses", points)]
    depth_metrics = {str(len(default) + 1): {name: main["losses"][name] for name in ("lw", "two_phase")}}
    depth_metrics |= {str(len(h) + 1): found[("depth", h)] for h in architectures if h != default}
    metrics = {
        "yinyang": main["losses"],
        "calibration_factors": main["calibration"],
        "depth": dict(sorted(depth_metrics.items(), key=lambda item: int(item[0]))),
        "depth_hidden": {str(len(h) + 1): list(h) for h in [default, *architectures]},
        "sweep": main["sweep"],
        "images": {key: value for key, value in found[("images", None)].items() if key != "curves"},
    }
    agreement = brian2_agreement(config, main["networks"]["two_phase"])
    metrics["brian2_agreement"] = agreement.pop("agreement")
    metrics["brian2"] = agreement
    metrics["curves"] = {"yinyang": main["curves"], "images": found[("images", None)]["curves"]}
    return metrics


def search_objective(config: Mapping[str, Any], alpha: float, eta: float) -> dict[str, Any]:
    """``(1 - acc) + kappa <N_S>`` of one 2-phase network (seed ``config['seed']``) on Yin-Yang, plus
    ``search_floor_penalty x (floor - acc)`` when the test accuracy is below the floor."""
    task, seed = yin_yang_task(config), config["seed"]
    la, two = _two_phase(config, seed, alpha, eta)
    done = run_protocol(config, task, sizes(task, config["hidden"]), "yin-yang", [la], [two],
                        (config["epochs"], config["epochs_phase2"]),
                        (config["learning_rate"], config["learning_rate_phase2"]))
    test = done[two.name]["test"]
    accuracy, spikes = test["accuracy"], test["n_spikes_network"]
    shortfall = max(0.0, config["search_accuracy_floor"] - accuracy)
    objective = (1 - accuracy) + config["search_spike_weight"] * spikes + config["search_floor_penalty"] * shortfall
    return {"objective": objective, "accuracy": accuracy, "n_spikes_network": spikes,
            "n_spikes_output": test["n_spikes_output"], "feasible": shortfall == 0.0}
