"""download_dataset against a loopback HTTP server serving synthetic IDX files."""

import hashlib

import numpy as np
import pytest

from brainsnn.data.datasets import load_dataset
from brainsnn.data.download import download_dataset, main
from brainsnn.data.idx import IDX_STEMS, Checksum, encode_idx, read_idx, write_idx
from brainsnn.errors import ConfigError


def _serve_synthetic(served):
    rng = np.random.default_rng(1)
    arrays = {
        IDX_STEMS[0]: rng.integers(0, 256, (30, 28, 28), dtype=np.uint8),
        IDX_STEMS[1]: np.arange(30, dtype=np.uint8) % 10,
        IDX_STEMS[2]: rng.integers(0, 256, (10, 28, 28), dtype=np.uint8),
        IDX_STEMS[3]: np.arange(10, dtype=np.uint8) % 10,
    }
    checksums = {}
    for stem, array in arrays.items():
        write_idx(served / f"{stem}.gz", array)
        checksums[stem] = Checksum(payload_sha256=hashlib.sha256(encode_idx(array)).hexdigest())
    return arrays, checksums


def _leftovers(folder):
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def test_downloads_verifies_and_loads(server, tmp_path):
    base_url, served, requests = server
    arrays, checksums = _serve_synthetic(served)
    files = download_dataset("mnist", tmp_path / "data", base_url, checksums=checksums)
    assert [path.name for path in files] == [f"{stem}.gz" for stem in IDX_STEMS]
    assert _leftovers(tmp_path / "data" / "mnist") == sorted(f"{stem}.gz" for stem in IDX_STEMS)
    for path, stem in zip(files, IDX_STEMS, strict=True):
        np.testing.assert_array_equal(read_idx(path), arrays[stem])
    assert len(requests) == 4
    data = load_dataset("mnist", tmp_path / "data", verify=False)
    np.testing.assert_array_equal(data.y_train, arrays[IDX_STEMS[1]])


def test_existing_verified_files_are_not_downloaded_again(server, tmp_path, caplog):
    base_url, served, requests = server
    _, checksums = _serve_synthetic(served)
    download_dataset("fashion-mnist", tmp_path, base_url, checksums=checksums)
    requests.clear()
    damaged = tmp_path / "fashion-mnist" / f"{IDX_STEMS[3]}.gz"
    damaged.write_bytes(b"garbage")
    caplog.clear()
    with caplog.at_level("INFO", logger="brainsnn.data.download"):
        download_dataset("fashion-mnist", tmp_path, base_url, checksums=checksums)
    assert requests == [f"/{IDX_STEMS[3]}.gz"]  # only the damaged file was fetched again
    messages = [record.getMessage() for record in caplog.records]
    assert messages[:3] == [f"verified {tmp_path / 'fashion-mnist' / stem}.gz" for stem in IDX_STEMS[:3]]
    assert messages[3:] == [f"downloading {base_url}{IDX_STEMS[3]}.gz", f"verified {damaged}"]
    read_idx(damaged, checksums[IDX_STEMS[3]])


def _wrong_content(archive):
    write_idx(archive, np.zeros((30, 28, 28), dtype=np.uint8))


def _truncated(archive):
    archive.write_bytes(archive.read_bytes()[:100])


@pytest.mark.parametrize(
    ("damage", "message"), [(_wrong_content, "corrupt or not the original"), (_truncated, "corrupt gzip")]
)
def test_damaged_download_raises_and_leaves_nothing(server, tmp_path, damage, message):
    base_url, served, _ = server
    _, checksums = _serve_synthetic(served)
    damage(served / f"{IDX_STEMS[0]}.gz")
    with pytest.raises(ConfigError, match=message):
        download_dataset("mnist", tmp_path, base_url, checksums=checksums)
    assert _leftovers(tmp_path / "mnist") == []


def test_missing_file_on_server_raises_and_leaves_nothing(server, tmp_path):
    base_url, served, _ = server
    _, checksums = _serve_synthetic(served)
    (served / f"{IDX_STEMS[2]}.gz").unlink()
    with pytest.raises(ConfigError, match="download of .*t10k-images-idx3-ubyte.gz failed"):
        download_dataset("mnist", tmp_path, base_url, checksums=checksums)
    assert _leftovers(tmp_path / "mnist") == [f"{stem}.gz" for stem in IDX_STEMS[:2]]


def test_bad_arguments(tmp_path):
    with pytest.raises(ConfigError, match="downloadable: mnist, fashion-mnist"):
        download_dataset("digits", tmp_path)
    with pytest.raises(ConfigError, match="http"):
        download_dataset("mnist", tmp_path, "file:///etc/")
    with pytest.raises(ConfigError, match="lack"):
        download_dataset("mnist", tmp_path, "http://127.0.0.1:9/", checksums={})


def test_command_line_reports_errors(tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["mnist", str(tmp_path), "--base-url", "file:///etc/"])
    assert exited.value.code == 2 and "http" in capsys.readouterr().err


def test_package_exports_the_downloader():
    import brainsnn.data

    assert brainsnn.data.download_dataset is download_dataset
