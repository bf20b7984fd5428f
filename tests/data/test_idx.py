"""IDX reading/writing and checksum verification: hand-built files and (when present) the real data."""

import gzip
import hashlib
import os
import re
from pathlib import Path

import numpy as np
import pytest

from brainsnn.data.idx import CHECKSUMS, Checksum, decode_idx, encode_idx, read_idx, write_idx
from brainsnn.errors import ConfigError

STEMS = (  # the standard file names, written out independently of the module
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)


def test_reads_a_hand_built_file(tmp_path):
    # magic 00 00 08 02 (ubyte, 2-d), sizes 2 and 3 big-endian, then 6 bytes: written without the module.
    path = tmp_path / "hand-idx2-ubyte"
    path.write_bytes(bytes([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 255]))
    np.testing.assert_array_equal(read_idx(path), [[1, 2, 3], [4, 5, 255]])


def test_reads_big_endian_int32(tmp_path):
    path = tmp_path / "ints"
    path.write_bytes(
        bytes([0, 0, 0x0C, 1, 0, 0, 0, 2]) + (258).to_bytes(4, "big") + (-1).to_bytes(4, "big", signed=True)
    )
    np.testing.assert_array_equal(read_idx(path), [258, -1])


@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.int16, np.int32, np.float32, np.float64])
@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_write_read_round_trip(tmp_path, dtype, suffix):
    array = (
        (np.arange(2 * 3 * 4).reshape(2, 3, 4) - 5).astype(dtype)
        if dtype != np.uint8
        else np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    )
    path = write_idx(tmp_path / f"data{suffix}", array)
    assert path.read_bytes().startswith(b"\x1f\x8b") == (suffix == ".gz")
    result = read_idx(path)
    assert result.dtype == np.dtype(dtype) and result.shape == array.shape
    np.testing.assert_array_equal(result, array)


def test_encode_rejects_unsupported_dtype():
    with pytest.raises(ConfigError, match="cannot store dtype"):
        encode_idx(np.zeros(3, dtype=np.int64))


def test_wrong_magic_names_the_file(tmp_path):
    path = tmp_path / "not-idx"
    path.write_bytes(b"PK\x03\x04 something else entirely")
    with pytest.raises(ConfigError, match=re.escape(str(path)) + ".*magic"):
        read_idx(path)


@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_truncated_payload_names_the_file(tmp_path, suffix):
    payload = encode_idx(np.zeros((10, 28, 28), dtype=np.uint8))[:-7]
    path = tmp_path / f"train-images-idx3-ubyte{suffix}"
    path.write_bytes(gzip.compress(payload) if suffix else payload)
    with pytest.raises(ConfigError, match=re.escape(str(path)) + ".*truncated"):
        read_idx(path)


def test_truncated_header_names_the_file(tmp_path):
    path = tmp_path / "short"
    path.write_bytes(bytes([0, 0, 8, 3, 0, 0]))
    with pytest.raises(ConfigError, match=re.escape(str(path))):
        read_idx(path)


@pytest.mark.parametrize("damage", ["flip", "cut"])
def test_corrupt_gzip_names_the_file(tmp_path, damage):
    compressed = bytearray(gzip.compress(encode_idx(np.arange(5000, dtype=np.int32))))
    if damage == "flip":
        compressed[len(compressed) // 2] ^= 0xFF
    else:
        del compressed[len(compressed) // 2 :]
    path = tmp_path / "t10k-labels-idx1-ubyte.gz"
    path.write_bytes(bytes(compressed))
    with pytest.raises(ConfigError, match=re.escape(str(path)) + ".*corrupt gzip"):
        read_idx(path)


def test_checksum_is_of_the_payload_so_recompressed_copies_verify(tmp_path):
    array = np.arange(100, dtype=np.uint8).reshape(10, 10)
    payload_hash = hashlib.sha256(encode_idx(array)).hexdigest()
    raw = write_idx(tmp_path / "a", array)
    fast = tmp_path / "b.gz"
    fast.write_bytes(gzip.compress(encode_idx(array), compresslevel=1))
    best = tmp_path / "c.gz"
    best.write_bytes(gzip.compress(encode_idx(array), compresslevel=9, mtime=12345))
    for path in (raw, fast, best):
        np.testing.assert_array_equal(read_idx(path, Checksum(payload_sha256=payload_hash)), array)


def test_checksum_mismatch_names_file_and_both_hashes(tmp_path):
    array = np.arange(10, dtype=np.uint8)
    path = write_idx(tmp_path / "labels.gz", array)
    expected = hashlib.sha256(encode_idx(array + 1)).hexdigest()
    actual = hashlib.sha256(encode_idx(array)).hexdigest()
    with pytest.raises(ConfigError, match="corrupt or not the original") as raised:
        read_idx(path, Checksum(payload_sha256=expected))
    message = str(raised.value)
    assert str(path) in message and expected in message and actual in message and "re-download" in message


def test_published_archive_digests_are_accepted(tmp_path):
    path = write_idx(tmp_path / "archive.gz", np.arange(7, dtype=np.uint8))
    stored = path.read_bytes()
    wrong_payload = "0" * 64
    sha_only = Checksum(wrong_payload, archive_sha256=hashlib.sha256(stored).hexdigest())
    md5_only = Checksum(wrong_payload, archive_md5=hashlib.md5(stored).hexdigest())
    for checksum in (sha_only, md5_only):
        np.testing.assert_array_equal(read_idx(path, checksum), np.arange(7))
    with pytest.raises(ConfigError):
        read_idx(path, Checksum(wrong_payload, archive_sha256="1" * 64, archive_md5="2" * 32))


def test_registry_covers_the_eight_standard_files():
    assert set(CHECKSUMS) == {"mnist", "fashion-mnist"}
    for files in CHECKSUMS.values():
        assert set(files) == set(STEMS)
        for checksum in files.values():
            assert re.fullmatch("[0-9a-f]{64}", checksum.payload_sha256)
            assert checksum.archive_sha256 is None or re.fullmatch("[0-9a-f]{64}", checksum.archive_sha256)
            assert re.fullmatch("[0-9a-f]{32}", checksum.archive_md5)
    payloads = [checksum.payload_sha256 for files in CHECKSUMS.values() for checksum in files.values()]
    assert len(set(payloads)) == 8


def _real_data_dirs(dataset):
    candidates = [Path("/usr/share/datasets") / dataset]
    if os.environ.get("BRAINSNN_DATA"):
        candidates.append(Path(os.environ["BRAINSNN_DATA"]) / dataset)
    for folder in candidates:
        if all((folder / f"{stem}.gz").is_file() or (folder / stem).is_file() for stem in STEMS):
            return folder
    pytest.skip(f"real {dataset} IDX files not present (Debian package / BRAINSNN_DATA)")


@pytest.mark.parametrize("dataset", ["fashion-mnist", "mnist"])
def test_registry_verifies_the_real_files(dataset):
    folder = _real_data_dirs(dataset)
    shapes = {STEMS[0]: (60000, 28, 28), STEMS[1]: (60000,), STEMS[2]: (10000, 28, 28), STEMS[3]: (10000,)}
    for stem in STEMS:
        path = folder / f"{stem}.gz" if (folder / f"{stem}.gz").is_file() else folder / stem
        assert read_idx(path, CHECKSUMS[dataset][stem]).shape == shapes[stem]


def test_decode_reports_the_source_name():
    with pytest.raises(ConfigError, match="my-source"):
        decode_idx(b"\x00\x00\x08\x01\x00\x00\x00\x05\x01", "my-source")
