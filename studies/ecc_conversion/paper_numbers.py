"""Numbers stated by Wu, Yi & Huang (2022), Front. Neurosci. 16:759900 (prose of Sec. 1 and 4, Table 2). The curves
of Figs. 3 and 5 are not given as numbers in the text; only what the text states is here."""

#: Fig. 1C/D: VGG-16 on CIFAR-10 images at 128 T and on CIFAR10-DVS at 48 frames: accuracy (%) and MOps.
FIGURE_1 = {
    "cifar10_images": {"snn_accuracy": 92.52, "cnn_accuracy": 92.76, "snn_mops": 90.0, "cnn_mops": 657.0,
                       "steps": 128},
    "cifar10_dvs": {"snn_accuracy": 71.20, "cnn_accuracy": 73.30, "snn_mops": 7.52, "cnn_mops": 307.0, "frames": 48},
}

#: Table 2 (CIFAR10-DVS): accuracy (%), frames N_f, MOps.
TABLE_2 = [
    ("Direct training (VGG7), Wu et al. 2021", 62.50, None, None),
    ("2017-SNN (DenseNet), Kugele et al. 2020", 65.61, 60, 1551.0),
    ("ECC-SNN (VGG16), this paper", 71.20, 48, 66.79),
    ("ECC-SNN (VGG7), this paper", 71.30, 48, 7.52),
]

#: Fig. 3A (VGG-16, CIFAR-10, no bias/BN): time steps to near-zero accuracy loss.
STEPS_TO_NEAR_ZERO_LOSS = {"ecc": 128, "ts_0.8": 128, "ts_0.9": 256}

#: Fig. 3C (BN): ECC matches 2017-SNN's accuracy loss with this many times fewer MOps and lower latency.
BN_ADVANTAGE = {"mops": 2.0, "latency": 3.0}

#: Sec. 4.2, data set not named (accuracy %, T).
OTHER_RESULTS = [("RMP-SNN(0.8), no BN", 48.32, 256), ("2017-SNN with BN", 49.81, 128), ("ECC-SNN", 63.71, 128)]

#: Fig. 3D / Supp. Fig. 1B: signed weight widths with negligible loss, and the width with a noticeable drop.
QUANTISATION = {"negligible": (10, 9, 8), "noticeable_drop": 7}

#: Prop. 2 (eq. 10): residual error range in units of V_thr without TRE and with TRE eta = 0.5.
PROPOSITION_2 = {"without_tre": (0.0, 1.0), "with_tre": (-0.5, 0.5)}

#: Sec. 5: accuracy loss at 32 T of ECC-SNN (Supp. Fig. 1C).
ECC_LOSS_AT_32 = 3.2
