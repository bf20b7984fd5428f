"""The two-oscillator phase map and the transition function (Delacour & Todri-Sanial 2021, Fig. 5A, Eqs. 7-12).

The output phase of oscillator 2 over a grid of R_C x Delta t_init, the simulated boundary zeta^-1 between in-phase
and out-of-phase locking, Eq. 10 with the epsilon fitted to it, and the neutral resistance R_0 = zeta^-1(T/4)
(Eq. 12), at which a pair locks in phase for half of the delays in [0, T/2].
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from brian2 import kohm, mvolt, second

from brainsnn.models.transition_function import zeta, zeta_inverse
from brainsnn.models.vo2_oscillator import VO2Parameters
from brainsnn_studies.vo2_onn.oscillator_pairs import OscillatorPairs
from brainsnn_studies.vo2_onn.transition import chunks, fitted_boundary


def phase_map(pairs: OscillatorPairs, circuit: VO2Parameters, period: float,
              config: Mapping[str, Any]) -> dict[str, Any]:
    """The phase map on ``map_r_kohm`` x ``map_delays``, where it is always in or out of phase, the boundary and
    epsilon, R_0 simulated and from Eq. 10, and Eq. 10's zeta at every R_C of the map (fraction of T_osc)."""
    r_grid = np.asarray(config["map_r_kohm"], dtype=float)
    fractions = np.asarray(config["map_delays"], dtype=float)
    grid_r, grid_d = np.meshgrid(r_grid, fractions, indexing="ij")
    phases = np.concatenate([
        pairs.second_oscillator_phases(circuit, grid_d.ravel()[part] * period * second,
                                       grid_r.ravel()[part] * kohm).phase_deg
        for part in chunks(grid_r.size, pairs.n_pairs)]).reshape(grid_r.shape)
    boundary_fractions, boundary, epsilon = fitted_boundary(pairs, circuit, period, config)
    finite = np.isfinite(boundary)
    analytic = np.asarray(zeta_inverse(circuit, boundary_fractions * period * second, epsilon) / kohm)
    quarter = int(np.argmin(np.abs(boundary_fractions - 0.25)))
    out_phase = np.abs(((phases + 180) % 360) - 180) >= 90
    return {
        "phase_map": {"r_kohm": r_grid, "delay_fraction": fractions, "phase_deg": phases},
        "always_in_phase_max_kohm": _max_where(r_grid, ~out_phase.any(axis=1)),
        "always_out_of_phase_min_kohm": _min_where(r_grid, out_phase.all(axis=1)),
        "boundary": {"delay_fraction": boundary_fractions, "simulated_r_kohm": boundary, "analytic_r_kohm": analytic},
        "epsilon_mv": float(epsilon / mvolt),
        "boundary_rms_log_error": float(np.sqrt(np.mean(np.log(analytic[finite] / boundary[finite]) ** 2))),
        "r0_kohm": float(boundary[quarter]) if abs(boundary_fractions[quarter] - 0.25) < 1e-9 else None,
        "r0_analytic_kohm": float(zeta_inverse(circuit, period / 4 * second, epsilon) / kohm),
        "zeta_analytic_fraction": np.asarray(zeta(circuit, r_grid * kohm, epsilon, period * second) / second) / period,
    }


def _max_where(values: np.ndarray, mask: np.ndarray) -> float | None:
    return float(values[mask].max()) if mask.any() else None


def _min_where(values: np.ndarray, mask: np.ndarray) -> float | None:
    return float(values[mask].min()) if mask.any() else None
