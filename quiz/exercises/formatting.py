"""Numbers as an explanation writes them: ``0.05893``, ``576``, ``√2``, ``5/3``, ``64·3·3``."""

from __future__ import annotations

import math
from collections.abc import Sequence

_KNOWN: tuple[tuple[float, str], ...] = (
    (math.sqrt(2.0), "√2"),
    (5.0 / 3, "5/3"),
    (0.75, "3/4"),
    (math.sqrt(5.0), "√5"),
    (math.sqrt(1.0 / 3), "√(1/3)"),
)


def num(value: float) -> str:
    """Four significant digits, no trailing zeros; integers in full: ``0.05893``, ``576``, ``1.9e-06``."""
    if float(value).is_integer() and abs(value) < 1e9:
        return str(int(value))
    return f"{value:.4g}"


def sym(value: float) -> str:
    """A constant as it is usually written (``√2``, ``5/3``, ``3/4``), else :func:`num`."""
    for known, text in _KNOWN:
        if math.isclose(value, known, rel_tol=1e-12):
            return text
    return num(value)


def product(factors: Sequence[int]) -> str:
    """``64·3·3`` (a single factor alone: ``512``)."""
    return "·".join(str(f) for f in factors)


def shape_text(shape: Sequence[int]) -> str:
    """``(128, 64, 3, 3)``."""
    return "(" + ", ".join(str(d) for d in shape) + ")"
