"""What Krithivasan et al. (2022) report: Tables 1, 2, 3 and 5 (top-1 error %, wall-clock speed-up on a GTX 1080Ti)
and the ranges of Sec. 3.5."""

#: Table 2 (CIFAR): network -> strategy -> (top-1 error %, speed-up); stochastic depth omitted.
TABLE_2 = {
    "ResNet18 (CIFAR-10)": {"sgd": (6.06, 1.0), "static": (6.17, 1.53), "dynamic": (6.23, 1.43),
                            "freezing": (6.51, 1.65)},
    "VGG13 (CIFAR-10)": {"sgd": (7.16, 1.0), "static": (7.28, 1.32), "dynamic": (7.25, 1.28),
                         "freezing": (7.43, 1.42)},
    "ResNet18 (CIFAR-100)": {"sgd": (23.39, 1.0), "static": (23.61, 1.47), "dynamic": (23.63, 1.44),
                             "freezing": (23.74, 1.62)},
    "VGG13 (CIFAR-100)": {"sgd": (31.36, 1.0), "static": (31.56, 1.3), "dynamic": (31.59, 1.32),
                          "freezing": (31.94, 1.42)},
}
#: Table 1 (ImageNet): network -> strategy -> (top-1 error %, speed-up); freezing where the paper lists it.
TABLE_1 = {
    "ResNet34": {"sgd": (26.6, 1.0), "static": (27.0, 1.34), "dynamic": (27.04, 1.26), "freezing": (27.32, 1.36)},
    "ResNet50": {"sgd": (24.02, 1.0), "static": (24.51, 1.42), "dynamic": (24.45, 1.37)},
    "MobileNetV2": {"sgd": (28.41, 1.0), "static": (28.90, 1.32), "dynamic": (28.98, 1.27),
                    "freezing": (29.31, 1.54)},
}
#: Table 3: top-1 error % of LoCal and of SGD given LoCal's run time.
TABLE_3 = {
    "ResNet34 (ImageNet)": (27.04, 27.36), "ResNet50 (ImageNet)": (24.41, 24.67),
    "MobileNetV2 (ImageNet)": (28.94, 29.18), "VGG13 (CIFAR-10)": (7.25, 7.56), "ResNet18 (CIFAR-10)": (6.23, 6.47),
    "VGG13 (CIFAR-100)": (31.59, 31.9), "ResNet18 (CIFAR-100)": (23.63, 23.97),
}
#: Table 5: top-1 error % with and without weak supervision.
TABLE_5 = {
    "ResNet34 (ImageNet)": (27.04, 27.1), "ResNet50 (ImageNet)": (24.41, 24.49),
    "MobileNetV2 (ImageNet)": (28.94, 29.03), "VGG13 (CIFAR-10)": (7.25, 7.39), "ResNet18 (CIFAR-10)": (6.23, 6.41),
    "VGG13 (CIFAR-100)": (31.59, 31.7), "ResNet18 (CIFAR-100)": (23.63, 23.75),
}
#: Sec. 3.5 and Sec. 3.1: the recommended ranges (alpha 0.8 "in all experiments" contradicts 0.1-0.5).
RANGES = {"alpha": (0.1, 0.5), "l_shift": (0.10, 0.15), "c1": (0.5, 0.7), "c2": (0.2, 0.3)}
