"""The 60-oscillator Hopfield ONN storing the digits 0-5 (Delacour & Todri-Sanial 2021, Sec. 3, Figs. 12-14).

The Hebbian weights of six 6 x 10 digit bitmaps (Eq. 23) are mapped to resistances by mu_N (Eq. 22) with the
analytic zeta^-1 (Eq. 10, fitted epsilon) and scaled by ``coupling_scale``. Test sets replace k pixels of every
digit by U(-1, 1) grey values (Sec. 3.1.3). Each mapping retrieves all test sets in one compiled batch of ONNs:
retrieval against beta and k (Fig. 14C), the linear approximation of the mapping (Fig. 14C, dashed) and a common
scaling of every resistance (Fig. 14D), beside a discrete Hopfield network with the same weights and sign(input).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
from brian2 import kohm, mvolt, second

from brainsnn.backend import Backend, use_backend
from brainsnn.data.digit_bitmaps import digit_patterns
from brainsnn.data.fuzzy_patterns import fuzzy_inputs
from brainsnn.models.hopfield import hebbian_weights, recall
from brainsnn.models.transition_function import zeta_inverse
from brainsnn.progress import progress
from brainsnn_studies.vo2_onn.circuit import US, circuit_from, metric_key
from brainsnn_studies.vo2_onn.hopfield_onn import HopfieldONN, Retrieval
from brainsnn_studies.vo2_onn.onn_mapping import ResistanceMapping, transit_delays, weight_levels
from brainsnn_studies.vo2_onn.retrieval_scores import mapping_summary, scores

#: Noisy inputs and the index of the digit each was made from.
TestSet = tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class StoredDigits:
    """The digit bitmaps (one row each), their Hebbian weights (Eq. 23) and its distinct levels, largest first."""

    patterns: np.ndarray
    weights: np.ndarray
    levels: np.ndarray

    @classmethod
    def hebbian(cls) -> StoredDigits:
        patterns = digit_patterns()
        weights = hebbian_weights(patterns)
        return cls(patterns, weights, weight_levels(weights))


@dataclass(frozen=True)
class OnnRetrieval:
    """The metrics of Figs. 12-14, the stored digits, per (beta key, k) the first input and its retrieved state,
    the test set of every k and the mapping of every beta."""

    metrics: dict[str, Any]
    digits: StoredDigits
    examples: dict[tuple[str, int], tuple[np.ndarray, np.ndarray]]
    tests: dict[int, TestSet]
    mappings: dict[float, ResistanceMapping]


def stacked_inputs(tests: Mapping[int, TestSet]) -> np.ndarray:
    """The inputs of every test set, one after the other (the order :func:`per_test_set` splits)."""
    return np.concatenate([inputs for inputs, _ in tests.values()])


def per_test_set(tests: Mapping[int, TestSet], values: np.ndarray) -> dict[int, np.ndarray]:
    """Per-input ``values`` of the stacked inputs of every test set, split back per k."""
    bounds = np.cumsum([0] + [len(inputs) for inputs, _ in tests.values()])
    return {k: values[start:end] for k, start, end in zip(tests, bounds[:-1], bounds[1:], strict=True)}


def mapping_for(config: Mapping[str, Any], beta: float, digits: StoredDigits, period: float,
                epsilon_mv: float) -> ResistanceMapping:
    """Eq. 22 for ``beta`` from the analytic zeta^-1 with the fitted epsilon, scaled by ``coupling_scale``."""
    delays = transit_delays(digits.levels, beta, period * second)
    pair_resistances = zeta_inverse(circuit_from(config), delays, epsilon_mv * mvolt)
    mapping = ResistanceMapping.from_pair_resistances(digits.levels, pair_resistances, digits.patterns.shape[1])
    return mapping.scaled(config["coupling_scale"])


class Retriever:
    """``onn_batch`` ONNs of the configured circuit compiled once (build inside ``use_backend``), run for
    ``onn_periods`` periods on the coupling matrix of any mapping of the stored weights."""

    def __init__(self, backend: Backend, config: Mapping[str, Any], digits: StoredDigits, period: float):
        self.onn = HopfieldONN(backend, config["onn_batch"], digits.patterns.shape[1],
                               config["onn_periods"] * period * second, config["hysteresis"],
                               switch_schedule=config["switch_schedule"])
        self.circuit, self.weights, self.period = circuit_from(config), digits.weights, period

    def retrieve(self, mapping: ResistanceMapping, inputs: np.ndarray) -> Retrieval:
        return self.onn.retrieve(self.circuit, mapping.matrix(self.weights), inputs, self.period * second)

    def retrieve_sets(self, mapping: ResistanceMapping, tests: Mapping[int, TestSet]) -> dict[int, Retrieval]:
        """Every test set in as few batches as possible, split back per k."""
        result = self.retrieve(mapping, stacked_inputs(tests))
        parts = [per_test_set(tests, getattr(result, field.name)) for field in fields(Retrieval)]
        return {k: Retrieval(*(part[k] for part in parts)) for k in tests}


def beta_sweep(retriever: Retriever, mappings: Mapping[float, ResistanceMapping], tests: Mapping[int, TestSet],
               digits: StoredDigits) -> tuple[dict[str, Any], dict[tuple[str, int], tuple[np.ndarray, np.ndarray]]]:
    """Per beta: the mapping's spread and imbalance, and per k the scores, the fraction of flagged runs and the
    median locked period of oscillator 1 (us); and the first input of every test set with its retrieved state."""
    metrics: dict[str, Any] = {"retrieval_accuracy": {}, "hamming": {}, "recognition": {}, "flagged": {},
                               "locked_period_us": {}, "mapping": {}}
    examples = {}
    for beta, mapping in progress(mappings.items(), "ONN gains beta", total=len(mappings), unit="beta"):
        b = metric_key(beta)
        metrics["mapping"][b] = mapping_summary(mapping, digits.weights, digits.patterns)
        for k, result in retriever.retrieve_sets(mapping, tests).items():
            measured = {**scores(result.states, digits.patterns, tests[k][1]), "flagged": float(result.flagged.mean()),
                        "locked_period_us": float(np.nanmedian(result.locked_period) * US)}
            for name, value in measured.items():
                metrics[name].setdefault(b, {})[metric_key(k)] = value
            examples[b, k] = (tests[k][0][0], result.states[0])
    return metrics, examples


def linear_mapping(retriever: Retriever, nominal: ResistanceMapping, beta: float, tests: Mapping[int, TestSet],
                   patterns: np.ndarray) -> dict[str, Any]:
    """Exact retrieval per k with the least-squares line R_min + n Delta R through ``nominal`` (Fig. 14C)."""
    linear = nominal.linear()
    results = retriever.retrieve_sets(linear, tests)
    return {"beta": beta, "r_kohm": np.asarray(linear.resistances / kohm),
            "accuracy": {metric_key(k): scores(results[k].states, patterns, targets)["retrieval_accuracy"]
                         for k, (_, targets) in tests.items()}}


def common_scaling(retriever: Retriever, nominal: ResistanceMapping, changes: Sequence[float], test: TestSet,
                   patterns: np.ndarray) -> dict[str, float]:
    """Exact retrieval of ``test`` with every resistance of ``nominal`` changed by each relative change (Fig. 14D)."""
    inputs, targets = test
    return {metric_key(change): scores(retriever.retrieve(nominal.scaled(1 + change), inputs).states, patterns,
                                       targets)["retrieval_accuracy"] for change in changes}


def reference_networks(digits: StoredDigits, tests: Mapping[int, TestSet], seed: int) -> dict[str, Any]:
    """Per k, the scores of a discrete Hopfield network with the same weights started from sign(input), and of
    sign(input) itself."""
    hopfield, input_sign = {}, {}
    for k, (inputs, targets) in tests.items():
        signs = np.where(inputs >= 0, 1, -1)
        input_sign[metric_key(k)] = scores(signs, digits.patterns, targets)
        recalled = recall(digits.weights, signs, np.random.default_rng(seed))
        hopfield[metric_key(k)] = scores(recalled, digits.patterns, targets)
    return {"hopfield": hopfield, "input_sign": input_sign}


def hopfield_onn(config: Mapping[str, Any], period: float, epsilon_mv: float, betas: Sequence[float] | None = None,
                 fuzzy_levels: Sequence[int] | None = None, extras: bool = True) -> OnnRetrieval:
    """Figs. 12-14 for ``betas`` and ``fuzzy_levels`` (default: the configured ones); ``extras`` adds the linear
    mapping (if ``linear_mapping``) and the common scaling (if ``scale_changes``) at ``linear_beta``. ``period``
    (s) and ``epsilon_mv`` come from the pairs."""
    digits = StoredDigits.hebbian()
    betas = config["betas"] if betas is None else betas
    fuzzy_levels = config["fuzzy_pixels"] if fuzzy_levels is None else fuzzy_levels
    rng = np.random.default_rng(config["seed"])
    tests = {k: fuzzy_inputs(digits.patterns, k, config["inputs_per_digit"], rng) for k in fuzzy_levels}
    mappings = {beta: mapping_for(config, beta, digits, period, epsilon_mv) for beta in betas}
    with use_backend(config["device"], label="vo2-onn60", seed=config["seed"], threads=config["threads"]) as backend:
        retriever = Retriever(backend, config, digits, period)
        metrics, examples = beta_sweep(retriever, mappings, tests, digits)
        if extras:
            beta = config["linear_beta"]
            nominal = mappings.get(beta) or mapping_for(config, beta, digits, period, epsilon_mv)
            if config["linear_mapping"]:
                metrics["linear_mapping"] = linear_mapping(retriever, nominal, beta, tests, digits.patterns)
            if config["scale_changes"]:
                k = config["scale_fuzzy_pixels"]
                test = tests[k] if k in tests else fuzzy_inputs(digits.patterns, k, config["inputs_per_digit"], rng)
                metrics["scaling"] = {"beta": beta, "fuzzy_pixels": k, "accuracy": common_scaling(
                    retriever, nominal, config["scale_changes"], test, digits.patterns)}
    metrics.update(reference_networks(digits, tests, config["seed"]))
    return OnnRetrieval(metrics, digits, examples, tests, mappings)
