"""The sources of each experiment (Dellaferrera et al. 2022): Gaussian spectrogram classes (Exps. 1-3), natural-like
sounds (Exp. 4) and photographs (Exp. 5), as `SourcePool` builders, and the random streams of their tasks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from brainsnn.data.gaussian_sounds import SoundClasses
from brainsnn.data.harmonic_sounds import HarmonicSounds
from brainsnn.data.photo_patches import PhotoPatches


def gaussian_pool(config: Mapping[str, Any], seed: int) -> SoundClasses:
    """Exps. 1-3: the Gaussian spectrogram classes of this seed."""
    return SoundClasses(n_classes=config["n_classes"], n_freq=config["n_freq"], n_time=config["n_time"],
                        mean_db=config["mean_db"], sd_db=config["sd_db"], rho_range=tuple(config["class_rho"]),
                        seed=seed)


def harmonic_pool(config: Mapping[str, Any], seed: int) -> HarmonicSounds:
    """Exp. 4: natural-like sounds on the same (n_freq x n_time) input layer as the Gaussian sounds."""
    return HarmonicSounds(n_mels=config["n_freq"], n_frames=config["n_time"])


def photo_pool(config: Mapping[str, Any], seed: int) -> PhotoPatches:
    """Exp. 5: grey photograph squares."""
    return PhotoPatches(side=config["image_side"], crop=config["image_crop"])


def gaussian_stream(seed: int, condition: int | str) -> list[int]:
    """Random stream of the Gaussian-sound tasks: [seed, n] (Exp. 1 with n mixtures, Exp. 1 a.c. with n sounds,
    Exp. 3 with delay n) or [seed, ord(condition)] (Exp. 2)."""
    return [seed, condition if isinstance(condition, int) else ord(condition)]


#: Exps. 4 and 5: pool, random-stream label, output neurons key (None: n_outputs).
SOURCE_EXPERIMENTS = {"exp4": (harmonic_pool, 4, None), "exp5": (photo_pool, 5, "exp5_outputs")}
