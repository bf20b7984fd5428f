"""Shared fixtures. Standalone builds and checkpoints go to a per-session temporary folder; Brian2 state never leaks."""

import importlib.util
import json
import os
import tempfile

import pytest

from brainsnn.backend import reset_brian
from brainsnn.cli import main
from brainsnn.errors import ConfigError
from brainsnn.registry import get_study


def pytest_configure(config):
    os.environ["BRAINSNN_BUILD_DIR"] = os.path.join(tempfile.mkdtemp(prefix="brainsnn-tests-"), "standalone")


@pytest.fixture(scope="session", autouse=True)
def _one_torch_thread():
    """Where PyTorch is installed, its tests run on one thread (the cores are shared), deterministically."""
    if importlib.util.find_spec("torch") is not None:
        from brainsnn.train.snn.runtime import configure_torch

        configure_torch(threads=1)


@pytest.fixture(autouse=True)
def _isolated_brian():
    yield
    reset_brian()


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory):
    """``smoke_run(study, *cli_args)``: run ``brainsnn run STUDY --preset smoke`` once per module and argument
    list; returns ``(folder, config, metrics)`` with the stored ``config.json`` configuration and ``metrics.json``."""
    done = {}

    def run(study: str, *cli_args: str):
        key = (study, *cli_args)
        if key not in done:
            out = tmp_path_factory.mktemp(study) / "run"
            assert main(["run", study, "--preset", "smoke", "--out", str(out), *cli_args]) == 0
            config = json.loads((out / "config.json").read_text())["config"]
            done[key] = out, config, json.loads((out / "metrics.json").read_text())
        return done[key]

    return run


@pytest.fixture
def rejects():
    """``rejects(study, overrides, message)``: building the smoke configuration raises ConfigError matching it."""

    def check(study: str, overrides: dict, message: str) -> None:
        with pytest.raises(ConfigError, match=message):
            get_study(study).config("smoke", overrides)

    return check
