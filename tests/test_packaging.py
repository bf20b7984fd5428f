"""Packaging: the wheel holds every module and template under its import name, and nothing called `studies`."""

import configparser
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

import brainsnn

ROOT = Path(__file__).resolve().parents[1]
#: Import name -> folder, as setup.cfg's package_dir maps them.
FOLDERS = {"brainsnn": ROOT / "brainsnn", "brainsnn_studies": ROOT / "studies"}


def _packages_on_disk() -> set[str]:
    found = set()
    for name, folder in FOLDERS.items():
        for init in folder.rglob("__init__.py"):
            found.add(".".join([name, *init.parent.relative_to(folder).parts]))
    return found


def _setup_cfg() -> configparser.ConfigParser:
    parser = configparser.ConfigParser()
    parser.read(ROOT / "setup.cfg")
    return parser


def test_setup_cfg_lists_every_package_on_disk():
    listed = set(_setup_cfg()["options"]["packages"].split())
    assert listed == _packages_on_disk()


def test_version_and_licence_have_one_source():
    assert metadata.version("brainsnn") == brainsnn.__version__
    cfg = _setup_cfg()["metadata"]
    assert cfg["license"] == "MIT" and "MIT License" in (ROOT / cfg["license_files"]).read_text()


@pytest.mark.slow
def test_the_wheel_holds_every_module_and_template_under_its_import_name(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(tmp_path),
         str(ROOT)], check=True, capture_output=True,
    )
    (wheel,) = tmp_path.glob("brainsnn-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "/".join([package, *path.relative_to(folder).parts])
        for package, folder in FOLDERS.items()
        for pattern in ("*.py", "*.j2")
        for path in folder.rglob(pattern)
        if "__pycache__" not in path.parts
    }
    assert expected <= names, sorted(expected - names)
    assert not any(name.startswith(("studies/", "tests/")) for name in names)
