"""The exact ReLU -> time-to-first-spike mapping (Stanojevic 2023, Ch. 2) as a member of the conversion family.

Unlike the rate conversions of this package it loses nothing at any input inside the declared range: each neuron
fires once and ``x_i = t_max - t_i`` reproduces the ReLU activation exactly (logit error ~1e-14), provided every
hidden activation stays inside its window; `brainsnn.ttfs.map_to_ttfs` warns (``WindowOverflowWarning``) when it
does not and sizes the windows for the worst case on request (``windows="worst-case"``). The mapping lives in
`brainsnn.ttfs` with the TTFS trainer and evaluator; this module names it here.
"""

from brainsnn.ttfs.exact_mapping import ExactMapping, map_to_ttfs
from brainsnn.ttfs.window_overflow import WindowOverflowWarning

__all__ = ["ExactMapping", "WindowOverflowWarning", "map_to_ttfs"]
