"""Spike-rate reduction of time-encoded deep SNNs trained with exact EventProp gradients (Fontanini et al. 2024)."""
