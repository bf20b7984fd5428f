"""ACE-SNN: quantisation-aware hybrid training of 3-D SNNs for hyperspectral images (Datta et al. 2022)."""
