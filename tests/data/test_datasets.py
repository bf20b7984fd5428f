"""load_dataset: shipped scikit-learn data, IDX data directories, subsets and errors."""

import os
from pathlib import Path

import numpy as np
import pytest
from sklearn.datasets import load_digits, load_iris

from brainsnn.data.datasets import DATASET_NAMES, load_dataset
from brainsnn.data.idx import write_idx
from brainsnn.data.subsets import stratified_subset
from brainsnn.errors import ConfigError


def _sorted_rows(array):
    return array[np.lexsort(array.T[::-1])]


def test_digits_split_is_stratified_complete_and_rescaled():
    data = load_dataset("digits")
    original = load_digits()
    assert data.x_train.shape == (1257, 64) and data.x_test.shape == (540, 64) and data.shape == (8, 8)
    assert data.n_classes == 10 and data.classes == tuple("0123456789")
    assert data.x_all.min() == 0 and data.x_all.max() == 255
    # every original sample appears once, rescaled 0..16 -> 0..255
    np.testing.assert_allclose(_sorted_rows(data.x_all), _sorted_rows(original.data * 255 / 16))
    overall = np.bincount(original.target) / len(original.target)
    for labels in (data.y_train, data.y_test):
        np.testing.assert_allclose(
            np.bincount(labels, minlength=10) / len(labels), overall, atol=1.5 / len(labels)
        )


def test_digits_split_is_deterministic_per_seed():
    first, again, other = (
        load_dataset("digits", seed=3),
        load_dataset("digits", seed=3),
        load_dataset("digits", seed=4),
    )
    np.testing.assert_array_equal(first.x_train, again.x_train)
    np.testing.assert_array_equal(first.y_test, again.y_test)
    assert not np.array_equal(first.y_train, other.y_train)


def test_digits_upsampled_to_diehl_cook_input():
    plain = load_dataset("digits", n_train=50, n_test=20)
    data = load_dataset("digits", n_train=50, n_test=20, upsample=28)
    assert data.x_train.shape == (50, 784) and data.x_test.shape == (20, 784) and data.shape == (28, 28)
    assert data.x_train.min() >= 0 and data.x_train.max() <= 255
    # oracle: separable linear interpolation on corner-aligned grids (output pixel j sits at 7 * j / 27)
    small, large = plain.x_train.reshape(-1, 8, 8), data.x_train.reshape(-1, 28, 28)
    grid, positions = np.arange(8), np.linspace(0, 7, 28)
    rows = np.apply_along_axis(lambda row: np.interp(positions, grid, row), 2, small)
    expected = np.apply_along_axis(lambda column: np.interp(positions, grid, column), 1, rows)
    np.testing.assert_allclose(large, expected, atol=1e-6)


def test_iris_split_and_full_data_for_cross_validation():
    data = load_dataset("iris", seed=1)
    assert data.shape is None and data.n_classes == 3 and data.x_train.shape == (105, 4)
    np.testing.assert_array_equal(np.bincount(data.y_test), [15, 15, 15])
    np.testing.assert_allclose(_sorted_rows(data.x_all), _sorted_rows(load_iris().data))
    assert len(data.y_all) == 150
    with pytest.raises(ConfigError, match="image datasets only"):
        load_dataset("iris", upsample=28)


def test_subsets_are_stratified_seeded_and_drawn_from_the_split():
    full = load_dataset("digits", seed=0)
    small = load_dataset("digits", seed=0, n_train=100, n_test=30)
    assert small.x_train.shape == (100, 64) and small.x_test.shape == (30, 64)
    assert (
        np.bincount(small.y_train, minlength=10).min() >= 9
        and np.bincount(small.y_test, minlength=10).min() == 3
    )
    train_rows = {row.tobytes() for row in full.x_train}
    assert all(row.tobytes() in train_rows for row in small.x_train)
    assert not np.array_equal(small.y_train, load_dataset("digits", seed=1, n_train=100).y_train)


def test_stratified_subset_quotas():
    labels = np.array([0] * 50 + [1] * 30 + [2] * 20)
    chosen = stratified_subset(labels, 10, seed=0)
    np.testing.assert_array_equal(np.bincount(labels[chosen]), [5, 3, 2])
    assert np.all(np.diff(chosen) > 0)
    np.testing.assert_array_equal(stratified_subset(labels, 100, seed=5), np.arange(100))
    with pytest.raises(ConfigError):
        stratified_subset(labels, 101, seed=0)


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(ConfigError) as raised:
        load_dataset("cifar10")
    assert all(name in str(raised.value) for name in DATASET_NAMES)


