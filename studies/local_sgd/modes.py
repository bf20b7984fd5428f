"""The training modes compared: SGD, LoCal with each boundary rule, the freezing control and the weak-supervision
ablation (Krithivasan et al. 2022, Tables 2 and 5)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: Every mode, in report order; the first six are the issue's, the last the ablation of Table 5.
MODES = ("sgd", "static_linear", "static_quadratic", "static_exponential", "dynamic", "freezing",
         "dynamic_no_weak_supervision")


@dataclass(frozen=True)
class Mode:
    """How one mode trains: its boundary ``rule``, what the layers before the boundary do (``prefix``: ``"local"``
    Hebbian updates or ``"frozen"``) and whether weak supervision flips the local updates' sign."""

    rule: str
    prefix: str = "local"
    weak_supervision: bool = True


def mode(name: str, config: Mapping[str, Any]) -> Mode:
    """The `Mode` called ``name`` under ``config`` (its ``weak_supervision`` and ``freezing_schedule``)."""
    if name == "sgd":
        return Mode("sgd", weak_supervision=False)
    if name.startswith("static_"):
        return Mode(name.removeprefix("static_"), weak_supervision=config["weak_supervision"])
    if name == "dynamic":
        return Mode("dynamic", weak_supervision=config["weak_supervision"])
    if name == "freezing":
        return Mode(config["freezing_schedule"], prefix="frozen", weak_supervision=False)
    if name == "dynamic_no_weak_supervision":
        return Mode("dynamic", weak_supervision=False)
    raise ValueError(f"unknown mode {name!r}; choose one of {', '.join(MODES)}")
