"""Test isolation: standalone builds and checkpoints go to a per-session temporary folder; Brian2 state never leaks."""

import os
import tempfile

import pytest

from brainsnn.backend import reset_brian


def pytest_configure(config):
    os.environ["BRAINSNN_BUILD_DIR"] = os.path.join(tempfile.mkdtemp(prefix="brainsnn-tests-"), "standalone")


@pytest.fixture(autouse=True)
def _isolated_brian():
    yield
    reset_brian()
