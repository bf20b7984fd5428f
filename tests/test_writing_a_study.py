"""The complete example of docs/writing-a-study.md, built from the page's code blocks, runs as the page says."""

import json
import re
import sys
from pathlib import Path

import pytest

import brainsnn_studies
from brainsnn.cli import main
from brainsnn.registry import study_names

PAGE = Path(__file__).resolve().parents[1] / "docs" / "writing-a-study.md"
EXAMPLE = "studies/lif_rate/"


def _example_files() -> dict[str, str]:
    """``{file name: code}`` for every block announced by a `studies/lif_rate/...` path in the text before it."""
    pieces = re.split(r"^```[a-z]*\n(.*?)^```\n", PAGE.read_text(), flags=re.S | re.M)
    files, announced = {}, []
    for index, piece in enumerate(pieces):
        if index % 2 == 0:
            announced += re.findall(rf"`{EXAMPLE}([\w.]+)`", piece)
        elif announced:
            files[announced.pop(0)] = piece
    return files


@pytest.fixture(scope="module")
def example_study(tmp_path_factory):
    """The example installed as brainsnn_studies.lif_rate (an extra folder on the package's path)."""
    root = tmp_path_factory.mktemp("example")
    package = root / "lif_rate"
    package.mkdir()
    (package / "__init__.py").write_text('"""The example study of docs/writing-a-study.md."""\n')
    for name, code in _example_files().items():
        (package / name).write_text(code)
    brainsnn_studies.__path__.append(str(root))
    yield package
    brainsnn_studies.__path__.remove(str(root))
    for module in [m for m in sys.modules if m.startswith("brainsnn_studies.lif_rate")]:
        del sys.modules[module]


def test_the_page_announces_every_file_of_the_example():
    assert set(_example_files()) == {"study.py", "experiments.py", "report.py", "report.md.j2"}


def test_the_example_is_listed_configured_run_and_searched(example_study, tmp_path, capsys):
    assert "lif-rate" in study_names()
    assert main(["config", "lif-rate", "--preset", "smoke"]) == 0
    assert "duration_s (a number; > 0): default 2.0, smoke 0.5" in capsys.readouterr().out
    assert main(["run", "lif-rate", "--preset", "smoke", "--out", str(tmp_path / "run")]) == 0
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert metrics["simulated_hz"] == pytest.approx(metrics["closed_form_hz"], rel=0.05, abs=2.0)
    assert "| drive | simulated (Hz) | closed form (Hz) |" in (tmp_path / "run" / "report.md").read_text()
    assert main(["search", "lif-rate", "--preset", "smoke", "--calls", "3", "--out", str(tmp_path / "search")]) == 0
    assert len((tmp_path / "search" / "trials.jsonl").read_text().splitlines()) == 4  # header + 3 trials


def test_the_example_tests_on_the_page_pass(example_study, tmp_path):
    blocks = re.findall(r"^```python\n(.*?)^```\n", PAGE.read_text().split("## Tests", 1)[1], flags=re.S | re.M)
    namespace: dict = {}
    exec(compile(blocks[0], "writing-a-study tests", "exec"), namespace)
    tests = {name: test for name, test in namespace.items() if name.startswith("test_")}
    assert len(tests) == 3
    namespace["test_smoke_rates_match_the_closed_form"](tmp_path)
    namespace["test_closed_form_limits"]()
    namespace["test_bad_parameters_are_rejected"]()
