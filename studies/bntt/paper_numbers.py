"""What Kim & Panda (2021) report (Tables 1 and 3, Sec. 3.3 / Fig. 4 and 6), as printed."""

#: Table 1 (accuracy %, surrogate-gradient rows of the paper's own models): dataset, variant, network, T, accuracy
#: (``None``: the paper's n/a, the baseline did not converge).
TABLE_1 = [
    ("CIFAR-10", "none", "VGG9", 100, 88.7),
    ("CIFAR-10", "bn", "VGG9", 25, 84.3),
    ("CIFAR-10", "bntt", "VGG9", 25, 90.5),
    ("CIFAR-10", "bntt + early exit", "VGG9", 20, 90.3),
    ("CIFAR-100", "none", "VGG11", None, None),
    ("CIFAR-100", "bn", "VGG11", 50, 43.0),
    ("CIFAR-100", "bntt", "VGG11", 50, 66.6),
    ("CIFAR-100", "bntt + early exit", "VGG11", 30, 65.8),
    ("Tiny-ImageNet", "none", "VGG11", None, None),
    ("Tiny-ImageNet", "bn", "VGG11", 30, 32.7),
    ("Tiny-ImageNet", "bntt", "VGG11", 30, 57.8),
    ("Tiny-ImageNet", "bntt + early exit", "VGG11", 25, 56.8),
]
#: Table 3 (Sequential MNIST, accuracy %): the baseline without BN and with BNTT.
TABLE_3 = {"none": 36.2, "bntt": 96.6}
#: Table 2 (DVS-CIFAR10, accuracy %): BNTT; the baseline without BN did not converge ("n/a").
DVS_CIFAR10_BNTT = 63.2
#: Fig. 4 and Table 1: early-exit threshold 0.1 on VGG9 / CIFAR-10 gives T_exit = 20 of T = 25, 90.5 -> 90.3 %.
EARLY_EXIT = {"threshold": 0.1, "t_exit": 20, "steps": 25, "accuracy": 90.5, "accuracy_exit": 90.3}
#: Fig. 6: steps at which the mean gain of conv4 and conv7 of VGG9 peaks (conv1 decays from the start).
GAMMA_PEAKS = {"conv1": 1, "conv4": 9, "conv7": 13}
#: CIFAR-10 training (Sec. 4.1; the batch size is the authors' code's, the text gives none).
CIFAR10_TRAINING = {"learning_rate": 0.3, "weight_decay": 5e-4, "epochs": 120, "train_images": 50000,
                    "batch_size": 128}
