"""CIFAR-10 and CIFAR-100 (Krizhevsky 2009, "Learning Multiple Layers of Features from Tiny Images"), read from
the files of the official archives at https://www.cs.toronto.edu/~kriz/cifar.html.

Three archives are understood (`CIFAR_ARCHIVES`), each extracted to its own folder in the data directory:

* ``cifar-10-python.tar.gz`` -> ``cifar-10-batches-py/``: ``data_batch_1`` .. ``data_batch_5``, ``test_batch``
  (pickled dicts with ``b"data"``, a ``(10000, 3072)`` uint8 array, and ``b"labels"``) and ``batches.meta``
  (``b"label_names"``);
* ``cifar-100-python.tar.gz`` -> ``cifar-100-python/``: ``train`` (50000 images), ``test`` (10000) with
  ``b"fine_labels"`` (100 classes) and ``b"coarse_labels"`` (20 superclasses), and ``meta``
  (``b"fine_label_names"``, ``b"coarse_label_names"``);
* ``cifar-10-binary.tar.gz`` -> ``cifar-10-batches-bin/``: ``data_batch_1.bin`` .. ``data_batch_5.bin``,
  ``test_batch.bin``, each 10000 records of 3073 bytes (the label, then 1024 red, 1024 green and 1024 blue
  pixels, rows top to bottom), and ``batches.meta.txt`` (one class name per line).

A row of 3072 pixels is three 32 x 32 planes in C order, so the images come back as ``(n, 3, 32, 32)`` uint8 with
int64 labels, in a `ColourImages`.

The python-format files are Python 2 pickles, read with ``pickle`` and ``encoding="bytes"`` as the dataset's
page prescribes. Pickles can run code, so they are only read from a data directory the user pointed at (the
argument or ``$BRAINSNN_DATA``) or that `download_cifar` filled after the archive's MD5 matched; with
``verify=True`` each file's own published MD5 is checked before it is unpickled; and the unpickler accepts no
global but the numpy array reconstructors (`PICKLE_GLOBALS`), so even a hostile file cannot call anything else.

The archive MD5s are those published on the dataset's page; the per-file MD5s of the python-format files are the
values torchvision and other independent loaders pin (none was computed here: CIFAR cannot be downloaded on
the build machine). No per-file digest of the binary-format files is published; their record structure is
checked instead.
"""

import argparse
import functools
import hashlib
import logging
import os
import pickle
import tarfile
import tempfile
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from brainsnn.data.data_dir import resolve_data_dir
from brainsnn.data.download import fetch_verified
from brainsnn.data.subsets import stratified_pair
from brainsnn.errors import ConfigError

log = logging.getLogger(__name__)

CIFAR_NAMES = ("cifar-10", "cifar-100")
IMAGE_SHAPE = (3, 32, 32)
#: Bytes of one binary-format record: one label byte and 3 x 32 x 32 pixels.
BINARY_RECORD_BYTES = 1 + 3 * 32 * 32
#: The only globals the CIFAR pickles reference (numpy's array and dtype reconstruction, as numpy 1 and numpy 2
#: name them); the unpickler refuses every other.
PICKLE_GLOBALS = frozenset(
    {
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"),
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
    }
)


@dataclass(frozen=True)
class CifarArchive:
    """One official CIFAR archive and the files it extracts to.

    Attributes
    ----------
    dataset
        ``"cifar-10"`` or ``"cifar-100"``.
    binary
        Whether the files are in the binary format (3073-byte records) rather than pickled.
    url
        Where the archive is downloaded from.
    md5
        MD5 of the archive as published.
    folder
        The folder the archive extracts to.
    train_files, test_files, meta_file
        File names inside ``folder``.
    file_md5
        Published MD5 of each extracted file, where one is known.
    """

    dataset: str
    binary: bool
    url: str
    md5: str
    folder: str
    train_files: tuple[str, ...]
    test_files: tuple[str, ...]
    meta_file: str
    file_md5: Mapping[str, str] = field(default_factory=dict)

    @property
    def files(self) -> tuple[str, ...]:
        """Every file the loader reads, in the order train, test, meta."""
        return (*self.train_files, *self.test_files, self.meta_file)


_CIFAR_10_BATCHES = tuple(f"data_batch_{index}" for index in range(1, 6))

