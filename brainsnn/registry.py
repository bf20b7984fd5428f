"""Find studies by name.

Studies are modules of the top-level ``studies`` package, each exposing ``STUDY``. They are imported lazily,
by name, so that the library never depends on them.
"""

from __future__ import annotations

import importlib
import pkgutil

from brainsnn.errors import ConfigError
from brainsnn.study import Study


def study_names() -> list[str]:
    """Names of all registered studies (module ``studies.foo_bar`` is study ``foo-bar``)."""
    package = importlib.import_module("studies")
    modules = pkgutil.iter_modules(package.__path__)
    return sorted(m.name.replace("_", "-") for m in modules if not m.name.startswith("_"))


def get_study(name: str) -> Study:
    """Return the study called ``name``; raise :class:`ConfigError` naming the known studies otherwise."""
    names = study_names()
    if name not in names:
        raise ConfigError(f"unknown study {name!r}; known studies: {', '.join(names)} (see `brainsnn list`)")
    return importlib.import_module("studies." + name.replace("-", "_")).STUDY
