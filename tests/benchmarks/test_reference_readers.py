"""The benchmark's published-reference implementations read the benchmark's IDX files as their sources do."""

import numpy as np

from benchmarks.bindsnet_diehl_cook import read_images
from benchmarks.brian2_example import read_training_idx
from brainsnn.data.idx import write_idx


def write_digits(folder, n=6):
    rng = np.random.default_rng(3)
    images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, size=n).astype(np.uint8)
    write_idx(folder / "train-images-idx3-ubyte", images)
    write_idx(folder / "train-labels-idx1-ubyte", labels)
    return images, labels


def test_brian2_example_reader_scales_pixels_and_keeps_its_four_item_label_shift(tmp_path):
    images, labels = write_digits(tmp_path)
    x, y = read_training_idx(tmp_path)
    np.testing.assert_array_equal(x, images.reshape(len(images), 784) / 8.0)
    # The example skips only the label file's magic number: the item count (big-endian 6) comes first.
    np.testing.assert_array_equal(y[:4], [0, 0, 0, len(labels)])
    np.testing.assert_array_equal(y[4:], labels)


def test_bindsnet_reader_returns_the_raw_pixels(tmp_path):
    images, _ = write_digits(tmp_path)
    np.testing.assert_array_equal(read_images(tmp_path), images.reshape(len(images), 784))
