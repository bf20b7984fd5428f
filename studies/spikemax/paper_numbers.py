"""Numbers printed in Shrestha, Zhu & Sun, "Spikemax: Spike-based Loss Methods for Classification".

Table I as reconstructed in the research notes (§C.4): the extraction garbled the row labels; the fourth row of
each of the paper's loss blocks is taken to be spikemax_g, and the N-TIDIGITS18 rows of the three spikemax losses
are missing from the text (not quoted here). Latencies are read "approx." off Figs. 2, 4 and 6 in the prose.
"""

#: Test accuracy (%) mean and s.d. over 5 trials, Table I: {dataset: {loss: (mean, sd)}}.
TABLE_I = {
    "NMNIST": {"spike_rate": (99.33, 0.03), "spikemax": (99.27, 0.02), "spikemax_s": (99.33, 0.04),
               "spikemax_g": (99.26, 0.06)},
    "DVS Gesture": {"spike_rate": (96.21, 0.63), "spikemax": (95.83, 0.48), "spikemax_s": (95.53, 0.37),
                    "spikemax_g": (95.15, 0.65)},
    "N-TIDIGITS18": {"spike_rate": (94.19, 0.18)},
}
#: Parameters of the paper's networks (Table I).
PARAMETERS = {"NMNIST": 2_171_728, "DVS Gesture": 1_068_368, "N-TIDIGITS18": 84_736}
#: Inference latency (ms) read off the accuracy-vs-time figures, as stated in the text.
LATENCY_MS = {
    "NMNIST": {"spikemax": 70, "spike_rate": 250},
    "N-TIDIGITS18": {"spikemax": 600, "spike_rate": 2000},
}
#: Which loss fires least / most (Figs. 3 and 7; NMNIST and N-TIDIGITS18).
SPIKES = {"fewest": "spikemax_s", "most": "spike_rate"}
#: Constants of the paper: threshold, (tau_s, tau_r) in ms, window W in steps, (true, false) target rates.
CONSTANTS = {
    "theta": 10,
    "tau": {"NMNIST": (1, 1), "DVS Gesture": (5, 5), "N-TIDIGITS18": (5, 5)},
    "window": {"NMNIST": 30, "DVS Gesture": 35, "N-TIDIGITS18": 40},
    "rates": {"NMNIST": (0.2, 0.04), "DVS Gesture": (0.35, 0.07), "N-TIDIGITS18": (0.2, 0.02)},
}
