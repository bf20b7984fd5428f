"""Kim, Kim & Kim (NeurIPS 2020), Unifying Activation- and Timing-based Learning Rules for Spiking Neural Networks."""
