"""json_values: the conversion behind config.json, metrics.json and the search's trial log."""

import json
import math
from pathlib import Path

import numpy as np
import pytest
from brian2 import ms

from brainsnn.json_values import json_values


def test_numpy_values_tuples_and_keys_become_json_types():
    value = {1: (np.int64(2), np.float32(0.5)), "a": np.arange(3).reshape(1, 3), "b": np.bool_(True), "c": None}
    plain = json_values(value)
    assert plain == {"1": [2, 0.5], "a": [[0, 1, 2]], "b": True, "c": None}
    assert [type(item) for item in plain["1"]] == [int, float] and type(plain["b"]) is bool
    assert json.loads(json.dumps(plain, allow_nan=False)) == plain


def test_non_finite_numbers_become_null():
    assert json_values([math.nan, -math.inf, np.float64(math.inf), np.array([1.0, math.nan])]) == [
        None, None, None, [1.0, None]]


@pytest.mark.parametrize("value", [Path("x"), {1, 2}, 3 * ms, np.array([1.0, 2.0]) * ms, object()])
def test_anything_else_is_a_type_error(value):
    with pytest.raises(TypeError, match="cannot store .* in JSON"):
        json_values({"nested": [value]})
