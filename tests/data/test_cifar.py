"""CIFAR loaders and downloader on small files written here in the official formats: Python 2 pickles (protocol 2,
written opcode by opcode as Python 2's cPickle writes them), 3073-byte binary records, tar.gz archives served by a
loopback HTTP server."""

import collections
import hashlib
import io
import pickle
import struct
import tarfile

import numpy as np
import pytest

from brainsnn.data.cifar import CIFAR_ARCHIVES, download_cifar, load_cifar, main
from brainsnn.data.subsets import stratified_subset
from brainsnn.errors import ConfigError

CIFAR_10_NAMES = [b"airplane", b"automobile", b"bird", b"cat", b"deer", b"dog", b"frog", b"horse", b"ship", b"truck"]


def _py2(value) -> bytes:
    """``value`` as Python 2's pickle protocol 2 writes it (str -> SHORT_BINSTRING/BINSTRING)."""
    if isinstance(value, bytes):
        return (b"U" + bytes([len(value)]) if len(value) < 256 else b"T" + struct.pack("<i", len(value))) + value
    if isinstance(value, int):
        return b"K" + bytes([value]) if 0 <= value < 256 else b"J" + struct.pack("<i", value)
    if isinstance(value, list):
        return b"](" + b"".join(_py2(item) for item in value) + b"e"
    if isinstance(value, dict):
        return b"}(" + b"".join(_py2(key) + _py2(item) for key, item in value.items()) + b"u"
    assert isinstance(value, np.ndarray) and value.dtype == np.uint8 and value.ndim == 2
    dtype = (
        b"cnumpy\ndtype\n"
        + _py2(b"u1")
        + b"K\x00K\x01\x87R(K\x03"
        + _py2(b"|")
        + b"NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb"
    )
    shape = _py2(value.shape[0]) + _py2(value.shape[1]) + b"\x86"
    return (
        b"cnumpy.core.multiarray\n_reconstruct\ncnumpy\nndarray\nK\x00\x85" + _py2(b"b") + b"\x87R"
        + b"(K\x01" + shape + dtype + b"\x89" + _py2(value.tobytes()) + b"tb"
    )  # fmt: skip


def _py2_pickle(content: dict) -> bytes:
    return b"\x80\x02" + _py2(content) + b"."


def _rows(rng, n):
    """``n`` images as CIFAR rows: 1024 red, 1024 green, 1024 blue pixels, each plane row by row."""
    return rng.integers(0, 256, (n, 3072), dtype=np.uint8)


def _assert_rows_are_images(images, rows):
    assert images.shape == (len(rows), 3, 32, 32) and images.dtype == np.uint8
    for sample in range(len(rows)):
        for channel, row, column in ((0, 0, 0), (0, 0, 31), (1, 5, 7), (2, 31, 0), (2, 31, 31)):
            assert images[sample, channel, row, column] == rows[sample, 1024 * channel + 32 * row + column]


def _cifar_10_python_files(rng, batch_size=3, test_size=4):
    """File name -> bytes of cifar-10-batches-py, and the rows/labels written."""
    files, written = {}, {}
    for name in [f"data_batch_{index}" for index in range(1, 6)] + ["test_batch"]:
        n = test_size if name == "test_batch" else batch_size
        rows, labels = _rows(rng, n), rng.integers(0, 10, n).tolist()
        content = {b"batch_label": name.encode(), b"labels": labels, b"data": rows, b"filenames": [b"x.png"] * n}
        files[name], written[name] = _py2_pickle(content), (rows, labels)
    files["batches.meta"] = _py2_pickle({b"num_cases_per_batch": batch_size, b"label_names": CIFAR_10_NAMES})
    return files, written


def _write_folder(root, folder, files):
    (root / folder).mkdir(parents=True)
    for name, content in files.items():
        (root / folder / name).write_bytes(content)


