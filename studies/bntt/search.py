"""The search objective: one BNTT MLP, trained and cut at its early exit.

    objective = 100 (1 - accuracy after T_exit steps) + w T_exit / T

so ``w = 10`` trades a tenth of the latency against one accuracy point (the notes' aim: the shortest T_exit whose
accuracy drop stays within about one point).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from brainsnn.checkpoint import CheckpointStore
from brainsnn_studies.bntt.data import grey_images, rate_code
from brainsnn_studies.bntt.early_exit import exit_steps
from brainsnn_studies.bntt.networks import mlp
from brainsnn_studies.bntt.training import trained_run


def search_objective(config: Mapping[str, Any], params: Mapping[str, Any], work_dir: Path,
                     latency_weight: float) -> dict[str, Any]:
    """Train with ``params['leak']`` and ``params['learning_rate']``, exit at relative ``params['exit_threshold']``."""
    from brainsnn.train.snn import configure_torch

    configure_torch(threads=config["threads"] or 1, seed=config["seed"])
    trial = config.replace(leak=params["leak"], learning_rate=params["learning_rate"])
    images, steps = grey_images(trial), max(trial.time_steps)
    store = CheckpointStore("bntt-search", {k: v for k, v in trial.items() if k not in ("threads", "preset")},
                            root=work_dir)
    _, result = trained_run(
        store, "search", lambda: mlp(images.x_train.shape[1], (trial.width,) * trial.depth, "bntt", steps, trial,
                                     images.n_classes),
        images, rate_code(trial.max_rate, steps), trial, trial.epochs, trial.seed)
    t_exit = exit_steps(result["gamma_profiles"], params["exit_threshold"], relative=True)
    accuracy = float(result["accuracy_by_steps"][t_exit - 1])
    return {"objective": 100 * (1 - accuracy) + latency_weight * t_exit / steps, "accuracy_at_exit": accuracy,
            "accuracy": float(result["accuracy_by_steps"][-1]), "t_exit": t_exit, "steps": steps}
