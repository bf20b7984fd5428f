"""What Datta et al. (2022) report (Tables 2, 5, 6, Sec. 2.2, 6.3-6.6, Fig. 8-13), as printed."""

#: Table 2, CNN-3D at T = 5 (OA %): ANN, conversion only (column B), FP SNN, 4/5/6-bit Q-STDB SNN.
TABLE_2_CNN3D = {
    "Indian Pines": {"ann": 98.86, "conversion": 57.68, "fp": 98.92, "4": 97.08, "5": 98.38, "6": 98.68},
    "Pavia University": {"ann": 99.69, "conversion": 91.16, "fp": 99.47, "4": 98.21, "5": 99.26, "6": 99.50},
    "Salinas": {"ann": 98.89, "conversion": 81.44, "fp": 98.49, "4": 96.47, "5": 97.25, "6": 97.95},
}
#: Table 5 (CNN-3D, Indian Pines): OA of affine training + affine inference, and the OA lost by scale inference.
TABLE_5 = {"6": {"affine": 98.89, "delta": 0.21}, "5": {"affine": 98.79, "delta": 0.41},
           "4": {"affine": 98.50, "delta": 1.42}}
#: Table 6, CNN-3D: OA of Q-STDB from scratch (Kaiming init) at T = 5 and 6 bits.
TABLE_6_SCRATCH = {"Indian Pines": 96.83, "Pavia University": 99.38, "Salinas": 96.05}
#: Fig. 13B (CNN-32H, Indian Pines, T = 5): bits post-training quantisation needs to stay within 1 % of the
#: state of the art, against Q-STDB's 6.
PTQ_BITS = 12
QSTDB_BITS = 6
#: Fig. 8: spikes per neuron over 5 steps stay below this in every layer; CNN-3D's 3rd conv layer on IP.
ZETA_BOUND = 1.4
ZETA_CNN3D_IP_LAYER3 = 0.568
#: Sec. 6.4: energy of the full-precision and the 6-bit ANN over the SNN's, averaged over both architectures and
#: three data sets, and for CNN-3D on Indian Pines; a 6-bit ANN's saving over a 32-bit one.
ENERGY_MEAN = {"ann_fp_over_snn": 560.6, "ann_6b_over_snn": 44.8}
ENERGY_CNN3D_IP = {"ann_fp_over_snn": 199.3, "ann_6b_over_snn": 33.8}
ANN_FP_OVER_6B = 12.5
#: Sec. 6.4: the first (MAC) layer's share of the SNN's energy, CNN-3D.
FIRST_LAYER_SHARE_CNN3D = 0.27
#: Fig. 11: the PIM first layer's energy gain, CNN-3D (mean of three data sets) and Indian Pines.
PIM_GAIN_CNN3D = 1.30
PIM_GAIN_CNN3D_IP = 1.28
#: Sec. 2.2's arithmetic-intensity example: FLOP and memory ratios of 3-D over 2-D convolution.
INTENSITY = {"flop_ratio": 300.0, "memory_ratio": 96.5}
