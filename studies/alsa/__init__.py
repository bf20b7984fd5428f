"""ALSA: associative-learning-based supervised STDP with teacher neurons (Mo, Wang, Long & Zhuo 2022)."""
