"""What Chakraborty & Mukhopadhyay (2021) report for the single-neuron set-up (Table 1 / Fig. 1)."""

#: Fig. 1 of the paper, in words (the figure has no numbers).
PAPER_SHAPES = {"add": "bimodal (at 0 and w_max)", "mult": "unimodal, narrow", "log": "unimodal, long right tail"}
