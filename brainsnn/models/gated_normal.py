"""``gated_randn(gate)``: a standard normal number where ``gate != 0``, else 0, drawing nothing.

Chakraborty & Mukhopadhyay (2021), Eq. 2: every STDP update is ``eta (1 + zeta) H(W)`` with ``zeta ~ N(0, sigma^2)``,
and ``H`` is proportional to the partner's trace. Where that trace is 0 (the partner has not spiked since the last
reset) or learning is frozen, the update is 0 whatever ``zeta`` is, so ``1 + sigma * gated_randn(trace * learning)``
gives every weight the same distribution as ``1 + sigma * randn()`` without drawing the numbers that cannot matter.
In the Diehl & Cook network most input spikes reach neurons that have not fired during the sample, and the normal
draw was 40 % of the synaptic update's time.

On CUDA (brian2cuda) the normal numbers are generated in bulk before each step whether they are used or not (and
its kernels find their ``randn`` calls by pattern), so :func:`noise_draw` writes plain ``randn()`` there.
"""

from __future__ import annotations

import numpy as np
from brian2 import DEFAULT_FUNCTIONS, Function, get_device

_CPP = """
inline double gated_randn(const double gate, const int _vectorisation_idx)
{
    return gate == 0 ? 0.0 : _randn(_vectorisation_idx);
}
"""

_CYTHON = """
cdef double gated_randn(double gate, int _vectorisation_idx):
    return 0.0 if gate == 0 else _randn(_vectorisation_idx)
"""


def _numpy_gated_randn(gate, vectorisation_idx):
    """Vectorised: normal numbers where ``gate`` is non-zero, zeros elsewhere (as many as the code block needs)."""
    size = vectorisation_idx if np.isscalar(vectorisation_idx) else len(vectorisation_idx)
    drawn = np.broadcast_to(np.asarray(gate) != 0, (size,))
    values = np.zeros(size)
    values[drawn] = np.random.randn(int(drawn.sum()))
    return values


def _build() -> Function:
    """The Brian2 function with its numpy, Cython and C++ implementations (the last two call Brian2's ``_randn``)."""
    function = Function(
        lambda gate: _numpy_gated_randn(gate, 1)[0], arg_units=[1], return_unit=1, arg_types=["float"],
        return_type="float", stateless=False, auto_vectorise=True,
    )
    randn = {"_randn": DEFAULT_FUNCTIONS["randn"]}
    function.implementations.add_implementation("numpy", _numpy_gated_randn)
    function.implementations.add_implementation("cython", _CYTHON, dependencies=randn)
    function.implementations.add_implementation("cpp", _CPP, dependencies=randn)
    return function


#: The Brian2 function; put it in a ``namespace`` as ``{"gated_randn": gated_randn}``.
gated_randn = _build()


def noise_draw(gate: str) -> str:
    """The abstract-code expression of a standard normal number gated by the expression ``gate`` on the active
    device (``gated_randn(gate)``; ``randn()`` on brian2cuda's)."""
    if type(get_device()).__module__.startswith("brian2cuda"):
        return "randn()"
    return f"gated_randn({gate})"
