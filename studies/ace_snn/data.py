"""The study's patches: the procedural stand-in scene or a real scene from its ``.mat`` files, split 40/60 per
class (Datta et al. 2022, Sec. 5.1) and optionally thinned to ``n_train`` / ``n_test`` stratified samples; a
validation split carved from the training split for the search."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import torch

from brainsnn.data.hyperspectral_scene import procedural_hyperspectral_scene, scene_patches, split_patches
from brainsnn.data.subsets import stratified_pair

STAND_IN = "stand-in"


@dataclass(frozen=True)
class Patches:
    """Train and test patches ``(n, 1, bands, p, p)`` (float32) and classes ``(n,)``."""

    x_train: torch.Tensor
    y_train: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor
    n_classes: int


def load_scene(config: Mapping[str, Any]):
    """The configured scene: the stand-in (seeded by ``seed``) or a real one read from ``data_dir``."""
    if config["dataset"] == STAND_IN:
        return procedural_hyperspectral_scene(config["scene_side"], config["scene_classes"], config["scene_bands"],
                                   seed=config["seed"])
    from brainsnn.data.hyperspectral_mat import load_hyperspectral_mat

    return load_hyperspectral_mat(config["dataset"], config["data_dir"])


def patches(config: Mapping[str, Any], split_seed: int, validation: bool = False) -> Patches:
    """The 40/60 split drawn with ``split_seed``; with ``validation`` the test part is a quarter of the training
    split instead (the search never sees the test split)."""
    scene = load_scene(config)
    x, y = scene_patches(scene, config["patch"])
    train, test = split_patches(y, config["train_fraction"], split_seed)
    if validation:
        fit, held = split_patches(y[train], 0.75, split_seed)
        train, test = train[fit], train[held]
    x_train, y_train = stratified_pair(x[train], y[train], _at_most(config["n_train"], len(train)), split_seed)
    x_test, y_test = stratified_pair(x[test], y[test], _at_most(config["n_test"], len(test)), split_seed)
    return Patches(torch.from_numpy(x_train)[:, None], torch.from_numpy(y_train), torch.from_numpy(x_test)[:, None],
                   torch.from_numpy(y_test), scene.n_classes)


def seed_range(config: Mapping[str, Any]) -> range:
    return range(config["seed"], config["seed"] + config["seeds"])


def _at_most(n: int | None, available: int) -> int | None:
    return None if n is None else min(n, available)
