"""Photograph squares: block averaging against a loop, disjoint sources and foils, contrast filter, mixing."""

import numpy as np
import pytest

from brainsnn.data.photo_patches import PhotoPatches, grey_squares
from brainsnn.errors import ConfigError


def test_grey_squares_are_the_block_means_of_each_grid_square():
    rng = np.random.default_rng(0)
    image = rng.uniform(0, 255, size=(25, 37, 3))
    squares = grey_squares(image, crop=12, side=4)
    assert squares.shape == (2 * 3, 4, 4)
    grey = image.mean(axis=2)
    for k in range(6):
        row, col = divmod(k, 3)
        for r in range(4):
            for c in range(4):
                block = grey[12 * row + 3 * r:12 * row + 3 * r + 3, 12 * col + 3 * c:12 * col + 3 * c + 3]
                assert squares[k, r, c] == pytest.approx(block.mean())


def test_sources_and_foils_are_distinct_contrasted_squares_and_mixing_averages():
    pool = PhotoPatches(side=16, crop=96)
    assert pool.sources.shape[1:] == (16, 16) and len(pool.sources) >= 10 and len(pool.foils) >= 10
    assert np.all(pool.sources.std(axis=(1, 2)) >= pool.min_contrast)
    assert not any(np.allclose(s, f) for s in pool.sources for f in pool.foils)
    rng = np.random.default_rng(1)
    drawn = pool.draw(len(pool.sources), rng)
    assert sorted(drawn) == list(range(len(pool.sources)))
    np.testing.assert_allclose(pool.mix(drawn[:2]), (pool.sources[drawn[0]] + pool.sources[drawn[1]]) / 2)
    probe = pool.foil(drawn[0], rng)
    assert np.sum(np.all(probe == pool.sources[drawn[0]], axis=0)) == 16 // 8


def test_bad_sizes_raise_config_error():
    with pytest.raises(ConfigError, match="multiple of side"):
        PhotoPatches(side=16, crop=100)
    with pytest.raises(ConfigError, match="smaller crop"):
        PhotoPatches(side=16, crop=96).draw(100, np.random.default_rng(0))
