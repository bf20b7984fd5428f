"""What Stanojevic (2023) reports for the exact mapping (Ch. 2, Table 2.1)."""

#: Thesis Table 2.1 (MNIST rows): ReLU acc %, SNN acc %, agreement %, spikes % and the latency quoted in the text.
THESIS_TABLE_2_1 = {
    "fc": ("FC (784-600-10), MNIST", "98.52", "98.52", "100", "50.28", "≈15"),
    "fc-l1": ("FC L1, MNIST", "98.52", "98.52", "100", "3.33", "—"),
    "lenet": ("LeNet5, MNIST", "99.03", "99.03", "100", "50.18", "≈50"),
}
