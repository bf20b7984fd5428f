"""The study interface: a typed configuration, presets, a run, a report and an optional search.

A study reproduces the experiments of one paper. Built-in studies are the packages of ``brainsnn_studies``
(the repository's ``studies/`` folder); others register through the ``brainsnn.studies`` entry-point group
(see :mod:`brainsnn.registry`). Each subclasses :class:`Study`; the library itself never imports them.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brainsnn.config import StudyConfig
from brainsnn.errors import ConfigError


@dataclass(frozen=True)
class Preset:
    """A named scale of a study: overrides of the configuration's defaults and its measured run time.

    ``measured`` says how long the preset took where it was last run (e.g. ``"6 min 20 s on 2 cores"``);
    ``brainsnn list`` prints it.
    """

    overrides: Mapping[str, Any] = field(default_factory=dict)
    measured: str = "not measured"


class Study(abc.ABC):
    """Base class of a study.

    Subclasses set ``name``, ``paper`` (citation), ``summary``, ``Config`` (a :class:`StudyConfig` subclass)
    and ``presets`` (at least ``smoke``, ``quick`` and ``paper``) and implement :meth:`run` and
    :meth:`render_report`. A study that can be searched also sets ``search_space`` (a list of
    :mod:`brainsnn.search` dimensions) and implements :meth:`evaluate`. Keep the module that defines the
    subclass light (import experiments and plotting inside :meth:`run`), so that ``brainsnn list`` and
    ``brainsnn config`` do not load Brian2.
    """

    name: str = ""
    paper: str = ""
    summary: str = ""
    Config: type[StudyConfig] = StudyConfig
    presets: Mapping[str, Preset] = {}
    search_space: list | None = None

    def config(self, preset: str = "quick", overrides: Mapping[str, Any] | None = None) -> StudyConfig:
        """Return the validated configuration of ``preset`` with ``overrides`` applied."""
        if preset not in self.presets:
            raise ConfigError(
                f"unknown preset {preset!r} for study {self.name!r}; choose one of {', '.join(self.presets)}"
            )
        fixed = {"study": self.name, "preset": preset}
        clash = sorted(set(fixed) & set(overrides or {}))
        if clash:
            raise ConfigError(f"parameter {clash[0]!r} is set by the command line itself; drop it from --set")
        return self.Config.build({**self.presets[preset].overrides, **(overrides or {}), **fixed})

    @abc.abstractmethod
    def run(self, config: StudyConfig, out_dir: Path) -> dict[str, Any]:
        """Run the study, save figures under ``out_dir / 'figures'`` and return the metrics."""

    @abc.abstractmethod
    def render_report(self, config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
        """Return the Markdown body of the report (figures referenced as ``figures/NAME.png``).

        ``config`` is the stored ``config.json`` mapping when a report is re-rendered.
        """

    def search_space_for(self, config: StudyConfig) -> list | None:
        """The search dimensions for ``config`` (default: the class attribute ``search_space``)."""
        return self.search_space

    def search_baseline(self, config: Mapping[str, Any]) -> dict[str, Any] | None:
        """A point evaluated first as trial 0 (e.g. the paper's configuration before optimisation), or None.

        ``config`` is the stored mapping of a trial log when a search report is re-rendered: read it as
        ``config["key"]``.
        """
        return None

    def evaluate(self, config: StudyConfig, params: Mapping[str, Any], work_dir: Path) -> dict[str, Any]:
        """Evaluate one search point; return a dict with at least ``objective`` (minimised)."""
        raise ConfigError(f"study {self.name!r} has no search; run it with `brainsnn run {self.name}`")

    def search_notes(self, config: Mapping[str, Any], trials: list[dict[str, Any]]) -> str:
        """Markdown appended to the search report, e.g. the best points beside the paper's (default: none)."""
        return ""