def _tar_gz(folder, files, extra=()):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, content in files.items():
            info = tarfile.TarInfo(f"{folder}/{name}")
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
        for info, content in extra:
            tar.addfile(info, io.BytesIO(content) if content is not None else None)
    return buffer.getvalue()


def test_python_cifar_10_pixels_labels_and_names(tmp_path):
    files, written = _cifar_10_python_files(np.random.default_rng(0))
    _write_folder(tmp_path, "cifar-10-batches-py", files)
    data = load_cifar("cifar-10", tmp_path, verify=False)
    train_rows = np.concatenate([written[f"data_batch_{index}"][0] for index in range(1, 6)])
    train_labels = sum((written[f"data_batch_{index}"][1] for index in range(1, 6)), [])
    _assert_rows_are_images(data.x_train, train_rows)
    _assert_rows_are_images(data.x_test, written["test_batch"][0])
    assert data.y_train.dtype == np.int64 and data.y_train.tolist() == train_labels
    assert data.y_test.tolist() == written["test_batch"][1]
    assert data.classes[0] == "airplane" and data.classes[9] == "truck" and data.n_classes == 10
    assert data.name == "cifar-10"


def test_python_cifar_100_fine_and_coarse_labels(tmp_path, monkeypatch):
    rng = np.random.default_rng(1)
    fine_names = [f"fine{index}".encode() for index in range(100)]
    coarse_names = [f"coarse{index}".encode() for index in range(20)]
    splits = {}
    for name, n in (("train", 6), ("test", 2)):
        rows, fine, coarse = _rows(rng, n), rng.integers(0, 100, n).tolist(), rng.integers(0, 20, n).tolist()
        content = {b"filenames": [b"a.png"] * n, b"batch_label": b"b", b"fine_labels": fine, b"coarse_labels": coarse}
        splits[name] = (_py2_pickle({**content, b"data": rows}), rows, fine, coarse)
    meta = _py2_pickle({b"fine_label_names": fine_names, b"coarse_label_names": coarse_names})
    _write_folder(tmp_path, "cifar-100-python", {"train": splits["train"][0], "test": splits["test"][0], "meta": meta})
    monkeypatch.setenv("BRAINSNN_DATA", str(tmp_path))
    fine = load_cifar("cifar-100", verify=False)
    _assert_rows_are_images(fine.x_train, splits["train"][1])
    assert fine.y_train.tolist() == splits["train"][2] and fine.y_test.tolist() == splits["test"][2]
    assert fine.n_classes == 100 and fine.classes[99] == "fine99"
    coarse = load_cifar("cifar-100", coarse=True, verify=False)
    assert coarse.y_test.tolist() == splits["test"][3] and coarse.classes == tuple(f"coarse{i}" for i in range(20))
    with pytest.raises(ConfigError, match="cifar-100 only"):
        load_cifar("cifar-10", tmp_path, coarse=True)


def _binary_batch(rng, n):
    labels = rng.integers(0, 10, n)
    rows = _rows(rng, n)
    return b"".join(bytes([label]) + row.tobytes() for label, row in zip(labels, rows, strict=True)), rows, labels


def test_binary_cifar_10_records(tmp_path):
    rng = np.random.default_rng(2)
    files, written = {}, {}
    for name in [f"data_batch_{index}.bin" for index in range(1, 6)] + ["test_batch.bin"]:
        files[name], *written[name] = _binary_batch(rng, 2)
    files["batches.meta.txt"] = b"\n".join(CIFAR_10_NAMES) + b"\n\n"
    _write_folder(tmp_path, "cifar-10-batches-bin", files)
    data = load_cifar("cifar-10", tmp_path)  # no published per-file digests: verify checks nothing more
    _assert_rows_are_images(data.x_test, written["test_batch.bin"][0])
    _assert_rows_are_images(data.x_train[8:], written["data_batch_5.bin"][0])
    assert data.y_train[:2].tolist() == written["data_batch_1.bin"][1].tolist()
    assert data.classes == tuple(name.decode() for name in CIFAR_10_NAMES)
    (tmp_path / "cifar-10-batches-bin" / "test_batch.bin").write_bytes(files["test_batch.bin"][:-1])
    with pytest.raises(ConfigError, match="not a whole number of 3073-byte"):
        load_cifar("cifar-10", tmp_path)


