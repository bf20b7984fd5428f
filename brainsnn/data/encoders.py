"""Spike encoders that turn a whole epoch of samples into one Brian2 input, so a single ``run()`` covers it.

- `poisson_rates` and `rate_timed_array`: rate coding through a 2-D `brian2.TimedArray` read by a
  ``PoissonGroup(n, rates='stim(t, i)')`` (Diehl & Cook 2015; the Brian2STDPMNIST way of feeding MNIST).
- `latency_spikes`: time-to-first-spike coding, one spike per input and sample, for a ``SpikeGeneratorGroup``.
- `triangular_population`: triangular receptive fields (Mo et al. 2022, ALSA, Eq. 8) for feature vectors.
- `onset_delays`: per-channel onset delays added to spike trains.
"""

import math

import numpy as np
from brian2 import Hz, Quantity, TimedArray, defaultclock, ms, second
from brian2.units.fundamentalunits import have_same_dimensions

from brainsnn.errors import ConfigError

#: Diehl & Cook (2015): pixel intensity / 4 Hz, so the brightest pixel (255) fires at 63.75 Hz.
DIEHL_COOK_MAX_RATE = 63.75 * Hz

_GRID_TOLERANCE = 1e-6


def _magnitude(value, unit: Quantity, what: str) -> np.ndarray:
    """``value`` in SI base units as a float array; `ConfigError` unless it has ``unit``'s dimensions and is
    finite."""
    if not have_same_dimensions(value, unit):
        raise ConfigError(f"{what} must be given in units of {unit} (e.g. 10*{unit}), got {value!r}")
    magnitude = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(magnitude)):
        raise ConfigError(f"{what} must be finite, got {value!r}")
    return magnitude


def _steps(duration: float, dt: float, what: str) -> int:
    """``duration / dt`` as an exact integer; `ConfigError` if ``duration`` is off the ``dt`` grid."""
    ratio = duration / dt
    steps = round(ratio)
    if abs(ratio - steps) > _GRID_TOLERANCE * max(1.0, ratio):
        raise ConfigError(
            f"{what} ({duration * second}) must be a whole number of time steps dt = {dt * second}"
        )
    return steps


def _simulation_dt(dt) -> float:
    dt_value = float(_magnitude(defaultclock.dt if dt is None else dt, second, "dt"))
    if dt_value <= 0:
        raise ConfigError(f"dt must be positive, got {dt_value * second}")
    return dt_value


def poisson_rates(images, max_rate: Quantity = DIEHL_COOK_MAX_RATE) -> Quantity:
    """Map pixel intensities linearly to Poisson rates.

    ``rate = intensity / 255 * max_rate``; with the default ``max_rate = 63.75 Hz`` this is Diehl & Cook's
    (2015) ``intensity / 4`` Hz.

    Parameters
    ----------
    images
        Array of intensities in 0..255, any shape (typically ``(n_samples, n_pixels)``).
    max_rate
        Rate of a pixel of intensity 255 (a positive frequency).

    Returns
    -------
    Quantity
        Rates in Hz, same shape as ``images``.
    """
    intensities = np.asarray(images, dtype=float)
    if (
        not np.all(np.isfinite(intensities))
        or intensities.min(initial=0.0) < 0
        or intensities.max(initial=0.0) > 255
    ):
        raise ConfigError("pixel intensities must be finite and within 0..255; rescale the images first")
    peak = float(_magnitude(max_rate, Hz, "max_rate"))
    if peak <= 0:
        raise ConfigError(f"max_rate must be positive, got {max_rate}")
    return intensities * (peak / 255.0) * Hz


