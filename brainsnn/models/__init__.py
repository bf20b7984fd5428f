"""Brian2 equation sets: neurons, plasticity rules, oscillators (declarations and their constants).

Each module is one model; import its names from the module (``from brainsnn.models.stdp import stdp_code``).
``__all__`` lists the modules, so that importing this package loads none of them (nor Brian2).
"""

import pkgutil

__all__ = sorted(module.name for module in pkgutil.iter_modules(__path__) if not module.name.startswith("_"))
