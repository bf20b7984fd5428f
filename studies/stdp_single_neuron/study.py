"""Single-neuron STDP weight dynamics: add, mult and log STDP under the Table 1 set-up.

Chakraborty, B. & Mukhopadhyay, S. (2021). Characterization of Generalizability of Spike Timing Dependent
Plasticity Trained Spiking Neural Networks. Front. Neurosci. 15:695357 — Table 1 and Fig. 1.

200 Poisson inputs in 4 pools of 50 at 10 Hz drive one linear Poisson neuron per rule. The study reports the
final weight densities (Gaussian KDE, Eqs. 4-5; Fig. 1: add bimodal, mult unimodal, log long-tailed), output
rates, and each rule's tail index alpha of the weight increments (Mohammadi estimator, median over block
sizes), which for a single plastic layer is the BG index.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from brainsnn.config import StudyConfig, param, study_config
from brainsnn.errors import ConfigError
from brainsnn.study import Preset, Study
from brainsnn_studies.stdp_single_neuron.paper_numbers import PAPER_SHAPES


@study_config
class Config(StudyConfig):
    """Table 1 constants; the pool correlations are ours (Table 1 lists 4 correlated pools without values)."""

    rules: tuple[str, ...] = param(("add", "mult", "log"), "STDP rules, one neuron each", choices=tuple(PAPER_SHAPES))
    duration_s: float = param(200.0, "simulated time (s)", gt=0)
    dt_ms: float = param(0.1, "integration time step (ms)", gt=0)
    input_rate_hz: float = param(10.0, "rate of every input (Hz)", gt=0)
    pool_sizes: tuple[int, ...] = param((50, 50, 50, 50), "inputs per pool", gt=0)
    pool_correlations: tuple[float, ...] = param(
        (0.2, 0.1, 0.05, 0.0), "within-pool spike correlation, one per pool", ge=0, le=1)
    eta: float = param(2e-4, "learning rate of every rule", gt=0)
    sigma: float = param(0.5, "multiplicative weight-noise amplitude of the updates", ge=0)
    record_every_ms: float = param(100.0, "interval of the weight snapshots for the BG index (ms)", gt=0)

    def check(self) -> None:
        if len(self.pool_sizes) != len(self.pool_correlations):
            raise ConfigError("pool_correlations needs one value per pool in pool_sizes")
        if self.duration_s * 1000 / self.record_every_ms < 20:
            raise ConfigError("need >= 20 weight snapshots: raise duration_s or lower record_every_ms")


class SingleNeuronSTDP(Study):
    name = "stdp-single-neuron"
    paper = "Chakraborty & Mukhopadhyay (2021), Front. Neurosci. 15:695357, Table 1 / Fig. 1"
    summary = "weight densities and BG index of add/mult/log STDP on one neuron (Table 1 set-up)"
    Config = Config
    presets = {
        "smoke": Preset({"duration_s": 4.0, "eta": 5e-3, "device": "numpy"}, measured="17 s on 2 shared cores"),
        # eta 10x Table 1 so that 300 s approach the stationary densities in about a minute.
        "quick": Preset({"duration_s": 300.0, "eta": 2e-3}, measured="25 s on 2 cores"),
        "paper": Preset({"duration_s": 1000.0, "eta": 2e-4}),
    }

    def run(self, config: Config, out_dir: Path) -> dict[str, Any]:
        from brainsnn_studies.stdp_single_neuron import experiments, report

        result = experiments.simulate(config)
        report.save_figures(result, config, out_dir)
        return experiments.rule_metrics(result, config)

    def render_report(self, config: Mapping[str, Any], metrics: Mapping[str, Any]) -> str:
        from brainsnn_studies.stdp_single_neuron import report

        return report.render(config, metrics)


STUDY = SingleNeuronSTDP()