def rate_timed_array(
    rates, present, rest=0 * ms, dt=None, name: str = "stimulus"
) -> tuple[TimedArray, Quantity]:
    """Stack per-sample rates into one 2-D `TimedArray` that presents each sample, then rests.

    Sample ``k`` occupies the slot ``[k * slot, (k + 1) * slot)`` with ``slot = present + rest``: its rates
    for the first ``present``, zero during the ``rest``. The TimedArray's own step is
    ``step = gcd(present, rest)``, computed on the integer grid of the simulation time step ``dt`` (so it is
    an exact multiple of ``dt`` and Brian2 indexes it without rounding drift). Row ``r`` of the values covers
    ``[r * step, (r + 1) * step)``, hence

        ``stim(t, i) = values[floor(t / step), i]``, sample ``k = floor(t / slot)``,

    and a ``PoissonGroup(n_inputs, rates='stimulus(t, i)')`` sees sample ``k``'s rates during its
    presentation. Times past the last row read the last row (Brian2 clips), i.e. the final rest.

    Parameters
    ----------
    rates
        ``(n_samples, n_inputs)`` rates in Hz (e.g. from `poisson_rates`), finite and non-negative.
    present
        Presentation time per sample (Diehl & Cook: 350 ms; ALSA: 200 ms).
    rest
        Zero-rate rest after each sample (Diehl & Cook: 150 ms; ALSA: 50 ms); 0 for back-to-back samples.
    dt
        Simulation time step the network will run with; default ``defaultclock.dt``. ``present`` and
        ``rest`` must be whole multiples of it.
    name
        Name of the TimedArray, i.e. the function name in the group's equations.

    Returns
    -------
    (TimedArray, Quantity)
        The stimulus and the slot duration ``present + rest``; run for ``n_samples * slot``.
        Memory is ``n_samples * (present + rest) / step * n_inputs`` float64 values: feed long epochs in
        chunks.
    """
    rate_values = _magnitude(rates, Hz, "rates")
    if rate_values.ndim != 2 or 0 in rate_values.shape:
        raise ConfigError(
            f"rates must be a non-empty (n_samples, n_inputs) array, got shape {rate_values.shape}"
        )
    if rate_values.min() < 0:
        raise ConfigError("rates must be non-negative")
    dt_value = _simulation_dt(dt)
    present_steps = _steps(float(_magnitude(present, second, "present")), dt_value, "present")
    rest_steps = _steps(float(_magnitude(rest, second, "rest")), dt_value, "rest")
    if present_steps <= 0 or rest_steps < 0:
        raise ConfigError("present must be positive and rest non-negative")
    step_steps = math.gcd(present_steps, rest_steps)
    rows_present, rows_per_slot = present_steps // step_steps, (present_steps + rest_steps) // step_steps
    n_samples, n_inputs = rate_values.shape
    values = np.zeros((n_samples, rows_per_slot, n_inputs))
    values[:, :rows_present, :] = rate_values[:, np.newaxis, :]
    stimulus = TimedArray(
        values.reshape(n_samples * rows_per_slot, n_inputs) * Hz, dt=step_steps * dt_value * second, name=name
    )
    return stimulus, (present_steps + rest_steps) * dt_value * second


