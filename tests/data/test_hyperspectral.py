"""The hyperspectral stand-in scene, its patches and split, and the .mat loader of the real scenes on generated
fixtures."""

import numpy as np
import pytest
from scipy.io import savemat

from brainsnn.data.hyperspectral_mat import HYPERSPECTRAL_FILES, load_hyperspectral_mat
from brainsnn.data.hyperspectral_scene import procedural_hyperspectral_scene, scene_patches, split_patches
from brainsnn.errors import ConfigError


def test_stand_in_scene_is_seeded_and_every_class_is_a_union_of_voronoi_cells():
    scene = procedural_hyperspectral_scene(side=24, n_classes=4, bands=10, seed=3)
    again = procedural_hyperspectral_scene(side=24, n_classes=4, bands=10, seed=3)
    assert scene.name == "stand-in" and scene.cube.shape == (24, 24, 10) and scene.n_classes == 4
    np.testing.assert_array_equal(scene.cube, again.cube)
    assert set(np.unique(scene.labels)) <= {1, 2, 3, 4} and scene.labels.min() >= 1
    # Voronoi cells are convex: along any row a class's cell of one site is contiguous, so the number of label
    # changes along a row is at most the number of sites minus one
    changes = (np.diff(scene.labels, axis=1) != 0).sum(axis=1)
    assert changes.max() <= 3 * 4 - 1
    assert not np.allclose(scene.cube, procedural_hyperspectral_scene(side=24, n_classes=4, bands=10, seed=4).cube)


def test_patches_are_normalised_neighbourhoods_with_zero_padding():
    scene = procedural_hyperspectral_scene(side=9, n_classes=3, bands=6, seed=0)
    x, y = scene_patches(scene, patch=3)
    cube = scene.cube
    normalised = (cube - cube.mean(axis=(0, 1))) / cube.std(axis=(0, 1))
    assert x.shape == (81, 6, 3, 3) and x.dtype == np.float32
    np.testing.assert_array_equal(y, scene.labels.ravel() - 1)
    # pixel (4, 5) is sample 4 * 9 + 5; its patch rows 3..5, columns 4..6
    np.testing.assert_allclose(x[41], normalised[3:6, 4:7].transpose(2, 0, 1), rtol=1e-6)
    # the corner pixel's patch is zero outside the scene
    assert np.all(x[0][:, 0, :] == 0) and np.all(x[0][:, :, 0] == 0)
    np.testing.assert_allclose(x[0][:, 1:, 1:], normalised[:2, :2].transpose(2, 0, 1), rtol=1e-6)


def test_split_is_disjoint_and_forty_percent_per_class():
    labels = np.repeat([0, 1, 2], [50, 100, 150])
    train, test = split_patches(labels, 0.4, seed=1)
    assert len(np.intersect1d(train, test)) == 0 and len(train) + len(test) == 300
    assert np.bincount(labels[train]).tolist() == [20, 40, 60]
    with pytest.raises(ConfigError, match="train_fraction"):
        split_patches(labels, 1.0)


def test_mat_loader_reads_the_published_layout(tmp_path):
    files = HYPERSPECTRAL_FILES["indian-pines"]
    assert (files.cube_file, files.cube_key, files.shape) == ("Indian_pines_corrected.mat", "indian_pines_corrected",
                                                              (145, 145, 200))
    folder = tmp_path / "indian-pines"
    folder.mkdir()
    rng = np.random.default_rng(0)
    cube = rng.integers(0, 9000, files.shape, dtype=np.uint16)
    labels = rng.integers(0, 17, files.shape[:2]).astype(np.uint8)
    labels[0, 0] = 16
    savemat(folder / files.cube_file, {files.cube_key: cube})
    savemat(folder / files.labels_file, {files.labels_key: labels})
    scene = load_hyperspectral_mat("indian-pines", tmp_path)
    np.testing.assert_array_equal(scene.cube, cube)
    np.testing.assert_array_equal(scene.labels, labels)
    assert scene.n_classes == 16 and scene.name == "indian-pines"
    savemat(folder / files.labels_file, {"gt": labels})
    with pytest.raises(ConfigError, match="no variable 'indian_pines_gt'"):
        load_hyperspectral_mat("indian-pines", tmp_path)
    savemat(folder / files.labels_file, {files.labels_key: labels[:-1]})
    with pytest.raises(ConfigError, match="expected a cube"):
        load_hyperspectral_mat("indian-pines", tmp_path)


def test_mat_loader_names_missing_files_and_unknown_scenes(tmp_path):
    (tmp_path / "salinas").mkdir()
    with pytest.raises(ConfigError, match="Salinas_corrected.mat is missing"):
        load_hyperspectral_mat("salinas", tmp_path)
    with pytest.raises(ConfigError, match="unknown hyperspectral scene"):
        load_hyperspectral_mat("houston", tmp_path)
    (tmp_path / "salinas" / "Salinas_corrected.mat").write_bytes(b"not a mat file")
    with pytest.raises(ConfigError, match="not a readable MATLAB"):
        load_hyperspectral_mat("salinas", tmp_path)
