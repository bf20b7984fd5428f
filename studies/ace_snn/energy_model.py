"""Energy of CNN-3D as an ANN and as an SNN on a digital accelerator, with an optional processing-in-memory first
layer (Datta et al. 2022, Eq. 22, 24 and 26; Table 4's constants, 65 nm).

Per layer ``l`` with ``C_i`` input and ``C_o`` output channels, a kernel of ``K`` weights per channel pair (``k^3``;
1 for a dense layer) and ``N_o = H_o W_o D_o`` outputs (1 for a dense layer)::

    E_ANN_l  = C_i C_o K E_read + C_i C_o K N_o E_mac(b)                                   (Eq. 22)
    E_SNN_l  = C_i C_o K E_read + C_i C_o K N_o zeta_l E_ac                                (Eq. 24, l >= 2)
    E_SNN_1  = Eq. 22 with the first layer's MAC (direct input: MACs once, the input is constant)
    E_PIM_1  = C_i C_o K N_o (E_BLP + E_ADC / R)                                           (Eq. 26)

``zeta_l`` is the spikes per neuron over the T steps of layer ``l``'s input (the previous spiking layer), the
activity that drives its accumulates (the notes' B8 #5). Leakage power is 0 (not published). Energies per
operation at ``b`` bits follow the paper's scaling rules: ``E_mac(b) = 3.1 pJ (b / 32)^1.25`` (Moons et al. 2017),
``E_ac(b) = 0.1 pJ b / 32`` (Simon et al. 2019); ``E_read = 5.2 pJ`` per 6-bit weight element, scaled by
``b / 6`` for other widths (our reading; the paper gives the value for its 6-bit SRAM only). The first SNN layer
multiplies 8-bit inputs by 6-bit weights: ``E_mac(8)`` (the paper takes a value from Kang et al. 2018 that it does
not print). Eq. 26 has no ``H_o W_o D_o`` factor in the paper; Eq. 27 has, and so does this model (B8 #7).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from brainsnn.errors import ConfigError

#: Table 4: one weight element SRAM -> PE at 6 bits, a 32-bit MAC and AC (Horowitz 2014), one in-memory
#: accumulation, one ADC conversion (pJ).
E_READ_6BIT_PJ = 5.2
E_MAC_32BIT_PJ = 3.1
E_AC_32BIT_PJ = 0.1
E_BLP_PJ = 0.08
E_ADC_PJ = 0.268


def mac_energy(bits: int) -> float:
    """``3.1 pJ (b / 32)^1.25``."""
    return E_MAC_32BIT_PJ * (bits / 32) ** 1.25


def ac_energy(bits: int) -> float:
    """``0.1 pJ b / 32``."""
    return E_AC_32BIT_PJ * bits / 32


def read_energy(bits: int) -> float:
    """``5.2 pJ b / 6`` per weight element."""
    return E_READ_6BIT_PJ * bits / 6


@dataclass(frozen=True)
class LayerShape:
    """``C_i``, ``C_o``, ``K`` and ``N_o`` of one layer (see the module docstring)."""

    c_in: int
    c_out: int
    kernel: int
    outputs: int

    @property
    def macs(self) -> int:
        return self.c_in * self.c_out * self.kernel * self.outputs

    @property
    def weights(self) -> int:
        return self.c_in * self.c_out * self.kernel


def ann_energy(layers: Sequence[LayerShape], bits: int) -> list[float]:
    """Eq. 22 per layer (pJ) at ``bits`` bits."""
    return [layer.weights * read_energy(bits) + layer.macs * mac_energy(bits) for layer in layers]


def snn_energy(layers: Sequence[LayerShape], zeta: Sequence[float], *, bits: int = 6, input_bits: int = 8,
               pim: bool = False, adc_rows: int = 1) -> list[float]:
    """Eq. 22/26 (first layer) and Eq. 24 (the rest) per layer (pJ); ``zeta[l - 1]`` drives layer ``l >= 2``."""
    if len(zeta) != len(layers) - 1:
        raise ConfigError(f"{len(layers)} layers need {len(layers) - 1} spike rates, got {len(zeta)}")
    first = layers[0]
    if pim:
        energies = [first.macs * (E_BLP_PJ + E_ADC_PJ / adc_rows)]
    else:
        energies = [first.weights * read_energy(bits) + first.macs * mac_energy(max(input_bits, bits))]
    for layer, rate in zip(layers[1:], zeta, strict=True):
        energies.append(layer.weights * read_energy(bits) + layer.macs * rate * ac_energy(bits))
    return energies


def energy_summary(layers: Sequence[LayerShape], zeta: Sequence[float], bits: int = 6) -> dict[str, float]:
    """ANN (32-bit and ``bits``-bit) over SNN energy, the first layer's share of the SNN's, the share of the
    32-bit ANN's energy spent in MACs (the rest reads weights), and the gain of the processing-in-memory first
    layer."""
    ann_compute = math.fsum(layer.macs * mac_energy(32) for layer in layers)
    snn = snn_energy(layers, zeta, bits=bits)
    pim = snn_energy(layers, zeta, bits=bits, pim=True)
    return {
        "ann_fp_over_snn": math.fsum(ann_energy(layers, 32)) / math.fsum(snn),
        "ann_6b_over_snn": math.fsum(ann_energy(layers, bits)) / math.fsum(snn),
        "ann_fp_over_6b": math.fsum(ann_energy(layers, 32)) / math.fsum(ann_energy(layers, bits)),
        "first_layer_share": snn[0] / math.fsum(snn),
        "ann_fp_compute_share": ann_compute / math.fsum(ann_energy(layers, 32)),
        "pim_gain": math.fsum(snn) / math.fsum(pim),
        "ann_fp_over_snn_pim": math.fsum(ann_energy(layers, 32)) / math.fsum(pim),
        "ann_6b_over_snn_pim": math.fsum(ann_energy(layers, bits)) / math.fsum(pim),
        "snn_pj": math.fsum(snn), "snn_accumulates": math.fsum(
            layer.macs * rate for layer, rate in zip(layers[1:], zeta, strict=True)),
    }
