"""The public names of brainsnn's packages: every name in ``__all__`` exists, and importing a package loads
only what its names need."""

import importlib
import subprocess
import sys

import pytest

PACKAGES = [
    "brainsnn", "brainsnn.conversion", "brainsnn.data", "brainsnn.deploy", "brainsnn.metrics", "brainsnn.models",
    "brainsnn.networks", "brainsnn.search", "brainsnn.train", "brainsnn.train.layers", "brainsnn.train.snn",
    "brainsnn.ttfs",
]
HEAVY = ("brian2", "matplotlib", "sklearn", "skopt", "scipy", "torch")


def _exists(package, attribute: str) -> bool:
    """Whether ``package.attribute`` is a name it holds (or imports on first use) or one of its modules."""
    if hasattr(package, attribute):
        return True
    try:
        importlib.import_module(f"{package.__name__}.{attribute}")
    except ModuleNotFoundError:
        return False
    return True


@pytest.mark.parametrize("name", PACKAGES)
def test_every_name_in_all_exists(name):
    package = importlib.import_module(name)
    assert len(set(package.__all__)) == len(package.__all__)
    missing = [attribute for attribute in package.__all__ if not _exists(package, attribute)]
    assert not missing, f"{name}.__all__ names what it does not have: {missing}"


def test_models_lists_every_model_module():
    import brainsnn.models

    assert "stdp" in brainsnn.models.__all__ and "conductance_lif" in brainsnn.models.__all__
    assert all(not name.startswith("_") for name in brainsnn.models.__all__)


def test_lazy_package_names_are_their_modules_objects():
    from brainsnn.data import idx, load_dataset, read_idx
    from brainsnn.data.datasets import load_dataset as home

    assert load_dataset is home and read_idx is idx.read_idx


@pytest.mark.parametrize(
    ("module", "allowed"),
    [("brainsnn", ()), ("brainsnn.models", ()), ("brainsnn.data", ()), ("brainsnn.data.idx", ()),
     ("brainsnn.data.cifar", ()), ("brainsnn.data.yin_yang", ()), ("brainsnn.data.saccade_events", ()),
     ("brainsnn.search", ()), ("brainsnn.metrics", ("scipy",))],
)
def test_importing_a_package_loads_no_heavy_dependency(module, allowed):
    code = f"import sys, {module}; print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == repr(sorted(allowed))


def test_an_unknown_name_is_an_attribute_error_and_a_name_may_not_be_its_module():
    import brainsnn.data
    from brainsnn.lazy_exports import lazy_getattr

    with pytest.raises(AttributeError, match="has no attribute 'no_such_name'"):
        brainsnn.data.no_such_name  # noqa: B018
    with pytest.raises(ValueError, match=r"\['tail_index'\]"):
        lazy_getattr("brainsnn.metrics", {"tail_index": "tail_index", "bg_index": "tail_index"})


def test_the_torch_engine_without_torch_names_the_extra_in_one_error():
    code = (
        "import sys\n"
        "class NoTorch:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'torch': raise ModuleNotFoundError(f'No module named {name!r}')\n"
        "sys.meta_path.insert(0, NoTorch())\n"
        "import brainsnn, brainsnn.data, brainsnn.metrics, brainsnn.train\n"
        "import brainsnn.train.snn\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode != 0
    assert "ConfigError: this needs PyTorch: pip install 'brainsnn[train]'" in result.stderr.splitlines()[-1]
