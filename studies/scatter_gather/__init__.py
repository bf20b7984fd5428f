"""Zou et al. (2021), Front. Neurosci. 15:694170: a scatter-and-gather spiking CNN on neuromorphic chips."""
