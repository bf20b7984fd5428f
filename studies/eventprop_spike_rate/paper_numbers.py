"""The numbers Fontanini et al. (2024) state in their text (Neuromorph. Comput. Eng. 4 034004), as printed.

Tables 1, 3 and 4 are images missing from the text; no figure is readable, only captions and prose.
"""

#: Table 2: uniform weight-init ranges (low, high) of layers 1-4 (Yin-Yang 5/40/25/13/3, MNIST 784/280/160/70/10).
TABLE_2 = {"yin-yang": ((1.0, 3.0), (0.2, 1.0), (0.0, 1.0), (0.0, 1.0)),
           "mnist": ((-0.01, 0.03), (-0.05, 0.15), (-0.2, 0.6), (-0.4, 0.8))}

#: Fig. 5: with L_W at alpha = 5e-3 the network <N_S> "saturates at a value that is close to 2".
FIG_5_LW_SPIKES = 2.0

#: Fig. 8: the 2-phase strategy's phase 2 improves the accuracy "from ~98.4% to ~98.7%" (Yin-Yang, %).
FIG_8_PHASE_1_ACCURACY = 98.4
FIG_8_PHASE_2_ACCURACY = 98.7

#: Hyper-parameters the text states: alphas of the sweeps, etas (ms), learning rates, epochs.
ALPHAS = (0.0, 3e-3, 4e-3, 5e-3)
ETAS_YIN_YANG = (0.3, 0.4)
ETA_MNIST = 3.0
LEARNING_RATES = {"fig_7": 3e-3, "fig_9": 5e-3, "phase_2_yin_yang": 2e-4, "mnist": 2e-3}
EPOCHS = {"sweeps": 100, "phase_2_yin_yang": 60, "phase_1_mnist": 150}

#: MNIST: "any accuracy below 97% is not meaningful"; the network <N_S> is "much below ... 1 spike per neuron".
MNIST_MEANINGFUL_ACCURACY = 97.0
MNIST_SPIKES_BELOW = 1.0

#: Claims in words (Figs. 9-11).
CLAIMS = {
    "two_phase": "2-phase accuracy similar to L_W (including s.d.) at a lower spike rate; consistently better than "
                 "L or L_A alone",
    "switch_off": "with alpha = 0 accuracy improves for a few epochs, then nodes go quiescent and accuracy drops to "
                  "uselessness",
    "depth": "<N_S> grows with the number of layers, super-linearly with L_W; 2-phase keeps it under control",
    "mnist": "2-phase stays well below L_A alone in <N_S>; L_W is 'way larger'",
}
