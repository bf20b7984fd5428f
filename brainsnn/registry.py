"""Find studies by name.

Built-in studies are the packages of ``brainsnn_studies`` (the repository's ``studies/`` folder, installed under
that distinctive name): package ``brainsnn_studies.foo_bar`` is study ``foo-bar`` and its module ``study``
exposes ``STUDY``. Other distributions add studies through the entry-point group ``brainsnn.studies``::

    [options.entry_points]
    brainsnn.studies =
        my-study = my_package.study:STUDY

Studies are imported lazily, by name, so that the library never depends on them.
"""

from __future__ import annotations

import importlib
import pkgutil
from importlib import metadata

from brainsnn.errors import ConfigError
from brainsnn.study import Study

BUILTIN_PACKAGE = "brainsnn_studies"
ENTRY_POINT_GROUP = "brainsnn.studies"


def _builtin_names() -> dict[str, str]:
    package = importlib.import_module(BUILTIN_PACKAGE)
    return {
        module.name.replace("_", "-"): f"{BUILTIN_PACKAGE}.{module.name}.study"
        for module in pkgutil.iter_modules(package.__path__)
        if module.ispkg and not module.name.startswith("_")
    }


def _entry_points() -> dict[str, metadata.EntryPoint]:
    return {point.name: point for point in metadata.entry_points(group=ENTRY_POINT_GROUP)}


def study_names() -> list[str]:
    """Names of all studies: the built-in ones and those registered through entry points."""
    return sorted({*_builtin_names(), *_entry_points()})


def get_study(name: str) -> Study:
    """Return the study called ``name``; raise :class:`ConfigError` naming the known studies otherwise."""
    builtin = _builtin_names()
    if name in builtin:
        try:
            study = importlib.import_module(builtin[name]).STUDY
        except ModuleNotFoundError as error:
            if error.name != builtin[name]:
                raise
            raise ConfigError(f"the study package {builtin[name].rsplit('.', 1)[0]} has no module study.py exposing "
                              "STUDY; add it (docs/writing-a-study.md) or remove the folder") from None
    elif name in (points := _entry_points()):
        study = points[name].load()
    else:
        raise ConfigError(f"unknown study {name!r}; known studies: {', '.join(study_names())} (see `brainsnn list`)")
    if not isinstance(study, Study):
        raise ConfigError(f"study {name!r} does not resolve to a brainsnn.study.Study instance; fix its registration")
    return study
