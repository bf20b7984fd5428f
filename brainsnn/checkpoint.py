"""Durable per-run checkpoints, so long studies can be interrupted and resumed without losing finished work.

A :class:`CheckpointStore` is a folder keyed by a hash of the configuration that determines the results
(``<build root>/checkpoints/<study>-<hash>``); rerunning the same command finds it and skips what is stored.
Each entry is written to a temporary file and renamed into place, so a kill never leaves a torn entry.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from brainsnn import __version__
from brainsnn.backend import build_root


class CheckpointStore:
    """Named numpy-array bundles stored under a folder derived from ``key``."""

    def __init__(self, study: str, key: Mapping[str, Any], root: Path | None = None):
        versioned = {"brainsnn": __version__, **key}  # a new release never reuses an older release's results
        digest = hashlib.sha256(json.dumps(versioned, sort_keys=True, default=str).encode()).hexdigest()[:16]
        self.directory = Path(root or build_root().parent / "checkpoints") / f"{study}-{digest}"

    def path(self, name: str) -> Path:
        return self.directory / f"{name}.npz"

    def load(self, name: str) -> dict[str, np.ndarray] | None:
        """The arrays saved under ``name``, or None."""
        path = self.path(name)
        if not path.exists():
            return None
        with np.load(path, allow_pickle=False) as stored:
            return {k: stored[k] for k in stored.files}

    def save(self, name: str, arrays: Mapping[str, Any]) -> None:
        """Atomically store ``arrays`` under ``name``."""
        self.directory.mkdir(parents=True, exist_ok=True)
        temporary = self.directory / f".{name}.{os.getpid()}.tmp.npz"
        np.savez(temporary, **{k: np.asarray(v) for k, v in arrays.items()})
        os.replace(temporary, self.path(name))

    def discard(self, name: str) -> None:
        self.path(name).unlink(missing_ok=True)
