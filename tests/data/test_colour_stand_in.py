"""Colour stand-in (not CIFAR): shapes, the documented pixel recipe recomputed here, labels, determinism."""

import numpy as np
import pytest

from brainsnn.data.colour_stand_in import tint_images, to_colour_stand_in
from brainsnn.data.datasets import Dataset, load_dataset
from brainsnn.errors import ConfigError


@pytest.fixture(scope="module")
def grey():
    return load_dataset("digits", n_train=40, n_test=15, upsample=28)


def _expected_sample(grey_image, uniforms):
    """The recipe by hand: 2-pixel zero border, colour scaled to a unit maximum, round half to even."""
    colour = uniforms / uniforms.max()
    expected = np.zeros((3, 32, 32), dtype=np.uint8)
    for channel in range(3):
        for row in range(28):
            for column in range(28):
                expected[channel, row + 2, column + 2] = round(colour[channel] * grey_image[row, column])
    return expected


def test_shapes_labels_and_name(grey):
    stand_in = to_colour_stand_in(grey, seed=0)
    assert stand_in.x_train.shape == (40, 3, 32, 32) and stand_in.x_test.shape == (15, 3, 32, 32)
    assert stand_in.x_train.dtype == np.uint8 and stand_in.y_train.dtype == np.int64
    np.testing.assert_array_equal(stand_in.y_train, grey.y_train)
    np.testing.assert_array_equal(stand_in.y_test, grey.y_test)
    assert stand_in.classes == grey.classes and stand_in.n_classes == 10
    assert stand_in.name == "colour digits stand-in (not CIFAR)"
    assert not stand_in.x_train[:, :, :2].any() and not stand_in.x_train[:, :, :, 30:].any()  # zero border


def test_exact_pixels_of_one_train_and_one_test_sample(grey):
    stand_in = to_colour_stand_in(grey, seed=5)
    uniforms = np.random.default_rng(5).uniform(size=(40 + 15, 3))  # train samples first, then test
    images = grey.x_train.reshape(40, 28, 28), grey.x_test.reshape(15, 28, 28)
    np.testing.assert_array_equal(stand_in.x_train[7], _expected_sample(images[0][7], uniforms[7]))
    np.testing.assert_array_equal(stand_in.x_test[3], _expected_sample(images[1][3], uniforms[40 + 3]))
    # the brightest channel keeps the grey image's full range
    assert stand_in.x_train[7].max() == round(images[0][7].max())


def test_deterministic_per_seed(grey):
    first, again, other = (to_colour_stand_in(grey, seed) for seed in (1, 1, 2))
    np.testing.assert_array_equal(first.x_train, again.x_train)
    assert not np.array_equal(first.x_test, other.x_test)


def test_fashion_mnist_name_and_odd_sizes():
    rng = np.random.default_rng(0)
    fake = Dataset(
        name="fashion-mnist",
        x_train=rng.integers(0, 256, (2, 28 * 28)).astype(float),
        y_train=np.array([3, 9]),
        x_test=rng.integers(0, 256, (1, 28 * 28)).astype(float),
        y_test=np.array([0]),
        shape=(28, 28),
        n_classes=10,
        classes=tuple("0123456789"),
    )
    assert to_colour_stand_in(fake).name == "colour Fashion-MNIST stand-in (not CIFAR)"
    tinted = tint_images(np.full((1, 29, 30), 255.0), np.random.default_rng(0))
    rows, columns = np.nonzero(tinted[0].max(axis=0))
    assert (rows.min(), rows.max(), columns.min(), columns.max()) == (1, 29, 1, 30)


def test_bad_input():
    with pytest.raises(ConfigError, match="0..255"):
        tint_images(np.full((1, 28, 28), 256.0), np.random.default_rng(0))
    with pytest.raises(ConfigError, match="h, w <= 32"):
        tint_images(np.zeros((1, 33, 28)), np.random.default_rng(0))
    with pytest.raises(ConfigError, match="grey image dataset"):
        to_colour_stand_in(load_dataset("iris"))
