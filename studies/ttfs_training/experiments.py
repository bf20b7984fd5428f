"""The experiments of the ``ttfs-training`` study in order, each timed (Stanojevic 2023, Ch. 3 and Ch. 2).

1. Fig. 3.2: spectra of the spike-time Jacobian (`spectra`).
2. Fig. 3.3: SGD trajectories of a deep ReLU net and its B = 1 and alpha = 1 SNNs (`trajectory`).
3. Tables 3.1 / 3.3: deep and shallow networks trained from scratch with Adam over seeds (`seed_tables`).
4. Fig. 3.5: the trained deep B = 1 SNN fine-tuned under constraints (`fine_tuning`).
5. Fig. 2.5: sensitivity of the Ch. 2 mappings to zeta, jitter and slope noise (`sensitivity`).
6. L1 sweep: spikes per neuron of mapped FC nets in Brian2 (`l1_sparsity`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from brainsnn.progress import counter
from brainsnn_studies.ttfs_training.data import flat_images
from brainsnn_studies.ttfs_training.fine_tuning import fine_tuning
from brainsnn_studies.ttfs_training.l1_sparsity import l1_sweep
from brainsnn_studies.ttfs_training.seed_tables import deep_from_scratch, shallow_from_scratch
from brainsnn_studies.ttfs_training.sensitivity import sensitivity
from brainsnn_studies.ttfs_training.spectra import jacobian_spectra
from brainsnn_studies.ttfs_training.trajectory import sgd_trajectory

logger = logging.getLogger(__name__)
#: Experiments timed by :func:`run_experiments` (the steps of its progress bar).
EXPERIMENTS = 7


def run_experiments(config: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The metrics of every experiment (with the seconds each took) and the Fig. 3.2 eigenvalues per slope; a bar
    over the experiments shows the time left while progress is shown."""
    data = flat_images(config)
    seconds: dict[str, float] = {}

    with counter("ttfs-training experiments", total=EXPERIMENTS, unit="experiment") as bar:

        def timed(name: str, experiment: Callable[..., Any], *args: Any) -> Any:
            logger.info("%s", name)
            started = time.perf_counter()
            result = experiment(config, *args)
            seconds[name] = time.perf_counter() - started
            bar.update()
            return result

        spectra, eigenvalues = timed("spectra", jacobian_spectra)
        metrics = {"dataset": data.summary(), "spectra": spectra,
                   "trajectory": timed("trajectory", sgd_trajectory, data)}
        metrics["table_3_1"], deep_networks = timed("table_3_1", deep_from_scratch, data)
        metrics["table_3_3"] = timed("table_3_3", shallow_from_scratch, data)
        metrics["fine_tuning"] = timed("fine_tuning", fine_tuning, data, deep_networks["linear"])
        metrics["sensitivity"] = timed("sensitivity", sensitivity, data, deep_networks["relu"])
        metrics["l1_sweep"] = timed("l1_sweep", l1_sweep, data)
    metrics["seconds"] = seconds
    return metrics, eigenvalues
