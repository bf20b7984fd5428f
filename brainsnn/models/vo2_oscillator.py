"""VO2 relaxation oscillators (Delacour & Todri-Sanial 2021, Eqs. 1-4, Table 1; device model of Maffezzoni 2015).

A VO2 device between the supply V_DD and the output node, a load R_S to ground and C_P across it::

    C_P dV_out/dt = (V_DD - V_out) G_VO2 - V_out / R_S + I_c                                  (4), (6)
    G_VO2 = (1 - V_c) / R_ins + V_c / R_met                                                    (1)
    tau0 dV_c/dt = drive - V_c                                                                 (2)

with V = V_DD - V_out across the device. The device turns metallic (drive -> 1) when V rises to V_H and insulating
(drive -> 0) when V falls to V_L, so V_out relaxes between V- = V_DD - V_H and V+ = V_DD - V_L. Forward Euler, as in
the paper (dt <= 2 ns resolves tau0 = 10 ns; it is also twice as fast as exponential Euler here). Two forms of the
hysteresis:

* ``comparator`` (default): an ideal Schmitt trigger, two custom events ``imt`` (V >= V_H) and ``mit`` (V <= V_L)
  that flip ``metallic`` (drive = metallic).
* ``tanh``: the paper's implicit Eq. 3, V0 = (1 + tanh(2 alpha ((V_H - V_L) V0 + V_L - V))) / 2, drive = 1 - V0,
  solved every step by a few unrolled fixed-point iterations V0 <- (1 + tanh(...)) / 2 from the previous V0. On a
  branch the map's slope alpha (V_H - V_L) sech^2 is ~0, so it converges at once; where the branch ends (the fold,
  ~10 mV inside V_H and V_L for alpha = 200/V) it jumps to the other branch. Newton's method, which the paper uses,
  stalls at the fold where the derivative vanishes. ``metallic`` follows V0 < 1/2 for the same events.

Table 1 gives V_H = 1.99 V but V- = 0.501 V and T_osc = 21.6 us, which need V_H = 1.999 V (V- = V_DD - V_H); the
default is 1.999 V. The supply of each oscillator turns on at its own ``t_start`` (Eq. 5 input delays), its
coupling switch closes at ``t_switch``. Every circuit parameter is a per-oscillator constant, so oscillators with
different devices (variability, waveform sweeps) share one group.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

import numpy as np
from brian2 import NeuronGroup, Quantity, kohm, nsecond, pfarad, second, volt
from brian2.units.fundamentalunits import fail_for_dimension_mismatch

from brainsnn.errors import ConfigError

HYSTERESIS = ("comparator", "tanh")


def _first(failing, quantity):
    """``quantity`` at the first oscillator where ``failing`` holds (for error messages over arrays)."""
    return quantity if np.ndim(quantity) == 0 else quantity[int(np.argmax(failing))]
#: Fixed-point iterations per time step for the ``tanh`` hysteresis.
BRANCH_ITERATIONS = 4


#: Table 1 of the paper, with V_H = 1.999 V (the value consistent with V- = 0.501 V and T_osc = 21.6 us).
TABLE_1: dict[str, Quantity] = dict(
    v_dd=2.5 * volt, r_s=20 * kohm, c_p=500 * pfarad, r_ins=100.2 * kohm, r_met=0.99 * kohm, v_l=1.0 * volt,
    v_h=1.999 * volt, alpha=200 / volt, tau0=10 * nsecond,
)


def _table_1(name: str):
    return field(default_factory=lambda: TABLE_1[name])


@dataclass(frozen=True)
class VO2Parameters:
    """Circuit of one oscillator, or of several when fields are arrays (default: :data:`TABLE_1`)."""

    v_dd: Quantity = _table_1("v_dd")
    r_s: Quantity = _table_1("r_s")
    c_p: Quantity = _table_1("c_p")
    r_ins: Quantity = _table_1("r_ins")
    r_met: Quantity = _table_1("r_met")
    v_l: Quantity = _table_1("v_l")
    v_h: Quantity = _table_1("v_h")
    alpha: Quantity = _table_1("alpha")
    tau0: Quantity = _table_1("tau0")

    def __post_init__(self) -> None:
        for parameter in fields(self):
            value = getattr(self, parameter.name)
            fail_for_dimension_mismatch(value, TABLE_1[parameter.name], f"VO2Parameters.{parameter.name}")
            if not np.all(np.asarray(value) > 0) or not np.all(np.isfinite(np.asarray(value))):
                raise ConfigError(f"VO2 parameter {parameter.name} must be positive and finite, got {value}")

    def varied(self, **relative: float) -> VO2Parameters:
        """A copy with parameters scaled by ``1 + relative[name]`` (e.g. ``v_h=0.04`` for +4 %)."""
        return replace(self, **{name: getattr(self, name) * (1 + change) for name, change in relative.items()})

    @classmethod
    def stack(cls, circuits) -> VO2Parameters:
        """One parameter set whose fields are arrays over ``circuits`` (one oscillator or pair each)."""
        return cls(**{p.name: Quantity([np.asarray(getattr(c, p.name)) for c in circuits],
                                       dim=getattr(circuits[0], p.name).dim) for p in fields(cls)})

    def check_oscillates(self) -> None:
        """Raise :class:`ConfigError` unless the load line crosses both branches (the circuit oscillates)."""
        hysteresis = self.v_h <= self.v_l
        if np.any(hysteresis):
            raise ConfigError(f"V_H ({_first(hysteresis, self.v_h)}) must exceed V_L ({_first(hysteresis, self.v_l)})"
                              " for a hysteresis loop")
        insulating = self.v_std_ins >= self.v_minus
        if np.any(insulating):
            raise ConfigError(
                f"no oscillation: in the insulating state V_out settles at {_first(insulating, self.v_std_ins)} "
                f"before reaching V- = V_DD - V_H = {_first(insulating, self.v_minus)} (R_S = "
                f"{_first(insulating, self.r_s)}); lower R_S or V_H, or raise R_ins or V_DD"
            )
        metallic = self.v_std_met <= self.v_plus
        if np.any(metallic):
            raise ConfigError(
                f"no oscillation: in the metallic state V_out settles at {_first(metallic, self.v_std_met)} "
                f"before reaching V+ = V_DD - V_L = {_first(metallic, self.v_plus)} (R_S = "
                f"{_first(metallic, self.r_s)}); raise R_S, V_L or V_DD, or lower R_met"
            )

    # Closed forms of the uncoupled oscillator (Supplementary Eqs. S5-S7, reconstructed from the circuit: they give
    # t_d = 21.219 us, t_c = 0.357 us and T_osc = 21.58 us for Table 1, the paper's 21.6 us).
    @property
    def v_minus(self) -> Quantity:
        """Lowest output voltage V- = V_DD - V_H."""
        return self.v_dd - self.v_h

    @property
    def v_plus(self) -> Quantity:
        """Highest output voltage V+ = V_DD - V_L."""
        return self.v_dd - self.v_l

    @property
    def v_std_ins(self) -> Quantity:
        """Steady output of the insulating circuit, V_DD R_S / (R_S + R_ins) (Eq. S5)."""
        return self.v_dd * self.r_s / (self.r_s + self.r_ins)

    @property
    def v_std_met(self) -> Quantity:
        """Steady output of the metallic circuit, V_DD R_S / (R_S + R_met)."""
        return self.v_dd * self.r_s / (self.r_s + self.r_met)

    @property
    def tau_discharge(self) -> Quantity:
        """RC constant of the insulating phase, C_P (R_S || R_ins)."""
        return self.c_p * self.r_s * self.r_ins / (self.r_s + self.r_ins)

    @property
    def tau_charge(self) -> Quantity:
        """RC constant of the metallic phase, C_P (R_S || R_met)."""
        return self.c_p * self.r_s * self.r_met / (self.r_s + self.r_met)

    @property
    def t_discharge(self) -> Quantity:
        """Duration of the discharge from V+ to V-, t_d (Eq. S6)."""
        return self.tau_discharge * np.log((self.v_plus - self.v_std_ins) / (self.v_minus - self.v_std_ins))

    @property
    def t_charge(self) -> Quantity:
        """Duration of the charge from V- to V+, t_c (Eq. S7)."""
        return self.tau_charge * np.log((self.v_std_met - self.v_minus) / (self.v_std_met - self.v_plus))

    @property
    def t_first_charge(self) -> Quantity:
        """Duration of the first charge from V_out = 0 to V+ after the supply turns on."""
        return self.tau_charge * np.log(self.v_std_met / (self.v_std_met - self.v_plus))

    @property
    def period(self) -> Quantity:
        """Oscillation period t_d + t_c of the ideal comparator with an instantaneous device (tau0 = 0)."""
        return self.t_discharge + self.t_charge


_MEMBRANE = """
dv_out/dt = ((v_dd * powered - v_out) * g_vo2 - v_out / r_s + i_coupling) / c_p : volt
dv_c/dt = (drive - v_c) / tau0 : 1
g_vo2 = (1 - v_c) / r_ins + v_c / r_met : siemens
powered = int(t >= t_start) : 1
v_device = v_dd * powered - v_out : volt
i_coupling : amp
metallic : 1
t_start : second (constant)
t_switch : second (constant)
v_dd : volt (constant)
r_s : ohm (constant)
c_p : farad (constant)
r_ins : ohm (constant)
r_met : ohm (constant)
v_l : volt (constant)
v_h : volt (constant)
tau0 : second (constant)
"""

_COMPARATOR = """
drive = metallic : 1
"""

_TANH = """
drive = 1 - v0 : 1
v0 : 1
alpha : 1 / volt (constant)
"""

_BRANCH_STEP = """
v0 = 0.5 * (1 + tanh(2 * alpha * ((v_h - v_l) * v0 + v_l - v_device)))
"""

_EVENTS = {
    "comparator": {"imt": "v_device >= v_h and metallic < 0.5", "mit": "v_device <= v_l and metallic > 0.5"},
    "tanh": {"imt": "v0 < 0.5 and metallic < 0.5", "mit": "v0 > 0.5 and metallic > 0.5"},
}


def vo2_oscillator_group(params: VO2Parameters, n: int, name: str, hysteresis: str = "comparator") -> NeuronGroup:
    """``n`` uncoupled VO2 oscillators, supply on at t = 0, switches open (``t_switch`` = 1 s).

    ``params`` fields may be scalars or length-``n`` arrays. Events ``imt`` (turns metallic: start of the charge)
    and ``mit`` (turns insulating: V_out at V+) can be monitored with ``EventMonitor``.
    """
    if hysteresis not in HYSTERESIS:
        raise ConfigError(f"unknown hysteresis {hysteresis!r}; choose one of {', '.join(HYSTERESIS)}")
    params.check_oscillates()
    model = _MEMBRANE + (_COMPARATOR if hysteresis == "comparator" else _TANH)
    group = NeuronGroup(n, model, events=_EVENTS[hysteresis], method="euler", name=name)
    group.run_on_event("imt", "metallic = 1")
    group.run_on_event("mit", "metallic = 0")
    if hysteresis == "tanh":
        group.run_regularly(_BRANCH_STEP * BRANCH_ITERATIONS, when="before_thresholds", name=f"{name}_branch")
        group.v0 = 1
        group.alpha = params.alpha
    for parameter in fields(params):
        if parameter.name != "alpha":
            setattr(group, parameter.name, getattr(params, parameter.name))
    group.t_switch = 1 * second
    return group
