"""Readers of the event-camera and silicon-cochlea recordings Spikemax (Shrestha, Zhu & Sun) trains on.

The recordings cannot be downloaded on the build machine; these readers let a user with the files run on them.
Every reader returns events as an ``(n, 4)`` int64 array of rows ``(t_us, x, y, polarity)`` (N-MNIST, DVS Gesture)
or ``(n, 2)`` rows ``(t_us, channel)`` (N-TIDIGITS18), in file order, and raises `ConfigError` naming the fix for a
missing or malformed file.

* **N-MNIST** ``.bin`` (Orchard et al. 2015): 5 bytes (40 bits) per event, big-endian fields: bits 39-32 x,
  31-24 y, bit 23 polarity, bits 22-0 timestamp (us). A row with y = 240 is not an event but a timestamp
  overflow marker: every later timestamp gains 2^13 us (the dataset's own reader does this).
* **DVS Gesture** AEDAT 3.1 (iniVation's format, Amir et al. 2017): text header lines starting with ``#``,
  the last ``#!END-HEADER\\r\\n``; then packets, each a 28-byte little-endian header (int16 eventType, int16
  eventSource, int32 eventSize, eventTSOffset, eventTSOverflow, eventCapacity, eventNumber, eventValid) and
  ``eventNumber`` events of ``eventSize`` bytes. Polarity events (eventType 1, 8 bytes): uint32 data (bit 0
  valid, bit 1 polarity, bits 2-16 y, bits 17-31 x) and int32 timestamp; the time is
  ``eventTSOverflow * 2^31 + timestamp`` (us). Invalid events and other packet types are skipped. Each recording's
  ``*_labels.csv`` lists ``class, startTime_usec, endTime_usec`` (`read_gesture_labels`).
* **N-TIDIGITS18** ``n-tidigits.hdf5`` (Anumula et al. 2018): datasets ``{train,test}_labels`` (sample ids such
  as ``"man-ae-1a"``, whose last part is the spoken digit string) and groups ``{train,test}_addresses`` /
  ``{train,test}_timestamps`` holding, per sample id, the channel (0-63) and time (s) of every spike. Needs
  h5py (``pip install h5py``). `tidigits_class` maps an isolated digit to the 11 classes (1-9, zero = 0, oh = 10).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from brainsnn.errors import ConfigError

NMNIST_OVERFLOW_Y = 240
NMNIST_OVERFLOW_US = 2**13
AEDAT_HEADER_END = b"#!END-HEADER\r\n"
AEDAT_PACKET_HEADER = np.dtype([("type", "<i2"), ("source", "<i2"), ("size", "<i4"), ("ts_offset", "<i4"),
                                ("ts_overflow", "<i4"), ("capacity", "<i4"), ("number", "<i4"), ("valid", "<i4")])
AEDAT_POLARITY = 1
TIDIGITS_CLASSES = {"z": 0, **{str(d): d for d in range(1, 10)}, "o": 10}


def _read_bytes(path: str | Path, what: str) -> bytes:
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{what} file {str(path)!r} does not exist; pass the path of a downloaded {what} file")
    return path.read_bytes()


def read_nmnist_bin(path: str | Path) -> np.ndarray:
    """Events ``(t_us, x, y, polarity)`` of one N-MNIST ``.bin`` file (module docstring), overflow markers applied."""
    raw = np.frombuffer(_read_bytes(path, "N-MNIST .bin"), dtype=np.uint8)
    if raw.size % 5:
        raise ConfigError(f"{path}: {raw.size} bytes is not a whole number of 5-byte N-MNIST events; the file is "
                          "truncated or not an N-MNIST .bin file (download it again)")
    fields = raw.reshape(-1, 5).astype(np.int64)
    x, y = fields[:, 0], fields[:, 1]
    polarity = fields[:, 2] >> 7
    t = ((fields[:, 2] & 127) << 16) | (fields[:, 3] << 8) | fields[:, 4]
    overflow = y == NMNIST_OVERFLOW_Y
    t = t + NMNIST_OVERFLOW_US * np.cumsum(overflow)
    return np.stack([t, x, y, polarity], axis=1)[~overflow]


def read_aedat31(path: str | Path) -> np.ndarray:
    """Valid polarity events ``(t_us, x, y, polarity)`` of one AEDAT 3.1 file (module docstring)."""
    data = _read_bytes(path, "AEDAT 3.1")
    if not data.startswith(b"#!AER-DAT3"):
        raise ConfigError(f"{path} does not start with '#!AER-DAT3.1'; it is not an AEDAT 3.1 file (DVS Gesture "
                          "ships .aedat files of version 3.1)")
    end = data.find(AEDAT_HEADER_END)
    if end < 0:
        raise ConfigError(f"{path}: no '#!END-HEADER' line; the file is truncated (download it again)")
    offset, parts = end + len(AEDAT_HEADER_END), []
    while offset < len(data):
        if offset + AEDAT_PACKET_HEADER.itemsize > len(data):
            raise ConfigError(f"{path}: truncated packet header at byte {offset} (download the file again)")
        header = np.frombuffer(data, AEDAT_PACKET_HEADER, count=1, offset=offset)[0]
        offset += AEDAT_PACKET_HEADER.itemsize
        length = int(header["size"]) * int(header["number"])
        if header["size"] < 0 or header["number"] < 0 or offset + length > len(data):
            raise ConfigError(f"{path}: packet at byte {offset - AEDAT_PACKET_HEADER.itemsize} runs past the end of "
                              "the file (truncated; download it again)")
        if header["type"] == AEDAT_POLARITY:
            if header["size"] != 8:
                raise ConfigError(f"{path}: polarity events of {header['size']} bytes, expected 8 (not AEDAT 3.1)")
            events = np.frombuffer(data, np.dtype([("data", "<u4"), ("t", "<i4")]), count=int(header["number"]),
                                   offset=offset)
            word = events["data"].astype(np.int64)
            valid = (word & 1) == 1
            t = (int(header["ts_overflow"]) << 31) + events["t"].astype(np.int64)
            parts.append(np.stack([t, (word >> 17) & 0x7FFF, (word >> 2) & 0x7FFF, (word >> 1) & 1], axis=1)[valid])
        offset += length
    return np.concatenate(parts) if parts else np.zeros((0, 4), dtype=np.int64)


def read_gesture_labels(path: str | Path) -> np.ndarray:
    """Rows ``(class, start_us, end_us)`` of a DVS Gesture ``*_labels.csv`` file (classes 1-11 as in the file)."""
    lines = _read_bytes(path, "DVS Gesture labels CSV").decode("ascii", errors="replace").split()
    try:
        rows = [[int(value) for value in line.split(",")] for line in lines[1:]]
    except ValueError:
        raise ConfigError(f"{path}: expected a header line and rows 'class,startTime_usec,endTime_usec'") from None
    if any(len(row) != 3 for row in rows):
        raise ConfigError(f"{path}: expected three columns class,startTime_usec,endTime_usec in every row")
    return np.array(rows, dtype=np.int64).reshape(-1, 3)


def read_tidigits_hdf5(path: str | Path, split: str = "train") -> dict[str, np.ndarray]:
    """Every sample of ``split`` ("train" or "test") of ``n-tidigits.hdf5``: sample id -> ``(t_us, channel)`` rows."""
    if split not in ("train", "test"):
        raise ConfigError(f"split must be 'train' or 'test', got {split!r}")
    try:
        import h5py
    except ModuleNotFoundError:
        raise ConfigError("reading N-TIDIGITS18 needs h5py: pip install h5py") from None
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"N-TIDIGITS18 file {str(path)!r} does not exist; pass the path of n-tidigits.hdf5")
    try:
        with h5py.File(path, "r") as file:
            samples = {}
            for raw_id in file[f"{split}_labels"][()]:
                sample_id = raw_id.decode() if isinstance(raw_id, bytes) else str(raw_id)
                t = np.round(np.asarray(file[f"{split}_timestamps"][sample_id][()], dtype=np.float64) * 1e6)
                channel = np.asarray(file[f"{split}_addresses"][sample_id][()], dtype=np.int64)
                samples[sample_id] = np.stack([t.astype(np.int64), channel], axis=1)
    except (OSError, KeyError) as error:
        raise ConfigError(f"{path} is not a readable n-tidigits.hdf5 ({error}); download it again") from None
    return samples


def tidigits_class(sample_id: str) -> int | None:
    """Class 0-10 of an isolated-digit sample id (``"...-<digit><take>"``), ``None`` for a digit sequence."""
    spoken = sample_id.rsplit("-", 1)[-1][:-1]
    return TIDIGITS_CLASSES.get(spoken) if len(spoken) == 1 else None
