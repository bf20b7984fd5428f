"""Shared fixtures: every test gets its own standalone build root, and Brian2 state never leaks."""

import pytest

from brainsnn.backend import reset_brian


@pytest.fixture(autouse=True)
def _isolated_brian(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("BRAINSNN_BUILD_DIR", str(tmp_path_factory.getbasetemp() / "standalone"))
    yield
    reset_brian()
