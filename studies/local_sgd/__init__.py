"""Krithivasan et al. (2022), Accelerating DNN training through selective localized learning (LoCal+SGD)."""
