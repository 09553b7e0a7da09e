"""How the demos of cards 3–7, 12, 13 and 15 set their bands: a theory value, widened by the seed-to-seed spread.

Each band is ``center ± K · sd``. ``center`` comes from theory (an exact expectation, or mean-field theory); ``sd`` is
the spread of the measured value over seeds 0–29 at the demo's defaults, scaled to the run's own sizes by the usual
1/√(samples) law (:func:`spread`). K = 5 keeps the true science inside the band on every one of those 30 seeds (the
largest of 30 normal deviations is about 2.5 sd) and still lets wrong science fall outside: each demo's comment says
by how much.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from quiz.demos.base import Check, check
from quiz.demos.nets import Array

K = 5.0
"""Half-width of every spread band, in seed-to-seed standard deviations."""


def spread(sd_at_defaults: float, samples_at_defaults: float, samples: float) -> float:
    """The seed-to-seed sd of a value measured at the defaults, carried over to a run that averages over
    ``samples`` independent draws instead of ``samples_at_defaults``: sd ∝ 1/√samples."""
    return sd_at_defaults * math.sqrt(samples_at_defaults / max(samples, 1.0))


def band(center: float, sd: float, k: float = K) -> tuple[float, float]:
    """``center ± k · sd``, for a signed quantity (a mean, a difference). A quantity that cannot be negative (a
    variance, a std, a mean square, a ratio of them) takes :func:`positive_band` instead."""
    return center - k * sd, center + k * sd


def positive_band(center: float, sd: float, k: float = K) -> tuple[float, float]:
    """``center · exp(±k · sd / center)``: the band of a positive quantity (a variance, a std, a mean square, a
    per-layer factor) whose seed-to-seed sd is ``sd``. Its spread is taken as lognormal, with the relative sd as the
    sd of its log: to first order the same as ``center ± k · sd``, but never below 0, however few samples a run
    averages over (``1 ± k · sd`` at 5 sds of 40 % would reach −1)."""
    if not center > 0:
        raise ValueError(f"positive_band needs a positive center, got {center}")
    half = k * sd / center
    return center * math.exp(-half), center * math.exp(half)


def log_half_width(low: float, high: float) -> float:
    """Half the width of ``[low, high]`` in log space: ``log(high/low) / 2`` (inf when low ≤ 0)."""
    return math.log(high / low) / 2 if low > 0 and high > low else (0.0 if high == low > 0 else math.inf)


SEPARATION = 1.5
"""How far the wrong science's value must sit from a band's center, in band half-widths (see :func:`separation`)."""


def separation(wrong: str, target: Check, value: float, *, log: bool = True) -> Check:
    """Whether ``target``'s band can tell its true value from ``value``, what ``wrong`` science would give: the
    distance from the band's center to ``value``, in band half-widths (in log space for a positive quantity), must be
    at least :data:`SEPARATION` = 1.5, so the wrong value lies half a half-width (2.5 sds) outside the band. A run
    too small for that (too few nets, units or layers) fails this check instead of saying "holds" on a band that
    would also have taken the wrong science."""
    assert target.low is not None and target.high is not None
    if log:
        center = math.sqrt(target.low * target.high)
        half = log_half_width(target.low, target.high)
        distance = abs(math.log(value / center)) / half if half > 0 else math.inf
    else:
        center = (target.low + target.high) / 2
        half = (target.high - target.low) / 2
        distance = abs(value - center) / half if half > 0 else math.inf
    return check(f"{target.name} vs {wrong}: distance in half-widths", distance, SEPARATION)


FINITE_WIDTH = 0.3
"""Mean-field theory is the infinite-width limit. Where the variance decays slowly (tanh at the edge of chaos) a
finite net drifts from it by about ``FINITE_WIDTH · depth / width`` (relative), measured for tanh with Xavier:
−8 % at depth 20 and width 64, −4 % at width 128, −3 % at depth 10 and width 64, −16 % at depth 20 and width 32."""

FINITE_WIDTH_FIXED_POINT = 2.4
"""Next to an attracting fixed point the drift stops growing with depth: about ``FINITE_WIDTH_FIXED_POINT / width``,
measured at depth 20: SELU −3.2 % and LeCun's scaled tanh −3.7 % at width 64, SELU −1.5 % at width 128 and −4 % at
width 32."""


def edge_of_chaos_drift(depth: int, width: int) -> float:
    """The relative finite-width drift from mean-field theory of a slowly decaying variance (see FINITE_WIDTH)."""
    return FINITE_WIDTH * depth / width


def fixed_point_drift(width: int) -> float:
    """The relative finite-width drift from mean-field theory at an attracting fixed point."""
    return FINITE_WIDTH_FIXED_POINT / width


def mean_field_band(value: float, rel_sd: float, drift: float, k: float = K) -> tuple[float, float]:
    """A band around a mean-field prediction (a variance: positive): ``value · exp(±(k · rel_sd + drift))``, the
    seed-to-seed spread widened by the finite-width drift, in log space so that it never reaches below 0."""
    half = k * rel_sd + drift
    return value * math.exp(-half), value * math.exp(half)


def log_band(value: float, log_sd: float, k: float = K) -> tuple[float, float]:
    """``value · exp(±k · log_sd)``: for a value whose spread is lognormal (a variance growing through depth)."""
    return value * math.exp(-k * log_sd), value * math.exp(k * log_sd)


def share_band(center: float, sd: float, k: float = K) -> tuple[float, float]:
    """``center ± k · sd`` for a share, kept within [0, 1]."""
    low, high = band(center, sd, k)
    return max(low, 0.0), min(high, 1.0)


def ratio_band(sd: float, k: float = K) -> tuple[float, float]:
    """A band for a measured/expected ratio whose seed-to-seed sd is ``sd`` (relative): ``exp(±k · sd)``."""
    return positive_band(1.0, sd, k)


def std_band(samples: int, k: float = K) -> tuple[float, float]:
    """The band for the measured / expected std of ``samples`` independent normal draws: the relative standard error
    of a sample std is 1/√(2N), so ``1 ± k/√(2N)`` (uniform draws have a smaller error: the band is conservative)."""
    return ratio_band(1.0 / math.sqrt(2.0 * max(samples, 1)), k)


def weight_check(name: str, mean_square: float, fan: float, target: float, samples: int) -> Check:
    """``fan · mean square of the weights drawn`` against ``target`` (e.g. fan_in·Var(W) = 2 for He). The sample mean
    square of N normal draws has a relative sd of √(2/N) (uniform draws: √(0.8/N)), so the band is
    ``target · exp(±K·√(2/N))``: He drawn 1 % too wide is already 10 sd out at the demos' sizes."""
    return check(name, fan * mean_square, *positive_band(target, target * math.sqrt(2.0 / max(samples, 1))))


def pooled_draws(
    draw: Callable[[tuple[int, ...], np.random.Generator], Array],
    shape: tuple[int, ...],
    rng: np.random.Generator,
    min_samples: int,
    max_draws: int,
) -> Array:
    """The entries of ``draw(shape, rng)``, drawn again until there are ``min_samples`` of them or ``max_draws``
    weights: a one-element shape's std is then measured over many weights, not one."""
    size = math.prod(shape)
    draws = max(1, min(max_draws, math.ceil(min_samples / max(size, 1))))
    return np.concatenate([draw(shape, rng).ravel() for _ in range(draws)])
