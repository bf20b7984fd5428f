"""Progress bars with an estimate of the time left, on standard error, for every loop that takes a while.

``progress(items, "training runs")`` wraps an iterable in a tqdm bar. It is silent where brainsnn's logger
does not show INFO messages (``brainsnn -q``, or a library user who has not configured logging to INFO), so that
library calls and tests stay quiet unless asked.

Local search workers (:func:`shown_in_workers`) print Brian2's own progress lines, each with the time left of its
``run()``, while the search process shows progress, but no bars: bars of several processes would overwrite each
other on one terminal.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

Item = TypeVar("Item")
log = logging.getLogger("brainsnn")
#: Environment variable that processes started inside :func:`shown_in_workers` inherit: "1" shows Brian2's lines.
WORKER_PROGRESS = "BRAINSNN_WORKER_PROGRESS"


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
    return "stderr" if enabled() or os.environ.get(WORKER_PROGRESS) == "1" else None


@contextlib.contextmanager
def shown_in_workers() -> Iterator[None]:
    """Worker processes started inside the block print Brian2's progress lines (:func:`brian_report`) exactly when
    this process shows progress."""
    previous = os.environ.get(WORKER_PROGRESS)
    os.environ[WORKER_PROGRESS] = "1" if enabled() else "0"
    try:
        yield
    finally:
        if previous is None:
            del os.environ[WORKER_PROGRESS]
        else:
            os.environ[WORKER_PROGRESS] = previous
