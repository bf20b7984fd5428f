"""The two event sets of the study, both documented stand-ins: saccade events of real images (N-MNIST-like,
`brainsnn.data.saccade_events`) and band-burst sequences (N-TIDIGITS18-like, `brainsnn.data.band_bursts`).

Each sample is a ``(T, C)`` 0/1 array over 1-ms steps. Saccade events of ``h x w`` images fill
``C = 2 (h + 6) (w + 6)`` channels (OFF then ON, row-major pixels) over ``T = 3 steps_per_saccade`` steps.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from brainsnn.data import load_dataset, simulate_saccades
from brainsnn.data.band_bursts import N_CLASSES, band_burst_set
from brainsnn.data.saccade_events import SACCADE_SPAN

#: Event sets: saccade events of an image data set (``saccade-<images>``) or band-burst sequences.
EVENT_SETS = ("saccade-digits", "saccade-fashion-mnist", "saccade-mnist", "band-bursts")


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


class EventSamples:
    """``(n, T, C)`` 0/1 samples kept as each sample's ``(step, channel)`` spike indices; indexing (an integer
    array or a slice) returns the dense ``uint8`` samples, so 60 000 saccade samples need not be dense at once."""

    def __init__(self, events: list[np.ndarray], steps: int, channels: int) -> None:
        self.events, self.shape = events, (len(events), steps, channels)

    def __len__(self) -> int:
        return len(self.events)

    def __getitem__(self, index) -> np.ndarray:
        chosen = np.arange(len(self.events))[index]
        dense = np.zeros((len(chosen), *self.shape[1:]), dtype=np.uint8)
        for row, sample in enumerate(chosen):
            dense[row, self.events[sample][:, 0], self.events[sample][:, 1]] = 1
        return dense


def saccade_frames(images: np.ndarray, steps_per_saccade: int) -> EventSamples:
    """Saccade events of ``(n, h, w)`` images as samples of ``3 steps_per_saccade`` steps and ``2 (h + 6) (w + 6)``
    channels (OFF then ON, row-major pixels)."""
    n, height, width = images.shape
    rows, columns = height + SACCADE_SPAN, width + SACCADE_SPAN
    samples = simulate_saccades(images, steps_per_saccade=steps_per_saccade)
    events = [np.stack([t, polarity * rows * columns + y * columns + x], axis=1)
              for t, x, y, polarity in (sample.T for sample in samples)]
    return EventSamples(events, 3 * steps_per_saccade, 2 * rows * columns)


def load_event_set(name: str, config: Mapping[str, Any]) -> EventSet:
    """The event set ``name`` (one of `EVENT_SETS`) at the configuration's sizes and seed."""
    n_train, n_test, seed = config["n_train"], config["n_test"], config["seed"]
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
