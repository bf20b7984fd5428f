"""The real hyperspectral scenes from their published MATLAB files (Grupo de Inteligencia Computacional, UPV/EHU,
http://www.ehu.es/ccwintco/index.php?title=Hyperspectral_Remote_Sensing_Scenes), as used by ACE-SNN (Datta et al.
2022, Sec. 5.1).

Each scene is two ``.mat`` files (MATLAB v5, read with ``scipy.io.loadmat``) in ``DATA_DIR/<scene>/``: the cube
``(H, W, B)`` and the ground truth ``(H, W)`` (0 unlabelled, classes 1..K), under the file names, variable keys and
sizes of `HYPERSPECTRAL_FILES`. The site publishes no checksums, so the loader checks the sizes and the classes
instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from brainsnn.data.data_dir import resolve_data_dir
from brainsnn.data.hyperspectral_scene import HyperspectralScene
from brainsnn.errors import ConfigError

SOURCE_URL = "http://www.ehu.es/ccwintco/index.php?title=Hyperspectral_Remote_Sensing_Scenes"


@dataclass(frozen=True)
class HyperspectralFiles:
    """File names and variable keys of one scene's cube and ground truth, its size and its number of classes."""

    cube_file: str
    cube_key: str
    labels_file: str
    labels_key: str
    shape: tuple[int, int, int]
    n_classes: int


#: The published scenes: Indian Pines with the 20 water-absorption bands removed (AVIRIS, 200 bands), Pavia
#: University (ROSIS, 103 bands), Salinas with the water-absorption bands removed (AVIRIS, 204 bands).
HYPERSPECTRAL_FILES: dict[str, HyperspectralFiles] = {
    "indian-pines": HyperspectralFiles("Indian_pines_corrected.mat", "indian_pines_corrected", "Indian_pines_gt.mat",
                                       "indian_pines_gt", (145, 145, 200), 16),
    "pavia-university": HyperspectralFiles("PaviaU.mat", "paviaU", "PaviaU_gt.mat", "paviaU_gt", (610, 340, 103), 9),
    "salinas": HyperspectralFiles("Salinas_corrected.mat", "salinas_corrected", "Salinas_gt.mat", "salinas_gt",
                                  (512, 217, 204), 16),
}


def _read(path: Path, key: str) -> np.ndarray:
    from scipy.io import loadmat
    from scipy.io.matlab import MatReadError

    if not path.is_file():
        raise ConfigError(f"{path} is missing; download it from {SOURCE_URL} into {path.parent}/")
    try:
        contents = loadmat(path)
    except (MatReadError, NotImplementedError, ValueError, OSError) as error:
        raise ConfigError(f"{path} is not a readable MATLAB v5 file ({error}); download it again from {SOURCE_URL}"
                          ) from None
    if key not in contents:
        found = ", ".join(name for name in contents if not name.startswith("__"))
        raise ConfigError(f"{path} has no variable {key!r} (found: {found}); is it the published file?")
    return np.asarray(contents[key])


def load_hyperspectral_mat(scene: str, data_dir: str | Path | None = None) -> HyperspectralScene:
    """The cube (float64) and ground truth (int64) of ``scene`` (a key of `HYPERSPECTRAL_FILES`)."""
    if scene not in HYPERSPECTRAL_FILES:
        raise ConfigError(f"unknown hyperspectral scene {scene!r}; choose one of {', '.join(HYPERSPECTRAL_FILES)}")
    files = HYPERSPECTRAL_FILES[scene]
    folder = resolve_data_dir(
        data_dir, scene, f"put {files.cube_file} and {files.labels_file} from {SOURCE_URL} in DIR/{scene}/"
    ) / scene
    cube = _read(folder / files.cube_file, files.cube_key).astype(np.float64)
    labels = _read(folder / files.labels_file, files.labels_key).astype(np.int64)
    if cube.shape != files.shape or labels.shape != files.shape[:2]:
        raise ConfigError(f"{scene}: expected a cube {files.shape} and labels {files.shape[:2]}, got {cube.shape} "
                          f"and {labels.shape}; download the files again from {SOURCE_URL}")
    if labels.min() < 0 or labels.max() != files.n_classes:
        raise ConfigError(f"{scene}: ground truth classes span {labels.min()}..{labels.max()}, expected "
                          f"0..{files.n_classes}; download {files.labels_file} again from {SOURCE_URL}")
    return HyperspectralScene(cube=cube, labels=labels, name=scene)
