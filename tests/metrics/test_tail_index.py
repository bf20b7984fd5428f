"""Tail-index (Mohammadi et al. 2015, Cor. 2.4) and BG-index estimators against known alpha-stable samples."""

import itertools
import math

import numpy as np
import pytest
from scipy import stats

from brainsnn.errors import ConfigError
from brainsnn.metrics import (
    bg_index,
    default_block_sizes,
    levy_ou_path,
    mohammadi_alpha,
    nonzero_rows,
    symmetric_stable,
    tail_index,
    tail_index_profile,
    weight_increment_tail_index,
    weight_increments,
)


def test_mohammadi_alpha_closed_form():
    # Blocks of 8 unit samples, six +1 and two -1: every |Y_j| = 4 and every |X_i| = 1, so
    # 1/alpha = log 4 / log 8 = 2/3 exactly.
    samples = np.array([1, 1, 1, 1, 1, 1, -1, -1] * 3, dtype=float)
    assert mohammadi_alpha(samples, 8) == pytest.approx(1.5, rel=1e-12)
    # Invariant under rescaling (the log(0) guard is relative to the sample scale).
    assert mohammadi_alpha(1e-9 * samples, 8) == pytest.approx(1.5, rel=1e-12)
    # Trailing rows that do not fill a block are dropped.
    padded = np.concatenate([samples, [1e6, -1e6, 3e5]])
    assert mohammadi_alpha(padded, 8) == pytest.approx(1.5, rel=1e-12)


def test_mohammadi_alpha_clips_light_tails_to_two():
    # Blocks (1, -1) sum to 0: 1/alpha is very negative, which is "lighter than Gaussian" -> 2.
    assert mohammadi_alpha(np.array([1.0, -1.0] * 10), 2) == 2.0
    # Orthogonal unit rows: |Y| = sqrt(2), 1/alpha = 1/2 -> exactly Gaussian.
    assert mohammadi_alpha(np.array([[1.0, 0.0], [0.0, 1.0]] * 5), 2) == 2.0


@pytest.mark.parametrize("alpha", [0.8, 1.0, 1.2, 1.5, 1.8, 2.0])
def test_tail_index_recovers_alpha_of_cms_samples(alpha):
    samples = symmetric_stable(alpha, (4000, 50), rng=np.random.default_rng(20240 + int(10 * alpha)))
    assert abs(tail_index(samples) - alpha) <= 0.1


@pytest.mark.parametrize("alpha", [0.9, 1.6])
def test_tail_index_recovers_alpha_of_scipy_samples(alpha):
    samples = stats.levy_stable.rvs(alpha, 0.0, size=(4000, 25), random_state=7)
    assert abs(tail_index(samples) - alpha) <= 0.1


def test_tail_index_one_dimensional_samples():
    samples = symmetric_stable(1.3, 20000, rng=3)
    assert abs(tail_index(samples) - 1.3) <= 0.1


