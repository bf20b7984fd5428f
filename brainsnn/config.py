"""Typed, frozen study configurations and the one validator.

A study declares its configuration as a frozen dataclass derived from :class:`StudyConfig`, one
:func:`param` per key (type annotation, default, bounds or choices, a one-line doc)::

    @study_config
    class Config(StudyConfig):
        n_exc: int = param(100, "excitatory neurons", gt=0)
        rules: tuple[str, ...] = param(("add", "log"), "STDP rules to train", choices=("add", "mult", "log"))

Building a configuration coerces every value to its declared type (JSON lists become tuples, integers given
for a float become floats, ``400.0`` for an integer becomes ``400``) and checks its bounds; anything else raises
:class:`~brainsnn.errors.ConfigError` in one line naming the key, the bound and the value. Rules that tie
several keys together go in :meth:`StudyConfig.check`. A configuration reads like a mapping too
(``config["n_exc"]``, ``dict(config)``), which is how it is written to ``config.json``.

This module imports nothing heavy (no Brian2, numpy or matplotlib), so that ``brainsnn list`` and
``brainsnn config`` stay fast.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from brainsnn.errors import ConfigError

#: Brian2 devices and runtime targets a network can run on (see :mod:`brainsnn.backend`).
BACKENDS = ("numpy", "cython", "cpp_standalone", "cuda_standalone")
#: Seeds are handed to numpy and Brian2, whose generators take unsigned 32-bit integers.
SEED_LIMIT = 2**32

_BOUND_TEXT = {"ge": ">=", "gt": ">", "le": "<=", "lt": "<"}
_BOUND_TEST = {
    "ge": lambda v, b: v >= b, "gt": lambda v, b: v > b, "le": lambda v, b: v <= b, "lt": lambda v, b: v < b,
}


def param(
    default: Any,
    doc: str,
    *,
    ge: float | None = None,
    gt: float | None = None,
    le: float | None = None,
    lt: float | None = None,
    choices: Sequence[Any] | None = None,
    min_len: int = 1,
    length: int | None = None,
    unique: bool = False,
    keys: Sequence[str] | None = None,
) -> Any:
    """Declare one configuration key: its default, a one-line doc and the bounds every value must meet.

    Bounds and choices apply to each element of a ``tuple[...]`` key and to each value of a ``dict[str, ...]``
    key; ``min_len`` is the least number of elements (or names) such a key may hold (default 1: an empty list is
    almost always a mistake); ``length`` fixes a list's number of elements exactly, ``unique`` forbids repeated
    elements, and ``keys`` are the names a ``dict`` key may use.
    """
    bounds = {name: value for name, value in (("ge", ge), ("gt", gt), ("le", le), ("lt", lt)) if value is not None}
    metadata = {"doc": doc, "bounds": bounds, "choices": tuple(choices) if choices is not None else None,
                "min_len": min_len, "length": length, "unique": unique,
                "keys": tuple(keys) if keys is not None else None}
    if isinstance(default, Mapping):
        default = FrozenDict(default)
    return dataclasses.field(default=default, metadata=metadata)


class FrozenDict(dict):
    """The value of a ``dict[str, ...]`` key: a dict (JSON and pickle see one) that can be hashed like the rest
    of a frozen configuration; configurations never mutate it."""

    def __hash__(self) -> int:
        return hash(tuple(self.items()))


def study_config(cls: type) -> type:
    """Make ``cls`` a frozen, keyword-only dataclass (the decorator every study's ``Config`` carries)."""
    return dataclasses.dataclass(frozen=True, kw_only=True)(cls)


@dataclasses.dataclass(frozen=True)
class FieldInfo:
    """One key of a configuration, as ``brainsnn config`` prints it."""

    name: str
    type: str
    default: Any
    doc: str
    constraint: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class StudyConfig(Mapping):
    """The keys every study understands; subclasses (decorated with :func:`study_config`) add their own."""

    study: str = param("", "name of the study (set by the study)", min_len=0)
    preset: str = param("", "preset the configuration started from (set by the study)", min_len=0)
    seed: int = param(0, "random seed (numpy and Brian2)", ge=0, lt=SEED_LIMIT)
    device: str = param("cpp_standalone", "Brian2 device or runtime target", choices=BACKENDS)
    threads: int = param(0, "OpenMP threads for cpp_standalone (0: none, fastest on 2 cores)", ge=0, le=1024)
    data_dir: str | None = param(None, "folder with dataset files (default: $BRAINSNN_DATA)")

    def __post_init__(self) -> None:
        hints = typing.get_type_hints(type(self))
        for spec in dataclasses.fields(self):
            value = coerce(spec.name, getattr(self, spec.name), hints[spec.name], spec.metadata)
            object.__setattr__(self, spec.name, value)
        self.check()

    def check(self) -> None:
        """Rules that tie several keys together; raise :class:`ConfigError` (default: none)."""

    # -- mapping view --------------------------------------------------------------------------------------
    def __getitem__(self, key: str) -> Any:
        if key not in self._names():
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())

    @classmethod
    def _names(cls) -> tuple[str, ...]:
        return tuple(spec.name for spec in dataclasses.fields(cls))

    # -- building ------------------------------------------------------------------------------------------
    @classmethod
    def build(cls, values: Mapping[str, Any]) -> StudyConfig:
        """A validated configuration from ``values``; unknown keys raise :class:`ConfigError` naming the known."""
        unknown = sorted(set(values) - set(cls._names()))
        if unknown:
            raise ConfigError(
                f"unknown parameter {unknown[0]!r}; known: {', '.join(sorted(cls._names()))} "
                "(see `brainsnn config STUDY`)"
            )
        return cls(**values)

    def replace(self, **changes: Any) -> StudyConfig:
        """A validated copy with ``changes`` applied."""
        return self.build({**dict(self), **changes})

    @classmethod
    def describe(cls) -> list[FieldInfo]:
        """Every key with its type, default, constraint and doc."""
        hints = typing.get_type_hints(cls)
        return [
            FieldInfo(spec.name, type_name(hints[spec.name]), spec.default, spec.metadata["doc"],
                      key_constraint_text(hints[spec.name], spec.metadata))
            for spec in dataclasses.fields(cls)
        ]


