"""Networks assembled from ``brainsnn.models`` that stand on their own: the Diehl & Cook network, one neuron per
STDP rule, and the TTFS feed-forward network with its connectivity.

Each module is one network; import its names from the module
(``from brainsnn.networks.diehl_cook import DiehlCookNetwork``). ``__all__`` lists the modules, so that importing
this package loads none of them (nor Brian2). Networks made for one paper's experiments live in that study's
package.
"""

import pkgutil

__all__ = sorted(module.name for module in pkgutil.iter_modules(__path__) if not module.name.startswith("_"))
