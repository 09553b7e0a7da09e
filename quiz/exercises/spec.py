"""The number an exercise's JSON spec names, read the way ``torch.nn.init`` reads it.

``answer_of("kaiming_normal", {"mode": "fan_out", "nonlinearity": "relu"}, (128, 64, 3, 3), "std")`` is the std
``torch.nn.init.kaiming_normal_(torch.empty(128, 64, 3, 3), mode="fan_out", nonlinearity="relu")`` draws from. The
fan, scale and gain exercises take their answer from here, so the JSON they print (``init``, ``init_kwargs``,
``weight_shape``, ``quantity``) is exactly what the answer was computed from, with torch's defaults for whatever
is left out. The formulas are :mod:`quiz.demos.init_math`'s.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from quiz.demos.init_math import (
    calculate_gain,
    correct_fan,
    fan_in_and_fan_out,
    kaiming_bound,
    kaiming_std,
    xavier_bound,
    xavier_std,
)

FAN_FUNCTION = "_calculate_fan_in_and_fan_out"
"""The ``torch.nn.init`` function that computes fans (it has no trailing underscore to drop)."""
UNIFORM_INITS = ("xavier_uniform", "kaiming_uniform")
NORMAL_INITS = ("xavier_normal", "kaiming_normal")


def answer_of(init: str, init_kwargs: Mapping[str, Any], weight_shape: Sequence[int] | None, quantity: str) -> float:
    """The ``quantity`` (``fan_in``, ``fan_out``, ``std``, ``bound`` or ``gain``) that ``init`` gives with these
    arguments for a weight of this shape. :class:`ValueError` for a combination torch has no answer to."""
    kwargs = dict(init_kwargs)
    if init == "calculate_gain":
        if quantity != "gain":
            raise ValueError(f"calculate_gain gives a gain, not {quantity}")
        return calculate_gain(**kwargs)
    if weight_shape is None:
        raise ValueError(f"{init} needs a weight shape")
    shape = tuple(weight_shape)
    if init == FAN_FUNCTION:
        fan_in, fan_out = fan_in_and_fan_out(shape)
        if quantity not in ("fan_in", "fan_out"):
            raise ValueError(f"{init} gives fans, not {quantity}")
        return float(fan_in if quantity == "fan_in" else fan_out)
    if init in UNIFORM_INITS:
        bound = _bound(init, kwargs, shape)
        if quantity == "bound":
            return bound
        if quantity == "std":
            return bound / math.sqrt(3.0)  # the std of U(−b, b)
        raise ValueError(f"{init} gives a bound or a std, not {quantity}")
    if init in NORMAL_INITS:
        if quantity != "std":
            raise ValueError(f"{init} gives a std, not {quantity}")
        return _std(init, kwargs, shape)
    raise ValueError(f"no exercise asks about {init!r}")


def _kaiming_args(kwargs: dict[str, Any]) -> tuple[float, str, str]:
    return kwargs.get("a", 0), kwargs.get("mode", "fan_in"), kwargs.get("nonlinearity", "leaky_relu")


def _bound(init: str, kwargs: dict[str, Any], shape: tuple[int, ...]) -> float:
    if init == "xavier_uniform":
        return xavier_bound(*fan_in_and_fan_out(shape), gain=kwargs.get("gain", 1.0))
    a, mode, nonlinearity = _kaiming_args(kwargs)
    return kaiming_bound(correct_fan(shape, mode), calculate_gain(nonlinearity, a))


def _std(init: str, kwargs: dict[str, Any], shape: tuple[int, ...]) -> float:
    if init == "xavier_normal":
        return xavier_std(*fan_in_and_fan_out(shape), gain=kwargs.get("gain", 1.0))
    a, mode, nonlinearity = _kaiming_args(kwargs)
    return kaiming_std(correct_fan(shape, mode), calculate_gain(nonlinearity, a))
