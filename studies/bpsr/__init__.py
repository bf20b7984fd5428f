"""Yan et al. (2022), Backpropagation with sparsity regularization for spiking neural network learning (BPSR)."""
