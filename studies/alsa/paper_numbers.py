"""What Mo, Wang, Long & Zhuo (2022) print: the IRIS and MNIST accuracies and the MNIST constants (Sec. 3.2-3.3)."""

#: IRIS (Sec. 3.2): mean test accuracy of 4 trials of 5-fold cross-validation.
IRIS_ACCURACY = 0.957
#: The three IRIS classes (Sec. 3.2), in the order of their labels 0, 1, 2.
IRIS_CLASSES = ("setosa", "versicolor", "virginica")
#: MNIST (Sec. 3.3): test accuracy of the ALSA readout and of Diehl & Cook's vote readout, by feature count.
MNIST_ACCURACY = {"400 features": (0.8853, 0.87), "1600 features": (0.9158, 0.919)}
#: MNIST, 400 features (Sec. 3.3): ALSA constants (Eq. 6) of input -> features (unsupervised) ...
MNIST_FEATURE_CONSTANTS = {"eta": 0.015, "alpha": -0.3, "beta": 1.3, "tau_p_ms": 20.0}
#: ... and of features -> outputs (supervised by teachers).
MNIST_READOUT_CONSTANTS = {"eta": 0.001, "alpha": -0.003, "beta": 2.0, "tau_p_ms": 100.0}
