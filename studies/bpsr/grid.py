"""Grid values as metrics keys, and their numeric order (metrics.json stores keys sorted as text)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def key(value: float) -> str:
    """A grid value as a metrics key (``1e-07``, ``0.03``, ``0``)."""
    return f"{value:g}"


def by_value(rows: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """``rows`` items in increasing numeric order of their keys."""
    return sorted(rows.items(), key=lambda item: float(item[0]))


def keys(values: Iterable[float]) -> list[str]:
    return [key(value) for value in values]
