"""Accumulates per sample against an explicit loop over spikes and synapses."""

import numpy as np
import pytest

from brainsnn.errors import ConfigError
from brainsnn.metrics.synaptic_operations import accumulates_per_sample, fan_out


def test_accumulates_equal_a_loop_over_every_spike_and_outgoing_synapse():
    rng = np.random.default_rng(0)
    presynaptic = rng.integers(0, 7, size=40)
    counts = rng.integers(0, 5, size=(3, 9))
    expected = [sum(counts[s, i] for i in presynaptic) for s in range(3)]
    np.testing.assert_array_equal(accumulates_per_sample(counts, presynaptic), expected)
    assert fan_out(presynaptic, 9)[7:].sum() == 0


def test_counts_must_be_per_sample_and_cover_every_source():
    with pytest.raises(ConfigError, match="samples, presynaptic"):
        accumulates_per_sample(np.ones(4), [0, 1])
    with pytest.raises(ConfigError, match="beyond the 2 counted"):
        accumulates_per_sample(np.ones((1, 2)), [0, 5])
