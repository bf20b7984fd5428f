"""brainsnn: Brian2 studies of learning in spiking neural networks.

Networks are declared as Brian2 equations (``brainsnn.models``), assembled in ``brainsnn.networks``, run on a
backend chosen in ``brainsnn.backend`` and measured with ``brainsnn.metrics``. Studies (the package
``brainsnn_studies``, the repository's ``studies/`` folder) reproduce the experiments of the source papers and
are driven by the ``brainsnn`` command.

Importing ``brainsnn`` loads nothing but this version number; import the subpackages you need.
"""

__all__ = ["__version__"]

#: The package version; setup.cfg reads it from here (``attr: brainsnn.__version__``).
__version__ = "0.1.0"
