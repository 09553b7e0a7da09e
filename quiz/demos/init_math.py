"""The formulas of ``torch.nn.init`` in plain Python: fans, gains, bounds and standard deviations. No NumPy.

:mod:`quiz.demos.initializers` (which draws the weights, with NumPy) takes these from here and re-exports them, so
``from quiz.demos.initializers import calculate_gain`` keeps working; code that needs only the numbers (the
exercises of ``quiz exercise``) imports this module and stays light. Shapes follow PyTorch's layout
``(out, in, *kernel)``; errors follow PyTorch (see :mod:`quiz.demos.initializers`).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from typing import SupportsIndex, TypeAlias

__all__ = [
    "LINEAR_NONLINEARITIES",
    "NONLINEARITIES",
    "ShapeLike",
    "as_shape",
    "calculate_gain",
    "correct_fan",
    "fan_in_and_fan_out",
    "kaiming_bound",
    "kaiming_std",
    "lecun_bound",
    "lecun_std",
    "xavier_bound",
    "xavier_std",
]

ShapeLike: TypeAlias = Sequence[SupportsIndex]
"""A weight shape ``(out, in, *kernel)``: a tuple (or other sequence) of non-negative ints, NumPy ints included."""

LINEAR_NONLINEARITIES: tuple[str, ...] = (
    "linear",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
)
"""Names :func:`calculate_gain` treats as linear (gain 1), as in ``torch.nn.init.calculate_gain``."""

NONLINEARITIES: tuple[str, ...] = (*LINEAR_NONLINEARITIES, "sigmoid", "tanh", "relu", "leaky_relu", "selu")
"""Every name :func:`calculate_gain` accepts."""

_DEFAULT_LEAKY_RELU_SLOPE = 0.01
_FAN_MODES = ("fan_in", "fan_out")


# --- shapes and fans ------------------------------------------------------------------------------------------------


def as_shape(shape: ShapeLike) -> tuple[int, ...]:
    """``shape`` as a tuple of non-negative Python ints, or :class:`ValueError`."""
    if isinstance(shape, (str, bytes)) or not isinstance(shape, Sequence):
        raise ValueError(f"shape must be a sequence of ints such as (out, in), got {shape!r}")
    dims: list[int] = []
    for dim in shape:
        if isinstance(dim, bool):
            raise ValueError(f"shape must contain ints, got {shape!r}")
        try:  # NumPy ints pass; NumPy bools, like bools, do not
            size = operator.index(dim)
        except TypeError:
            raise ValueError(f"shape must contain ints, got {shape!r}") from None
        if size < 0:
            raise ValueError(f"shape must not contain negative dimensions, got {shape!r}")
        dims.append(size)
    return tuple(dims)


def fan_in_and_fan_out(shape: ShapeLike) -> tuple[int, int]:
    """Fan-in and fan-out of a weight of this shape, as ``torch.nn.init._calculate_fan_in_and_fan_out``.

    The layout is ``(out, in, *kernel)``: ``fan_in = in * prod(kernel)``, ``fan_out = out * prod(kernel)``.

    >>> fan_in_and_fan_out((128, 64, 3, 3))
    (576, 1152)

    Raises:
        ValueError: the shape has fewer than 2 dimensions (or is not a sequence of non-negative ints).
    """
    dims = as_shape(shape)
    if len(dims) < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
    receptive_field = math.prod(dims[2:])
    return dims[1] * receptive_field, dims[0] * receptive_field


def correct_fan(shape: ShapeLike, mode: str = "fan_in") -> int:
    """The fan Kaiming initialization divides by: fan_in (``mode="fan_in"``) or fan_out (``mode="fan_out"``).

    ``mode`` is case-insensitive, as in PyTorch. ``"fan_in"`` preserves the variance of activations in the forward
    pass, ``"fan_out"`` that of gradients in the backward pass.

    Raises:
        ValueError: an unknown mode, or fewer than 2 dimensions.
    """
    check_mode(mode)
    fan_in, fan_out = fan_in_and_fan_out(shape)
    return fan_in if mode.lower() == "fan_in" else fan_out


def check_mode(mode: str) -> None:
    """``ValueError`` unless ``mode`` is ``"fan_in"`` or ``"fan_out"`` (any case), as PyTorch checks it."""
    if not isinstance(mode, str) or mode.lower() not in _FAN_MODES:
        raise ValueError(f"Mode {mode} not supported, please use one of {list(_FAN_MODES)}")


# --- gains ----------------------------------------------------------------------------------------------------------


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """The recommended gain for a nonlinearity, as ``torch.nn.init.calculate_gain``.

    ============================================== ====================
    nonlinearity                                   gain
    ============================================== ====================
    linear, conv{1,2,3}d, conv_transpose{1,2,3}d   1
    sigmoid                                        1
    tanh                                           5/3
    relu                                           √2
    leaky_relu                                     √(2 / (1 + slope²))
    selu                                           3/4
    ============================================== ====================

    For ``leaky_relu``, ``param`` is the negative slope (default 0.01, so ``param=0`` gives √2); it must be an int
    (not a bool) or a float. ``param`` is ignored for every other nonlinearity. Names are case-sensitive.

    Raises:
        ValueError: an unknown nonlinearity, or a leaky-ReLU slope that is not a number.
    """
    if nonlinearity in LINEAR_NONLINEARITIES or nonlinearity == "sigmoid":
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope: float = _DEFAULT_LEAKY_RELU_SLOPE
        elif (not isinstance(param, bool) and isinstance(param, int)) or isinstance(param, float):
            slope = param
        else:
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


# --- scales: the pure formulas behind the initializers ---------------------------------------------------------------


def xavier_std(fan_in: int, fan_out: int, gain: float = 1.0) -> float:
    """Std of Xavier/Glorot initialization: ``gain · √(2 / (fan_in + fan_out))``.

    Raises:
        ValueError: ``fan_in + fan_out`` is not positive.
    """
    if fan_in + fan_out <= 0:
        raise ValueError(f"Xavier initialization needs fan_in + fan_out > 0, got {fan_in} + {fan_out}")
    return gain * math.sqrt(2.0 / float(fan_in + fan_out))


def xavier_bound(fan_in: int, fan_out: int, gain: float = 1.0) -> float:
    """Bound ``a`` of Xavier-uniform U(−a, a): ``gain · √(6 / (fan_in + fan_out))`` (= √3 · :func:`xavier_std`)."""
    return math.sqrt(3.0) * xavier_std(fan_in, fan_out, gain)


def kaiming_std(fan: int, gain: float = math.sqrt(2.0)) -> float:
    """Std of Kaiming/He initialization: ``gain / √fan`` (default gain √2, for ReLU).

    Raises:
        ValueError: ``fan`` is not positive.
    """
    if fan <= 0:
        raise ValueError(f"Kaiming initialization needs a positive fan, got {fan}")
    return gain / math.sqrt(fan)


def kaiming_bound(fan: int, gain: float = math.sqrt(2.0)) -> float:
    """Bound of Kaiming-uniform U(−b, b): ``√3 · gain / √fan`` (= √3 · :func:`kaiming_std`)."""
    return math.sqrt(3.0) * kaiming_std(fan, gain)


def lecun_std(fan_in: int) -> float:
    """Std of LeCun initialization: ``1 / √fan_in`` (Kaiming with gain 1)."""
    return kaiming_std(fan_in, 1.0)


def lecun_bound(fan_in: int) -> float:
    """Bound of LeCun-uniform U(−b, b): ``√(3 / fan_in)``."""
    return kaiming_bound(fan_in, 1.0)
