"""The event sets of the study: documented stand-ins, saccade events of real images (N-MNIST-like,
`brainsnn.data.saccade_events`) and band-burst sequences (N-TIDIGITS18-like, `brainsnn.data.band_bursts`), and the
paper's real recordings read from ``data_dir`` (`brainsnn.data.event_sets`: N-MNIST, DVS Gesture, N-TIDIGITS18).

Each sample is a ``(T, C)`` 0/1 array over 1-ms steps. Saccade events of ``h x w`` images fill
``C = 2 (h + 6) (w + 6)`` channels (OFF then ON, row-major pixels) over ``T = 3 steps_per_saccade`` steps; the real
N-MNIST recordings fill their 2 x 34 x 34 channels in the same order over the same ``T``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from brainsnn.config import StudyConfig
from brainsnn.data import load_dataset, simulate_saccades
from brainsnn.data.band_bursts import N_CLASSES, band_burst_set
from brainsnn.data.event_sets import EventSamples, load_dvs_gesture, load_n_tidigits, load_nmnist
from brainsnn.data.saccade_events import SACCADE_SPAN

#: Event sets: saccade events of an image data set (``saccade-<images>``), band-burst sequences, the real recordings.
EVENT_SETS = ("saccade-digits", "saccade-fashion-mnist", "saccade-mnist", "band-bursts", "nmnist", "dvs-gesture",
              "n-tidigits")
#: The event sets read from the paper's recordings, with their loaders.
REAL_SETS = {"nmnist": load_nmnist, "dvs-gesture": load_dvs_gesture, "n-tidigits": load_n_tidigits}


@dataclass(frozen=True)
class EventSet:
    """Train and test samples ``(n, T, C)`` (uint8 arrays or `EventSamples`) with labels ``(n,)``."""

    name: str
    x_train: np.ndarray | EventSamples
    y_train: np.ndarray
    x_test: np.ndarray | EventSamples
    y_test: np.ndarray

    @property
    def shape(self) -> tuple[int, int, int]:
        """``(steps, channels, classes)``."""
        return self.x_train.shape[1], self.x_train.shape[2], int(max(self.y_train.max(), self.y_test.max())) + 1


def saccade_frames(images: np.ndarray, steps_per_saccade: int) -> EventSamples:
    """Saccade events of ``(n, h, w)`` images as samples of ``3 steps_per_saccade`` steps and ``2 (h + 6) (w + 6)``
    channels (OFF then ON, row-major pixels)."""
    n, height, width = images.shape
    rows, columns = height + SACCADE_SPAN, width + SACCADE_SPAN
    samples = simulate_saccades(images, steps_per_saccade=steps_per_saccade)
    events = [np.stack([t, polarity * rows * columns + y * columns + x], axis=1)
              for t, x, y, polarity in (sample.T for sample in samples)]
    return EventSamples(events, 3 * steps_per_saccade, 2 * rows * columns)


def load_event_set(name: str, config: StudyConfig) -> EventSet:
    """The event set ``name`` (one of `EVENT_SETS`) at the sizes and seed of the study's `Config` (a real set: at
    most ``n_train`` / ``n_test`` samples, class-stratified)."""
    n_train, n_test, seed = config["n_train"], config["n_test"], config["seed"]
    if name in REAL_SETS:
        keywords = {"steps": config.sample_steps(name), **({"pool": config["gesture_pool"]} if name == "dvs-gesture"
                                                            else {})}
        (x_train, y_train), (x_test, y_test) = (
            REAL_SETS[name](config["data_dir"], split, n=n, seed=seed, **keywords)
            for split, n in (("train", n_train), ("test", n_test)))
        return EventSet(name, x_train, y_train, x_test, y_test)
    if name == "band-bursts":
        keywords = {"n_channels": config["burst_channels"], "steps": config["burst_steps"]}
        x_train, y_train = band_burst_set(n_train, N_CLASSES, seed=2 * seed, **keywords)
        x_test, y_test = band_burst_set(n_test, N_CLASSES, seed=2 * seed + 1, **keywords)
        return EventSet(name, x_train, y_train, x_test, y_test)
    images = load_dataset(name.removeprefix("saccade-"), config["data_dir"], n_train=n_train, n_test=n_test,
                          seed=seed)
    frames = [saccade_frames(x.reshape(-1, *images.shape), config["steps_per_saccade"])
              for x in (images.x_train, images.x_test)]
    return EventSet(name, frames[0], images.y_train, frames[1], images.y_test)
