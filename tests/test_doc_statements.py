"""Statements of docs/cli.md and docs/search.md that issue 17 found false, each checked against the code:
``--set KEY=null`` (accepted only where the type says "or null"), the configuration compared on ``--resume``,
and exit status 2 with one line for an unwritable ``--out`` (as root too: the command drops to ``nobody``)."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import search_objectives as objectives

from brainsnn.cli import EXIT_BAD_INPUT, main
from brainsnn.errors import ConfigError
from brainsnn.registry import get_study, study_names
from brainsnn.search import run_search

DOCS = Path(__file__).resolve().parents[1] / "docs"
NOBODY = 65534


def _one_line_error(capsys, match):
    err = capsys.readouterr().err.strip()
    assert err.startswith("brainsnn: error:") and match in err and "\n" not in err, err


def test_cli_md_states_the_null_rule():
    text = " ".join((DOCS / "cli.md").read_text().split())
    assert "`null` is accepted only where the type says `or null` (e.g. `upsample=null`: no upsampling); " \
           "elsewhere it is refused." in text


@pytest.mark.parametrize("name", study_names())
def test_null_is_accepted_exactly_where_the_type_says_or_null(name):
    study = get_study(name)
    for info in study.Config.describe():
        if info.name in ("study", "preset"):
            continue
        if info.type.endswith("or null"):
            assert study.config("smoke", {info.name: None})[info.name] is None, info.name
        else:
            with pytest.raises(ConfigError, match=f"'{info.name}' must be"):
                study.config("smoke", {info.name: None})


def test_set_null_on_the_command_line_refuses_a_number_and_stores_none_where_allowed(tmp_path, capsys, monkeypatch):
    assert main(["run", "stdp-single-neuron", "--set", "eta=null", "--out", str(tmp_path / "a")]) == EXIT_BAD_INPUT
    _one_line_error(capsys, "parameter 'eta' must be a number (> 0), got None")
    assert not (tmp_path / "a").exists()

    study = get_study("stdp-generalization")  # the run itself is not under test here: only the stored configuration
    monkeypatch.setattr(study, "run", lambda config, out_dir: {})
    monkeypatch.setattr(study, "render_report", lambda config, metrics: "")
    assert main(["-q", "run", "stdp-generalization", "--preset", "smoke", "--set", "upsample=null",
                 "--out", str(tmp_path / "b")]) == 0
    assert json.loads((tmp_path / "b" / "config.json").read_text())["config"]["upsample"] is None


def test_search_md_says_the_configuration_is_compared_on_resume():
    text = " ".join((DOCS / "search.md").read_text().split())
    assert "the same configuration: the header's `config`" in text
    assert "is not compared" not in text


def test_resume_with_another_configuration_is_refused_naming_the_keys(tmp_path):
    run_search(objectives.QUADRATIC, {"seed": 0, "width": 1}, calls=2, out_dir=tmp_path, seed=0)
    log = (tmp_path / "trials.jsonl").read_bytes()
    with pytest.raises(ConfigError, match=r"another configuration \(width differ\); resume with the same"):
        run_search(objectives.QUADRATIC, {"seed": 0, "width": 2}, calls=3, out_dir=tmp_path, seed=0, resume=True)
    assert (tmp_path / "trials.jsonl").read_bytes() == log
    result = run_search(objectives.QUADRATIC, {"seed": 0, "width": 1}, calls=3, out_dir=tmp_path, seed=0, resume=True)
    assert len(result.trials) == 3


def test_cli_md_lists_an_unwritable_out_under_exit_status_2():
    row = next(line for line in (DOCS / "cli.md").read_text().splitlines() if line.startswith("| 2 |"))
    assert "unwritable `--out`" in row


#: Runs the CLI as ``nobody`` when started as root (root writes anywhere), after importing what it needs.
_AS_NOBODY = """
import os, sys
import brian2, brainsnn.cli, brainsnn.report, brainsnn.search, brainsnn.search_report
if os.geteuid() == 0:
    os.setgid({uid}); os.setuid({uid})
sys.exit(brainsnn.cli.main(sys.argv[1:]))
"""


@pytest.fixture(scope="module")
def locked_folder():
    """A folder nobody but root may write to, inside a folder everybody may enter."""
    parent = Path(tempfile.mkdtemp(prefix="brainsnn-locked-"))
    parent.chmod(0o755)
    locked = parent / "locked"
    locked.mkdir(mode=0o555)
    locked.chmod(0o555)
    yield locked
    locked.chmod(0o755)
    subprocess.run(["rm", "-rf", str(parent)], check=True)


@pytest.mark.parametrize(
    ("command", "out"),
    [
        (["run", "stdp-single-neuron", "--preset", "smoke", "--device", "numpy"], "sub"),
        (["run", "stdp-single-neuron", "--preset", "smoke", "--device", "numpy", "--overwrite"], "."),
        (["search", "stdp-generalization", "--preset", "smoke", "--calls", "1"], "sub"),
        (["search", "stdp-generalization", "--preset", "smoke", "--calls", "1"], "."),
    ],
    ids=["run-below", "run-into", "search-below", "search-into"],
)
def test_an_unwritable_out_exits_2_with_one_line(locked_folder, command, out):
    environment = {**os.environ, "HOME": str(locked_folder.parent), "MPLCONFIGDIR": str(locked_folder.parent)}
    result = subprocess.run(
        [sys.executable, "-c", _AS_NOBODY.format(uid=NOBODY), *command, "--out", str(locked_folder / out)],
        capture_output=True, text=True, env=environment, timeout=120,
    )
    errors = [line for line in result.stderr.splitlines() if line.startswith("brainsnn: error:")]
    assert result.returncode == EXIT_BAD_INPUT and "Traceback" not in result.stderr, result.stderr
    assert len(errors) == 1 and ("not writable" in errors[0] or "cannot create" in errors[0]), result.stderr
    assert sorted(p.name for p in locked_folder.iterdir()) == []