def test_missing_data_dir_names_flag_and_env_var(monkeypatch):
    monkeypatch.delenv("BRAINSNN_DATA", raising=False)
    with pytest.raises(ConfigError, match="--data-dir.*BRAINSNN_DATA"):
        load_dataset("mnist")


def test_nonexistent_data_dir(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_dataset("fashion-mnist", tmp_path / "nowhere")


def _write_synthetic(folder, n_train=40, n_test=20, compress=True):
    rng = np.random.default_rng(0)
    folder.mkdir(parents=True, exist_ok=True)
    arrays = {
        "train-images-idx3-ubyte": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "train-labels-idx1-ubyte": np.arange(n_train, dtype=np.uint8) % 10,
        "t10k-images-idx3-ubyte": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "t10k-labels-idx1-ubyte": np.arange(n_test, dtype=np.uint8) % 10,
    }
    for index, (stem, array) in enumerate(arrays.items()):
        write_idx(folder / (f"{stem}.gz" if compress and index % 2 == 0 else stem), array)
    return arrays


def test_missing_file_names_the_file_and_where_to_put_it(tmp_path):
    arrays = _write_synthetic(tmp_path / "mnist")
    (tmp_path / "mnist" / "t10k-labels-idx1-ubyte").unlink()
    with pytest.raises(ConfigError) as raised:
        load_dataset("mnist", tmp_path, verify=False)
    message = str(raised.value)
    assert "t10k-labels-idx1-ubyte.gz" in message and str(tmp_path / "mnist") in message
    assert "brainsnn.data.download" in message
    assert arrays  # the other three files were present


@pytest.mark.parametrize("subfolder", ["mnist", ""])
def test_idx_dataset_from_data_dir_or_env(tmp_path, monkeypatch, subfolder):
    arrays = _write_synthetic(tmp_path / subfolder if subfolder else tmp_path)
    monkeypatch.setenv("BRAINSNN_DATA", str(tmp_path))
    data = load_dataset("mnist", verify=False)
    assert data.shape == (28, 28) and data.x_train.dtype == np.float64 and data.classes == tuple("0123456789")
    np.testing.assert_array_equal(data.x_train, arrays["train-images-idx3-ubyte"].reshape(40, 784))
    np.testing.assert_array_equal(data.y_test, arrays["t10k-labels-idx1-ubyte"])
    subset = load_dataset("mnist", tmp_path, n_train=20, verify=False)
    np.testing.assert_array_equal(np.bincount(subset.y_train), [2] * 10)


def test_synthetic_files_fail_verification(tmp_path):
    _write_synthetic(tmp_path / "fashion-mnist")
    with pytest.raises(ConfigError, match="corrupt or not the original"):
        load_dataset("fashion-mnist", tmp_path)


def test_image_label_count_mismatch(tmp_path):
    _write_synthetic(tmp_path / "mnist")
    write_idx(tmp_path / "mnist" / "train-labels-idx1-ubyte", np.zeros(39, dtype=np.uint8))
    with pytest.raises(ConfigError, match="differ in count"):
        load_dataset("mnist", tmp_path, verify=False)


def test_real_fashion_mnist_if_present():
    roots = [
        Path("/usr/share/datasets"),
        *([Path(os.environ["BRAINSNN_DATA"])] if "BRAINSNN_DATA" in os.environ else []),
    ]
    root = next(
        (root for root in roots if (root / "fashion-mnist" / "train-labels-idx1-ubyte.gz").is_file()), None
    )
    if root is None:
        pytest.skip(
            "Fashion-MNIST absent (Debian package dataset-fashion-mnist, or BRAINSNN_DATA/fashion-mnist)"
        )
    data = load_dataset("fashion-mnist", root)  # verify=True: checks the registry's payload SHA-256s
    assert data.x_train.shape == (60000, 784) and data.x_test.shape == (10000, 784)
    np.testing.assert_array_equal(np.bincount(data.y_train), [6000] * 10)  # Fashion-MNIST is balanced
    np.testing.assert_array_equal(np.bincount(data.y_test), [1000] * 10)
    assert data.x_train.min() == 0 and data.x_train.max() == 255 and data.classes[9] == "Ankle boot"
