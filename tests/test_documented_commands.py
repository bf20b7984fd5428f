"""Every command a user would type from the shell blocks of README.md and docs/**/*.md is exercised here or named in
NOT_RUN with the reason (and where it is exercised instead).

- ``brainsnn`` commands run block by block, in order, from a scratch working directory that holds a copy of the
  study's committed ``results/``, exactly as written except: absolute ``--out`` and ``--data-dir`` paths move into
  the scratch folder, ``--workers`` is 1, and the study's simulation (``Study.run`` / ``Study.evaluate``) is
  replaced by a stub, so everything the command itself does (parsing, presets, ``--set`` validation, devices,
  folders and locks, trial log, search, report writing) is real. A console example followed by
  ``brainsnn: error: ...`` must fail with exactly that line; other shown output must appear. A command whose
  comment says it needs a GPU must, on a machine without one, stop with the one-line error that says so.
- The README's quick-start block also runs for real (no stub; smoke preset, two trials), as a new user would type
  it in a clone that holds the committed results.
- ``make demo`` is checked through its recipe in the Makefile.
"""

from __future__ import annotations

import datetime
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from brainsnn.backend import gpu_available
from brainsnn.cli import EXIT_BAD_INPUT, default_out, main
from brainsnn.registry import get_study, study_names

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
SHELL_BLOCKS = {"", "sh", "bash", "console", "shell"}
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
BRAINSNN = ("brainsnn", ".venv/bin/brainsnn")
#: First words of a line that make it a command (any other line in a shell block is output or an equation).
PROGRAMS = (*BRAINSNN, "make", "python", "python3", ".venv/bin/python", "pip", ".venv/bin/pip", "sudo", "export",
            "dask")
#: Commands not run here, by their leading words, with the reason and where they are exercised instead.
NOT_RUN = {
    "make demo": "its recipe's brainsnn command is run below (test_make_demo_writes_outside_the_committed_results)",
    "make test": "the test suite itself; CI's .ci/run calls it",
    "make bench": "benchmarks run on purpose (minutes), not by the tests",
    "make docs": "the Sphinx build is not run by the tests; tests/test_api_docs.py checks the pages list every module",
    "make lint": "ruff, run on purpose",
    "make clean": "deletes .venv",
    "make results": "rewrites the committed reports (about 40 min); its per-study command is the quick-preset "
                    "`brainsnn run`, run here from each study page",
    "python3 -m venv": "the Makefile's install recipe runs it for every `make` target on a fresh clone",
    ".venv/bin/pip install": "the Makefile's install recipe",
    "pip install": "the Makefile's install recipe",
    ".venv/bin/python -m benchmarks.run": "`make bench`",
    "python -m brainsnn.data.download": "downloads from the internet; tests/data/test_download.py runs the "
                                        "downloader and its command line against a local server",
    "python -m brainsnn.data.cifar": "downloads from the internet; tests/data/test_cifar.py reads the formats",
    "export": "a shell setting; tests/data/test_data_dir.py covers $BRAINSNN_DATA",
    "sudo apt-get install": "installs a Debian package",
    "dask scheduler": "needs a Dask cluster; tests/test_search.py searches on an in-process cluster",
    "dask worker": "needs a Dask cluster; tests/test_search.py searches on an in-process cluster",
    "brainsnn search stdp-generalization --calls 30 --workers 8 --scheduler": "needs a Dask cluster; "
                                                                             "tests/test_search.py",
}
#: Studies that exist only in a document (writing-a-study.md's example), run by their own test.
EXAMPLE_STUDIES = {"lif-rate": "tests/test_writing_a_study.py installs the example study and runs these commands"}


def _is_template(words: list[str]) -> bool:
    """A synopsis or a template with placeholders (``STUDY``, ``[--preset P]``, ``DIR``), not a command."""
    return any(word.startswith("[") or re.fullmatch(r"[A-Z][A-Z_]*|\|", word) for word in words)


def documented_blocks() -> list[tuple[str, list[tuple[list[str], list[str], str]]]]:
    """``(where, [(command words, shown output lines, comment), ...])`` for every shell block with a command."""
    blocks = []
    for document in DOCUMENTS:
        text = document.read_text()
        for match in FENCE.finditer(text):
            if match[1] not in SHELL_BLOCKS:
                continue
            commands: list[tuple[list[str], list[str], str]] = []
            for line in match[2].replace("\\\n", " ").splitlines():
                line = line.strip()
                command_line = line[2:] if line.startswith("$ ") else line
                words = shlex.split(command_line, comments=True) if command_line else []
                if words and words[0] in PROGRAMS:
                    commands.append((words, [], command_line.partition(" #")[2]))
                elif commands and line and line != "...":
                    commands[-1][1].append(line)
            if commands:
                number = text[: match.start()].count("\n") + 1
                blocks.append((f"{document.relative_to(ROOT)}:{number}", commands))
    return blocks