def test_verify_checks_the_published_file_md5(tmp_path):
    files, _ = _cifar_10_python_files(np.random.default_rng(3))
    _write_folder(tmp_path, "cifar-10-batches-py", files)
    with pytest.raises(ConfigError, match="corrupt or not the original.*c99cafc152244af753f735de768cd75f"):
        load_cifar("cifar-10", tmp_path)


def test_pickles_may_hold_no_other_global(tmp_path):
    files, _ = _cifar_10_python_files(np.random.default_rng(4))
    files["test_batch"] = pickle.dumps({b"data": collections.OrderedDict(), b"labels": []}, protocol=3)
    _write_folder(tmp_path, "cifar-10-batches-py", files)
    with pytest.raises(ConfigError, match="refusing to unpickle collections.OrderedDict"):
        load_cifar("cifar-10", tmp_path, verify=False)


def test_missing_files_name_the_url_and_data_dir(tmp_path, monkeypatch):
    with pytest.raises(ConfigError) as raised:
        load_cifar("cifar-100", tmp_path)
    message = str(raised.value)
    assert "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz" in message and "--data-dir" in message
    assert f"{tmp_path}/cifar-100-python/" in message
    files, _ = _cifar_10_python_files(np.random.default_rng(5))
    del files["test_batch"]
    _write_folder(tmp_path, "cifar-10-batches-py", files)
    with pytest.raises(ConfigError, match="missing cifar-10 file .*test_batch; re-extract https://.*cifar-10-python"):
        load_cifar("cifar-10", tmp_path, verify=False)
    monkeypatch.delenv("BRAINSNN_DATA", raising=False)
    with pytest.raises(ConfigError, match="--data-dir DIR .*BRAINSNN_DATA=DIR.*cifar-10-binary.tar.gz"):
        load_cifar("cifar-10")


def test_official_archives_are_the_published_ones():
    published = {
        "cifar-10-python": "c58f30108f718f92721af3b95e74349a",
        "cifar-100-python": "eb9058c3a382ffc7106e4002c42a8d85",
        "cifar-10-binary": "c32a1d4ab5d03f1284b67883e8d87530",
    }
    for name, md5 in published.items():
        assert CIFAR_ARCHIVES[name].md5 == md5
        assert CIFAR_ARCHIVES[name].url == f"https://www.cs.toronto.edu/~kriz/{name}.tar.gz"


# --- download over a loopback HTTP server ---


def _serve_archive(served, extra=()):
    files, written = _cifar_10_python_files(np.random.default_rng(6))
    archive = _tar_gz("cifar-10-batches-py", {**files, "readme.html": b"<html/>"}, extra)
    (served / "cifar-10-python.tar.gz").write_bytes(archive)
    return hashlib.md5(archive).hexdigest(), written


def test_download_extracts_verified_archive_and_loads(server, tmp_path):
    base_url, served, requests = server
    md5, written = _serve_archive(served)
    url = base_url + "cifar-10-python.tar.gz"
    folder = download_cifar("cifar-10-python", tmp_path / "data", url, md5=md5)
    assert folder == tmp_path / "data" / "cifar-10-batches-py" and requests == ["/cifar-10-python.tar.gz"]
    assert sorted(path.name for path in (tmp_path / "data").iterdir()) == ["cifar-10-batches-py"]
    assert sorted(path.name for path in folder.iterdir()) == sorted(CIFAR_ARCHIVES["cifar-10-python"].files)
    _assert_rows_are_images(load_cifar("cifar-10", tmp_path / "data", verify=False).x_test, written["test_batch"][0])
    download_cifar("cifar-10-python", tmp_path / "data", url, md5=md5)
    assert len(requests) == 1  # complete folder: nothing fetched again


