"""The torch engine's tests run on one thread (the cores are shared) with deterministic algorithms."""

import pytest

from brainsnn.train.snn.runtime import configure_torch


@pytest.fixture(scope="session", autouse=True)
def _one_torch_thread():
    configure_torch(threads=1)


@pytest.fixture(autouse=True)
def _isolated_brian():
    """These tests never touch Brian2: skip the root conftest's per-test Brian2 reset (0.2 s each)."""
    yield