def latency_spikes(
    values, t_max, t_min=0 * ms, mode: str = "linear", threshold: float = 0.0, period=None, dt=None
) -> tuple[np.ndarray, Quantity]:
    """Time-to-first-spike code: one spike per input whose value reaches ``threshold``, strongest first.

    For a normalised value ``v`` in [0, 1] with ``v >= threshold`` and ``v > 0`` (weaker inputs stay
    silent; ``theta = threshold``):

    - ``mode='linear'``: ``t = t_min + (1 - v) / (1 - theta) * (t_max - t_min)``, the latency code of Mo et
      al. (2022, ALSA) for MNIST with ``theta = 0.3``; ``v = 1 -> t_min``, ``v = theta -> t_max``.
    - ``mode='log'``: ``t = t_min + ln(v) / ln(theta) * (t_max - t_min)`` (needs ``0 < theta < 1``), the time
      at which a threshold decaying as ``exp(-(t - t_min) / tau)`` from 1 falls to ``v``, with ``tau`` set so
      that it reaches ``theta`` at ``t_max``; it spreads the strong inputs further apart than 'linear'.

    Times are rounded to the simulation grid ``dt``. With 2-D ``values`` (one row per sample), sample ``k``'s
    spikes are shifted by ``k * period``; ``period`` must exceed ``t_max``, so one input never spikes twice
    in one time step (which ``SpikeGeneratorGroup`` rejects).

    Parameters
    ----------
    values
        ``(n_inputs,)`` or ``(n_samples, n_inputs)`` values in [0, 1] (e.g. pixels / 255).
    t_max, t_min
        Latest and earliest spike time within a sample, ``0 <= t_min < t_max``.
    mode
        ``'linear'`` or ``'log'``.
    threshold
        Values below it do not spike, in [0, 1).
    period
        Slot per sample for 2-D ``values`` (e.g. ALSA's 200 ms + 50 ms = 250 ms); a multiple of ``dt``.
    dt
        Simulation time step; default ``defaultclock.dt``.

    Returns
    -------
    (ndarray, Quantity)
        ``indices`` (int64 input index) and ``times``, sorted by time then index, for
        ``SpikeGeneratorGroup(n_inputs, indices, times)``.
    """
    strengths = _latency_values(values, mode, threshold)
    dt_value = _simulation_dt(dt)
    latest, earliest = (
        float(_magnitude(t, second, name)) for t, name in ((t_max, "t_max"), (t_min, "t_min"))
    )
    if not 0 <= earliest < latest:
        raise ConfigError(f"need 0 <= t_min < t_max, got t_min={t_min}, t_max={t_max}")
    slot_steps = _sample_slot_steps(strengths.ndim, period, t_max, latest, dt_value)
    strengths = np.atleast_2d(strengths)
    samples, inputs = np.nonzero((strengths >= threshold) & (strengths > 0))
    spiking = strengths[samples, inputs]
    if mode == "linear":
        fraction = (1.0 - spiking) / (1.0 - threshold)
    else:
        fraction = np.log(spiking) / np.log(threshold)
    step_in_slot = np.rint((earliest + fraction * (latest - earliest)) / dt_value).astype(np.int64)
    steps = samples * slot_steps + step_in_slot
    order = np.lexsort((inputs, steps))
    return inputs[order].astype(np.int64), steps[order] * dt_value * second


def _latency_values(values, mode: str, threshold: float) -> np.ndarray:
    """``values`` as a float array, checked with ``mode`` and ``threshold`` as :func:`latency_spikes` needs them."""
    strengths = np.asarray(values, dtype=float)
    if strengths.ndim not in (1, 2) or strengths.size == 0:
        raise ConfigError(f"values must be a non-empty 1-D or 2-D array, got shape {strengths.shape}")
    if not np.all(np.isfinite(strengths)) or strengths.min() < 0 or strengths.max() > 1:
        raise ConfigError("latency values must be finite and within [0, 1]; divide pixels by 255 first")
    if mode not in ("linear", "log"):
        raise ConfigError(f"unknown latency mode {mode!r}; use 'linear' or 'log'")
    if not 0 <= threshold < 1 or (mode == "log" and threshold == 0):
        raise ConfigError(f"threshold must be in [0, 1) (in (0, 1) for mode='log'), got {threshold}")
    return strengths


def _sample_slot_steps(ndim: int, period, t_max, latest: float, dt_value: float) -> int:
    """Time steps per sample slot: 0 for one sample (1-D values), else ``period``, which must exceed ``t_max``."""
    if ndim == 1:
        return 0
    if period is None:
        raise ConfigError("several samples need period= (the slot per sample, longer than t_max)")
    slot_steps = _steps(float(_magnitude(period, second, "period")), dt_value, "period")
    if slot_steps <= round(latest / dt_value):
        raise ConfigError(f"period ({period}) must be longer than t_max ({t_max}) by at least one dt")
    return slot_steps


