"""The event-file readers on small files written here byte for byte from each format's specification."""

import struct

import pytest

from brainsnn.data.event_files import (
    read_aedat31,
    read_gesture_labels,
    read_nmnist_bin,
    read_tidigits_hdf5,
    tidigits_class,
)
from brainsnn.errors import ConfigError


def nmnist_event(x, y, polarity, t):
    """40 bits: x (8), y (8), polarity (1), timestamp (23), most significant byte first."""
    word = (x << 32) | (y << 24) | (polarity << 23) | t
    return word.to_bytes(5, "big")


def test_nmnist_bin_fields_and_overflow_markers(tmp_path):
    path = tmp_path / "00001.bin"
    path.write_bytes(nmnist_event(3, 33, 1, 8191) + nmnist_event(0, 240, 0, 0) + nmnist_event(33, 0, 0, 5)
                     + nmnist_event(12, 7, 1, 2**23 - 1))
    events = read_nmnist_bin(path)
    assert events.tolist() == [[8191, 3, 33, 1], [8192 + 5, 33, 0, 0], [8192 + 2**23 - 1, 12, 7, 1]]


def test_nmnist_bin_rejects_truncated_and_missing_files(tmp_path):
    path = tmp_path / "bad.bin"
    path.write_bytes(nmnist_event(1, 1, 1, 1)[:4])
    with pytest.raises(ConfigError, match="5-byte N-MNIST events"):
        read_nmnist_bin(path)
    with pytest.raises(ConfigError, match="does not exist"):
        read_nmnist_bin(tmp_path / "none.bin")


def aedat_packet(event_type, events, overflow=0, size=8):
    """28-byte little-endian header, then the events (data word, timestamp)."""
    body = b"".join(struct.pack("<Ii", data, t) for data, t in events)
    return struct.pack("<hhiiiiii", event_type, 1, size, 4, overflow, len(events), len(events), len(events)) + body


def polarity_word(x, y, polarity, valid=1):
    return (x << 17) | (y << 2) | (polarity << 1) | valid


def test_aedat31_polarity_events_skip_invalid_and_other_packets(tmp_path):
    header = b"#!AER-DAT3.1\r\n#Format: RAW\r\n#Source 1: DVS128\r\n#!END-HEADER\r\n"
    special = struct.pack("<hhiiiiii", 0, 1, 8, 4, 0, 1, 1, 1) + struct.pack("<Ii", 7, 99)
    packets = (aedat_packet(1, [(polarity_word(127, 0, 1), 10), (polarity_word(5, 6, 0, valid=0), 11)]) + special
               + aedat_packet(1, [(polarity_word(0, 127, 0), 20)], overflow=2))
    path = tmp_path / "user01_fluorescent.aedat"
    path.write_bytes(header + packets)
    assert read_aedat31(path).tolist() == [[10, 127, 0, 1], [2 * 2**31 + 20, 0, 127, 0]]


def test_aedat31_rejects_other_files(tmp_path):
    path = tmp_path / "x.aedat"
    path.write_bytes(b"#!AER-DAT2.0\r\n")
    with pytest.raises(ConfigError, match="not an AEDAT 3.1 file"):
        read_aedat31(path)
    path.write_bytes(b"#!AER-DAT3.1\r\n#!END-HEADER\r\n" + aedat_packet(1, [(polarity_word(1, 1, 1), 1)])[:-3])
    with pytest.raises(ConfigError, match="runs past the end"):
        read_aedat31(path)


def test_gesture_labels(tmp_path):
    path = tmp_path / "user01_fluorescent_labels.csv"
    path.write_text("class,startTime_usec,endTime_usec\n1,80048239,85092709\n11,85092710,89000000\n")
    assert read_gesture_labels(path).tolist() == [[1, 80048239, 85092709], [11, 85092710, 89000000]]
    path.write_text("class,startTime_usec,endTime_usec\n1,2\n")
    with pytest.raises(ConfigError, match="three columns"):
        read_gesture_labels(path)


def test_tidigits_classes():
    assert [tidigits_class(name) for name in ("man-ae-1a", "woman-cf-zb", "boy-xx-oa", "man-ae-12a")] == [1, 0, 10,
                                                                                                         None]


def test_tidigits_hdf5(tmp_path):
    try:
        import h5py
    except ModuleNotFoundError:
        with pytest.raises(ConfigError, match="pip install h5py"):
            read_tidigits_hdf5(tmp_path / "n-tidigits.hdf5")
        return
    path = tmp_path / "n-tidigits.hdf5"
    with h5py.File(path, "w") as file:
        file["train_labels"] = [b"man-ae-1a"]
        file.create_group("train_addresses")["man-ae-1a"] = [3, 63]
        file.create_group("train_timestamps")["man-ae-1a"] = [0.001, 0.0125]
    assert read_tidigits_hdf5(path)["man-ae-1a"].tolist() == [[1000, 3], [12500, 63]]
