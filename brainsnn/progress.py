"""Progress bars with an estimate of the time left, on standard error, for every loop that takes a while.

``progress(items, "training runs")`` wraps an iterable in a tqdm bar. It is silent where brainsnn's logger
does not show INFO messages (``brainsnn -q``, or a library user who has not configured logging to INFO), so that
library calls and tests stay quiet unless asked.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

Item = TypeVar("Item")
log = logging.getLogger("brainsnn")


def enabled() -> bool:
    """Whether progress is shown: brainsnn's logger passes INFO messages."""
    return log.isEnabledFor(logging.INFO)


def progress(
    items: Iterable[Item], description: str, *, total: int | None = None, unit: str = "step"
) -> Iterator[Item]:
    """``items``, with a bar ``description: n/total [elapsed<left]`` on standard error while they are consumed."""
    return iter(tqdm(items, desc=description, total=total, unit=unit, file=sys.stderr, disable=not enabled(),
                     mininterval=1.0, dynamic_ncols=True))


def counter(description: str, *, total: int, initial: int = 0, unit: str = "step") -> tqdm:
    """A bar advanced by hand (``bar.update()``), for work that finishes out of order, e.g. search trials."""
    return tqdm(desc=description, total=total, initial=initial, unit=unit, file=sys.stderr, disable=not enabled(),
                mininterval=1.0, dynamic_ncols=True)


def brian_report() -> str | None:
    """The ``report`` argument of a long Brian2 ``run()``: Brian2's own progress text with the time left, on
    standard error (printed by the compiled binary itself in standalone mode), while progress is shown."""
    return "stderr" if enabled() else None
