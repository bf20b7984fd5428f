"""The durable trial log of a search: one JSON object per line, each line on disk before the search goes on.

The first line is a header ``{"kind": "header", "study", "space", "config", "created"}``; every later line is
one finished trial ``{"kind": "trial", "trial", "params", "objective", "metrics", "seed", "duration_s",
"error", "started", "finished", "worker"}``, in the order the trials finished. Each line is written with one
``write`` and then ``flush`` + ``os.fsync``-ed, so a process killed at any moment leaves every finished trial
intact and at most a torn (unparseable) last line, which :meth:`TrialLog.read` ignores and
:meth:`TrialLog.repair` removes. An unparseable line anywhere else is corruption and raises
:class:`~brainsnn.errors.ConfigError`.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

from brainsnn.errors import ConfigError


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _encode(entry: dict[str, Any]) -> bytes:
    return json.dumps(entry, allow_nan=False, sort_keys=False).encode() + b"\n"


class TrialLog:
    """JSON-lines trial log at ``path``.

    Parameters
    ----------
    path : str or Path
        The log file (``trials.jsonl`` in a search's output folder).
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)

    def _lines(self) -> tuple[list[bytes], bool]:
        """Raw complete lines and whether a torn last line was dropped."""
        if not self.path.exists():
            return [], False
        lines = self.path.read_bytes().split(b"\n")
        complete = lines[-1] == b""
        lines = lines[:-1] if complete else lines
        if lines:
            try:
                json.loads(lines[-1])
            except ValueError:
                return lines[:-1], True
        return lines, not complete

    def read(self) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        """Return the header (``None`` for a missing or empty log) and the trial records, in file order.

        A torn last line is ignored; any other malformed line raises :class:`ConfigError`.
        """
        lines, _ = self._lines()
        entries = []
        for number, line in enumerate(lines, start=1):
            try:
                entry = json.loads(line)
            except ValueError as error:
                raise self._corrupt(number, f"not JSON ({error})") from error
            expected = "header" if number == 1 else "trial"
            if not isinstance(entry, dict) or entry.get("kind") != expected:
                raise self._corrupt(number, f"expected a {expected} entry")
            entries.append(entry)
        if not entries:
            return None, []
        header, records = entries[0], entries[1:]
        if not isinstance(header.get("study"), str) or not isinstance(header.get("space"), list):
            raise self._corrupt(1, "the header lacks 'study' or 'space'")
        seen: set[int] = set()
        for number, record in enumerate(records, start=2):
            self._check_record(number, record, seen)
        return header, records

    def _check_record(self, number: int, record: dict[str, Any], seen: set[int]) -> None:
        trial, objective = record.get("trial"), record.get("objective")
        if isinstance(trial, bool) or not isinstance(trial, int) or trial < 0:
            raise self._corrupt(number, f"trial id {trial!r} is not an integer >= 0")
        if trial in seen:
            raise self._corrupt(number, f"trial {trial} appears twice")
        seen.add(trial)
        if not isinstance(record.get("params"), dict):
            raise self._corrupt(number, "'params' is not an object")
        if objective is not None and (
            isinstance(objective, bool)
            or not isinstance(objective, (int, float))
            or not math.isfinite(objective)
        ):
            raise self._corrupt(number, f"objective {objective!r} is neither a finite number nor null")

    def _corrupt(self, number: int, what: str) -> ConfigError:
        return ConfigError(
            f"trial log {self.path} is corrupt at line {number}: {what}; "
            "repair or remove it, or choose another --out"
        )

    def create(self, header: dict[str, Any]) -> None:
        """Start a new log holding only ``header`` (replacing any file at ``path`` atomically)."""
        self._replace([_encode({"kind": "header", **header}).rstrip(b"\n")])

    def append(self, record: dict[str, Any]) -> None:
        """Append one trial ``record`` and force it to disk before returning."""
        data = _encode({"kind": "trial", **record})
        with open(self.path, "ab") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())

    def repair(self) -> bool:
        """Rewrite the log without a torn last line (other lines byte for byte); return whether it had one."""
        lines, torn = self._lines()
        if torn:
            self._replace(lines)
        return torn

    def _replace(self, lines: list[bytes]) -> None:
        temporary = self.path.with_name(self.path.name + ".tmp")
        with open(temporary, "wb") as handle:
            handle.write(b"".join(line + b"\n" for line in lines))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)
        _fsync_directory(self.path.parent)