#: The official archives, by their file name without ``.tar.gz``.
CIFAR_ARCHIVES: dict[str, CifarArchive] = {
    "cifar-10-python": CifarArchive(
        dataset="cifar-10",
        binary=False,
        url="https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",
        md5="c58f30108f718f92721af3b95e74349a",
        folder="cifar-10-batches-py",
        train_files=_CIFAR_10_BATCHES,
        test_files=("test_batch",),
        meta_file="batches.meta",
        file_md5={
            "data_batch_1": "c99cafc152244af753f735de768cd75f",
            "data_batch_2": "d4bba439e000b95fd0a9bffe97cbabec",
            "data_batch_3": "54ebc095f3ab1f0389bbae665268c751",
            "data_batch_4": "634d18415352ddfa80567beed471001a",
            "data_batch_5": "482c414d41f54cd18b22e5b47cb7c3cb",
            "test_batch": "40351d587109b95175f43aff81a1287e",
            "batches.meta": "5ff9c542aee3614f3951f8cda6e48888",
        },
    ),
    "cifar-100-python": CifarArchive(
        dataset="cifar-100",
        binary=False,
        url="https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz",
        md5="eb9058c3a382ffc7106e4002c42a8d85",
        folder="cifar-100-python",
        train_files=("train",),
        test_files=("test",),
        meta_file="meta",
        file_md5={
            "train": "16019d7e3df5f24257cddd939b257f8d",
            "test": "f0ef6b0ae62326f3e7ffdfab6717acfc",
            "meta": "7973b15100ade9c7d40fb424638fde48",
        },
    ),
    "cifar-10-binary": CifarArchive(
        dataset="cifar-10",
        binary=True,
        url="https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz",
        md5="c32a1d4ab5d03f1284b67883e8d87530",
        folder="cifar-10-batches-bin",
        train_files=tuple(f"{name}.bin" for name in _CIFAR_10_BATCHES),
        test_files=("test_batch.bin",),
        meta_file="batches.meta.txt",
    ),
}


@dataclass(frozen=True, eq=False)
class ColourImages:
    """A train/test split of colour images.

    Attributes
    ----------
    name
        What the images are (``"cifar-10"``, or a stand-in's name that says it is one).
    x_train, x_test
        ``(n, 3, 32, 32)`` uint8, channels red, green, blue.
    y_train, y_test
        ``(n,)`` int64 labels ``0 .. n_classes - 1``.
    classes
        Class names, indexed by label.
    """

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    classes: tuple[str, ...]

    @property
    def n_classes(self) -> int:
        """Number of classes."""
        return len(self.classes)


class _ArrayUnpickler(pickle.Unpickler):
    """An unpickler that resolves only `PICKLE_GLOBALS`."""

    def find_class(self, module: str, name: str):
        if (module, name) not in PICKLE_GLOBALS:
            raise ConfigError(
                f"refusing to unpickle {module}.{name}: a CIFAR file holds only numpy arrays, lists and bytes; "
                "this file is not one, replace it with the original"
            )
        return super().find_class(module, name)


def _md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _unpickle(path: Path) -> dict:
    try:
        with path.open("rb") as stream:
            content = _ArrayUnpickler(stream, encoding="bytes").load()
    except ConfigError:
        raise
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, IndexError) as error:
        raise ConfigError(f"{path} is not a readable CIFAR pickle ({error}); replace it with the original") from error
    if not isinstance(content, dict):
        raise ConfigError(f"{path} holds a {type(content).__name__}, not a CIFAR dict; replace it with the original")
    return content


def _entry(content: dict, key: bytes, path: Path):
    if key not in content:
        raise ConfigError(f"{path} lacks the entry {key.decode()}; replace it with the original file")
    return content[key]


def _read_pickled_batch(path: Path, label_key: bytes) -> tuple[np.ndarray, np.ndarray]:
    content = _unpickle(path)
    data = _entry(content, b"data", path)
    labels = np.asarray(_entry(content, label_key, path), dtype=np.int64)
    if not (isinstance(data, np.ndarray) and data.dtype == np.uint8 and data.ndim == 2 and data.shape[1] == 3072):
        raise ConfigError(f"{path} does not hold (n, 3072) uint8 pixels; replace it with the original file")
    return data.reshape(len(data), *IMAGE_SHAPE), labels


def _read_binary_batch(path: Path) -> tuple[np.ndarray, np.ndarray]:
    raw = np.fromfile(path, dtype=np.uint8)
    if len(raw) == 0 or len(raw) % BINARY_RECORD_BYTES:
        raise ConfigError(
            f"{path} has {len(raw)} bytes, not a whole number of {BINARY_RECORD_BYTES}-byte CIFAR records "
            "(truncated or corrupt); re-download it"
        )
    records = raw.reshape(-1, BINARY_RECORD_BYTES)
    return records[:, 1:].reshape(len(records), *IMAGE_SHAPE).copy(), records[:, 0].astype(np.int64)


