"""STDP generalizability of a Diehl & Cook network (Chakraborty & Mukhopadhyay 2021, Tables 2-5, Figs. 1-10)."""
