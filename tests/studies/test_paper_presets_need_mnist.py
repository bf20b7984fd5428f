"""Studies whose paper preset trains on MNIST say where the missing files go instead of starting to run."""

import pytest

from brainsnn.errors import ConfigError
from brainsnn.registry import get_study


@pytest.mark.parametrize(
    "name", ["antlr", "bpsr", "eventprop-spike-rate", "scatter-gather", "ttfs-mapping", "ttfs-training"]
)
def test_paper_preset_without_mnist_files_says_where_to_put_them(name, tmp_path):
    study = get_study(name)
    config = study.config("paper", {"data_dir": str(tmp_path)})
    with pytest.raises(ConfigError, match="missing mnist file"):
        study.run(config, tmp_path)
