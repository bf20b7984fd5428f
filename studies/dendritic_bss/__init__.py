"""Repetition-based recovery of sound and visual sources with dendritic neurons (Dellaferrera, Asabuki & Fukai 2022)."""
