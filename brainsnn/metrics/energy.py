"""Energy of synaptic operations: a spiking network accumulates, its ANN equivalent multiply-accumulates.

``E_SNN = AC x E_AC`` and ``E_ANN = MAC x E_MAC`` per inference (memory access and neuron updates not counted, as in
the papers' headline figures). The constants differ between the source papers, so each model is named:

- Horowitz, "Computing's energy problem", ISSCC 2014 (45 nm, 0.9 V): fp32 add 0.9 pJ, multiply 3.7 pJ, so
  E_AC = 0.9 pJ and E_MAC = 4.6 pJ — the pair most SNN papers quote (`FLOAT32_45NM`).
- ACE-SNN (Datta et al. 2022, Table 4, from the same source): E_AC = 0.1 pJ, E_MAC = 3.1 pJ, the int32 add and
  multiply (`ACE_SNN_INT32`).
- Scatter-and-gather (Zou et al.): 0.57 pJ per synaptic operation on the 28 nm chip of Kuang et al. 2021, idle power
  included; the paper gives no MAC figure (`KUANG_CHIP_SOP`, ANN energy undefined).
"""

import math
from dataclasses import dataclass

from brainsnn.errors import ConfigError


@dataclass(frozen=True)
class EnergyModel:
    """Picojoules per accumulate and per multiply-accumulate (``nan``: the source gives none)."""

    name: str
    accumulate_pj: float
    multiply_accumulate_pj: float


FLOAT32_45NM = EnergyModel("45 nm fp32 (Horowitz 2014)", accumulate_pj=0.9, multiply_accumulate_pj=0.9 + 3.7)
ACE_SNN_INT32 = EnergyModel("45 nm int32 as in ACE-SNN (Horowitz 2014)", accumulate_pj=0.1, multiply_accumulate_pj=3.1)
KUANG_CHIP_SOP = EnergyModel("28 nm chip, 0.57 pJ/SOP (Kuang et al. 2021)", accumulate_pj=0.57,
                             multiply_accumulate_pj=math.nan)


@dataclass(frozen=True)
class EnergyEstimate:
    """Energy per inference of the SNN (accumulates) and of its ANN equivalent (MACs), in picojoules."""

    snn_pj: float
    ann_pj: float

    @property
    def ann_to_snn(self) -> float:
        """How many times less energy the SNN needs (``E_ANN / E_SNN``; inf when the SNN did no operation)."""
        return self.ann_pj / self.snn_pj if self.snn_pj > 0 else math.inf


def energy_estimate(
    accumulates: float, macs: float, model: EnergyModel = FLOAT32_45NM, snn_macs: float = 0.0
) -> EnergyEstimate:
    """``E_SNN = accumulates x E_AC + snn_macs x E_MAC`` and ``E_ANN = macs x E_MAC``, all per inference;
    ``snn_macs`` are the SNN's own multiply-accumulates, e.g. a first layer fed analog (direct) inputs."""
    if not (accumulates >= 0 and macs >= 0 and snn_macs >= 0):
        raise ConfigError(f"operation counts must be non-negative, got accumulates={accumulates}, macs={macs}, "
                          f"snn_macs={snn_macs}")
    snn_pj = accumulates * model.accumulate_pj + (snn_macs * model.multiply_accumulate_pj if snn_macs else 0.0)
    return EnergyEstimate(snn_pj=snn_pj, ann_pj=macs * model.multiply_accumulate_pj)
