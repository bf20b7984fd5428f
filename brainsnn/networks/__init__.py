"""Networks assembled from ``brainsnn.models`` (single-neuron STDP, Diehl & Cook, ...)."""
