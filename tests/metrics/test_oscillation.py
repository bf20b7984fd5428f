"""Cycle statistics of synthetic relaxation-oscillator events."""

import numpy as np

from brainsnn.metrics.oscillation import cycle_statistics


def test_period_and_durations():
    period, charge = 10.0, 2.0
    ends = np.arange(1, 8) * period  # end of charge
    starts = ends - charge  # start of charge
    stats = cycle_statistics(np.zeros(7), ends, np.zeros(7), starts, 2)
    assert stats.period[0] == period and stats.t_charge[0] == charge and stats.t_discharge[0] == period - charge
    assert stats.asymmetry[0] == (period - charge) / charge
    assert np.isnan(stats.period[1])  # no events for oscillator 1
