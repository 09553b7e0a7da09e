"""Small helpers shared by the demo modules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from quiz.demos import initializers as init
from quiz.demos.base import Cell, Series, Table
from quiz.demos.nets import Array
from quiz.plural import counted as plural_counted


def he_normal(shape: tuple[int, ...], rng: np.random.Generator) -> Array:
    """He normal for ReLU (std √(2/fan_in)), as a :data:`~quiz.demos.nets.InitFn`."""
    return init.kaiming_normal(shape, nonlinearity="relu", rng=rng)


def xavier_normal(shape: tuple[int, ...], rng: np.random.Generator) -> Array:
    """Xavier normal (std √(2/(fan_in + fan_out))), as a :data:`~quiz.demos.nets.InitFn`."""
    return init.xavier_normal(shape, rng=rng)


def layers_x(n: int) -> list[float]:
    """x values 1..n (layer, block or step numbers)."""
    return [float(i) for i in range(1, n + 1)]


def series(
    name: str,
    y: Sequence[float] | Array,
    *,
    x: Sequence[float] | None = None,
    x_label: str = "layer",
    y_label: str,
    chart: str,
    log_y: bool = False,
) -> Series:
    ys = [float(v) for v in y]
    xs = [float(v) for v in x] if x is not None else layers_x(len(ys))
    return Series(name=name, x=xs, y=ys, x_label=x_label, y_label=y_label, chart=chart, log_y=log_y)


def table(name: str, columns: list[str], rows: Sequence[Sequence[Any]]) -> Table:
    """A table whose NumPy scalars are turned into plain Python values."""
    return Table(name=name, columns=columns, rows=[[_plain(c) for c in row] for row in rows])


def _plain(value: Any) -> Cell:
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"not a table cell: {value!r}")


def sci(value: float) -> str:
    """A number for a summary line: 3 significant digits."""
    return f"{value:.3g}"


def counted(n: int, noun: str) -> str:
    """``"1 step"``, ``"20 steps"``: :func:`quiz.plural.counted` with the noun given in the plural, as the demos'
    texts name their counts."""
    return plural_counted(n, noun[:-1] if noun.endswith("s") else noun, plural=noun)