def triangular_population(values, n_neurons: int, low, high, half_width: float = 2.0) -> np.ndarray:
    """Triangular population code (Mo et al. 2022, ALSA, Eq. 8), normalised to a peak of 1.

    Eq. 8 gives the rate of coding neuron ``i`` for input value ``v`` as

        ``f_i = max(0, -h * |a_i - v| / w + h)``,

    with ``a_i`` the neuron's centre, ``w`` half the triangle's base and ``h`` the peak rate (IRIS: 12
    neurons per feature, ``h = 20 Hz``, ``w = 2``). The paper does not give the centres' spacing nor the unit
    of ``w``; here each feature is min-max scaled from ``[low, high]`` to ``[0, n_neurons - 1]`` and the
    centres are ``a_i = i``, so ``w = half_width`` is measured in centre spacings. This returns
    ``f_i / h = max(0, 1 - |i - v_scaled| / half_width)``; multiply by ``h`` for rates (or map to latencies).
    Values outside ``[low, high]`` (e.g. test samples beyond the training range) are clipped to it.

    Parameters
    ----------
    values
        ``(..., n_features)`` feature values.
    n_neurons
        Receptive fields per feature (>= 2), centres evenly spaced over ``[low, high]``.
    low, high
        Range of each feature: scalars or ``(n_features,)`` arrays with ``high > low``.
    half_width
        ``w``: half the triangle base, in centre spacings (> 0).

    Returns
    -------
    ndarray
        ``(..., n_features, n_neurons)`` responses in [0, 1]; reshape to ``(..., n_features * n_neurons)``
        for one input layer.
    """
    features = np.asarray(values, dtype=float)
    lower, upper = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    if features.ndim == 0 or not np.all(np.isfinite(features)):
        raise ConfigError("values must be a finite array of shape (..., n_features)")
    if not isinstance(n_neurons, int | np.integer) or n_neurons < 2:
        raise ConfigError(f"n_neurons must be an integer >= 2, got {n_neurons!r}")
    if not (np.all(np.isfinite(lower)) and np.all(np.isfinite(upper)) and np.all(upper > lower)):
        raise ConfigError("low and high must be finite with high > low for every feature")
    if not (math.isfinite(half_width) and half_width > 0):
        raise ConfigError(f"half_width must be a positive number of centre spacings, got {half_width}")
    try:
        scaled = (np.clip(features, lower, upper) - lower) / (upper - lower) * (n_neurons - 1)
    except ValueError as error:
        raise ConfigError(
            f"low/high shapes {lower.shape}/{upper.shape} do not match values {features.shape}"
        ) from error
    centres = np.arange(n_neurons, dtype=float)
    return np.maximum(0.0, 1.0 - np.abs(centres - scaled[..., np.newaxis]) / half_width)


def onset_delays(indices, times, delays) -> tuple[np.ndarray, Quantity]:
    """Delay every spike of channel ``c`` by ``delays[c]``: ``t' = t + delays[indices]``.

    Spikes of one channel move together, so no two spikes of a channel come to share a time step that did
    not share one before (``SpikeGeneratorGroup`` stays valid).

    Parameters
    ----------
    indices
        ``(n_spikes,)`` channel index of each spike.
    times
        ``(n_spikes,)`` spike times, finite and non-negative.
    delays
        ``(n_channels,)`` non-negative onset delay per channel, ``n_channels > max(indices)``.

    Returns
    -------
    (ndarray, Quantity)
        The indices (unchanged, int64) and the delayed times, in the input order.
    """
    channel = np.asarray(indices)
    time_values = _magnitude(times, second, "times")
    delay_values = _magnitude(delays, second, "delays")
    if channel.ndim != 1 or time_values.shape != channel.shape or delay_values.ndim != 1:
        raise ConfigError("indices and times must be 1-D of equal length and delays 1-D (one per channel)")
    if channel.size and (
        not np.issubdtype(channel.dtype, np.integer)
        or channel.min() < 0
        or channel.max() >= len(delay_values)
    ):
        raise ConfigError(f"indices must be integers in 0..{len(delay_values) - 1} (one delay per channel)")
    if time_values.min(initial=0.0) < 0 or delay_values.min(initial=0.0) < 0:
        raise ConfigError("spike times and delays must be non-negative")
    return channel.astype(np.int64), (time_values + delay_values[channel]) * second
