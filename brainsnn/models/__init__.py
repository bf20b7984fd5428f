"""Brian2 equation sets: neurons, plasticity rules, oscillators (declarations and their constants)."""