def test_wrong_archive_md5_leaves_nothing(server, tmp_path):
    base_url, served, _ = server
    _serve_archive(served)
    with pytest.raises(ConfigError, match="corrupt or not the original"):
        download_cifar("cifar-10-python", tmp_path, base_url + "cifar-10-python.tar.gz", md5="0" * 32)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["served"]


def test_archive_already_in_data_dir_is_extracted_and_kept(tmp_path):
    md5, written = _serve_archive(tmp_path)
    download_cifar("cifar-10-python", tmp_path, "http://127.0.0.1:9/unreachable", md5=md5)
    assert (tmp_path / "cifar-10-python.tar.gz").is_file()
    assert load_cifar("cifar-10", tmp_path, verify=False).y_test.tolist() == written["test_batch"][1]


def test_only_the_expected_regular_files_are_extracted(tmp_path):
    escape = tarfile.TarInfo("cifar-10-batches-py/../../escaped")
    escape.size = 1
    (tmp_path / "data").mkdir()
    md5, _ = _serve_archive(tmp_path / "data", [(escape, b"x")])  # the archive lies in the data directory
    download_cifar("cifar-10-python", tmp_path / "data", "http://127.0.0.1:9/", md5=md5)
    assert not (tmp_path / "escaped").exists() and not (tmp_path / "data" / "escaped").exists()
    assert not (tmp_path / "data" / "cifar-10-batches-py" / "readme.html").exists()

    link = tarfile.TarInfo("cifar-10-batches-py/test_batch")
    link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
    files, _ = _cifar_10_python_files(np.random.default_rng(7))
    del files["test_batch"]
    archive = _tar_gz("cifar-10-batches-py", files, [(link, None)])
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "cifar-10-python.tar.gz").write_bytes(archive)
    with pytest.raises(ConfigError, match="not a regular file"):
        download_cifar(
            "cifar-10-python", tmp_path / "other", "http://127.0.0.1:9/", md5=hashlib.md5(archive).hexdigest()
        )


def test_bad_arguments_and_command_line(tmp_path, capsys):
    with pytest.raises(ConfigError, match="cifar-10-python, cifar-100-python, cifar-10-binary"):
        download_cifar("cifar-10", tmp_path)
    with pytest.raises(ConfigError, match="http"):
        download_cifar("cifar-10-python", tmp_path, "file:///etc/")
    with pytest.raises(ConfigError, match="choose one of: cifar-10, cifar-100"):
        load_cifar("cifar10", tmp_path)
    with pytest.raises(SystemExit) as exited:
        main(["cifar-10-python", str(tmp_path), "--url", "file:///etc/"])
    assert exited.value.code == 2 and "http" in capsys.readouterr().err


def test_subsets_are_stratified_and_seeded_like_load_dataset(tmp_path):
    files, written = _cifar_10_python_files(np.random.default_rng(0), batch_size=6, test_size=8)
    _write_folder(tmp_path, "cifar-10-batches-py", files)
    whole = load_cifar("cifar-10", tmp_path, verify=False)
    part = load_cifar("cifar-10", tmp_path, verify=False, n_train=10, n_test=4, seed=3)
    keep_train, keep_test = stratified_subset(whole.y_train, 10, 3), stratified_subset(whole.y_test, 4, 3)
    assert np.array_equal(part.x_train, whole.x_train[keep_train])
    assert np.array_equal(part.y_train, whole.y_train[keep_train])
    assert np.array_equal(part.x_test, whole.x_test[keep_test]) and np.array_equal(part.y_test, whole.y_test[keep_test])
    with pytest.raises(ConfigError, match="only 1..30 are available"):
        load_cifar("cifar-10", tmp_path, verify=False, n_train=31)
