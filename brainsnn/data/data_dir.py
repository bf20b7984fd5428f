"""Where dataset files live: ``--data-dir`` (``data_dir=``), else ``$BRAINSNN_DATA``, else a system folder.

The system folders are those of operating-system packages that install a dataset offline; the one known is
Debian's ``dataset-fashion-mnist``, which puts the four gzipped Fashion-MNIST IDX files in
``/usr/share/datasets/fashion-mnist/`` (``t10k-images-idx3-ubyte.gz``, ``t10k-labels-idx1-ubyte.gz``,
``train-images-idx3-ubyte.gz``, ``train-labels-idx1-ubyte.gz``; package 0.0~git20200523.55506a9-1, read with
``dpkg -c``). A data directory holds one folder per dataset, so that system folder's data directory is
``/usr/share/datasets``.

This module imports nothing beyond the standard library, so every loader can use it.
"""

import os
from dataclasses import dataclass
from pathlib import Path

from brainsnn.errors import ConfigError

DATA_ENV_VAR = "BRAINSNN_DATA"


@dataclass(frozen=True)
class SystemInstall:
    """A dataset installed by an operating-system package.

    Attributes
    ----------
    package
        The package's name (``apt-get install <package>``).
    data_dir
        The data directory the package fills: the dataset's files are in ``data_dir / <dataset name>``.
    """

    package: str
    data_dir: Path


#: Datasets an operating-system package installs, searched when neither data_dir nor $BRAINSNN_DATA is given.
SYSTEM_INSTALLS: dict[str, SystemInstall] = {
    "fashion-mnist": SystemInstall("dataset-fashion-mnist", Path("/usr/share/datasets")),
}


def resolve_data_dir(data_dir: str | Path | None, dataset: str, how_to_get: str) -> Path:
    """The data directory of ``dataset``: the argument, else ``$BRAINSNN_DATA``, else its `SYSTEM_INSTALLS` folder.

    Parameters
    ----------
    data_dir
        The directory the user gave (``--data-dir``), or ``None``.
    dataset
        Name of the dataset, for the system folder and the error messages.
    how_to_get
        Where the files go inside the data directory ``DIR`` and how to fetch them; ends the error messages.

    Raises
    ------
    ConfigError
        If no directory is given and no system install is present (the message adds the package to install
        where one exists), or if the given directory does not exist.
    """
    chosen = data_dir if data_dir is not None else os.environ.get(DATA_ENV_VAR)
    if not chosen:
        system = SYSTEM_INSTALLS.get(dataset)
        if system is not None and (system.data_dir / dataset).is_dir():
            return system.data_dir
        package_hint = (
            f"; or, on Debian/Ubuntu, `apt-get install {system.package}` installs them in "
            f"{system.data_dir / dataset}/, where they are found without --data-dir"
            if system is not None
            else ""
        )
        raise ConfigError(
            f"{dataset} needs its data files: pass --data-dir DIR (data_dir=) or set {DATA_ENV_VAR}=DIR, and "
            f"{how_to_get}{package_hint}"
        )
    path = Path(chosen).expanduser()
    if not path.is_dir():
        raise ConfigError(
            f"data directory {path} does not exist; create it and {how_to_get.replace('DIR', str(path))}, "
            f"or point --data-dir / {DATA_ENV_VAR} elsewhere"
        )
    return path
