"""Batch normalisation through time (BNTT; Kim & Panda 2021, eq. 9): separate statistics and gain per time step.

At step ``t``, per feature (dense input ``(B, C)``) or channel (conv input ``(B, C, H, W)``, over B, H, W):

    y = gamma[t] (x - mu[t]) / sqrt(var[t] + eps) + beta[t]

Training uses the batch mean and biased variance and updates the running estimates as torch does,
``running <- (1 - momentum) running + momentum batch`` (the variance's estimate unbiased); evaluation uses the
running estimates. BNTT learns ``gamma`` only (``beta`` "adds redundant voltage"), ``eps = 1e-4``, ``gamma = 1``
initially; ``learn_shift=True`` adds ``beta``. In evaluation the map is affine, ``y = scale x + shift`` (`folded`),
which is what ``brainsnn.deploy`` gives Brian2 per step.
"""

import torch
import torch.nn.functional as F

from brainsnn.errors import ConfigError


class TimeBatchNorm(torch.nn.Module):
    """Per-time-step batch norm over ``steps`` steps and ``features`` features or channels.

    Parameters
    ----------
    features
        Size of axis 1 of the input.
    steps
        Number of time steps, each with its own statistics, ``gamma`` (and ``beta``).
    eps
        Added to the variance (BNTT: 1e-4).
    momentum
        Weight of the batch statistic in the running estimates (torch's convention, 0.1).
    learn_shift
        Also learn a shift ``beta`` per step (BNTT does not).
    """

    def __init__(
        self, features: int, steps: int, eps: float = 1e-4, momentum: float = 0.1, learn_shift: bool = False
    ) -> None:
        super().__init__()
        for name, value in (("features", features), ("steps", steps)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"TimeBatchNorm needs a positive integer {name}, got {value!r}")
        numbers = isinstance(eps, int | float) and isinstance(momentum, int | float)
        if not (numbers and eps > 0 and 0 <= momentum <= 1):
            raise ConfigError(f"TimeBatchNorm needs eps > 0 and 0 <= momentum <= 1, got {eps!r}, {momentum!r}")
        self.eps = float(eps)
        self.momentum = float(momentum)
        self.gamma = torch.nn.Parameter(torch.ones(steps, features))
        self.beta = torch.nn.Parameter(torch.zeros(steps, features)) if learn_shift else None
        self.register_buffer("running_mean", torch.zeros(steps, features))
        self.register_buffer("running_var", torch.ones(steps, features))

    @property
    def steps(self) -> int:
        """Number of time steps."""
        return self.gamma.shape[0]

    def _check_step(self, t: int) -> None:
        if isinstance(t, bool) or not isinstance(t, int) or not 0 <= t < self.steps:
            raise ConfigError(f"time step must be an integer in 0..{self.steps - 1}, got {t!r}")

    def forward(self, x: torch.Tensor, t: int) -> torch.Tensor:
        """Normalise ``x`` (``(B, C)`` or ``(B, C, H, W)``) with step ``t``'s statistics and gain."""
        self._check_step(t)
        features = self.gamma.shape[1]
        if x.dim() not in (2, 4) or x.shape[1] != features:
            raise ConfigError(
                f"TimeBatchNorm({features}) expects (B, {features}) or (B, {features}, H, W) inputs, "
                f"got {tuple(x.shape)}"
            )
        return F.batch_norm(
            x,
            self.running_mean[t],
            self.running_var[t],
            self.gamma[t],
            None if self.beta is None else self.beta[t],
            training=self.training,
            momentum=self.momentum,
            eps=self.eps,
        )

    def folded(self, t: int) -> tuple[torch.Tensor, torch.Tensor]:
        """``(scale, shift)`` per channel with evaluation output ``scale x + shift`` at step ``t`` (detached)."""
        self._check_step(t)
        with torch.no_grad():
            scale = self.gamma[t] / torch.sqrt(self.running_var[t] + self.eps)
            shift = -scale * self.running_mean[t]
            if self.beta is not None:
                shift = shift + self.beta[t]
        return scale, shift

    def extra_repr(self) -> str:
        return (
            f"features={self.gamma.shape[1]}, steps={self.steps}, eps={self.eps}, momentum={self.momentum}, "
            f"learn_shift={self.beta is not None}"
        )
