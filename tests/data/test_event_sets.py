"""Whole real event sets read from fixture folders in the published layouts, files written byte for byte from each
format's specification; binning checked against samples counted by hand."""

import importlib.util
import struct

import numpy as np
import pytest

from brainsnn.data import event_sets
from brainsnn.data.event_sets import load_dvs_gesture, load_n_tidigits, load_nmnist
from brainsnn.data.subsets import stratified_subset
from brainsnn.errors import ConfigError

NO_H5PY = importlib.util.find_spec("h5py") is None


def nmnist_bytes(events):
    """40 bits per event (x, y, polarity, t_us): x (8), y (8), polarity (1), timestamp (23), big-endian."""
    return b"".join(((x << 32) | (y << 24) | (p << 23) | t).to_bytes(5, "big") for x, y, p, t in events)


def aedat_bytes(events):
    """AEDAT 3.1: header lines, one polarity packet (28-byte header), 8 bytes per valid event (x, y, polarity, t)."""
    body = b"".join(struct.pack("<Ii", (x << 17) | (y << 2) | (p << 1) | 1, t) for x, y, p, t in events)
    header = struct.pack("<hhiiiiii", 1, 1, 8, 4, 0, len(events), len(events), len(events))
    return b"#!AER-DAT3.1\r\n#!END-HEADER\r\n" + header + body


def dense(steps, channels, spikes):
    sample = np.zeros((steps, channels), dtype=np.uint8)
    for step, channel in spikes:
        sample[step, channel] = 1
    return sample


def test_nmnist_bins_channels_and_labels_by_hand(tmp_path):
    folder = tmp_path / "N-MNIST" / "Train"
    (folder / "3").mkdir(parents=True)
    (folder / "7").mkdir()
    # two events of one pixel in bin 0 make one spike; t = 5000 us lies past 5 bins of 1 ms
    (folder / "3" / "00002.bin").write_bytes(nmnist_bytes([(0, 0, 0, 0), (0, 0, 0, 999), (33, 33, 1, 1000),
                                                           (1, 2, 1, 2500), (4, 4, 0, 5000)]))
    (folder / "7" / "00001.bin").write_bytes(nmnist_bytes([(2, 0, 0, 4999)]))
    x, y = load_nmnist(tmp_path, "train", steps=5)
    assert x.shape == (2, 5, 2312) and y.tolist() == [3, 7]
    on = 34 * 34
    np.testing.assert_array_equal(x[:], [dense(5, 2312, [(0, 0), (1, on + 33 * 34 + 33), (2, on + 2 * 34 + 1)]),
                                         dense(5, 2312, [(4, 2)])])
    x, _ = load_nmnist(tmp_path, "train", steps=5, bin_ms=2.5)  # 2.5-ms bins: 1000 us in bin 0, 2500 and 4999 in 1
    np.testing.assert_array_equal(x[:], [dense(5, 2312, [(0, 0), (0, on + 33 * 34 + 33), (1, on + 2 * 34 + 1),
                                                         (2, 4 * 34 + 4)]), dense(5, 2312, [(1, 2)])])


def test_nmnist_subset_is_stratified_and_reads_only_the_chosen_files(tmp_path, monkeypatch):
    labels = [0] * 6 + [1] * 3 + [2] * 3
    for k, digit in enumerate(labels):
        (tmp_path / "N-MNIST" / "Test" / str(digit)).mkdir(parents=True, exist_ok=True)
        (tmp_path / "N-MNIST" / "Test" / str(digit) / f"{k:05d}.bin").write_bytes(nmnist_bytes([(k, 0, 0, 0)]))
    read, reader = [], event_sets.read_nmnist_bin
    monkeypatch.setattr(event_sets, "read_nmnist_bin", lambda path: read.append(path) or reader(path))
    x, y = load_nmnist(tmp_path, "test", n=4, seed=5, steps=1)
    chosen = stratified_subset(np.array(labels), 4, seed=5)
    assert sorted(y.tolist()) == [0, 0, 1, 2] and len(read) == 4
    assert [path.name for path in read] == [f"{k:05d}.bin" for k in chosen]
    assert x[:].nonzero()[2].tolist() == chosen.tolist()  # file k's event is at pixel (k, 0)
    assert len(load_nmnist(tmp_path, "test", n=50, steps=1)[1]) == 12  # n beyond the split: all


