"""Period and waveform asymmetry of free-running relaxation oscillators from their switching events.

A VO2 oscillator charges from its ``imt`` event (device turns metallic, V_out = V-) to its ``mit`` event (turns
insulating, V_out = V+) and discharges from ``mit`` to the next ``imt``. Delacour & Todri-Sanial (2021) call the
duration ratio t_d / t_c the waveform asymmetry tau_d / tau_c (Sec. 2.1.9): with Table 1's circuit,
t_d / t_c = 21.219 us / 0.357 us = 59.4, the paper's "59".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class CycleStatistics:
    """Per oscillator, averaged over its last ``cycles`` complete cycles (s); NaN without enough events."""

    period: np.ndarray
    t_charge: np.ndarray
    t_discharge: np.ndarray

    @property
    def asymmetry(self) -> np.ndarray:
        """t_d / t_c."""
        return self.t_discharge / self.t_charge


def cycle_statistics(end_index, end_time, start_index, start_time, n_oscillators: int,
                     cycles: int = 3) -> CycleStatistics:
    """Statistics from charge-end (``mit``) and charge-start (``imt``) events of oscillators 0..n-1."""
    period, charge, discharge = (np.full(n_oscillators, np.nan) for _ in range(3))
    end_index, end_time = np.asarray(end_index), np.asarray(end_time)
    start_index, start_time = np.asarray(start_index), np.asarray(start_time)
    for k in range(n_oscillators):
        ends, starts = np.sort(end_time[end_index == k]), np.sort(start_time[start_index == k])
        if len(ends) < cycles + 1:
            continue
        ends = ends[-(cycles + 1):]
        period[k] = np.mean(np.diff(ends))
        before = np.searchsorted(starts, ends[1:]) - 1  # charge start preceding each of the last ends
        if np.any(before < 0) or np.any(starts[before] <= ends[:-1]):
            continue
        charge[k] = np.mean(ends[1:] - starts[before])
        discharge[k] = np.mean(starts[before] - ends[:-1])
    return CycleStatistics(period, charge, discharge)