def coerce(name: str, value: Any, annotation: Any, metadata: Mapping[str, Any]) -> Any:
    """``value`` converted to ``annotation`` and checked against ``metadata``'s bounds, or :class:`ConfigError`."""
    try:
        return _coerce(value, annotation, metadata)
    except _Invalid as err:
        constraint = key_constraint_text(annotation, metadata)
        wanted = type_name(annotation) + (f" ({constraint})" if constraint else "")
        detail = f"; {err.reason}" if err.reason else ""
        raise ConfigError(f"parameter {name!r} must be {wanted}, got {value!r}{detail}") from None


def _is_list(annotation: Any) -> bool:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    containers = (tuple, dict)
    return typing.get_origin(annotation) in containers or any(typing.get_origin(a) in containers for a in args)


class _Invalid(Exception):
    def __init__(self, reason: str = "") -> None:
        super().__init__(reason)
        self.reason = reason


def _coerce(value: Any, annotation: Any, metadata: Mapping[str, Any]) -> Any:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return _coerce(value, inner, metadata)
    if origin is dict:
        if not isinstance(value, Mapping) or not all(isinstance(name, str) for name in value):
            raise _Invalid()
        if len(value) < metadata.get("min_len", 1):
            raise _Invalid(f"needs at least {metadata.get('min_len', 1)} name(s)")
        unknown = sorted(set(value) - set(metadata.get("keys") or value))
        if unknown:
            raise _Invalid(f"unknown name {unknown[0]!r}")
        return FrozenDict({name: _coerce(item, args[1], metadata) for name, item in value.items()})
    if origin is tuple:
        if not isinstance(value, (list, tuple)):
            raise _Invalid()
        _check_length(value, metadata)
        items = tuple(_coerce(item, args[0], metadata) for item in value)
        if metadata.get("unique") and len(set(items)) != len(items):
            raise _Invalid("an element is repeated")
        return items
    scalar = _coerce_scalar(value, annotation)
    _check_bounds(scalar, metadata)
    return scalar