def _not_run_reason(words: list[str]) -> str | None:
    text = " ".join(words)
    for prefix, reason in NOT_RUN.items():
        if text == prefix or text.startswith(prefix + " "):
            return reason
    study = words[2] if words[0] in BRAINSNN and len(words) > 2 else None
    return EXAMPLE_STUDIES.get(study)


def _runnable(commands):
    return [(words, shown, comment) for words, shown, comment in commands
            if words[0] in BRAINSNN and not _is_template(words) and _not_run_reason(words) is None]


BLOCKS = documented_blocks()
RUNNABLE = [(where, _runnable(commands)) for where, commands in BLOCKS if _runnable(commands)]


def test_every_documented_command_is_run_or_has_a_reason():
    unexplained, used = [], set()
    for where, commands in BLOCKS:
        for words, _, _ in commands:
            text = " ".join(words)
            used.update(prefix for prefix in NOT_RUN if text == prefix or text.startswith(prefix + " "))
            if words[0] not in BRAINSNN and _not_run_reason(words) is None:
                unexplained.append(f"{where}: {text}")
    assert not unexplained, "run these in this test or add them to NOT_RUN with a reason:\n" + "\n".join(unexplained)
    stale = set(NOT_RUN) - used
    assert not stale, f"NOT_RUN names commands no document shows any more: {sorted(stale)}"
    assert sum(len(commands) for _, commands in RUNNABLE) >= 40  # the parser still finds the documented commands


@pytest.fixture
def stubbed_studies(monkeypatch):
    """Every study's simulation replaced by a stub: ``run`` returns no metrics and ``evaluate`` a constant."""
    for name in study_names():
        cls = type(get_study(name))
        monkeypatch.setattr(cls, "run", lambda self, config, out_dir: {})
        monkeypatch.setattr(cls, "render_report", lambda self, config, metrics: "stub report\n")
        monkeypatch.setattr(cls, "evaluate", lambda self, config, params, work_dir: {"objective": 1.0})
        monkeypatch.setattr(cls, "search_notes", lambda self, config, trials: "")


def _in_scratch(words: list[str], scratch: Path, *, workers: int | None) -> list[str]:
    """The arguments of a documented command with outside paths moved into ``scratch`` (and ``--workers``)."""
    argv, rest = [], iter(words[1:])
    for word in rest:
        if word in ("--out", "--data-dir"):
            value = next(rest)
            if value.startswith(("/", "~")):
                value = str(scratch / "outside" / Path(value.lstrip("~/")))
            argv += [word, value]
        elif word == "--workers" and workers is not None:
            argv += [word, str(workers)]
            next(rest)
        else:
            argv.append(word)
    return argv


def _copy_committed_results(argv: list[str], scratch: Path) -> None:
    for study in {word for word in argv if word in study_names()}:
        if (ROOT / "results" / study).is_dir():
            shutil.copytree(ROOT / "results" / study, scratch / "results" / study, dirs_exist_ok=True)


def _results_snapshot(scratch: Path) -> dict[str, bytes]:
    return {str(p.relative_to(scratch)): p.read_bytes() for p in (scratch / "results").rglob("*") if p.is_file()}


@pytest.mark.parametrize(("where", "commands"), RUNNABLE, ids=[where for where, _ in RUNNABLE])
def test_documented_brainsnn_commands_work_as_written(where, commands, stubbed_studies, tmp_path, monkeypatch,
                                                      capsys):
    monkeypatch.chdir(tmp_path)
    for words, shown, comment in commands:
        argv = _in_scratch(words, tmp_path, workers=1)
        _copy_committed_results(argv, tmp_path)
        before = _results_snapshot(tmp_path)
        status = main(argv)
        output = capsys.readouterr()
        errors = [line for line in shown if line.startswith("brainsnn: error:")]
        if errors:
            assert status == EXIT_BAD_INPUT and output.err.strip() == errors[0], (words, output.err)
            continue
        if "GPU" in comment and not gpu_available():
            assert status == EXIT_BAD_INPUT and "needs a CUDA GPU and this machine has none" in output.err
            continue
        assert status == 0, (where, words, output.err)
        for line in shown:
            assert line in output.out + output.err, (words, line)
        writes_results = "--out" in argv and argv[argv.index("--out") + 1].startswith("results/")
        rerenders_results = argv[0] == "report" and argv[1].startswith("results/")
        if not (writes_results or rerenders_results):
            assert _results_snapshot(tmp_path) == before, f"{' '.join(words)} changed the committed results"


