"""Phase of each oscillator relative to its network's reference oscillator (Delacour & Todri-Sanial 2021, Eq. 14).

Each oscillator marks every cycle with an event (its device turning insulating, V_out = V+). With t_ref the last
two events of the reference and t_i the last event of oscillator i::

    phi_i = 360 deg * ((t_i - t_ref[-1]) / (t_ref[-1] - t_ref[-2]) mod 1)

i.e. relative to the reference's *locked* period, which differs between in-phase (~T_osc) and out-of-phase states.
The same phase one cycle earlier measures the drift: an oscillator whose phase moved by more than ``drift_tol_deg``
has not converged. Binary states follow Eq. 14: S = +1 for ``|phi| < 90 deg``, else -1; a phase farther than
``intermediate_tol_deg`` from both 0 and 180 deg (e.g. the ~270 deg states of Fig. 9) is flagged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from brainsnn.errors import ConfigError


@dataclass(frozen=True)
class PhaseReadout:
    """Per oscillator: phase (deg, [0, 360)), binary state (+1 = 0 deg), and flags; per oscillator its reference's
    locked period (s)."""

    phase_deg: np.ndarray
    state: np.ndarray
    converged: np.ndarray
    intermediate: np.ndarray
    locked_period: np.ndarray


def circular_distance_deg(a, b) -> np.ndarray:
    """Smallest absolute angle between ``a`` and ``b`` in degrees (in [0, 180])."""
    return np.abs((np.asarray(a) - np.asarray(b) + 180.0) % 360.0 - 180.0)


def read_phases(
    event_index, event_time, references, *, drift_tol_deg: float = 10.0, intermediate_tol_deg: float = 45.0
) -> PhaseReadout:
    """Phases from cycle events (``event_index``, ``event_time`` in s) of oscillators ``0..len(references)-1``.

    ``references[i]`` is the reference oscillator of oscillator ``i``. Oscillators (or references) with fewer than
    three events are reported unconverged with NaN phase.
    """
    references = np.asarray(references, dtype=int)
    n = len(references)
    event_index = np.asarray(event_index, dtype=int)
    event_time = np.asarray(event_time, dtype=float)
    if event_index.shape != event_time.shape:
        raise ConfigError("event_index and event_time must have the same length")
    if n and (references.min() < 0 or references.max() >= n):
        raise ConfigError("references must index oscillators of the same batch")
    order = np.lexsort((event_time, event_index))
    index, time = event_index[order], event_time[order]
    counts = np.bincount(index, minlength=n)[:n]
    ends = np.cumsum(counts)

    def last(k: int) -> np.ndarray:
        """The k-th last event of every oscillator (NaN if it has fewer)."""
        value = np.full(n, np.nan)
        ok = counts >= k
        value[ok] = time[ends[ok] - k]
        return value

    own = [last(1), last(2)]
    ref = [last(k)[references] for k in (1, 2, 3)]
    periods = [ref[0] - ref[1], ref[1] - ref[2]]
    phase = 360.0 * (((own[0] - ref[0]) / periods[0]) % 1.0)
    previous = 360.0 * (((own[1] - ref[1]) / periods[1]) % 1.0)
    valid = (counts >= 3) & (counts[references] >= 3)
    converged = valid & (circular_distance_deg(phase, previous) <= drift_tol_deg)
    state = np.where(circular_distance_deg(phase, 0.0) < 90.0, 1, -1)
    intermediate = valid & (np.minimum(circular_distance_deg(phase, 0.0), circular_distance_deg(phase, 180.0))
                            > intermediate_tol_deg)
    return PhaseReadout(np.where(valid, phase, np.nan), state, converged, intermediate, periods[0])