def _check_length(value: Sequence[Any], metadata: Mapping[str, Any]) -> None:
    length = metadata.get("length")
    if length is not None and len(value) != length:
        raise _Invalid(f"needs exactly {length} element(s)")
    if len(value) < metadata.get("min_len", 1):
        raise _Invalid(f"needs at least {metadata.get('min_len', 1)} element(s)")


def _coerce_scalar(value: Any, annotation: Any) -> Any:
    if annotation is bool:
        if not isinstance(value, bool):
            raise _Invalid()
        return value
    if annotation is int:
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            return int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Invalid()
        return value
    if annotation is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _Invalid()
        if not math.isfinite(value):
            raise _Invalid("not finite")
        return float(value)
    if annotation is str:
        if not isinstance(value, str):
            raise _Invalid()
        return value
    raise TypeError(f"configuration keys of type {annotation!r} are not supported")


def _check_bounds(value: Any, metadata: Mapping[str, Any]) -> None:
    choices = metadata.get("choices")
    if choices is not None and value not in choices:
        raise _Invalid()
    for bound, limit in metadata.get("bounds", {}).items():
        if not _BOUND_TEST[bound](value, limit):
            raise _Invalid()


def type_name(annotation: Any) -> str:
    """``annotation`` in words: ``an integer``, ``a list of numbers``, ``a string or null``."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in args if a is not type(None)]
        return f"{type_name(inner)} or null"
    if origin is tuple:
        return "a list of " + _plural(type_name(args[0]))
    if origin is dict:
        return "a mapping of names to " + _plural(type_name(args[1]))
    return {bool: "true or false", int: "an integer", float: "a number", str: "a string"}[annotation]


def _plural(name: str) -> str:
    words = {"an integer": "integers", "a number": "numbers", "a string": "strings", "true or false": "booleans"}
    if name in words:
        return words[name]
    return name.replace("a list of", "lists of", 1)


def constraint_text(metadata: Mapping[str, Any]) -> str:
    """The bounds and choices of a key in words (``> 0``, ``one of add, mult, log``), or ``''``."""
    parts = [f"{_BOUND_TEXT[bound]} {limit}" for bound, limit in metadata.get("bounds", {}).items()]
    if metadata.get("choices") is not None:
        parts.append("one of " + ", ".join(map(str, metadata["choices"])))
    if metadata.get("keys") is not None:
        parts.append("names from " + ", ".join(metadata["keys"]))
    return " and ".join(parts)


def key_constraint_text(annotation: Any, metadata: Mapping[str, Any]) -> str:
    """Everything a key's value must meet in words: ``> 0`` for a number, ``each > 0, exactly 2 elements, no
    repeats`` for a list."""
    constraint = constraint_text(metadata)
    if not _is_list(annotation):
        return constraint
    parts = ["each " + constraint] if constraint else []
    if metadata.get("length") is not None:
        parts.append(f"exactly {metadata['length']} elements")
    if metadata.get("unique"):
        parts.append("no repeats")
    return ", ".join(parts)


def require_positive(values: Mapping[str, Any], *keys: str, allow_zero: bool = False) -> None:
    """Raise :class:`ConfigError` unless each ``values[key]`` is a finite number > 0 (>= 0 with ``allow_zero``).

    For parameter objects of the library (networks, plasticity rules) that are not study configurations.
    """
    for key in keys:
        value = values[key]
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
            raise ConfigError(f"parameter {key!r} must be a finite number, got {value!r}")
        if value < 0 or (value == 0 and not allow_zero):
            bound = ">= 0" if allow_zero else "> 0"
            raise ConfigError(f"parameter {key!r} must be {bound}, got {value!r}")