def test_without_out_each_run_gets_a_new_folder_and_a_search_one_folder_below_runs(stubbed_studies, tmp_path,
                                                                                   monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "results" / "stdp-generalization", tmp_path / "results" / "stdp-generalization")
    before = _results_snapshot(tmp_path)
    for _ in range(2):
        assert main(["-q", "run", "stdp-generalization", "--preset", "quick"]) == 0
    folders = sorted(p.name for p in (tmp_path / "runs" / "stdp-generalization").iterdir())
    assert len(folders) == 2 and all(re.fullmatch(r"quick-\d{8}-\d{6}(-2)?", name) for name in folders), folders
    assert all((tmp_path / "runs" / "stdp-generalization" / name / "report.md").is_file() for name in folders)
    assert main(["-q", "search", "stdp-generalization", "--preset", "quick", "--calls", "2"]) == 0
    assert main(["-q", "search", "stdp-generalization", "--preset", "quick", "--calls", "3", "--resume"]) == 0
    log = tmp_path / "runs" / "stdp-generalization" / "search-quick" / "trials.jsonl"
    assert len(log.read_text().splitlines()) == 1 + 3
    assert _results_snapshot(tmp_path) == before
    assert (ROOT / ".gitignore").read_text().count("\nruns/\n") == 1


def test_a_new_default_folder_is_named_by_the_start_time_and_skips_existing_names(tmp_path, monkeypatch):
    start = datetime.datetime(2026, 3, 4, 5, 6, 7)
    monkeypatch.setattr("brainsnn.cli.datetime", SimpleNamespace(datetime=SimpleNamespace(now=lambda: start)))
    monkeypatch.chdir(tmp_path)
    assert default_out("run", "alsa", "smoke") == Path("runs/alsa/smoke-20260304-050607")
    for name in ("smoke-20260304-050607", "smoke-20260304-050607-2"):
        (tmp_path / "runs" / "alsa" / name).mkdir(parents=True)
    assert default_out("run", "alsa", "smoke") == Path("runs/alsa/smoke-20260304-050607-3")
    assert default_out("search", "alsa", "smoke") == Path("runs/alsa/search-smoke")


def test_a_killed_runs_staging_folder_is_removed_by_the_next_run_into_the_same_parent(stubbed_studies, tmp_path,
                                                                                      monkeypatch):
    dead = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True).stdout)
    abandoned = tmp_path / "runs" / "alsa" / f".smoke-20200101-000000.partial-{dead}"
    abandoned.mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert main(["-q", "run", "alsa", "--preset", "smoke"]) == 0
    assert not abandoned.exists()


def test_make_demo_writes_outside_the_committed_results(stubbed_studies, tmp_path, monkeypatch):
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^demo:.*\n\t(.*)$", makefile, re.M)[1]
    words = shlex.split(recipe)
    assert words[0] == "$(BIN)/brainsnn" and "--out" not in words
    monkeypatch.chdir(tmp_path)
    for _ in range(2):  # make demo can be repeated
        assert main(["-q", *words[1:]]) == 0
    runs = list((tmp_path / "runs" / words[2]).glob("quick-*/config.json"))
    assert len(runs) == 2 and not (tmp_path / "results").exists()


@pytest.mark.slow
def test_the_readme_quick_start_runs_for_real_in_a_clone_with_committed_results(tmp_path, monkeypatch, capsys):
    """The README's second block, unstubbed: smoke instead of quick presets and 2 of the 12 trials (minutes -> 1)."""
    (commands,) = [commands for where, commands in RUNNABLE if where.startswith("README.md")
                   and any(words[:2] == ["brainsnn", "search"] for words, _, _ in commands)]
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "results", tmp_path / "results")
    before = _results_snapshot(tmp_path)
    for words, _, _ in commands:
        argv = _in_scratch(words, tmp_path, workers=None)
        if argv[0] in ("run", "search") and "--preset" in argv:
            argv[argv.index("--preset") + 1] = "smoke"
        if "--calls" in argv:
            argv[argv.index("--calls") + 1] = "2"
        assert main(["-q", *argv]) == 0, (words, capsys.readouterr().err)
    assert _results_snapshot(tmp_path) == before
    assert len(list((tmp_path / "runs" / "stdp-single-neuron").glob("smoke-*/report.md"))) == 1
    assert (tmp_path / "runs" / "stdp-generalization" / "search-smoke" / "report.md").is_file()
