"""Results folders: strict JSON, atomic publication, cleanup of abandoned staging folders."""

import json
import math
import subprocess
import sys

import numpy as np
import pytest

from brainsnn.report import markdown_table, write_json, write_run


def test_json_is_strict_with_numpy_values_and_non_finite_numbers(tmp_path):
    write_json(tmp_path / "m.json", {"a": np.float64(1.5), "b": [math.nan, math.inf], "c": np.arange(3)})
    assert json.loads((tmp_path / "m.json").read_text()) == {"a": 1.5, "b": [None, None], "c": [0, 1, 2]}


def test_markdown_table_formats_floats_and_missing_values():
    table = markdown_table(["x", "y"], [[1, 0.12345], ["a", math.nan]])
    assert table.splitlines() == ["| x | y |", "|---|---|", "| 1 | 0.123 |", "| a | n/a |"]


def _publish(out, metrics, overwrite=False):
    return write_run(out, lambda staging: metrics, {"device": "numpy"}, lambda c, m: f"value {m['v']}",
                     title="t", command="brainsnn run t", overwrite=overwrite)


def test_run_is_published_only_when_finished(tmp_path):
    out = tmp_path / "res"
    _publish(out, {"v": 1})
    assert "value 1" in (out / "report.md").read_text()

    def failing(staging):
        (staging / "figures" / "half.png").write_bytes(b"x")
        raise RuntimeError("simulation crashed")

    with pytest.raises(RuntimeError):
        write_run(out, failing, {}, lambda c, m: "", title="t", command="c", overwrite=True)
    assert "value 1" in (out / "report.md").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["res"]
    _publish(out, {"v": 2}, overwrite=True)
    assert "value 2" in (out / "report.md").read_text()


def test_a_failing_report_keeps_the_finished_run(tmp_path):
    out = tmp_path / "res"

    def broken_report(config, metrics):
        raise TypeError("unsupported format string passed to NoneType.__format__")

    with pytest.raises(TypeError) as raised:
        write_run(out, lambda staging: {"v": 4}, {"device": "numpy"}, broken_report, title="t", command="c")
    assert json.loads((out / "metrics.json").read_text()) == {"v": 4}
    assert not (out / "report.md").exists()
    assert f"brainsnn report {out}" in "".join(raised.value.__notes__)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["res"]


def test_staging_folders_of_killed_runs_are_removed(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    abandoned = tmp_path / f".res.partial-{int(dead.stdout)}"
    abandoned.mkdir()
    _publish(tmp_path / "res", {"v": 3})
    assert not abandoned.exists()
