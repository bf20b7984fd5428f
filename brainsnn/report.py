"""Results folders: ``config.json``, ``metrics.json``, ``report.md`` and ``figures/*.png``.

A run writes into a fresh sibling folder and renames it into place only when it has finished, so an
interrupted or failing run never leaves a half-written report, and an existing report is replaced only when
the caller asks for it (``--overwrite``). ``report.md`` is always generated from the stored JSON files, so
``brainsnn report DIR`` can re-render it after the study's template changes. ``config.json`` holds the requested
configuration and, under ``devices``, the Brian2 devices that actually ran (with the reason for any fallback).
"""

from __future__ import annotations

import datetime
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import jinja2
from matplotlib.figure import Figure

from brainsnn.errors import ConfigError
from brainsnn.json_values import json_values
from brainsnn.provenance import describe_devices, recording_devices

PACKAGES = ("brainsnn", "brian2", "numpy", "scipy", "scikit-learn", "scikit-optimize", "matplotlib", "brian2cuda")


def environment() -> dict[str, Any]:
    """Python, platform, package versions and the git revision of the working tree (if any)."""
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "packages": versions,
        "git_revision": _git_revision(),
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }


def _git_revision() -> str | None:
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=Path(__file__).parent, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() or None if result.returncode == 0 else None


def check_writable(out_dir: Path, *, overwrite: bool) -> None:
    """Raise :class:`ConfigError` unless ``out_dir`` can be (re)written; never touches it."""
    if out_dir.exists() and not out_dir.is_dir():
        raise ConfigError(f"--out {out_dir} is a file; choose a folder")
    if out_dir.exists() and any(out_dir.iterdir()) and not overwrite:
        raise ConfigError(
            f"--out {out_dir} already holds results; pass --overwrite to replace them or choose another --out"
        )
    parent = out_dir.parent
    while not parent.exists():
        parent = parent.parent
    try:  # a real probe: access() says yes to root, and pseudo file systems such as /proc refuse folders
        os.rmdir(tempfile.mkdtemp(prefix=".brainsnn-probe-", dir=parent))
    except OSError:
        raise ConfigError(
            f"--out {out_dir} is not writable ({parent} is not a writable folder); choose another --out"
        ) from None


def write_run(
    out_dir: Path,
    run: Callable[[Path], Mapping[str, Any]],
    config: Mapping[str, Any],
    render: Callable[[Mapping[str, Any], Mapping[str, Any]], str],
    *,
    title: str,
    command: str,
    overwrite: bool = False,
) -> Path:
    """Run ``run(staging_dir) -> metrics`` and publish its folder at ``out_dir`` once it has succeeded.

    ``config.json`` is written before the run and completed after it with ``devices``: the distinct
    :class:`~brainsnn.provenance.DeviceUse` selections (requested, used, reason) of the networks it ran.
    """
    check_writable(out_dir, overwrite=overwrite)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_staging(out_dir)
    staging = out_dir.with_name(f".{out_dir.name}.partial-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "figures").mkdir(parents=True)
    try:
        stored = {"config": dict(config), "title": title, "command": command, "environment": environment()}
        write_json(staging / "config.json", stored)
        with recording_devices() as devices:
            metrics = run(staging)
        write_json(staging / "config.json", {**stored, "devices": [asdict(use) for use in devices]})
        write_json(staging / "metrics.json", metrics)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        render_report(staging, render)
    except Exception as err:
        _publish(staging, out_dir)
        err.add_note(f"The run's config.json, metrics.json and figures are kept in {out_dir}; once the report is "
                     f"fixed, write it with `brainsnn report {out_dir}`.")
        raise
    _publish(staging, out_dir)
    return out_dir


def _publish(staging: Path, out_dir: Path) -> None:
    """Move a finished run's ``staging`` folder to ``out_dir``, replacing what was there."""
    if out_dir.exists():
        retired = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
        out_dir.rename(retired)
        staging.rename(out_dir)
        shutil.rmtree(retired)
    else:
        staging.rename(out_dir)


def _remove_abandoned_staging(out_dir: Path) -> None:
    """Delete the staging folders beside ``out_dir`` of runs that were killed (their process no longer exists),
    whatever folder they were for: a run without ``--out`` gets a new folder name each time."""
    for staging in out_dir.parent.glob(".*.partial-*"):
        pid = int(staging.name.rsplit("-", 1)[1])
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(staging, ignore_errors=True)
        except PermissionError:
            continue


def render_report(out_dir: Path, render: Callable[[Mapping[str, Any], Mapping[str, Any]], str]) -> Path:
    """(Re)write ``out_dir/report.md`` from its ``config.json`` and ``metrics.json``."""
    stored = read_json(out_dir / "config.json")
    metrics = read_json(out_dir / "metrics.json")
    env = stored["environment"]
    versions = ", ".join(f"{k} {v}" for k, v in env["packages"].items())
    devices = describe_devices(stored.get("devices"), stored["config"].get("device"))
    header = (
        f"# {stored['title']}\n\n"
        f"Generated by `{stored['command']}` on {env['created']} (git {env.get('git_revision') or 'unknown'}; "
        f"Python {env['python']}; {versions}; {devices}). "
        "This file is regenerated from `config.json` and `metrics.json`; do not edit it by hand.\n\n"
    )
    path = out_dir / "report.md"
    path.write_text(header + render(stored["config"], metrics).rstrip() + "\n")
    return path


def read_json(path: Path) -> Any:
    """Load a JSON file, with a clear error when it is missing or damaged."""
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        raise ConfigError(f"{path} not found; point `brainsnn report` at a folder written by `brainsnn run`") from None
    except json.JSONDecodeError as err:
        raise ConfigError(f"{path} is not valid JSON ({err}); rerun the study to regenerate it") from None
    except OSError as err:
        raise ConfigError(f"cannot read {path} ({err.strerror}); point `brainsnn report` at a results folder") from None


def write_json(path: Path, data: Any) -> None:
    """Write strict JSON: numpy values become lists/numbers and NaN/inf null (:func:`.json_values`)."""
    text = json.dumps(json_values(data), indent=2, sort_keys=True, allow_nan=False)
    path.write_text(text + "\n")


def save_figure(fig: Figure, out_dir: Path, name: str) -> str:
    """Save ``fig`` as ``out_dir/figures/name.png`` and return the Markdown image link.

    Build figures with matplotlib's object API (``Figure().subplots(...)``), which needs no pyplot backend and
    leaves no figure open.
    """
    (out_dir / "figures").mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(out_dir / "figures" / f"{name}.png", dpi=110)
    return f"![{name}](figures/{name}.png)"


def render_template(package: str, name: str, **context: Any) -> str:
    """Render the Jinja2 template ``name`` that lies in ``package`` (e.g. a study's ``report.md.j2``).

    Undefined names raise; the filters ``table`` (:func:`markdown_table` of ``(headers, rows)``) and ``num``
    (a number with ``digits`` significant decimals, ``n/a`` for None or NaN) are available.
    """
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resources.files(package))), undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True, autoescape=False,
    )
    environment.filters["table"] = lambda pair: markdown_table(*pair)
    environment.filters["num"] = format_number
    return environment.get_template(name).render(**context)


def format_number(value: Any, digits: int = 3) -> str:
    """``value`` with ``digits`` decimals, or ``n/a`` when it is undefined (None or NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:.{digits}f}"


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A GitHub Markdown table; floats are printed with 3 significant decimals."""

    def cell(value: Any) -> str:
        if isinstance(value, float):
            return "n/a" if math.isnan(value) else f"{value:.3f}"
        return str(value)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
