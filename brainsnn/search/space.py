"""Search-space dimensions: small validated declarations that convert to scikit-optimize dimensions.

A study declares its ``search_space`` as a list of :class:`Real`, :class:`Integer` and :class:`Categorical`;
the optimizer hands back points as plain Python values (``float``, ``int``, or the declared
choice) so that they can be written to the JSON trial log unchanged.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from brainsnn.errors import ConfigError

if TYPE_CHECKING:  # scikit-optimize is imported only when a search starts (it loads scikit-learn)
    import skopt.space

PRIORS = ("uniform", "log-uniform")


def _require_name(name: Any) -> None:
    if not isinstance(name, str) or not name:
        raise ConfigError(f"a search dimension needs a non-empty string name, got {name!r}")


def _require_bounds(name: str, low: Any, high: Any, kind: type | tuple[type, ...], kind_name: str) -> None:
    for bound in (low, high):
        if isinstance(bound, bool) or not isinstance(bound, kind) or not math.isfinite(bound):
            raise ConfigError(f"search dimension {name!r}: bounds must be finite {kind_name}, got {bound!r}")
    if not low < high:
        raise ConfigError(f"search dimension {name!r}: low must be < high, got low={low!r}, high={high!r}")


@dataclass(frozen=True)
class Real:
    """A continuous parameter in ``[low, high]``, sampled uniformly or log-uniformly (then ``low > 0``)."""

    name: str
    low: float
    high: float
    prior: str = "uniform"

    def __post_init__(self) -> None:
        _require_name(self.name)
        _require_bounds(self.name, self.low, self.high, (int, float), "numbers")
        if self.prior not in PRIORS:
            raise ConfigError(
                f"search dimension {self.name!r}: prior must be one of {PRIORS}, got {self.prior!r}"
            )
        if self.prior == "log-uniform" and self.low <= 0:
            raise ConfigError(
                f"search dimension {self.name!r}: a log-uniform prior needs low > 0, got {self.low!r}"
            )

    def to_skopt(self) -> skopt.space.Real:
        """The equivalent :class:`skopt.space.Real`."""
        import skopt.space

        return skopt.space.Real(float(self.low), float(self.high), prior=self.prior, name=self.name)

    def to_python(self, value: Any) -> float:
        """``value`` (as skopt returns it) as a plain ``float``."""
        return float(value)

    def describe(self) -> dict[str, Any]:
        """JSON description, stored in the trial-log header."""
        return {
            "type": "real",
            "name": self.name,
            "low": float(self.low),
            "high": float(self.high),
            "prior": self.prior,
        }


@dataclass(frozen=True)
class Integer:
    """An integer parameter in ``[low, high]`` (both included), sampled uniformly."""

    name: str
    low: int
    high: int

    def __post_init__(self) -> None:
        _require_name(self.name)
        _require_bounds(self.name, self.low, self.high, int, "integers")

    def to_skopt(self) -> skopt.space.Integer:
        """The equivalent :class:`skopt.space.Integer`."""
        import skopt.space

        return skopt.space.Integer(self.low, self.high, name=self.name)

    def to_python(self, value: Any) -> int:
        """``value`` (as skopt returns it) as a plain ``int``."""
        return int(value)

    def describe(self) -> dict[str, Any]:
        """JSON description, stored in the trial-log header."""
        return {"type": "integer", "name": self.name, "low": self.low, "high": self.high}


@dataclass(frozen=True)
class Categorical:
    """A parameter taking one of ``choices`` (distinct strings, numbers or booleans)."""

    name: str
    choices: tuple

    def __post_init__(self) -> None:
        _require_name(self.name)
        if isinstance(self.choices, (str, bytes)) or not isinstance(self.choices, Sequence):
            raise ConfigError(f"search dimension {self.name!r}: choices must be a list, got {self.choices!r}")
        object.__setattr__(self, "choices", tuple(self.choices))
        if len(self.choices) < 2:
            raise ConfigError(
                f"search dimension {self.name!r}: needs at least two choices, got {self.choices!r}"
            )
        for choice in self.choices:
            if not isinstance(choice, (str, int, float, bool)):
                raise ConfigError(
                    f"search dimension {self.name!r}: choice {choice!r} is not a str, number or bool"
                )
        keys = [(type(c), c) for c in self.choices]
        if len(set(keys)) != len(keys):
            raise ConfigError(
                f"search dimension {self.name!r}: choices must be distinct, got {self.choices!r}"
            )

    def to_skopt(self) -> skopt.space.Categorical:
        """The equivalent :class:`skopt.space.Categorical`."""
        import skopt.space

        return skopt.space.Categorical(list(self.choices), name=self.name)

    def to_python(self, value: Any) -> str | int | float | bool:
        """The declared choice equal to ``value`` (skopt may return numpy scalars)."""
        plain = value.item() if isinstance(value, np.generic) else value
        matches = [choice for choice in self.choices if choice == plain]
        same_type = [choice for choice in matches if type(choice) is type(plain)]
        if same_type or matches:
            return (same_type or matches)[0]
        raise ConfigError(f"search dimension {self.name!r}: {value!r} is not one of {self.choices!r}")

    def describe(self) -> dict[str, Any]:
        """JSON description, stored in the trial-log header."""
        return {"type": "categorical", "name": self.name, "choices": list(self.choices)}


Dimension = Real | Integer | Categorical


def check_space(space: Any) -> list[Dimension]:
    """Return ``space`` as a list after checking it is a non-empty list of uniquely named dimensions."""
    if isinstance(space, Mapping) or not isinstance(space, Sequence) or not space:
        raise ConfigError(
            f"a search space must be a non-empty list of Real/Integer/Categorical, got {space!r}"
        )
    for dimension in space:
        if not isinstance(dimension, (Real, Integer, Categorical)):
            raise ConfigError(f"search-space entry {dimension!r} is not a Real, Integer or Categorical")
    names = [d.name for d in space]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise ConfigError(f"search-space names must be unique; repeated: {', '.join(duplicated)}")
    return list(space)


def describe_space(space: Sequence[Dimension]) -> list[dict[str, Any]]:
    """JSON description of ``space`` (compared on resume to the trial-log header)."""
    return [dimension.describe() for dimension in space]
