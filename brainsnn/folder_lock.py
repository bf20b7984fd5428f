"""One writer per results folder: an advisory lock held for a whole ``brainsnn run`` or ``brainsnn search``.

Two commands writing one folder at once would interleave a trial log (every trial id twice) or silently replace
each other's report. The writer holds ``fcntl.flock(LOCK_EX)`` on the lock file ``.<name>.lock`` beside the
results folder ``<name>`` (beside it, not inside: a run publishes its folder by renaming a finished staging folder
into place) and writes its pid, host and command into the file. A second writer finds the lock taken and stops
with a :class:`~brainsnn.errors.ConfigError` naming the holder before it writes anything.

The operating system releases a ``flock`` when its holder exits, however it exits, so a lock file left behind by
a killed process is not held and the next writer simply takes it over. A writer that finishes removes the file;
a writer that opened it just before checks that the file it locked is still the one at the path, and otherwise
locks the new one.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
from collections.abc import Iterator
from pathlib import Path

from brainsnn.errors import ConfigError


def lock_path(out_dir: str | os.PathLike) -> Path:
    """The lock file of the results folder ``out_dir``: ``.<name>.lock`` in its parent folder."""
    folder = Path(out_dir).resolve()
    return folder.parent / f".{folder.name}.lock"


@contextlib.contextmanager
def hold_results_folder(out_dir: str | os.PathLike, command: str) -> Iterator[Path]:
    """Be the only writer of ``out_dir`` inside the ``with`` block; yield the lock file's path.

    Creates the parent folder of ``out_dir`` where needed, but not ``out_dir`` itself.

    Parameters
    ----------
    out_dir : path
        The results folder (``--out``).
    command : str
        The command line that writes it, stored in the lock file with this process's pid and host.

    Raises
    ------
    ConfigError
        Another process holds the lock (the message names its pid, host and command), or the lock file cannot
        be created there.
    """
    path = lock_path(out_dir)
    descriptor = _acquire(path, out_dir)
    try:
        holder = {"pid": os.getpid(), "host": socket.gethostname(), "command": command}
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, json.dumps(holder).encode() + b"\n", 0)
        yield path
    finally:
        path.unlink(missing_ok=True)
        os.close(descriptor)


def _acquire(path: Path, out_dir: str | os.PathLike) -> int:
    """A descriptor of the lock file at ``path``, locked by this process."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigError(
            f"cannot create the folder of --out {out_dir} ({error.strerror or error}); choose another --out"
        ) from None
    while True:
        try:
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise ConfigError(
                f"--out {out_dir} is not writable (cannot create its lock file {path}: {error.strerror or error}); "
                "choose another --out"
            ) from None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(descriptor)
            os.close(descriptor)
            raise ConfigError(
                f"--out {out_dir} is in use by {holder}; wait until it ends, or choose another --out"
            ) from None
        except OSError as error:
            os.close(descriptor)
            raise ConfigError(
                f"cannot lock {path} ({error.strerror or error}): the file system of --out {out_dir} has no file "
                "locks; choose an --out on a local disk"
            ) from None
        if _still_at(descriptor, path):
            return descriptor
        os.close(descriptor)  # its holder finished and removed it after we opened it: lock the file there now


def _still_at(descriptor: int, path: Path) -> bool:
    try:
        at_path = os.stat(path)
    except FileNotFoundError:
        return False
    opened = os.fstat(descriptor)
    return (opened.st_dev, opened.st_ino) == (at_path.st_dev, at_path.st_ino)


def _holder(descriptor: int) -> str:
    """``pid P on host H (COMMAND)`` from the lock file, or a placeholder while its holder is still writing it."""
    try:
        holder = json.loads(os.pread(descriptor, 65536, 0))
        return f"pid {holder['pid']} on host {holder['host']} ({holder['command']})"
    except (ValueError, KeyError, TypeError):
        return "another process (which has not yet written its name into the lock file)"
