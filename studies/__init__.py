"""The built-in studies, one package each; installed under the import name ``brainsnn_studies``.

Each package ``brainsnn_studies.<name>`` holds ``study.py`` (the :class:`brainsnn.study.Study` subclass as
``STUDY``, its ``Config``, presets and search space) and, where it has them, ``experiments.py``, ``report.py``
with its Jinja2 templates and ``paper_numbers.py``. See docs/writing-a-study.md.
"""
