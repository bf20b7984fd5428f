"""The numbers Yan et al. (2022) report (Front. Neurosci. 16:760298), as printed."""

#: Table 2: hyperparameters outside CIFAR-10.
TABLE_2 = {"U_th": 1.0, "tau_init": 0.5, "alpha": 0.7, "learning_rate": 1e-2, "lambda_s": 1e-7, "lambda_w": 1e-2,
           "theta_w": 1e-2, "theta_m": 1e-4, "mu_m": 5.0, "beta_m": 0.99}

#: Table 3, BPSR rows (rank-order MNIST): model, pruned, synapses, spikes per sample, inference FLOPs, accuracy %.
TABLE_3_BPSR = [
    ("CNN", False, "98K", 859, "86.8K", 97.56),
    ("rCNN", False, "0.1M", 2600, "0.19M", 98.43),
    ("rCNN", True, "73K", 542, "67.6K", 98.33),
]

#: Fig. 8A-C (r1000-fc100-fc10, rank-order MNIST), in words: the paper gives curves, no table.
FIG_8_SPIKING = ("firing rate falls as lambda_s rises; accuracy improves as the rate falls for lambda_s in [0, 1e-7]; "
                 "regularisation gives higher test accuracy at equal training error")

#: Fig. 8D-F (r81-fc36-fc10, gas sensor, lambda_w = 0.01): "8x" fewer synapses in the recurrent layer after 117
#: epochs; a random structure with the same synapse count reaches a higher error.
REWIRING_COMPRESSION = 8.0

#: Fig. 9: PTQ (8 or 4 bit) costs 0.22-0.61 % accuracy; 15-60x the energy efficiency of BNN / XNOR-Net.
PTQ_ACCURACY_DROP_PERCENT = (0.22, 0.61)
PTQ_EFFICIENCY_VS_BNN = (15, 60)

#: Normalised operation costs of Fig. 9 (relative to a floating-point add).
OPERATION_COSTS = {"FL-ADD": 1.0, "FL-MUL": 4.0, "FI-ADD": 0.2, "BIT-OP": 0.0}

#: Fig. 7: BPSR is 2.1x faster than STBP and needs less memory (MNIST MLP, rate coding, GPU).
SPEEDUP_VS_STBP = 2.1
