"""Batch normalisation through time (BNTT): Kim & Panda 2021, Front. Neurosci. 15:773954."""