def test_missing_folders_name_the_layout_and_the_source(tmp_path, monkeypatch):
    monkeypatch.delenv("BRAINSNN_DATA", raising=False)
    with pytest.raises(ConfigError, match=r"pass --data-dir DIR .* N-MNIST/\{Train,Test\}/<digit>/<id>\.bin"):
        load_nmnist(None, "train")
    with pytest.raises(ConfigError, match=r"no folder .*N-MNIST: unpack .*garrickorchard.* holds N-MNIST/"):
        load_nmnist(tmp_path, "train")
    (tmp_path / "N-MNIST" / "Train").mkdir(parents=True)
    with pytest.raises(ConfigError, match=r"no N-MNIST recordings in .*Test: expected .*<digit>/<id>\.bin"):
        load_nmnist(tmp_path, "test")
    with pytest.raises(ConfigError, match="split must be 'train' or 'test'"):
        load_nmnist(tmp_path, "validation")
    with pytest.raises(ConfigError, match=r"no folder .*DvsGesture: unpack DvsGesture\.tar\.gz .*trials_to_train\.txt"):
        load_dvs_gesture(tmp_path, "train")
    (tmp_path / "DvsGesture").mkdir()
    with pytest.raises(ConfigError, match=r"no .*trials_to_test\.txt: DVS Gesture's split files"):
        load_dvs_gesture(tmp_path, "test")
    (tmp_path / "N-TIDIGITS18").mkdir()
    with pytest.raises(ConfigError, match=r"no .*N-TIDIGITS18/n-tidigits\.hdf5: expected"):
        load_n_tidigits(tmp_path, "train")


def test_an_event_outside_the_sensor_is_refused(tmp_path):
    (tmp_path / "N-MNIST" / "Train" / "1").mkdir(parents=True)
    (tmp_path / "N-MNIST" / "Train" / "1" / "1.bin").write_bytes(nmnist_bytes([(34, 0, 1, 0)]))
    with pytest.raises(ConfigError, match="an event outside the 34x34 sensor"):
        load_nmnist(tmp_path, "train")  # x = 34 of row 0 would otherwise pass for x = 0 of row 1


@pytest.fixture
def gesture_folder(tmp_path):
    folder = tmp_path / "DvsGesture"
    folder.mkdir()
    (folder / "trials_to_train.txt").write_text("user01_fluorescent.aedat\n\n")
    (folder / "trials_to_test.txt").write_text("user24_led.aedat\n")
    # segment 1: class 3 over [1000, 5000) us; segment 2: class 11 from 5000 us; the event at 500 us is in neither
    (folder / "user01_fluorescent.aedat").write_bytes(aedat_bytes([
        (9, 9, 1, 500), (127, 0, 1, 1000), (5, 9, 0, 2999), (4, 8, 0, 3100), (0, 0, 1, 5000), (64, 127, 0, 8000)]))
    (folder / "user01_fluorescent_labels.csv").write_text("class,startTime_usec,endTime_usec\n3,1000,5000\n"
                                                          "11,5000,9000\n")
    (folder / "user24_led.aedat").write_bytes(aedat_bytes([(1, 1, 1, 100)]))
    (folder / "user24_led_labels.csv").write_text("class,startTime_usec,endTime_usec\n1,0,200\n")
    return tmp_path


def test_dvs_gesture_segments_split_and_pooling_by_hand(gesture_folder):
    x, y = load_dvs_gesture(gesture_folder, "train", steps=3)
    assert x.shape == (2, 3, 2048) and y.tolist() == [2, 10]
    on = 32 * 32  # 4x4 pooling: pixel (x, y) -> block (x // 4, y // 4) of 32x32
    # the second segment's event at 8000 us is 3000 us into it: past 3 bins
    np.testing.assert_array_equal(x[:], [dense(3, 2048, [(0, on + 31), (1, 2 * 32 + 1), (2, 2 * 32 + 1)]),
                                         dense(3, 2048, [(0, on)])])
    x, y = load_dvs_gesture(gesture_folder, "test", steps=1, pool=1)
    assert y.tolist() == [0]
    np.testing.assert_array_equal(x[:1][0], dense(1, 2 * 128 * 128, [(0, 128 * 128 + 128 + 1)]))
    with pytest.raises(ConfigError, match="pool must divide 128"):
        load_dvs_gesture(gesture_folder, "test", pool=3)


@pytest.mark.skipif(not NO_H5PY, reason="h5py is installed: its absence cannot be tested")
def test_n_tidigits_without_h5py_names_the_install(tmp_path):
    (tmp_path / "N-TIDIGITS18").mkdir()
    (tmp_path / "N-TIDIGITS18" / "n-tidigits.hdf5").write_bytes(b"")
    with pytest.raises(ConfigError, match="pip install h5py"):
        load_n_tidigits(tmp_path, "train")


def test_n_tidigits_keeps_single_digits(tmp_path):
    h5py = pytest.importorskip("h5py")
    (tmp_path / "N-TIDIGITS18").mkdir()
    with h5py.File(tmp_path / "N-TIDIGITS18" / "n-tidigits.hdf5", "w") as file:
        samples = {"man-ae-3a": ([0.0, 0.0015, 0.0019], [63, 5, 5]), "man-ae-34a": ([0.0], [1]),
                   "woman-cd-ob": ([0.0021], [0])}
        file["train_labels"] = [name.encode() for name in samples]
        for name, (t, channel) in samples.items():
            file[f"train_timestamps/{name}"] = np.array(t)
            file[f"train_addresses/{name}"] = np.array(channel)
    x, y = load_n_tidigits(tmp_path, "train", steps=3)
    assert y.tolist() == [3, 10] and x.shape == (2, 3, 64)
    np.testing.assert_array_equal(x[:], [dense(3, 64, [(0, 63), (1, 5)]), dense(3, 64, [(2, 0)])])
