"""resolve_data_dir: --data-dir, then $BRAINSNN_DATA, then the folder of Debian's dataset-fashion-mnist."""

import hashlib
from pathlib import Path

import numpy as np
import pytest

from brainsnn.data.data_dir import SYSTEM_INSTALLS, SystemInstall, resolve_data_dir
from brainsnn.data.datasets import load_dataset
from brainsnn.data.idx import CHECKSUMS, IDX_STEMS, Checksum, encode_idx, write_idx
from brainsnn.errors import ConfigError

DEBIAN_FOLDER = Path("/usr/share/datasets/fashion-mnist")
# The file names `dpkg -c dataset-fashion-mnist_0.0~git20200523.55506a9-1_all.deb` lists in that folder.
DEBIAN_FILES = [f"{stem}.gz" for stem in IDX_STEMS]


def _install_synthetic_fashion_mnist(root):
    """Four small gzipped IDX files under ``root/fashion-mnist/`` named as the Debian package names them."""
    rng = np.random.default_rng(7)
    arrays = dict(
        zip(
            IDX_STEMS,
            (
                rng.integers(0, 256, (20, 28, 28), dtype=np.uint8),
                np.arange(20, dtype=np.uint8) % 10,
                rng.integers(0, 256, (10, 28, 28), dtype=np.uint8),
                np.arange(10, dtype=np.uint8)[::-1] % 10,
            ),
            strict=True,
        )
    )
    (root / "fashion-mnist").mkdir(parents=True)
    for name, array in zip(DEBIAN_FILES, arrays.values(), strict=True):
        write_idx(root / "fashion-mnist" / name, array)
    return arrays


@pytest.fixture
def system_root(tmp_path, monkeypatch):
    """A stand-in for /usr/share/datasets holding synthetic Fashion-MNIST; no --data-dir, no $BRAINSNN_DATA."""
    monkeypatch.delenv("BRAINSNN_DATA", raising=False)
    root = tmp_path / "usr-share-datasets"
    monkeypatch.setitem(SYSTEM_INSTALLS, "fashion-mnist", SystemInstall("dataset-fashion-mnist", root))
    return root


def test_fashion_mnist_is_found_in_the_system_folder(system_root):
    arrays = _install_synthetic_fashion_mnist(system_root)
    assert resolve_data_dir(None, "fashion-mnist", "unused") == system_root
    data = load_dataset("fashion-mnist", verify=False)
    np.testing.assert_array_equal(data.x_train, arrays[IDX_STEMS[0]].reshape(20, 784))
    np.testing.assert_array_equal(data.y_test, arrays[IDX_STEMS[3]])
    assert data.classes[0] == "T-shirt/top"


def test_system_files_are_verified_against_the_registry(system_root, monkeypatch):
    arrays = _install_synthetic_fashion_mnist(system_root)
    with pytest.raises(ConfigError, match="corrupt or not the original"):
        load_dataset("fashion-mnist")
    own_digests = {
        stem: Checksum(payload_sha256=hashlib.sha256(encode_idx(array)).hexdigest()) for stem, array in arrays.items()
    }
    monkeypatch.setitem(CHECKSUMS, "fashion-mnist", own_digests)
    np.testing.assert_array_equal(load_dataset("fashion-mnist").y_train, arrays[IDX_STEMS[1]])


def test_data_dir_and_environment_come_before_the_system_folder(system_root, tmp_path, monkeypatch):
    _install_synthetic_fashion_mnist(system_root)
    given = tmp_path / "given"
    given.mkdir()
    assert resolve_data_dir(given, "fashion-mnist", "unused") == given
    monkeypatch.setenv("BRAINSNN_DATA", str(given))
    assert resolve_data_dir(None, "fashion-mnist", "unused") == given


def test_absent_system_folder_gives_the_apt_hint(system_root):
    with pytest.raises(ConfigError) as raised:
        load_dataset("fashion-mnist")
    message = str(raised.value)
    assert "--data-dir DIR" in message and "BRAINSNN_DATA=DIR" in message
    assert "python -m brainsnn.data.download fashion-mnist DIR" in message
    assert f"apt-get install dataset-fashion-mnist` installs them in {system_root / 'fashion-mnist'}/" in message


def test_datasets_without_a_system_package_give_no_apt_hint(monkeypatch):
    monkeypatch.delenv("BRAINSNN_DATA", raising=False)
    with pytest.raises(ConfigError, match="--data-dir.*BRAINSNN_DATA") as raised:
        load_dataset("mnist")
    assert "apt-get" not in str(raised.value)


def test_missing_directory_names_where_the_files_go(tmp_path):
    with pytest.raises(ConfigError, match=f"does not exist; create it and put the IDX files in {tmp_path}/x/mnist/"):
        load_dataset("mnist", tmp_path / "x")


def test_real_debian_package_if_installed(monkeypatch):
    if not all((DEBIAN_FOLDER / name).is_file() for name in DEBIAN_FILES):
        pytest.skip("Debian package dataset-fashion-mnist not installed (apt-get install dataset-fashion-mnist)")
    monkeypatch.delenv("BRAINSNN_DATA", raising=False)
    assert resolve_data_dir(None, "fashion-mnist", "unused") == DEBIAN_FOLDER.parent
