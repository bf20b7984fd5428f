"""Which Brian2 device actually ran a run's networks, and why it differs from the one requested.

:func:`brainsnn.backend.use_backend` may run a network elsewhere than asked (``cython`` or ``cpp_standalone``
fall back to ``numpy`` without a working C++ compiler). It notes every device it selects with
:func:`note_device`; a caller that records provenance (:func:`brainsnn.report.write_run`) collects the notes of
everything run inside ``with recording_devices() as devices:`` and stores them beside the configuration, so
``config.json`` and the report name the device that ran, not only the one requested.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class DeviceUse:
    """One device selection: ``requested`` by the configuration, ``used`` in fact, and the ``reason`` they differ
    (None when they are the same)."""

    requested: str
    used: str
    reason: str | None = None


_recorders: list[list[DeviceUse]] = []


def note_device(requested: str, used: str, reason: str | None = None) -> None:
    """Tell every active :func:`recording_devices` block that a network is built for ``used``."""
    use = DeviceUse(requested, used, reason)
    for recorder in _recorders:
        if use not in recorder:
            recorder.append(use)


@contextlib.contextmanager
def recording_devices() -> Iterator[list[DeviceUse]]:
    """Collect the distinct device selections made inside the block, in the order of their first use."""
    recorder: list[DeviceUse] = []
    _recorders.append(recorder)
    try:
        yield recorder
    finally:
        _recorders.remove(recorder)


def describe_devices(devices: list[dict] | None, requested: str | None) -> str:
    """The device clause of a report header, from the ``devices`` entry of ``config.json``.

    ``devices`` is None for results written before devices were recorded (the requested device is shown), and
    empty when the run built no Brian2 network.
    """
    if devices is None:
        return f"device `{requested}`"
    if not devices:
        return "no Brian2 network run by this command"
    parts = []
    for use in devices:
        text = f"`{use['used']}`"
        if use["used"] != use["requested"]:
            text += f" instead of the requested `{use['requested']}` ({use['reason']})"
        parts.append(text)
    return ("device " if len(parts) == 1 else "devices ") + ", ".join(parts)
