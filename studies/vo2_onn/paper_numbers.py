"""What Delacour & Todri-Sanial (2021) set up and report: figure set-ups, quoted values and statements.

Resistances in kOhm, times in us, phases in degrees, changes as fractions; keys of per-R_S or per-beta tables are
written as metrics.json writes them (``"1.875"``, ``"20"``).
"""

#: Table 1: V_H (V), which contradicts the table's own V- and T_osc (the study uses 1.999 V), and R_S (kOhm).
TABLE_1_V_H_VOLT = 1.99
TABLE_1_R_S_KOHM = 20
#: Fig. 2 / Table 1: the free-running period (us) and the output swing V- .. V+ (V).
PERIOD_US = 21.6
SWING_V = (0.501, 1.5)
#: Fig. 8A: discharge / charge time t_d / t_c of one oscillator at R_S = 20, 3 and 2 kOhm.
TD_TC = {"20": 59, "3": 3.7, "2": 1.8}

#: Fig. 3: R_C (kOhm) and delay (fraction of T_osc) of the pair with and without switches.
SWITCH_R_C_KOHM = 10.0
SWITCH_DELAY = 0.5
#: Fig. 3: output phase of oscillator 2 without switches (the input is lost) and with them.
SWITCH_PHASE_DEG = {"without_switches_deg": 0, "with_switches_deg": 180}
#: Fig. 4: the delay (fraction of T_osc) of the two examples, their R_C (kOhm) and their output phase (deg).
EXAMPLE_DELAY = 0.1
EXAMPLE_R_C_KOHM = (10.0, 100.0)
EXAMPLE_PHASE_DEG = (0, 180)

#: Fig. 5A: always in phase below this R_C (kOhm), always out of phase above the next, for delays >= 0.05 T.
ALWAYS_IN_PHASE_BELOW_KOHM = 10
ALWAYS_OUT_OF_PHASE_ABOVE_KOHM = 40
PHASE_MAP_MIN_DELAY = 0.05

#: Fig. 7: +-4 % of V_H change R_0 by +40 % / -20 %; T_osc almost doubles over -4 % .. +4 % (and over +-20 % of
#: R_ins).
V_H_CHANGE = 0.04
V_H_R0_CHANGES = (0.40, -0.20)
R_INS_CHANGE = 0.20

#: Fig. 9: t_d / t_c below which all 4 oscillators lock in phase, and above which the pattern is retrieved
#: (between the two, the 4th oscillator ends near 270 deg).
ALL_IN_PHASE_BELOW_TD_TC = 7
CORRECT_ABOVE_TD_TC = 20

#: Fig. 14C: the best accuracy at beta = N / 32 for the 60-oscillator ONN.
PAPER_BETA = 60 / 32
#: Fig. 14C: beta = N / 32 retrieves at least this fraction exactly for every k up to ``FUZZY_PIXELS_LIMIT``,
#: and beta = 1 and 3 retrieve less at that k.
RETRIEVAL_ACCURACY = 0.8
FUZZY_PIXELS_LIMIT = 12
WORSE_BETAS = ("1", "3")
#: Fig. 14B/C: the resistance spread Delta R_max / R_min of each beta, in words.
PAPER_SPREAD = {"1": "~5 % (poor accuracy)", "1.875": "~10 % (best, > 80 % retrieved up to 12 fuzzy pixels)",
                "3": "~15 % (poor accuracy)"}
#: Fig. 14D: exact retrieval holds for a common change of every resistance within this range.
SCALING_TOLERANCE = (-0.10, 0.05)
