r"""Ask/tell Bayesian optimisation over a search space, with scikit-optimize's Gaussian process behind it.

The surrogate is a Gaussian process fitted to the objectives seen so far; the next point maximises the
expected improvement over the best objective :math:`f^*` (Chakraborty & Mukhopadhyay 2021, Eq. 17)

.. math:: \mathrm{EI}(x) = (f^* - \mu(x))\,\Phi(z) + \sigma(x)\,\varphi(z),
          \qquad z = (f^* - \mu(x)) / \sigma(x),

after ``initial_points`` points drawn at random.

Parallel asks use the *constant liar* (CL-min, Ginsbourger et al. 2010): while points are still being
evaluated, a copy of the optimizer is told that each of them scored the best objective so far, and is asked
for the next point; the GP then sees no improvement left near the pending points and suggests elsewhere.

Failed evaluations (objective ``None`` or not finite) are told as a penalty equal to the worst finite
objective seen when they are told, so the GP learns to avoid the failing region; failures that arrive before
any finite objective are held back and told as soon as one exists.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import skopt

from brainsnn.errors import ConfigError
from brainsnn.search.space import Dimension, check_space

ACQUISITIONS = ("EI", "PI", "LCB", "gp_hedge")


class Optimizer:
    """Bayesian optimiser with a dict-based ask/tell interface.

    Parameters
    ----------
    space : list of Real, Integer, Categorical
        The dimensions searched.
    initial_points : int
        Number of random points evaluated before the Gaussian process guides the search (>= 1).
    seed : int
        Random state of the initial points and of the acquisition optimisation.
    acquisition : str
        scikit-optimize acquisition function: ``'EI'`` (expected improvement), ``'PI'``, ``'LCB'`` or
        ``'gp_hedge'``.
    """

    def __init__(
        self, space: Sequence[Dimension], *, initial_points: int, seed: int, acquisition: str = "EI"
    ):
        self.space = check_space(space)
        if isinstance(initial_points, bool) or not isinstance(initial_points, int) or initial_points < 1:
            raise ConfigError(f"initial_points must be an integer >= 1, got {initial_points!r}")
        if acquisition not in ACQUISITIONS:
            raise ConfigError(f"acquisition must be one of {', '.join(ACQUISITIONS)}, got {acquisition!r}")
        self.initial_points = initial_points
        self.acquisition = acquisition
        self._rng = np.random.RandomState(seed)
        self._skopt = self._new_skopt(seed)
        self._finite: list[tuple[dict[str, Any], float]] = []
        self._held_failures: list[list[Any]] = []

    def _new_skopt(self, random_state: int) -> skopt.Optimizer:
        return skopt.Optimizer(
            [dimension.to_skopt() for dimension in self.space],
            base_estimator="GP",
            acq_func=self.acquisition,
            n_initial_points=self.initial_points,
            random_state=random_state,
        )

    def _as_list(self, params: Mapping[str, Any]) -> list[Any]:
        missing = [d.name for d in self.space if d.name not in params]
        if missing:
            raise ConfigError(f"point {dict(params)!r} lacks search parameters {', '.join(missing)}")
        return [params[d.name] for d in self.space]

    def _as_dict(self, point: Sequence[Any]) -> dict[str, Any]:
        return {d.name: d.to_python(value) for d, value in zip(self.space, point, strict=True)}

    def ask(self, pending: Iterable[Mapping[str, Any]] = ()) -> dict[str, Any]:
        """Return the next point to evaluate as ``{name: value}`` with plain Python values.

        Parameters
        ----------
        pending : iterable of dict
            Points asked earlier whose objective is not known yet; the new point is chosen as if each had
            scored the best objective so far (constant liar), so that it differs from them.
        """
        pending_points = [self._as_list(p) for p in pending]
        if not pending_points or not self._finite:
            # Without pending points, or while no objective is known (random phase), skopt's own ask
            # already advances its random state and gives a fresh point.
            return self._as_dict(self._skopt.ask())
        liar = self._new_skopt(self._rng.randint(0, np.iinfo(np.int32).max))
        lie = min(value for _, value in self._finite)
        liar.tell(self._skopt.Xi + pending_points, self._skopt.yi + [lie] * len(pending_points))
        return self._as_dict(liar.ask())

    def tell(self, params: Mapping[str, Any], objective: float | None) -> None:
        """Record the ``objective`` of ``params``; ``None`` or a non-finite value marks a failure."""
        point = self._as_list(params)
        try:
            if objective is not None and math.isfinite(objective):
                self._finite.append((dict(params), float(objective)))
                held, self._held_failures = self._held_failures, []
                penalty = max(value for _, value in self._finite)
                self._skopt.tell(held + [point], [penalty] * len(held) + [float(objective)])
            elif self._finite:
                self._skopt.tell(point, max(value for _, value in self._finite))
            else:
                self._held_failures.append(point)
        except ValueError as error:
            raise ConfigError(f"point {dict(params)!r} does not fit the search space: {error}") from error

    def best(self) -> tuple[dict[str, Any], float] | None:
        """The point with the lowest finite objective told so far and that objective, or ``None``."""
        if not self._finite:
            return None
        return min(self._finite, key=lambda item: item[1])
