"""What Dellaferrera, Asabuki & Fukai (2022) report, in their words: the paper prints no tables for these
experiments, only statements in the Results (Figs. 5-10) and the Supplementary figures."""

#: Exp. 1 (Fig. 5A): the model's four-level AUC against the number of mixtures.
PAPER_EXP1 = {
    1: "about chance (≈ 0.5)",
    2: "> 0.9",
    3: "> 0.8 (above 80 % up to six mixtures)",
    4: "> 0.8",
    5: "> 0.8",
    6: "> 0.8; significant drop beyond six",
}
#: The points of Fig. 5A the prose names: AUC at 1, 2 and 6 mixtures (≈ 0.5, > 0.9, > 0.8).
PAPER_EXP1_POINTS = {1: 0.5, 2: 0.9, 6: 0.8}
#: Listeners in McDermott et al. (2011), as the paper quotes them.
HUMANS = "humans (McDermott et al. 2011): chance with one mixture, above chance with more, not decreasing with more"

#: Results 2.4-2.6 (Figs. 5C, 6A-B): the model's and the listeners' AUC per condition ("*": every condition).
PAPER_VARIANTS = {
    "exp1_all_pairs": {"*": "no drastic change from Exp. 1: a minor gain only with 2 sounds, slightly worse with 4-5"},
    "exp2": {"A": "model ≈ 0.8, humans ≈ 0.8", "B": "model > 0.9, humans ≈ chance",
             "C": "model > 0.9, humans slightly > 0.6"},
    "exp3": {"*": "decreasing with d; the model drops sharply already at d = 1, humans only from d = 2"},
}
#: Supp. Fig. 3: what the modified inference changes in each variant.
PAPER_MODIFIED_INFERENCE = {
    "exp1_all_pairs": "",
    "exp2": "Paper (Supp. Fig. 3): the modified inference improves the model's Exp. 2 AUC.",
    "exp3": "Paper: the modified inference changes Exp. 3 little.",
}
#: Results 2.7-2.8 (Figs. 7-10), judged by eye from PC1-PC2 cluster plots.
PAPER_SOURCES = {
    "exp4": "one mixture: the response fluctuates randomly; several mixtures: distinct clusters, more compact and "
            "more widely spaced than for synthetic sounds (grouping cues help)",
    "exp5": "single images are retrievable only with more than one mixture",
}
