"""Single-neuron STDP weight dynamics (Chakraborty & Mukhopadhyay 2021, Table 1 / Fig. 1)."""
