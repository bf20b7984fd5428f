"""Whole real event data sets read from a data folder into binned 0/1 samples ``(n, T, C)`` (`EventSamples`).

Each loader returns one split (``"train"`` or ``"test"``) as ``(samples, labels)``. An event at ``t`` us after the
sample's start falls in time bin ``floor(t / (1000 bin_ms))``; the first ``steps`` bins are kept and a channel
spikes (1) in a bin if it has any event there. ``n`` keeps a seeded class-stratified subset
(`brainsnn.data.subsets`) of at most ``n`` samples, drawn from the labels before any recording is read (``None``
or ``n`` >= the split's size: all). The files are read with `brainsnn.data.event_files`. The folders, inside the
data directory ``DIR`` (``data_dir=``, else ``$BRAINSNN_DATA``), are the published ones:

* **N-MNIST** (`load_nmnist`; Orchard et al. 2015): ``DIR/N-MNIST/Train/<digit>/<id>.bin`` and
  ``DIR/N-MNIST/Test/<digit>/<id>.bin`` (``Train.zip`` / ``Test.zip`` unpacked). Time from the recording's start;
  ``2 * 34 * 34`` channels ``polarity * 34 * 34 + y * 34 + x``: OFF then ON, row-major pixels, as the saccade
  stand-in (`brainsnn.data.saccade_events`).
* **DVS Gesture** (`load_dvs_gesture`; Amir et al. 2017): ``DIR/DvsGesture/user<NN>_<lighting>.aedat``, beside each
  ``user<NN>_<lighting>_labels.csv``, and ``trials_to_train.txt`` / ``trials_to_test.txt``, which list the
  ``.aedat`` files of each split (``DvsGesture.tar.gz`` unpacked). Every labelled segment is one sample: its events
  from ``startTime_usec`` (time 0) to ``endTime_usec``, class 1-11 -> 0-10, the 128 x 128 pixels pooled
  ``pool x pool`` (a spike if any pixel of the block has an event): ``2 * side^2`` channels
  ``polarity * side^2 + (y // pool) * side + x // pool``, ``side = 128 / pool``.
* **N-TIDIGITS18** (`load_n_tidigits`; Anumula et al. 2018): ``DIR/N-TIDIGITS18/n-tidigits.hdf5`` (needs h5py).
  Single-digit samples only (`tidigits_class`: 11 classes), 64 channels, time from the sample's start. The reader
  reads the whole split, so here the subset is drawn after reading.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

from brainsnn.data.data_dir import resolve_data_dir
from brainsnn.data.event_files import (
    read_aedat31,
    read_gesture_labels,
    read_nmnist_bin,
    read_tidigits_hdf5,
    tidigits_class,
)
from brainsnn.data.subsets import stratified_subset
from brainsnn.errors import ConfigError

NMNIST_SIDE = 34
GESTURE_SIDE = 128
TIDIGITS_CHANNELS = 64
SPLITS = ("train", "test")
#: The folder of each data set inside the data directory, its layout and where to get it.
LAYOUTS = {
    "N-MNIST": ("N-MNIST/{Train,Test}/<digit>/<id>.bin",
                "Train.zip and Test.zip from https://www.garrickorchard.com/datasets/n-mnist"),
    "DvsGesture": ("DvsGesture/user*_*.aedat with user*_*_labels.csv, trials_to_train.txt and trials_to_test.txt",
                   "DvsGesture.tar.gz from https://research.ibm.com/interactive/dvsgesture/"),
    "N-TIDIGITS18": ("N-TIDIGITS18/n-tidigits.hdf5",
                     "n-tidigits.hdf5 from the N-TIDIGITS18 entry of https://sensors.ini.uzh.ch/databases.html"),
}


class EventSamples:
    """``(n, T, C)`` 0/1 samples kept as each sample's ``(step, channel)`` spike indices; indexing (an integer
    array or a slice) returns the dense ``uint8`` samples, so that large sets need not be dense at once."""

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


def _binned(samples: Iterable[tuple[np.ndarray, np.ndarray]], bin_ms: float, steps: int, channels: int,
           what: str) -> EventSamples:
    """`EventSamples` of samples given as event times (us from the sample's start) and channels."""
    if not bin_ms > 0 or steps < 1:
        raise ConfigError(f"need bin_ms > 0 and steps >= 1, got bin_ms={bin_ms!r}, steps={steps!r}")
    events = []
    for t_us, channel in samples:
        step = np.floor(t_us / (1000.0 * bin_ms)).astype(np.int64)
        if np.any((channel < 0) | (channel >= channels)):
            raise ConfigError(f"{what}: an event outside the {channels} channels; the file is not {what} data")
        keep = (step >= 0) & (step < steps)
        events.append(np.unique(np.stack([step[keep], channel[keep]], axis=1), axis=0))
    return EventSamples(events, steps, channels)


def _pixel_channels(x: np.ndarray, y: np.ndarray, polarity: np.ndarray, side: int, pool: int, what: str) -> np.ndarray:
    """Channels ``polarity * blocks^2 + (y // pool) * blocks + x // pool`` (``blocks = side // pool``) of events on
    a ``side x side`` sensor: OFF then ON, row-major ``pool x pool`` blocks."""
    if np.any((x < 0) | (x >= side) | (y < 0) | (y >= side) | (polarity < 0) | (polarity > 1)):
        raise ConfigError(f"{what}: an event outside the {side}x{side} sensor; the file is not {what} data")
    blocks = side // pool
    return polarity * blocks * blocks + (y // pool) * blocks + x // pool


def _folder(data_dir: str | Path | None, name: str) -> Path:
    layout, source = LAYOUTS[name]
    how = f"unpack {source} so that DIR holds {layout}"
    folder = resolve_data_dir(data_dir, name, how) / name
    if not folder.is_dir():
        raise ConfigError(f"no folder {folder}: {how.replace('DIR', str(folder.parent))}")
    return folder


def _split(split: str) -> str:
    if split not in SPLITS:
        raise ConfigError(f"split must be 'train' or 'test', got {split!r}")
    return split


def _subset(labels: np.ndarray, n: int | None, seed: int) -> np.ndarray:
    """Indices of at most ``n`` samples, class-stratified (all for ``None`` or ``n >= len(labels)``)."""
    if n is None or n >= len(labels):
        return np.arange(len(labels))
    return stratified_subset(labels, n, seed)


def load_nmnist(data_dir: str | Path | None, split: str, *, n: int | None = None, seed: int = 0,
                bin_ms: float = 1.0, steps: int = 300) -> tuple[EventSamples, np.ndarray]:
    """One split of N-MNIST (module docstring): ``steps`` bins of ``bin_ms``, 2 x 34 x 34 channels, digits 0-9."""
    root = _folder(data_dir, "N-MNIST") / _split(split).capitalize()
    files = sorted(root.glob("[0-9]/*.bin"))
    if not files:
        raise ConfigError(f"no N-MNIST recordings in {root}: expected {root}/<digit>/<id>.bin "
                          f"({LAYOUTS['N-MNIST'][1]})")
    labels = np.array([int(path.parent.name) for path in files])
    keep = _subset(labels, n, seed)
    events = (read_nmnist_bin(files[k]).T for k in keep)
    samples = ((t, _pixel_channels(x, y, polarity, NMNIST_SIDE, 1, "N-MNIST")) for t, x, y, polarity in events)
    return _binned(samples, bin_ms, steps, 2 * NMNIST_SIDE**2, "N-MNIST"), labels[keep]


def load_dvs_gesture(data_dir: str | Path | None, split: str, *, n: int | None = None, seed: int = 0,
                     bin_ms: float = 1.0, steps: int = 1450, pool: int = 4) -> tuple[EventSamples, np.ndarray]:
    """One split of DVS Gesture (module docstring): every labelled segment, ``steps`` bins of ``bin_ms`` from its
    start, pixels pooled ``pool x pool`` (2 x 32 x 32 channels for 4), classes 0-10."""
    if pool < 1 or GESTURE_SIDE % pool:
        raise ConfigError(f"pool must divide {GESTURE_SIDE}, got {pool}")
    root = _folder(data_dir, "DvsGesture")
    trial_list = root / f"trials_to_{_split(split)}.txt"
    if not trial_list.is_file():
        raise ConfigError(f"no {trial_list}: DVS Gesture's split files trials_to_train.txt and trials_to_test.txt "
                          f"belong in {root} ({LAYOUTS['DvsGesture'][1]})")
    trials = [root / line.strip() for line in trial_list.read_text().splitlines() if line.strip()]
    segments = [(trial, row) for trial in trials
                for row in read_gesture_labels(trial.with_name(trial.stem + "_labels.csv"))]
    labels = np.array([row[0] - 1 for _, row in segments], dtype=np.int64)
    keep = _subset(labels, n, seed)

    def cut():
        recording, events = None, None
        for k in keep:  # segments of one trial are consecutive: each recording is read once
            trial, (_, start, end) = segments[k]
            if trial != recording:
                recording, events = trial, read_aedat31(trial)
            t, x, y, polarity = events[(events[:, 0] >= start) & (events[:, 0] < end)].T
            yield t - start, _pixel_channels(x, y, polarity, GESTURE_SIDE, pool, "DVS Gesture")

    return _binned(cut(), bin_ms, steps, 2 * (GESTURE_SIDE // pool) ** 2, "DVS Gesture"), labels[keep]


def load_n_tidigits(data_dir: str | Path | None, split: str, *, n: int | None = None, seed: int = 0,
                    bin_ms: float = 1.0, steps: int = 2500) -> tuple[EventSamples, np.ndarray]:
    """The single-digit samples of one split of N-TIDIGITS18 (module docstring): ``steps`` bins of ``bin_ms``,
    64 channels, classes 0-10."""
    path = _folder(data_dir, "N-TIDIGITS18") / "n-tidigits.hdf5"
    if not path.is_file():
        raise ConfigError(f"no {path}: expected {LAYOUTS['N-TIDIGITS18'][0]} ({LAYOUTS['N-TIDIGITS18'][1]})")
    recordings = read_tidigits_hdf5(path, _split(split))
    digits = [(events, tidigits_class(sample_id)) for sample_id, events in recordings.items()]
    digits = [(events, label) for events, label in digits if label is not None]
    labels = np.array([label for _, label in digits], dtype=np.int64)
    keep = _subset(labels, n, seed)
    samples = (digits[k][0].T for k in keep)
    return _binned(samples, bin_ms, steps, TIDIGITS_CHANNELS, "N-TIDIGITS18"), labels[keep]
