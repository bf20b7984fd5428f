"""Grey-scale photograph patches for visual source recovery (stand-in for the 32 black-and-white pictures of
Dellaferrera et al. 2022, Exp. 5).

scikit-learn ships two photographs (``china.jpg``, ``flower.jpg``, 427 x 640). Each is cut into a grid of
non-overlapping ``crop`` x ``crop`` squares, converted to grey (mean of R, G, B) and block-averaged to
``side`` x ``side`` pixels (the paper: squared and resized to 128 x 128). Squares of nearly uniform sky (grey s.d.
below ``min_contrast`` on the 0-255 scale) are dropped: min-max normalisation would turn them into JPEG noise. The
remaining squares alternate between two sets:
*sources* (the pictures of the tasks) and *foils* (new pictures for incorrect probes, never a source). A mixture is
the overlay of its pictures at equal transparency (their mean); an incorrect probe is a random foil with 1/8 of its
columns copied from the source (the paper tests images qualitatively only; the probe is our analogue of the sound
probes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from sklearn.datasets import load_sample_images

from brainsnn.data.recovery_tasks import copy_slice
from brainsnn.errors import ConfigError


def grey_squares(image: np.ndarray, crop: int, side: int) -> np.ndarray:
    """Every non-overlapping ``crop`` square of an (H, W, 3) image in row-major grid order, grey and
    block-averaged to (side, side): shape (squares, side, side)."""
    grey = image.mean(axis=2)
    rows, cols = grey.shape[0] // crop, grey.shape[1] // crop
    block = crop // side
    squares = grey[: rows * crop, : cols * crop].reshape(rows, crop, cols, crop).transpose(0, 2, 1, 3)
    return squares.reshape(rows * cols, side, block, side, block).mean(axis=(2, 4))


@cache
def photographs() -> tuple[np.ndarray, ...]:
    """scikit-learn's sample photographs as float (H, W, 3) arrays, decoded once per process."""
    return tuple(np.asarray(image, float) for image in load_sample_images().images)


@dataclass(frozen=True)
class PhotoPatches:
    """A `SourcePool` of (side, side) grey photograph squares; sources are drawn without replacement."""

    side: int = 16
    crop: int = 96
    min_contrast: float = 10.0

    def __post_init__(self) -> None:
        if self.side < 8 or self.crop < self.side or self.crop % self.side or self.crop > 427:
            raise ConfigError(f"photo patches need side >= 8 and a crop (<= 427) that is a multiple of side, got "
                              f"side {self.side}, crop {self.crop}; e.g. side 16, crop 96")
        squares = np.concatenate([grey_squares(image, self.crop, self.side) for image in photographs()])
        squares = squares[squares.std(axis=(1, 2)) >= self.min_contrast]
        object.__setattr__(self, "sources", squares[0::2])
        object.__setattr__(self, "foils", squares[1::2])

    def draw(self, count: int, rng: np.random.Generator) -> list[int]:
        if count > len(self.sources):
            raise ConfigError(f"{count} distinct pictures asked for, but crop {self.crop} gives only "
                              f"{len(self.sources)}; use a smaller crop")
        return [int(k) for k in rng.choice(len(self.sources), size=count, replace=False)]

    def pattern(self, source: int) -> np.ndarray:
        return self.sources[source]

    def mix(self, sources: Sequence[int]) -> np.ndarray:
        return np.mean([self.sources[k] for k in sources], axis=0)

    def foil(self, source: int, rng: np.random.Generator) -> np.ndarray:
        return copy_slice(self.foils[int(rng.integers(len(self.foils)))], self.sources[source], rng)
