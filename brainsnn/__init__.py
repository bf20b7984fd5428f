"""brainsnn: Brian2 studies of learning in spiking neural networks.

Networks are declared as Brian2 equations (``brainsnn.models``), assembled in ``brainsnn.networks``, run on a
backend chosen in ``brainsnn.backend`` and measured with ``brainsnn.metrics``. Studies (the ``studies``
package) reproduce the experiments of the source papers and are driven by the ``brainsnn`` command.
"""

__version__ = "0.1.0"