def test_default_block_sizes():
    assert default_block_sizes(4000) == (4000, [2, 4, 5, 8, 10, 16, 20, 25, 32, 40, 50])
    # A prime count has no divisor in range: trailing samples are dropped to reach one that has some.
    n_used, sizes = default_block_sizes(997)
    assert 900 <= n_used < 997 and len(sizes) >= 3
    assert all(n_used % m == 0 and n_used // m >= 10 and 2 <= m <= math.isqrt(n_used) for m in sizes)


@pytest.mark.parametrize("alpha", [1.2, 1.8])
def test_increments_recover_alpha_but_centred_iterates_degenerate_to_one(alpha):
    # A Lévy walk (O-U with theta = 0): its increments are i.i.d. SαS, its iterates are not.
    walk = levy_ou_path(alpha, theta=0.0, dt=1.0, steps=3000, dim=50, rng=11)
    assert abs(weight_increment_tail_index(walk) - alpha) <= 0.1
    # Block sums of neighbouring centred positions grow like K1, so the estimate is ~1 whatever alpha is.
    centred = weight_increment_tail_index(walk, mode="centred")
    assert abs(centred - 1.0) <= 0.05


def test_bg_index_is_max_over_layers():
    assert bg_index({"input_to_exc": 0.72, "exc_to_out": 1.31}) == 1.31
    assert bg_index([1.9, 0.4, 2.0]) == 2.0


@pytest.mark.parametrize("bad", [[], [0.0], [2.5], [float("nan")]])
def test_bg_index_rejects_bad_alphas(bad):
    with pytest.raises(ConfigError):
        bg_index(bad)


def test_validation():
    with pytest.raises(ConfigError, match="NaN"):
        tail_index(np.array([[1.0, np.nan]] * 100))
    with pytest.raises(ConfigError, match="at least 4 samples"):
        tail_index(np.ones((3, 5)))
    with pytest.raises(ConfigError, match="at least 2 blocks"):
        mohammadi_alpha(np.ones((15, 2)), 8)
    with pytest.raises(ConfigError, match="block_size"):
        mohammadi_alpha(np.ones((10, 2)), 1)
    with pytest.raises(ConfigError, match="zero"):
        tail_index(np.zeros((100, 3)))
    with pytest.raises(ConfigError, match="shape"):
        tail_index(np.ones((10, 2, 2)))
    with pytest.raises(ConfigError, match="mode"):
        weight_increment_tail_index(np.ones((10, 2)), mode="iterates")


def test_synapse_median_recovers_alpha_of_independent_synapses():
    from brainsnn.metrics.levy import symmetric_stable
    from brainsnn.metrics.tail_index import weight_increment_tail_index

    rng = np.random.default_rng(11)
    for alpha in (1.0, 1.6):
        increments = symmetric_stable(alpha, (600, 200), rng)
        increments[:, :50] = 0.0  # synapses that never change are ignored
        walk = np.vstack([np.zeros(200), np.cumsum(increments, axis=0)])
        estimate = weight_increment_tail_index(walk, aggregate="synapse-median")
        assert abs(estimate - alpha) <= 0.1


def test_synapse_median_sees_sparse_jumps_that_the_layer_norm_averages():
    from brainsnn.metrics.tail_index import weight_increment_tail_index

    rng = np.random.default_rng(12)
    jumps = rng.normal(0, 1e-3, (600, 300)) + (rng.random((600, 300)) < 0.02) * rng.normal(0, 1.0, (600, 300))
    walk = np.vstack([np.zeros(300), np.cumsum(jumps, axis=0)])
    assert weight_increment_tail_index(walk, aggregate="synapse-median") < 1.3
    assert weight_increment_tail_index(walk) > 1.5


def zero_inflated(alpha, shape, zero_row_share, zero_entry_share, rng):
    """SαS samples whose rows are zero with probability ``zero_row_share`` and entries with ``zero_entry_share``
    (STDP increments: no spike in the window, or no update of that synapse)."""
    samples = symmetric_stable(alpha, shape, rng)
    samples[rng.random(shape[0]) < zero_row_share] = 0.0
    return samples * (rng.random(shape) >= zero_entry_share)


@pytest.mark.parametrize("alpha", [0.9, 1.5, 2.0])
def test_layer_estimate_of_zero_inflated_samples_recovers_alpha_only_without_zero_rows(alpha):
    rng = np.random.default_rng(30 + int(10 * alpha))
    samples = zero_inflated(alpha, (3000, 50), zero_row_share=0.3, zero_entry_share=0.5, rng=rng)
    assert abs(tail_index(samples) - alpha) <= 0.1
    assert tail_index(samples, zero_rows="keep") < 0.4  # kept, the zeros decide the estimate, not the tails


def test_one_percent_zero_rows_pull_a_gaussian_estimate_from_two():
    rng = np.random.default_rng(31)
    samples = rng.normal(size=(600, 50))
    samples[rng.choice(600, 6, replace=False)] = 0.0
    assert tail_index(samples) == pytest.approx(2.0, abs=0.05)
    assert tail_index(samples, zero_rows="keep") < 1.7


@pytest.mark.parametrize("alpha", [1.0, 1.6])
def test_synapse_median_uses_each_synapses_nonzero_increments(alpha):
    rng = np.random.default_rng(32 + int(10 * alpha))
    increments = zero_inflated(alpha, (2000, 100), zero_row_share=0.0, zero_entry_share=0.85, rng=rng)
    increments[:, :5] = 0.0
    increments[:3, 5] = 1.0  # a synapse that changed fewer than 4 times is left out
    walk = np.vstack([np.zeros(100), np.cumsum(increments, axis=0)])
    assert abs(weight_increment_tail_index(walk, aggregate="synapse-median") - alpha) <= 0.1


def test_block_size_profile_is_flat_for_iid_increments_and_drifts_for_mean_reverting_ones():
    # On i.i.d. zero-inflated samples of the flagship's size (150 increments of 200 synapses) every default
    # block size estimates alpha; increments of a mean-reverting path are anti-correlated, so sums of larger
    # blocks grow more slowly and the estimate climbs with the block size.
    rng = np.random.default_rng(33)
    iid = tail_index_profile(zero_inflated(1.5, (150, 200), 0.1, 0.8, rng))
    assert max(abs(value - 1.5) for value in iid.values()) <= 0.12
    spreads = []  # max - min over the block sizes; stdp-generalization's report compares its runs' with this
    for seed, alpha in itertools.product(range(40), (0.9, 1.5, 1.9)):
        profile = tail_index_profile(zero_inflated(alpha, (150, 200), 0.1, 0.8, np.random.default_rng(seed)))
        spreads.append(max(profile.values()) - min(profile.values()))
    assert np.percentile(spreads, 99) <= 0.15
    reverting = tail_index_profile(weight_increments(levy_ou_path(1.5, theta=0.2, dt=1.0, steps=600, dim=50,
                                                                  rng=3)))
    sizes = sorted(reverting)
    assert reverting[sizes[-1]] - reverting[sizes[0]] > 0.25


def test_nonzero_rows_and_zero_row_policy_validation():
    samples = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 0.0], [0.0, -2.0]])
    assert np.array_equal(nonzero_rows(samples), [[1.0, 0.0], [0.0, -2.0]])
    with pytest.raises(ConfigError, match="zero_rows"):
        tail_index(np.ones((10, 2)), zero_rows="ignore")