def _class_names(archive: CifarArchive, path: Path, coarse: bool) -> tuple[str, ...]:
    if archive.binary:
        return tuple(line.strip() for line in path.read_text().splitlines() if line.strip())
    key = b"label_names" if archive.dataset == "cifar-10" else b"coarse_label_names" if coarse else b"fine_label_names"
    return tuple(name.decode() for name in _entry(_unpickle(path), key, path))


def _how_to_get(name: str) -> str:
    archives = [key for key, archive in CIFAR_ARCHIVES.items() if archive.dataset == name]
    folders = " or ".join(f"{CIFAR_ARCHIVES[key].folder}/" for key in archives)
    urls = " or ".join(CIFAR_ARCHIVES[key].url for key in archives)
    return (
        f"extract {urls} there (giving DIR/{folders}); on a machine with internet "
        f"`python -m brainsnn.data.cifar {archives[0]} DIR` does both"
    )


def _find_archive_folder(root: Path, name: str) -> tuple[CifarArchive, Path]:
    for archive in CIFAR_ARCHIVES.values():
        if archive.dataset == name and (root / archive.folder).is_dir():
            return archive, root / archive.folder
    raise ConfigError(f"no {name} files in {root}: {_how_to_get(name).replace('DIR', str(root))}, or pass --data-dir")


def load_cifar(
    name: str = "cifar-10",
    data_dir: str | Path | None = None,
    *,
    coarse: bool = False,
    verify: bool = True,
    n_train: int | None = None,
    n_test: int | None = None,
    seed: int = 0,
) -> ColourImages:
    """Load CIFAR-10 or CIFAR-100 from the extracted official files (python format first, then binary).

    Parameters
    ----------
    name
        ``"cifar-10"`` or ``"cifar-100"``.
    data_dir
        Directory holding the extracted archive folder (``cifar-10-batches-py/``, ``cifar-10-batches-bin/`` or
        ``cifar-100-python/``); defaults to ``$BRAINSNN_DATA``. Pickled files are read only from here (module
        docstring).
    coarse
        CIFAR-100 only: the 20 superclass labels instead of the 100 classes.
    verify
        Check each file against its published MD5 (`CifarArchive.file_md5`) before reading it.
    n_train, n_test, seed
        Keep a seeded class-stratified subset of this many samples, as `brainsnn.data.load_dataset` does
        (`stratified_pair`); ``None`` keeps every sample.
    """
    if name not in CIFAR_NAMES:
        raise ConfigError(f"unknown CIFAR dataset {name!r}; choose one of: {', '.join(CIFAR_NAMES)}")
    if coarse and name != "cifar-100":
        raise ConfigError("coarse labels exist for cifar-100 only; drop coarse=True")
    archive, folder = _find_archive_folder(resolve_data_dir(data_dir, name, _how_to_get(name)), name)
    for file_name in archive.files:
        path = folder / file_name
        if not path.is_file():
            raise ConfigError(
                f"missing {name} file {path}; re-extract {archive.url} into {folder.parent} (or pass --data-dir)"
            )
        if verify and file_name in archive.file_md5:
            actual, expected = _md5(path), archive.file_md5[file_name]
            if actual != expected:
                raise ConfigError(
                    f"file {path} is corrupt or not the original (MD5 {actual}, expected {expected}); "
                    f"re-download {archive.url}"
                )
    classes = _class_names(archive, folder / archive.meta_file, coarse)
    label_key = b"labels" if name == "cifar-10" else b"coarse_labels" if coarse else b"fine_labels"
    splits = []
    for files in (archive.train_files, archive.test_files):
        batches = [
            _read_binary_batch(folder / file) if archive.binary else _read_pickled_batch(folder / file, label_key)
            for file in files
        ]
        images, labels = (np.concatenate(parts) for parts in zip(*batches, strict=True))
        if len(images) != len(labels) or labels.min() < 0 or labels.max() >= len(classes):
            raise ConfigError(
                f"{folder} holds {len(images)} images with {len(labels)} labels in {labels.min()}..{labels.max()} "
                f"but {len(classes)} classes; re-extract {archive.url}"
            )
        splits.append((images, labels))
    (x_train, y_train), (x_test, y_test) = (stratified_pair(*split, n, seed)
                                            for split, n in zip(splits, (n_train, n_test), strict=True))
    return ColourImages(name, x_train, y_train, x_test, y_test, classes)


