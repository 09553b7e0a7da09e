"""A chart series of the finite points of a curve (a diverged run's inf/NaN, or its overflowed values, are left out:
NaN is not a number to draw, and is not equal to itself, so a result holding it would not compare equal to a rerun)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from quiz.demos.base import Series
from quiz.demos.catalog._common import series

SHOWN_MAX = 1e6  # larger losses are a divergence: the table says so, the chart leaves them out


def finite_series(
    name: str,
    y: Sequence[float] | np.ndarray,
    x: Sequence[float],
    *,
    x_label: str,
    y_label: str,
    chart: str,
    log_y: bool = False,
) -> Series:
    """:func:`~quiz.demos.catalog._common.series` of the points whose y is finite and below :data:`SHOWN_MAX`."""
    ys = np.asarray(y, dtype=np.float64)
    keep = np.isfinite(ys) & (np.abs(ys) < SHOWN_MAX)
    xs = [float(v) for v, k in zip(x, keep, strict=True) if k]
    return series(name, ys[keep], x=xs, x_label=x_label, y_label=y_label, chart=chart, log_y=log_y)


def loss_cell(value: float) -> float | str:
    """A loss for a table: the number, or ``"diverged"`` when it is not finite (a NaN cell would never compare equal
    to itself, and says less)."""
    return float(value) if np.isfinite(value) else "diverged"
