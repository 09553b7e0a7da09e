"""How alike a layer's units are: exact symmetry (equal rows of ``[W | b]``) and the spread between units."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from quiz.demos.nets import MLP

AnyArray = npt.NDArray[np.floating[Any]]
IDENTICAL = 1e-12  # units whose weights differ by less than this (relative) are identical to machine precision


def distinct_units(w: AnyArray, b: AnyArray) -> int:
    """Number of different rows of ``[W | b]`` (incoming weights and bias of each unit)."""
    return int(np.unique(np.concatenate([w, b[:, None]], axis=1), axis=0).shape[0])


def distinct_hidden_units(net: MLP) -> int:
    """The fewest :func:`distinct_units` in any hidden layer of ``net``."""
    return min(distinct_units(w, b) for w, b in zip(net.weights[:-1], net.biases[:-1], strict=True))


def unit_spread(w: AnyArray, b: AnyArray) -> AnyArray:
    """For each of K stacked layers (``w`` ``(K, out, in)``, ``b`` ``(K, out, 1)``): the largest difference between
    two units' incoming weights or biases (per input, max − min over units), relative to the layer's largest
    weight; 0 when every unit is the same."""
    wb = np.concatenate([w, b], axis=2)
    scale = np.abs(wb).max(axis=(1, 2))
    spread: AnyArray = np.ptp(wb, axis=1).max(axis=1) / np.where(scale > 0, scale, 1.0)
    return spread
