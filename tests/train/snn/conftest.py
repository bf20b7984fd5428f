"""The torch engine's tests never touch Brian2 (its bridge is tested in tests/deploy/)."""

import pytest


@pytest.fixture(autouse=True)
def _isolated_brian():
    """Skip the root conftest's per-test Brian2 reset (0.2 s each)."""
    yield
