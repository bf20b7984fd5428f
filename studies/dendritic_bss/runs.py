"""One run of the dendritic-bss network on a recovery task, and every condition of an experiment over the seeds.

A run (Dellaferrera et al. 2022, Methods): one warm-up sequence, optionally ``pre_exposure_reps`` presentations of
the sources alone (pretraining, Fig. 3C-E), ``train_reps`` training sequences (if trained), then ``test_reps`` probe
sequences [correct probes, incorrect probes] with plasticity frozen. The test responses give the paper's AUC
(PCA(2) + GMM, `probe_recognition`), the AUC of the modified inference (Supp. Fig. 2: the target's correct against
its incorrect probe only, one GMM component) and the separation of the sources' clusters in the PC plane
(`cluster_separation`). The weights recorded after every training sequence give the learning curve of Fig. 3A-B: the
s.d. of each weight over the last ``learning_window`` sequences, averaged over the recorded weights (the reference
code's measure, over snapshots every 2000 steps).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from brainsnn.data.recovery_tasks import RecoveryTask, SourcePool
from brainsnn.metrics.cluster_separation import cluster_separation
from brainsnn.metrics.probe_recognition import probe_auc, probe_scores
from brainsnn.models.two_compartment import TwoCompartmentParams
from brainsnn.progress import progress
from brainsnn_studies.dendritic_bss.network import run_bss_network
from brainsnn_studies.dendritic_bss.phases import TEST, TRAIN, WARM_UP

logger = logging.getLogger(__name__)

#: Runs of one experiment: ``{condition: [(measures, points) per seed]}``.
Runs = dict[Any, list[tuple[dict[str, float], dict[str, Any]]]]


def params(config: Mapping[str, Any], n_slots: int) -> TwoCompartmentParams:
    """Reference-code constants with the study's eta (/ n_slots, the slots of one training sequence, with
    ``eta_over_mixtures``), gamma, noise, G_max; tau_avg = one training sequence."""
    eta = config["eta"] / n_slots if config["eta_over_mixtures"] else config["eta"]
    return TwoCompartmentParams(eta=eta, gamma=config["gamma"], noise=config["noise"],
                                inhibition_max=config["inhibition_max"],
                                tau_avg_ms=n_slots * config["stimulus_ms"])


def run_schedule(task: RecoveryTask, train_reps: int, test_reps: int,
                 pre_exposure_reps: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Flattened stimuli and slot phases of one run: the training sequence once (warm-up), the tested sources alone
    ``pre_exposure_reps`` times and the training sequence ``train_reps`` times (training), then ``test_reps`` times
    [correct probes, incorrect probes] (test)."""
    n, m = len(task.mixtures), len(task.sources)
    sequence = task.mixtures.reshape(n, -1)
    probes = np.concatenate([task.correct_probes, task.incorrect_probes]).reshape(2 * m, -1)
    training = np.concatenate([np.tile(probes[:m], (pre_exposure_reps, 1)), np.tile(sequence, (train_reps, 1))])
    stimuli = np.concatenate([sequence, training, np.tile(probes, (test_reps, 1))])
    phases = np.concatenate([np.full(n, WARM_UP), np.full(len(training), TRAIN), np.full(2 * m * test_reps, TEST)])
    return stimuli, phases


def run_task(config: Mapping[str, Any], make_pool: Callable[[Mapping[str, Any], int], SourcePool],
             make_task: Callable[[SourcePool, Any, np.random.Generator], RecoveryTask], condition: Any, seed: int,
             stream: list[int], *, train: bool = True) -> tuple[dict[str, float], dict]:
    """Build ``make_task(pool, condition, rng)`` (rng seeded with ``stream``) and `recover` it."""
    task = make_task(make_pool(config, seed), condition, np.random.default_rng(stream))
    return recover(config, task, seed, train=train)


def recover(config: Mapping[str, Any], task: RecoveryTask, seed: int, *,
            train: bool) -> tuple[dict[str, float], dict]:
    """Train (if ``train``: ``pre_exposure_reps`` sequences of the tested sources alone, the pretraining of Fig. 3C-E,
    then ``train_reps`` training sequences) and test one network; the measures of
    :data:`~.summaries.MEASURES` and the PCA of the trial-averaged responses (for the cluster figures)."""
    n, m, n_outputs = len(task.mixtures), len(task.sources), config["n_outputs"]
    reps, pre_reps = (config["train_reps"], config["pre_exposure_reps"]) if train else (0, 0)
    stimuli, phases = run_schedule(task, reps, config["test_reps"], pre_reps)
    run = run_bss_network(stimuli, phases, params(config, n), n_outputs=n_outputs,
                          stimulus_ms=config["stimulus_ms"], input_rate_hz=config["input_rate_hz"],
                          device=config["device"], seed=seed, test_rate=config["test_rate"],
                          threads=config["threads"], connectivity=config["connectivity"], snapshot_slots=n)
    rates = run.rates.reshape(config["test_reps"], 2 * m, -1, n_outputs)[:, :, int(config["transient_ms"]):]
    correct, incorrect = rates[:, :m].reshape(-1, n_outputs), rates[:, m:].reshape(-1, n_outputs)
    score_correct, score_incorrect, pca = probe_scores(correct, incorrect, m, seed)
    labels = np.tile(np.repeat(np.arange(m), rates.shape[2]), config["test_reps"])
    target_auc = probe_auc(*probe_scores(rates[:, 0].reshape(-1, n_outputs), rates[:, m].reshape(-1, n_outputs), 1,
                                         seed)[:2])
    result = {**probe_auc(score_correct, score_incorrect), "auc_target": target_auc["auc_binned"],
              "auc_target_raw": target_auc["auc_raw"], **cluster_separation(pca.transform(correct), labels)}
    points = {"correct": pca.transform(rates[:, :m].mean(axis=0).reshape(-1, n_outputs)),
              "incorrect": pca.transform(rates[:, m:].mean(axis=0).reshape(-1, n_outputs)),
              "per_probe": rates.shape[2],
              "learning_curve": learning_curve(run.weight_history[1:], config["learning_window"])}
    return result, points


def learning_curve(history: np.ndarray, window: int) -> np.ndarray:
    """Mean over synapses of the s.d. of each weight over the last ``window`` snapshots (snapshot, synapse), one
    value per snapshot from the ``window``-th on (empty if there are fewer snapshots)."""
    if len(history) < window:
        return np.zeros(0)
    frames = np.lib.stride_tricks.sliding_window_view(history, window, axis=0)
    return frames.std(axis=-1).mean(axis=1)


def run_conditions(config: Mapping[str, Any], label: str, make_pool, make_task, conditions, stream, *,
                   train: bool = True) -> Runs:
    """Every condition on every seed: ``{condition: [(measures, points) per seed]}``; ``stream(seed, condition)``
    seeds each task."""
    runs: Runs = {c: [] for c in conditions}
    pairs = list(itertools.product(config["seeds"], conditions))
    for seed, condition in progress(pairs, label, total=len(pairs), unit="run"):
        result, points = run_task(config, make_pool, make_task, condition, seed, stream(seed, condition), train=train)
        runs[condition].append((result, points))
        logger.info("%s %s, seed %s, %s: %s", label, condition, seed, "trained" if train else "untrained", result)
    return runs
