"""Hyperspectral scenes and their pixel patches; a procedural scene that stands in for the real cubes.

`HyperspectralScene` holds a cube ``(H, W, B)`` and a ground-truth map ``(H, W)`` with classes ``1..K`` and ``0``
for unlabelled pixels, the layout of the published Indian Pines / Pavia University / Salinas files
(`brainsnn.data.hyperspectral_mat`). `scene_patches` cuts the ``p x p x B`` neighbourhood of every labelled pixel
after normalising every band to zero mean and unit variance (the preprocessing of ACE-SNN, Datta et al. 2022,
Sec. 5.1; borders zero-padded), and `split_patches` draws the paper's random disjoint 40 % / 60 % split per class.

`procedural_hyperspectral_scene` generates a **stand-in**, never to be reported under a real data set's name (the
linear mixing model of remote sensing, Keshava & Mustard 2002):

- class map: the Voronoi cells of ``sites_per_class x K`` random sites, site ``i`` belonging to class ``i mod K``;
- endmember spectra on ``B`` bands over 400-2500 nm: a smooth continuum (three Gaussian bumps) shared by each pair of
  classes (``base = k // 2``), times ``1 - d exp(-(lambda - c)^2 / 2 w^2)`` for two to four absorption features of
  the class's own (so class pairs differ mainly by their absorptions, like crop types);
- abundance mixing: a pixel of class ``k`` is ``a e_k + (1 - a) sum_j m_j e_j`` with purity ``a ~ U(purity, 1)``
  and ``m ~ Dirichlet(1)`` over all endmembers;
- illumination: a smooth multiplicative field ``1 + illumination sin(...) sin(...)`` times a per-pixel factor
  ``U(1 - illumination, 1 + illumination)``;
- noise: Gaussian with s.d. ``noise`` times the scene's mean reflectance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from brainsnn.data.subsets import stratified_subset
from brainsnn.errors import ConfigError

#: Wavelength range of the stand-in's bands (nm), AVIRIS's.
WAVELENGTHS_NM = (400.0, 2500.0)


@dataclass(frozen=True)
class HyperspectralScene:
    """A cube ``(H, W, B)``, its ground truth ``(H, W)`` (0 unlabelled, classes 1..K) and its name."""

    cube: np.ndarray
    labels: np.ndarray
    name: str

    @property
    def n_classes(self) -> int:
        return int(self.labels.max())


def _endmembers(n_classes: int, bands: int, rng: np.random.Generator) -> np.ndarray:
    """``(n_classes, bands)`` spectra: a continuum per class pair times each class's absorption features."""
    wavelength = np.linspace(*WAVELENGTHS_NM, bands)
    span = WAVELENGTHS_NM[1] - WAVELENGTHS_NM[0]
    spectra = np.empty((n_classes, bands))
    continua = []
    for _ in range((n_classes + 1) // 2):
        centres = rng.uniform(*WAVELENGTHS_NM, 3)
        widths = rng.uniform(0.1, 0.4, 3) * span
        heights = rng.uniform(0.2, 0.6, 3)
        continua.append(0.2 + (heights[:, None] * np.exp(-0.5 * ((wavelength - centres[:, None]) / widths[:, None])
                                                         ** 2)).sum(axis=0))
    for k in range(n_classes):
        absorption = np.ones(bands)
        for _ in range(rng.integers(2, 5)):
            centre, width = rng.uniform(*WAVELENGTHS_NM), rng.uniform(0.01, 0.05) * span
            absorption *= 1.0 - rng.uniform(0.2, 0.6) * np.exp(-0.5 * ((wavelength - centre) / width) ** 2)
        spectra[k] = continua[k // 2] * absorption
    return spectra


def procedural_hyperspectral_scene(
    side: int = 64, n_classes: int = 6, bands: int = 32, *, sites_per_class: int = 3, purity: float = 0.2,
    illumination: float = 0.3, noise: float = 0.15, seed: int = 0,
) -> HyperspectralScene:
    """The procedural stand-in scene (see the module docstring), every pixel labelled, named "stand-in"."""
    for name, value, low in (("side", side, 3), ("n_classes", n_classes, 2), ("bands", bands, 3),
                             ("sites_per_class", sites_per_class, 1)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ConfigError(f"{name} must be an integer >= {low}, got {value!r}")
    if not 0 <= purity <= 1 or not 0 <= illumination < 1 or not noise >= 0:
        raise ConfigError(f"need purity in [0, 1], illumination in [0, 1) and noise >= 0; got purity={purity!r}, "
                          f"illumination={illumination!r}, noise={noise!r}")
    rng = np.random.default_rng(seed)
    sites = rng.uniform(0, side, (sites_per_class * n_classes, 2))
    rows, cols = np.mgrid[0:side, 0:side]
    pixels = np.stack([rows.ravel(), cols.ravel()], axis=1) + 0.5
    nearest = np.argmin(((pixels[:, None, :] - sites[None]) ** 2).sum(axis=2), axis=1)
    labels = (nearest % n_classes).reshape(side, side)
    spectra = _endmembers(n_classes, bands, rng)
    mixture = rng.dirichlet(np.ones(n_classes), size=side * side)
    pure = rng.uniform(purity, 1.0, side * side)
    abundance = (1.0 - pure)[:, None] * mixture
    abundance[np.arange(side * side), labels.ravel()] += pure
    field = 1.0 + illumination * np.sin(rng.uniform(1, 3) * np.pi * rows / side) * np.sin(
        rng.uniform(1, 3) * np.pi * cols / side)
    gain = field.ravel() * rng.uniform(1.0 - illumination, 1.0 + illumination, side * side)
    cube = gain[:, None] * (abundance @ spectra)
    cube += rng.normal(0.0, noise * cube.mean(), cube.shape)
    return HyperspectralScene(cube=cube.reshape(side, side, bands), labels=labels + 1, name="stand-in")


def scene_patches(scene: HyperspectralScene, patch: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """``(n, B, patch, patch)`` float32 neighbourhoods of the labelled pixels (row-major order) and their classes
    ``0..K-1``; bands normalised to zero mean and unit variance over the whole cube, borders zero-padded."""
    if isinstance(patch, bool) or not isinstance(patch, int) or patch < 1 or patch % 2 == 0:
        raise ConfigError(f"patch must be a positive odd integer (the paper uses 5 and 3), got {patch!r}")
    cube = np.asarray(scene.cube, dtype=np.float64)
    if cube.ndim != 3 or scene.labels.shape != cube.shape[:2]:
        raise ConfigError(f"need a cube (H, W, B) and labels (H, W), got {cube.shape} and {scene.labels.shape}")
    spread = cube.std(axis=(0, 1))
    cube = (cube - cube.mean(axis=(0, 1))) / np.where(spread > 0, spread, 1.0)
    half = patch // 2
    padded = np.pad(cube, ((half, half), (half, half), (0, 0)))
    rows, cols = np.nonzero(scene.labels)
    patches = np.stack([padded[r:r + patch, c:c + patch].transpose(2, 0, 1) for r, c in zip(rows, cols,
                                                                                               strict=True)])
    return patches.astype(np.float32), (scene.labels[rows, cols] - 1).astype(np.int64)


def split_patches(labels: np.ndarray, train_fraction: float = 0.4, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Indices of a random disjoint split, stratified per class: ``train_fraction`` for training, the rest test."""
    if not 0 < train_fraction < 1:
        raise ConfigError(f"train_fraction must be in (0, 1) (the paper uses 0.4), got {train_fraction!r}")
    train = stratified_subset(labels, max(1, round(train_fraction * len(labels))), seed)
    return train, np.setdiff1d(np.arange(len(labels)), train)
