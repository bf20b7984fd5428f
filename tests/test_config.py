"""Typed study configurations: coercion by declared type, bounds, one-line errors, mapping view, descriptions."""

import json

import pytest

from brainsnn.config import StudyConfig, param, study_config
from brainsnn.errors import ConfigError


@study_config
class Example(StudyConfig):
    n: int = param(4, "a count", gt=0)
    rate: float = param(1.5, "a rate", ge=0, lt=10)
    flag: bool = param(True, "a switch")
    rule: str = param("add", "a choice", choices=("add", "log"))
    sizes: tuple[int, ...] = param((1, 2), "a list of counts", gt=0)
    probabilities: tuple[float, ...] = param((0.5,), "each in [0, 1]", ge=0, le=1)
    interval: tuple[float, ...] = param((0.0, 1.0), "low, high", length=2)
    names: tuple[str, ...] = param(("a", "b"), "distinct names", unique=True)
    side: int | None = param(None, "optional size", gt=0)
    nested: tuple[tuple[int, ...], ...] = param(((1,), (2, 3)), "lists of lists", ge=0)
    changes: dict[str, tuple[float, ...]] = param({"a": (0.1,), "b": (-0.2, 0.2)}, "per name", gt=-1,
                                                 keys=("a", "b", "c"))

    def check(self) -> None:
        if len(self.sizes) > self.n:
            raise ConfigError("sizes may not hold more than n entries")


def test_defaults_build_and_read_as_attributes_and_as_a_mapping():
    config = Example()
    assert config.n == 4 and config["rate"] == 1.5 and dict(config)["sizes"] == (1, 2)
    assert list(config)[:6] == ["study", "preset", "seed", "device", "threads", "data_dir"]
    assert len(config) == len(list(config)) and "rule" in config and "bogus" not in config
    with pytest.raises(KeyError):
        config["bogus"]


@pytest.mark.parametrize(
    ("key", "given", "stored"),
    [
        ("n", 7.0, 7),  # an integral float is an integer
        ("rate", 3, 3.0),  # an integer is a number
        ("sizes", [5, 6], (5, 6)),  # JSON lists become tuples
        ("nested", [[0], [1, 2]], ((0,), (1, 2))),
        ("side", None, None),
        ("side", 16, 16),
        ("seed", 2**32 - 1, 2**32 - 1),
        ("changes", {"c": [1, 2]}, {"c": (1.0, 2.0)}),
    ],
)
def test_values_are_coerced_to_their_declared_type(key, given, stored):
    value = Example.build({key: given})[key]
    assert value == stored and isinstance(value, type(stored))


@pytest.mark.parametrize(
    ("key", "given", "message"),
    [
        ("n", 10.5, "'n' must be an integer (> 0), got 10.5"),
        ("n", 0, "'n' must be an integer (> 0), got 0"),
        ("n", True, "'n' must be an integer"),
        ("n", "4", "'n' must be an integer"),
        ("rate", float("nan"), "'rate' must be a number (>= 0 and < 10), got nan; not finite"),
        ("rate", 10, "'rate' must be a number (>= 0 and < 10), got 10"),
        ("flag", 1, "'flag' must be true or false"),
        ("rule", "mult", "'rule' must be a string (one of add, log), got 'mult'"),
        ("sizes", 5, "'sizes' must be a list of integers (each > 0), got 5"),
        ("sizes", [50, -50], "'sizes' must be a list of integers (each > 0), got [50, -50]"),
        ("sizes", [], "needs at least 1 element"),
        ("probabilities", [0.5, 1.5], "each >= 0 and <= 1"),
        ("side", 0, "'side' must be an integer or null (> 0), got 0"),
        ("nested", [[1], [-1]], "'nested' must be a list of lists of integers"),
        ("interval", [0.0, 1.0, 2.0], "'interval' must be a list of numbers (exactly 2 elements), got [0.0, 1.0, "
                                      "2.0]; needs exactly 2 element(s)"),
        ("names", ["a", "a"], "'names' must be a list of strings (no repeats), got ['a', 'a']; an element is "
                              "repeated"),
        ("changes", {"d": [0.1]}, "'changes' must be a mapping of names to lists of numbers (each > -1 and names "
                                   "from a, b, c), got {'d': [0.1]}; unknown name 'd'"),
        ("changes", {"a": [-1.5]}, "'changes' must be a mapping of names to lists of numbers"),
        ("changes", {}, "needs at least 1 name(s)"),
        ("changes", [0.1], "'changes' must be a mapping"),
        ("seed", -1, "'seed' must be an integer (>= 0 and < 4294967296), got -1"),
        ("seed", 2**32, "'seed' must be an integer (>= 0 and < 4294967296)"),
        ("device", "tpu", "'device' must be a string (one of numpy, cython, cpp_standalone, cuda_standalone)"),
        ("threads", -2, "'threads' must be an integer (>= 0 and <= 1024)"),
    ],
)
def test_bad_values_raise_one_line_naming_key_bound_and_value(key, given, message):
    with pytest.raises(ConfigError) as raised:
        Example.build({key: given})
    assert message in str(raised.value) and "\n" not in str(raised.value)


def test_unknown_keys_and_cross_key_rules_are_rejected():
    known = "changes, data_dir, device, flag, interval"
    with pytest.raises(ConfigError, match=f"unknown parameter 'bogus'; known: {known}"):
        Example.build({"bogus": 1})
    with pytest.raises(ConfigError, match="sizes may not hold more than n"):
        Example.build({"n": 1})


def test_configurations_are_frozen_and_replace_validates():
    config = Example()
    with pytest.raises(AttributeError):
        config.n = 5
    assert config.replace(n=9).n == 9 and config.n == 4
    with pytest.raises(ConfigError, match="'n' must be an integer"):
        config.replace(n=-1)


def test_a_configuration_round_trips_through_json():
    config = Example.build({"sizes": [3, 4], "side": 8})
    assert Example.build(json.loads(json.dumps(dict(config)))) == config


def test_describe_lists_every_key_with_type_constraint_and_doc():
    info = {field.name: field for field in Example.describe()}
    assert info["sizes"].type == "a list of integers" and info["sizes"].constraint == "each > 0"
    assert info["rule"].constraint == "one of add, log" and info["rule"].doc == "a choice"
    assert info["side"].type == "an integer or null" and info["side"].default is None
    assert info["rate"].constraint == ">= 0 and < 10"
