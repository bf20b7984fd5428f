"""The phases of a run's stimulus slots and the somatic rate read out while testing (Dellaferrera et al. 2022).

A run presents one stimulus per slot; its phase decides what the network does there: ``WARM_UP`` (the running
statistics of u settle, no plasticity), ``TRAIN`` (Eqs. 3-4 on, noisy rate) and ``TEST`` (frozen, noise-free rate).
This module imports nothing, so that the study's configuration can name the test rates without loading Brian2.
"""

WARM_UP, TRAIN, TEST = 0, 1, 2

#: Somatic rate of the test slots: ``"standardised"`` is the learning rate function of the running statistics
#: without its noise, ``"raw"`` the reference code's f = sigmoid(beta0 (u - theta0)).
TEST_RATES = ("standardised", "raw")
