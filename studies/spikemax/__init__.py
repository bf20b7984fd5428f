"""Shrestha, Zhu & Sun, "Spikemax: Spike-based Loss Methods for Classification" (IJCNN 2022)."""
