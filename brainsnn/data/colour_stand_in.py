"""A CIFAR-shaped colour stand-in made from grey images (Fashion-MNIST by default): **not CIFAR**.

CIFAR-10 cannot be downloaded on the build machine; networks built for its ``(3, 32, 32)`` inputs are exercised on
this stand-in instead, and every report must name it as such (`ColourImages.name` says "stand-in (not CIFAR)").
The recipe, per grey image ``g`` (``h x w``, 0..255, ``h, w <= 32``):

1. pad with zeros to 32 x 32, ``(32 - h) // 2`` rows above and ``(32 - w) // 2`` columns left (28 x 28: 2 on
   every side);
2. draw a colour ``u ~ U[0, 1)^3`` from the generator and scale it so its largest channel is 1,
   ``c = u / max(u)`` (every sample keeps its full contrast in at least one channel);
3. channel ``k`` of the sample is ``rint(c_k * g_padded)`` (round half to even) as uint8.

Colours are drawn one sample after another, training samples first, then test samples, from
``numpy.random.default_rng(seed)``. Labels and class names are the grey dataset's, unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from brainsnn.data.cifar import IMAGE_SHAPE, ColourImages
from brainsnn.errors import ConfigError

if TYPE_CHECKING:
    from brainsnn.data.datasets import Dataset

#: Display names of the grey datasets, for the stand-in's name.
GREY_DATASET_TITLES = {"fashion-mnist": "Fashion-MNIST", "mnist": "MNIST", "digits": "digits"}


def tint_images(images: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Pad grey ``(n, h, w)`` images (0..255) to 32 x 32 and tint each with its own colour (module docstring).

    Returns ``(n, 3, 32, 32)`` uint8; draws ``3 n`` uniforms from ``rng``, one sample after another.
    """
    images = np.asarray(images, dtype=np.float64)
    side = IMAGE_SHAPE[1]
    if images.ndim != 3 or images.shape[1] > side or images.shape[2] > side:
        raise ConfigError(
            f"tint_images needs grey images (n, h, w) with h, w <= {side}, got shape {images.shape}; reshape "
            "flattened rows with the dataset's shape"
        )
    if not np.all((images >= 0) & (images <= 255)):
        raise ConfigError("grey images must hold intensities in 0..255 (finite); rescale them")
    n, height, width = images.shape
    top, left = (side - height) // 2, (side - width) // 2
    padded = np.zeros((n, side, side))
    padded[:, top : top + height, left : left + width] = images
    colours = rng.uniform(0.0, 1.0, size=(n, 3))
    colours /= colours.max(axis=1, keepdims=True)
    return np.rint(colours[:, :, None, None] * padded[:, None]).astype(np.uint8)


def to_colour_stand_in(dataset: Dataset, seed: int = 0) -> ColourImages:
    """The colour stand-in of a grey image `Dataset` (e.g. ``load_dataset("fashion-mnist")``), named as one.

    The name is ``"colour <dataset> stand-in (not CIFAR)"``, e.g. ``"colour Fashion-MNIST stand-in (not CIFAR)"``.
    """
    if dataset.shape is None or len(dataset.shape) != 2:
        raise ConfigError(f"the colour stand-in needs a grey image dataset (mnist, fashion-mnist), not {dataset.name}")
    rng = np.random.default_rng(seed)
    x_train, x_test = (tint_images(x.reshape(len(x), *dataset.shape), rng) for x in (dataset.x_train, dataset.x_test))
    title = GREY_DATASET_TITLES.get(dataset.name, dataset.name)
    return ColourImages(
        name=f"colour {title} stand-in (not CIFAR)",
        x_train=x_train,
        y_train=np.asarray(dataset.y_train, dtype=np.int64),
        x_test=x_test,
        y_test=np.asarray(dataset.y_test, dtype=np.int64),
        classes=dataset.classes,
    )
