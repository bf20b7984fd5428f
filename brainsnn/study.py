"""The study interface: a validated configuration, presets, a run, a report and an optional search.

A study reproduces the experiments of one paper. Concrete studies live in the top-level ``studies`` package
(one module each) and subclass :class:`Study`; the library itself never imports them.
"""

from __future__ import annotations

import abc
import copy
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from brainsnn.errors import ConfigError

PRESETS = ("smoke", "quick", "paper")

#: Configuration keys every study understands.
COMMON_DEFAULTS: dict[str, Any] = {"seed": 0, "device": "cpp_standalone", "threads": 0, "data_dir": None}


class Study(abc.ABC):
    """Base class of a study.

    Subclasses set ``name``, ``paper`` (citation), ``summary`` and ``presets`` (``smoke``, ``quick`` and
    ``paper``; each a mapping of overrides of ``defaults``) and implement :meth:`check`, :meth:`run` and
    :meth:`render_report`. A study that can be searched also sets ``search_space`` (a list of
    :mod:`brainsnn.search` dimensions) and implements :meth:`evaluate`.
    """

    name: str = ""
    paper: str = ""
    summary: str = ""
    defaults: Mapping[str, Any] = {}
    presets: Mapping[str, Mapping[str, Any]] = {}
    search_space: list | None = None

    def config(self, preset: str = "quick", overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Return the validated configuration of ``preset`` with ``overrides`` applied."""
        if preset not in self.presets:
            raise ConfigError(
                f"unknown preset {preset!r} for study {self.name!r}; choose one of {', '.join(self.presets)}"
            )
        config = copy.deepcopy({**COMMON_DEFAULTS, **self.defaults})
        config.update(copy.deepcopy(dict(self.presets[preset])))
        config["preset"] = preset
        config["study"] = self.name
        for key, value in (overrides or {}).items():
            if key not in config or key in ("study", "preset"):
                raise ConfigError(
                    f"unknown parameter {key!r} for study {self.name!r}; known: {', '.join(sorted(config))}"
                )
            config[key] = value
        self.check(config)
        return config

    @abc.abstractmethod
    def check(self, config: Mapping[str, Any]) -> None:
        """Raise :class:`ConfigError` for any out-of-range or non-finite parameter."""

    @abc.abstractmethod
    def run(self, config: Mapping[str, Any], out_dir: Path) -> dict[str, Any]:
        """Run the study, save figures under ``out_dir / 'figures'`` and return the metrics."""

    @abc.abstractmethod
    def render_report(self, config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
        """Return the Markdown body of the report (figures referenced as ``figures/NAME.png``)."""

    def search_space_for(self, config: Mapping[str, Any]) -> list | None:
        """The search dimensions for ``config`` (default: the class attribute ``search_space``)."""
        return self.search_space

    def search_baseline(self, config: Mapping[str, Any]) -> dict[str, Any] | None:
        """A point evaluated first as trial 0 (e.g. the paper's configuration before optimisation), or None."""
        return None

    def evaluate(self, config: Mapping[str, Any], params: Mapping[str, Any], work_dir: Path) -> dict[str, Any]:
        """Evaluate one search point; return a dict with at least ``objective`` (minimised)."""
        raise ConfigError(f"study {self.name!r} has no search; run it with `brainsnn run {self.name}`")

    def search_notes(self, config: Mapping[str, Any], trials: list[dict[str, Any]]) -> str:
        """Markdown appended to the search report, e.g. the best points beside the paper's (default: none)."""
        return ""


def require_positive(config: Mapping[str, Any], *keys: str, allow_zero: bool = False) -> None:
    """Raise :class:`ConfigError` unless each ``config[key]`` is a finite number > 0 (>= 0 with ``allow_zero``)."""
    for key in keys:
        value = config[key]
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
            raise ConfigError(f"parameter {key!r} must be a finite number, got {value!r}")
        if value < 0 or (value == 0 and not allow_zero):
            bound = ">= 0" if allow_zero else "> 0"
            raise ConfigError(f"parameter {key!r} must be {bound}, got {value!r}")


def require_choice(config: Mapping[str, Any], key: str, choices) -> None:
    """Raise :class:`ConfigError` unless ``config[key]`` is one of ``choices``."""
    if config[key] not in choices:
        raise ConfigError(f"parameter {key!r} must be one of {', '.join(map(str, choices))}, got {config[key]!r}")
