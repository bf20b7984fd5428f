"""Trained spiking networks in Brian2, checked spike for spike.

`deployment_plan` turns an eval-mode `brainsnn.train.snn.SpikingNetwork` into populations and synapse lists
(conv as computed indices, batch norm folded into weights, biases as constant currents, max pooling as OR relays);
`run_in_brian` builds and runs them on numpy, cython, cpp_standalone or cuda_standalone with the torch step order;
`verify_deployment` compares the two spike for spike; `operation_counts` measures synaptic operations and energy
from the Brian2 run. Needs PyTorch (extra ``train``) and Brian2.
"""

from brainsnn.lazy_exports import lazy_getattr

_HOMES = {
    "BrianRun": "brian_network", "run_in_brian": "brian_network",
    "OperationCounts": "operations", "operation_counts": "operations",
    "DeploymentPlan": "plan", "Population": "plan", "deployment_plan": "plan",
    "SpikeIdentity": "verification", "compare": "verification", "verify_deployment": "verification",
}
__all__ = sorted(_HOMES)
__getattr__ = lazy_getattr(__name__, _HOMES)
