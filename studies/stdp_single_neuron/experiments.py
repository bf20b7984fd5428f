"""The single-neuron experiment (Table 1 set-up) and the Fig. 1 statistics of each rule's weights."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from brainsnn.metrics import (
    count_modes,
    skewness,
    tail_index_profile,
    weight_increment_tail_index,
    weight_increments,
    weight_kde,
)
from brainsnn.networks.single_neuron_stdp import SingleNeuronResult, run_single_neuron_stdp


def simulate(config: Mapping[str, Any]) -> SingleNeuronResult:
    """All rules side by side on the same pooled Poisson input."""
    shared = {"eta": config["eta"], "sigma": config["sigma"]}
    return run_single_neuron_stdp(
        config["rules"], {rule: shared for rule in config["rules"]},
        pool_sizes=config["pool_sizes"], pool_correlations=config["pool_correlations"],
        input_rate_hz=config["input_rate_hz"], duration_s=config["duration_s"], dt_ms=config["dt_ms"],
        record_every_ms=config["record_every_ms"], device=config["device"], seed=config["seed"],
        threads=config["threads"],
    )


def rule_metrics(result: SingleNeuronResult, config: Mapping[str, Any]) -> dict[str, Any]:
    """Per rule: BG index of the weight increments (and its value at each block size, the share of zero
    increments), output rate and the shape of the final weight density."""
    rules = {}
    for rule in config["rules"]:
        final = result.final_weights[rule]
        grid, density = weight_kde(final)
        increments = weight_increments(result.weight_snapshots[rule])
        rules[rule] = {
            "bg_index": weight_increment_tail_index(result.weight_snapshots[rule]),
            "bg_by_block_size": {str(size): alpha for size, alpha in tail_index_profile(increments).items()},
            "zero_increment_share": float(np.mean(increments == 0)),
            "output_rate_hz": result.output_rate_hz[rule],
            "weight_mean": float(final.mean()),
            "weight_std": float(final.std()),
            "weight_skewness": skewness(final),
            "density_modes": count_modes(grid, density),
        }
    return {"rules": rules, "input_rate_hz": result.input_rate_hz}
