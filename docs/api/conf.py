"""Sphinx configuration of brainsnn's API reference, generated from the numpy-style docstrings (``make docs``)."""

import brainsnn

project = "brainsnn"
author = "the brainsnn authors"
copyright = "2026, the brainsnn authors"
version = release = brainsnn.__version__

extensions = ["sphinx.ext.autodoc", "sphinx.ext.autosummary", "sphinx.ext.napoleon"]
templates_path = ["_templates"]
exclude_patterns = ["_build"]

# One page per module (generated/, from _templates/autosummary/module.rst), listed by each package's page.
autosummary_generate = True
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False

html_theme = "alabaster"
html_title = f"brainsnn {release} API"
