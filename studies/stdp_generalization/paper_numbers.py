"""What Chakraborty & Mukhopadhyay (2021) report for the Diehl & Cook network (6400 neurons; MNIST in Tables 2, 3
and 5, Fashion-MNIST in Table 4)."""

#: Table 2: scaling-function ratio SFR = c+/c- -> rule -> (BG index, generalization error, test accuracy %).
PAPER_TABLE2 = {
    2.1: {"log": (1.352, 6.8, 89.92), "add": (1.969, 9.7, 88.17), "mult": (1.824, 8.1, 89.26)},
    1.7: {"log": (1.294, 6.2, 89.98), "add": (1.911, 9.3, 88.12), "mult": (1.797, 7.6, 89.15)},
    1.2: {"log": (1.209, 5.9, 89.79), "add": (1.875, 8.9, 88.09), "mult": (1.702, 7.0, 88.99)},
    0.9: {"log": (1.174, 5.7, 89.26), "add": (1.799, 8.6, 88.10), "mult": (1.633, 6.5, 88.87)},
}
#: Table 3: learning rate eta -> rule -> (BG index, generalization error, test accuracy %).
PAPER_TABLE3 = {
    0.2: {"log": (1.312, 6.6, 89.12), "add": (1.844, 9.1, 87.69), "mult": (1.769, 7.9, 88.38)},
    0.15: {"log": (1.255, 6.1, 89.03), "add": (1.783, 8.9, 87.53), "mult": (1.648, 7.4, 88.19)},
    0.1: {"log": (1.112, 5.3, 88.35), "add": (1.698, 8.5, 87.11), "mult": (1.596, 6.8, 87.95)},
    0.05: {"log": (1.068, 5.0, 88.01), "add": (1.632, 8.2, 87.02), "mult": (1.512, 6.3, 87.82)},
}
#: Table 4 (Fashion-MNIST): row (a) at SFR 0.9 (eta not stated), row (b) at eta 0.05 (SFR not stated) ->
#: rule -> (BG index, generalization error, test accuracy %).
PAPER_TABLE4 = {
    "sfr=0.9": {"log": (1.322, 10.02, 82.43), "add": (1.788, 13.87, 79.16), "mult": (1.573, 11.38, 81.92)},
    "eta=0.05": {"log": (1.204, 9.93, 81.75), "add": (1.692, 11.73, 79.76), "mult": (1.489, 10.11, 80.35)},
}
#: Table 5: hyperparameters before / after Bayesian optimisation, and the resulting test accuracy / gen. error.
PAPER_TABLE5 = {
    "log": {"before": {"eta": 0.1, "sigma": 0.5, "curvature": 3, "ltp_decay": 45, "w0": 0.5, "c_plus": 0.5,
                       "c_minus": 0.45, "tau_plus": 15.0, "tau_minus": 30.0},
            "after": {"eta": 0.063, "sigma": 0.581, "curvature": 5, "ltp_decay": 57, "w0": 0.244, "c_plus": 0.752,
                      "c_minus": 0.788, "tau_plus": 17.0, "tau_minus": 36.0},
            "accuracy": (91.41, 90.65), "generalization_error": (5.79, 3.17)},
    "add": {"before": {"eta": 0.1, "sigma": 0.5, "c_plus": 0.5, "c_minus": 0.45, "tau_plus": 15.0, "tau_minus": 30.0},
            "after": {"eta": 0.017, "sigma": 0.632, "c_plus": 0.894, "c_minus": 0.652, "tau_plus": 18.0,
                      "tau_minus": 22.0},
            "accuracy": (88.68, 89.77), "generalization_error": (8.29, 4.61)},
}
#: The ordering of BG index and generalization error in every row of Tables 2-4 (claims P1, P2).
PAPER_ORDER = "log < mult < add"
#: The yardstick of the network itself: Diehl & Cook (2015) report about 87 % MNIST test accuracy with 400
#: excitatory neurons trained on MNIST's 60 000 images (not a number of Chakraborty & Mukhopadhyay).
DIEHL_COOK_400_ACCURACY = 87.0
