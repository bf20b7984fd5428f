"""Exact mapping of trained ReLU networks onto time-to-first-spike networks (Stanojevic 2023, Ch. 2, Table 2.1)."""
