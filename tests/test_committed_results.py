"""Every committed results folder re-renders, with the current code, to the report that is committed beside it
(so the reports under results/ are what the code says, and old stored configurations still load)."""

import shutil
from pathlib import Path

import pytest

from brainsnn.cli import main

RESULTS = Path(__file__).resolve().parents[1] / "results"
FOLDERS = sorted(path.parent for path in RESULTS.glob("*/*/report.md"))


def _body(report: Path) -> str:
    """The report without its first line and generated header paragraph (command, date, revision, versions)."""
    return report.read_text().split("\n\n", 2)[2]


@pytest.mark.parametrize("folder", FOLDERS, ids=[f"{p.parent.name}/{p.name}" for p in FOLDERS])
def test_committed_report_rerenders_identically(folder, tmp_path):
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy)
    assert main(["-q", "report", str(copy)]) == 0
    assert _body(copy / "report.md") == _body(folder / "report.md")
