"""Package attributes imported on first use (PEP 562).

A package lists ``name -> submodule`` and sets ``__getattr__ = lazy_getattr(__name__, homes)``: ``from
brainsnn.data import load_dataset`` then imports only ``brainsnn.data.datasets``, and importing one submodule
(``brainsnn.data.idx``) does not load what its siblings need (Brian2, scikit-learn). A name must not equal its
submodule's name: once imported, the submodule would shadow it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_getattr(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package`` that returns ``package.<homes[name]>.<name>``, importing it."""
    clashes = sorted(name for name, module in homes.items() if name == module)
    if clashes:
        raise ValueError(f"{package}: names equal to their submodule's name cannot be lazy: {clashes}")

    def __getattr__(name: str) -> Any:
        if name not in homes:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{homes[name]}"), name)

    return __getattr__
