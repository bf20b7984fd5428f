"""The torch engine's tests run on one thread (the cores are shared) with deterministic algorithms."""

import pytest

from brainsnn.train.snn.runtime import configure_torch


@pytest.fixture(scope="session", autouse=True)
def _one_torch_thread():
    configure_torch(threads=1)
