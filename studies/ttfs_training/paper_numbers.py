"""What Stanojevic (2023) reports for training TTFS networks (Ch. 3, Tables 3.1 and 3.3)."""

#: Thesis Table 3.1 (training from scratch, mean ± sd over trials): ReLU acc %, SNN acc %.
THESIS_TABLE_3_1 = [("MNIST (16-layer FC or LeNet5-like)", "99.57 ± 0.01", "99.57 ± 0.00"),
                    ("Fashion-MNIST", "94.24 ± 0.02", "94.26 ± 0.03"),
                    ("CIFAR10 (VGG16)", "93.68 ± 0.02", "93.69 ± 0.001")]
#: Thesis Table 3.3 (one hidden layer of 340, 50 epochs).
THESIS_TABLE_3_3 = [("MNIST", "98.3", "98.3"), ("Fashion-MNIST", "90.14", "90.14")]
