"""Studies: one module per source paper, each exposing ``STUDY`` (a :class:`brainsnn.study.Study`)."""
