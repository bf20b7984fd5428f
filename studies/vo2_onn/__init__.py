"""VO2 oscillatory neural networks: Hebbian weights mapped to coupling resistances (Delacour & Todri-Sanial 2021)."""
