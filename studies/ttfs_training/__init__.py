"""Training time-to-first-spike networks along the ReLU trajectory and their robustness (Stanojevic 2023, Ch. 2-3)."""