def _verify_md5(path: Path, url: str, md5: str) -> None:
    actual = _md5(path)
    if actual != md5:
        raise ConfigError(f"archive {url} is corrupt or not the original (MD5 {actual}, expected {md5}); retry")


def _extract(archive_path: Path, archive: CifarArchive, root: Path) -> None:
    """Extract the files `load_cifar` reads (and nothing else) into ``root / archive.folder``."""
    folder = root / archive.folder
    folder.mkdir(exist_ok=True)
    try:
        with tarfile.open(archive_path, "r:gz") as tar:
            for file_name in archive.files:
                try:
                    member = tar.getmember(f"{archive.folder}/{file_name}")
                except KeyError:
                    raise ConfigError(
                        f"{archive_path} lacks {archive.folder}/{file_name}; it is not a CIFAR archive"
                    ) from None
                if not member.isfile():
                    raise ConfigError(f"{archive_path}: {member.name} is not a regular file; not a CIFAR archive")
                handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{file_name}.", suffix=".part")
                try:
                    with os.fdopen(handle, "wb") as sink:
                        sink.write(tar.extractfile(member).read())
                    os.chmod(temporary, 0o644)
                    os.replace(temporary, folder / file_name)
                except BaseException:
                    Path(temporary).unlink(missing_ok=True)
                    raise
    except (tarfile.TarError, EOFError, OSError) as error:
        raise ConfigError(f"cannot extract {archive_path} ({error}); delete it and download again") from error


def download_cifar(
    archive_name: str,
    data_dir: str | Path,
    url: str | None = None,
    *,
    md5: str | None = None,
    timeout: float = 60.0,
) -> Path:
    """Download an official CIFAR archive, check its MD5, and extract its files into ``data_dir``.

    Nothing is downloaded when the extracted folder already holds every file, nor when ``data_dir`` already
    holds the archive with the right MD5 (it is then extracted and kept); a downloaded archive is deleted once
    extracted.

    Parameters
    ----------
    archive_name
        A key of `CIFAR_ARCHIVES`: ``"cifar-10-python"``, ``"cifar-100-python"`` or ``"cifar-10-binary"``.
    data_dir
        The data directory (``--data-dir`` / ``$BRAINSNN_DATA``); created if absent.
    url
        Where to fetch the archive (a mirror); default the official URL. Only ``http`` and ``https``.
    md5
        The archive's MD5, overriding the published one (for mirrors of other data, and for tests).
    timeout
        Seconds to wait on the network.

    Returns
    -------
    Path
        The extracted folder, e.g. ``data_dir / "cifar-10-batches-py"``.
    """
    if archive_name not in CIFAR_ARCHIVES:
        raise ConfigError(f"unknown CIFAR archive {archive_name!r}; choose one of: {', '.join(CIFAR_ARCHIVES)}")
    archive = CIFAR_ARCHIVES[archive_name]
    url = url or archive.url
    md5 = md5 or archive.md5
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ConfigError(f"url {url!r} must be an http:// or https:// URL")
    root = Path(data_dir).expanduser()
    root.mkdir(parents=True, exist_ok=True)
    folder = root / archive.folder
    if all((folder / file_name).is_file() for file_name in archive.files):
        log.info("found %s", folder)
        return folder
    archive_path = root / f"{archive_name}.tar.gz"
    downloaded = not (archive_path.is_file() and _md5(archive_path) == md5)
    if downloaded:
        log.info("downloading %s", url)
        fetch_verified(url, archive_path, functools.partial(_verify_md5, md5=md5), timeout)
    _extract(archive_path, archive, root)
    if downloaded:
        archive_path.unlink()
    log.info("extracted %s", folder)
    return folder


def main(argv: list[str] | None = None) -> None:
    """``python -m brainsnn.data.cifar ARCHIVE DATA_DIR [--url URL]``."""
    parser = argparse.ArgumentParser(
        prog="python -m brainsnn.data.cifar", description="Download and extract an official CIFAR archive."
    )
    parser.add_argument("archive", choices=sorted(CIFAR_ARCHIVES))
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--url", default=None)
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        download_cifar(arguments.archive, arguments.data_dir, arguments.url)
    except ConfigError as error:
        parser.exit(2, f"error: {error}\n")


if __name__ == "__main__":
    main()
