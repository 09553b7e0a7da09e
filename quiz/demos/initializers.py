"""``torch.nn.init`` for NumPy: the same names (without the trailing underscore), defaults and semantics.

Every initializer takes a weight *shape* and returns a **new** ``float64`` array; nothing is filled in place. Shapes
follow PyTorch's layout ``(out, in, *kernel)``::

    fan_in  = in  * prod(kernel)
    fan_out = out * prod(kernel)

so a dense weight is ``(out, in)`` and a 3×3 conv with 64 input and 128 output channels is ``(128, 64, 3, 3)``
(fan_in 576, fan_out 1152). A transposed-conv weight is stored ``(in, out, *kernel)``, so its fans come out swapped,
exactly as in PyTorch. Keras stores dense kernels ``(in, out)`` and conv kernels ``(*kernel, in, out)``: transpose
such a kernel to this layout before asking for its fans.

Random initializers take ``rng``, a :class:`numpy.random.Generator` (default: a fresh, unseeded
``np.random.default_rng()``); pass a seeded one for reproducible weights::

    >>> import numpy as np
    >>> from quiz.demos.initializers import kaiming_normal
    >>> w = kaiming_normal((256, 512), nonlinearity="relu", rng=np.random.default_rng(0))  # std √(2/512) = 0.0625
    >>> w.shape, w.dtype
    ((256, 512), dtype('float64'))

Errors follow PyTorch: fewer than two dimensions, an unknown nonlinearity, a bad ``mode`` or a non-numeric
leaky-ReLU slope raise :class:`ValueError`. As in PyTorch, Kaiming (and so LeCun) initialization of a zero-element
shape warns ``"Initializing zero-element tensors is a no-op"`` and returns an empty array, and orthogonal
initialization of one returns an empty array silently. Two deliberate differences, both for inputs PyTorch rejects
with other exception types: Xavier on a shape whose fans are both zero raises :class:`ValueError` (PyTorch lets a
``ZeroDivisionError`` escape), and a negative Xavier gain raises :class:`ValueError` (PyTorch raises
``RuntimeError`` from ``uniform_``/``normal_``).

The samples are NumPy's, not PyTorch's: the same seed does not give the same numbers as ``torch.manual_seed``, but
the distributions, bounds and standard deviations are the same (``data/reference/torch_init.json``, recorded from
torch 2.13.0 by ``scripts/make_torch_reference.py``, holds the comparison).

The fans, gains and scales themselves are plain Python in :mod:`quiz.demos.init_math` (no NumPy), re-exported here.
"""

from __future__ import annotations

import math
import warnings
from typing import TypeAlias

import numpy as np
from numpy.typing import NDArray

from quiz.demos.init_math import (
    LINEAR_NONLINEARITIES,
    NONLINEARITIES,
    ShapeLike,
    as_shape,
    calculate_gain,
    check_mode,
    fan_in_and_fan_out,
    kaiming_bound,
    kaiming_std,
    lecun_bound,
    lecun_std,
    xavier_bound,
    xavier_std,
)

__all__ = [
    "KERAS_TRUNCATED_NORMAL_STD",
    "LINEAR_NONLINEARITIES",
    "NONLINEARITIES",
    "FloatArray",
    "ShapeLike",
    "calculate_gain",
    "constant",
    "correct_fan",
    "fan_in_and_fan_out",
    "kaiming_bound",
    "kaiming_normal",
    "kaiming_std",
    "kaiming_uniform",
    "lecun_bound",
    "lecun_normal",
    "lecun_std",
    "lecun_uniform",
    "normal",
    "orthogonal",
    "xavier_bound",
    "xavier_normal",
    "xavier_std",
    "xavier_uniform",
    "zeros",
]

FloatArray: TypeAlias = NDArray[np.float64]
"""What every initializer returns: a new float64 array."""

KERAS_TRUNCATED_NORMAL_STD = 0.87962566103423978
"""Std of a unit normal truncated to ±2 std. Keras' ``lecun_normal``/``he_normal``/``glorot_normal`` sample a
truncated normal with scale ``std / 0.8796…`` so that the *realized* std is the target one."""

_ZERO_ELEMENT_WARNING = "Initializing zero-element tensors is a no-op"


# --- initializers ---------------------------------------------------------------------------------------------------


def _generator(rng: np.random.Generator | None) -> np.random.Generator:
    if rng is None:
        return np.random.default_rng()
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator (e.g. np.random.default_rng(seed)), got {rng!r}")
    return rng


def _check_gain(gain: float) -> None:
    if not gain >= 0:  # also rejects NaN
        raise ValueError(f"gain must be a non-negative number, got {gain}")


def _uniform(shape: tuple[int, ...], bound: float, rng: np.random.Generator | None) -> FloatArray:
    return _generator(rng).uniform(-bound, bound, size=shape)


def _normal(shape: tuple[int, ...], std: float, rng: np.random.Generator | None) -> FloatArray:
    return _generator(rng).normal(0.0, std, size=shape)


def xavier_uniform(shape: ShapeLike, gain: float = 1.0, rng: np.random.Generator | None = None) -> FloatArray:
    """Xavier/Glorot uniform: U(−a, a) with ``a = gain · √(6 / (fan_in + fan_out))``, as ``xavier_uniform_``.

    Glorot & Bengio (2010). Keeps activation and gradient variances roughly constant through linear/tanh layers;
    pass ``gain=calculate_gain("tanh")`` etc. for a nonlinearity.

    Raises:
        ValueError: fewer than 2 dimensions, both fans zero, or a negative gain.
    """
    dims = as_shape(shape)
    fan_in, fan_out = fan_in_and_fan_out(dims)
    _check_gain(gain)
    return _uniform(dims, xavier_bound(fan_in, fan_out, gain), rng)


def xavier_normal(shape: ShapeLike, gain: float = 1.0, rng: np.random.Generator | None = None) -> FloatArray:
    """Xavier/Glorot normal: N(0, std²) with ``std = gain · √(2 / (fan_in + fan_out))``, as ``xavier_normal_``.

    Raises:
        ValueError: fewer than 2 dimensions, both fans zero, or a negative gain.
    """
    dims = as_shape(shape)
    fan_in, fan_out = fan_in_and_fan_out(dims)
    _check_gain(gain)
    return _normal(dims, xavier_std(fan_in, fan_out, gain), rng)


def correct_fan(shape: ShapeLike, mode: str = "fan_in") -> int:
    """The fan Kaiming initialization divides by: fan_in (``mode="fan_in"``) or fan_out (``mode="fan_out"``), as
    :func:`quiz.demos.init_math.correct_fan`, but through this module's :func:`fan_in_and_fan_out`, looked up when
    called: a caller that swaps it here (a wrong-science control) changes every initializer that divides by a fan.

    Raises:
        ValueError: an unknown mode, or fewer than 2 dimensions.
    """
    check_mode(mode)
    fan_in, fan_out = fan_in_and_fan_out(shape)
    return fan_in if mode.lower() == "fan_in" else fan_out


def _kaiming_scale(dims: tuple[int, ...], a: float, mode: str, nonlinearity: str) -> float | None:
    """Kaiming std for ``dims``, or ``None`` (after PyTorch's warning) for a zero-element shape."""
    if 0 in dims:
        warnings.warn(_ZERO_ELEMENT_WARNING, UserWarning, stacklevel=3)
        return None
    return kaiming_std(correct_fan(dims, mode), calculate_gain(nonlinearity, a))


def kaiming_uniform(
    shape: ShapeLike,
    a: float = 0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    rng: np.random.Generator | None = None,
) -> FloatArray:
    """Kaiming/He uniform: U(−b, b) with ``b = √3 · gain / √fan``, as ``kaiming_uniform_``.

    He et al. (2015). ``gain = calculate_gain(nonlinearity, a)``, where ``a`` is the leaky-ReLU negative slope (used
    only with ``"leaky_relu"``; the default ``a=0`` gives gain √2, the ReLU case). ``fan`` is fan_in
    (``mode="fan_in"``, forward variance preserved) or fan_out (``mode="fan_out"``, backward variance preserved).
    ``kaiming_uniform(shape, a=math.sqrt(5))`` is ``nn.Linear``/``nn.Conv*``'s default weight init: bound
    ``1/√fan_in``.

    A zero-element shape warns ``"Initializing zero-element tensors is a no-op"`` and returns an empty array,
    before the mode or the number of dimensions are checked (as in PyTorch).

    Raises:
        ValueError: fewer than 2 dimensions, a bad mode, an unknown nonlinearity or a non-numeric slope.
    """
    dims = as_shape(shape)
    std = _kaiming_scale(dims, a, mode, nonlinearity)
    if std is None:
        return np.zeros(dims, dtype=np.float64)
    return _uniform(dims, math.sqrt(3.0) * std, rng)


def kaiming_normal(
    shape: ShapeLike,
    a: float = 0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    rng: np.random.Generator | None = None,
) -> FloatArray:
    """Kaiming/He normal: N(0, std²) with ``std = gain / √fan``, as ``kaiming_normal_``.

    Arguments as :func:`kaiming_uniform`. With ``nonlinearity="relu"`` and fan_in 512 the std is
    √(2/512) = 0.0625; a 3×3 conv with 64 input channels has fan_in 576 and std ≈ 0.0589.

    Raises:
        ValueError: fewer than 2 dimensions, a bad mode, an unknown nonlinearity or a non-numeric slope.
    """
    dims = as_shape(shape)
    std = _kaiming_scale(dims, a, mode, nonlinearity)
    if std is None:
        return np.zeros(dims, dtype=np.float64)
    return _normal(dims, std, rng)


def lecun_uniform(shape: ShapeLike, rng: np.random.Generator | None = None) -> FloatArray:
    """LeCun uniform: U(−b, b) with ``b = √(3 / fan_in)`` (Var = 1/fan_in).

    Not in ``torch.nn.init``; it is ``kaiming_uniform(shape, nonlinearity="linear")``, including its zero-element
    warning and errors.
    """
    return kaiming_uniform(shape, nonlinearity="linear", rng=rng)


def lecun_normal(shape: ShapeLike, rng: np.random.Generator | None = None) -> FloatArray:
    """LeCun normal: a plain N(0, 1/fan_in), the init SELU's self-normalization assumes.

    Not in ``torch.nn.init``; it is ``kaiming_normal(shape, nonlinearity="linear")``. Keras' ``lecun_normal`` draws
    from a normal truncated at ±2 std instead, with scale ``1/√fan_in / 0.8796…`` (:data:`KERAS_TRUNCATED_NORMAL_STD`)
    so that its realized std is also 1/√fan_in; this function does not truncate.
    """
    return kaiming_normal(shape, nonlinearity="linear", rng=rng)


def _orthogonalize(normal: FloatArray, gain: float) -> FloatArray:
    """PyTorch's ``orthogonal_`` step on an already-drawn N(0, 1) ``(rows, cols)`` matrix.

    Transpose if rows < cols, QR, multiply Q's columns by sign(diag R) (making Q Haar-uniform), transpose back,
    scale by ``gain``.
    """
    rows, cols = normal.shape
    flattened = normal.T if rows < cols else normal
    q, r = np.linalg.qr(flattened)
    q = q * np.sign(np.diag(r))
    if rows < cols:
        q = q.T
    return np.ascontiguousarray(q) * gain


def orthogonal(shape: ShapeLike, gain: float = 1.0, rng: np.random.Generator | None = None) -> FloatArray:
    """A (semi-)orthogonal matrix, as ``torch.nn.init.orthogonal_`` (Saxe et al., 2014).

    The weight is viewed as ``rows = shape[0]`` by ``cols = numel / rows`` (trailing dimensions flattened). With
    ``W`` that matrix: ``W Wᵀ = gain² I`` when rows ≤ cols, and ``Wᵀ W = gain² I`` when rows > cols. The algorithm is
    PyTorch's: an N(0, 1) ``(rows, cols)`` matrix, transposed if rows < cols, QR-factorized, Q multiplied by
    sign(diag R), transposed back, times ``gain``. A zero-element shape returns an empty array.

    Raises:
        ValueError: fewer than 2 dimensions.
    """
    dims = as_shape(shape)
    if len(dims) < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    numel = math.prod(dims)
    if numel == 0:
        return np.zeros(dims, dtype=np.float64)
    rows = dims[0]
    normal = _generator(rng).standard_normal((rows, numel // rows))
    return _orthogonalize(normal, gain).reshape(dims)


def zeros(shape: ShapeLike) -> FloatArray:
    """All zeros, as ``zeros_`` (any number of dimensions). Zero weights never break symmetry."""
    return np.zeros(as_shape(shape), dtype=np.float64)


def constant(shape: ShapeLike, val: float) -> FloatArray:
    """Every entry ``val``, as ``constant_`` (any number of dimensions)."""
    return np.full(as_shape(shape), val, dtype=np.float64)


def normal(shape: ShapeLike, mean: float = 0.0, std: float = 1.0, rng: np.random.Generator | None = None) -> FloatArray:
    """N(mean, std²) whatever the fans, as ``normal_`` (any number of dimensions): e.g. DeepLearning.AI's "large
    random" init ``np.random.randn(...) * 10`` is ``normal(shape, std=10)``.

    Raises:
        ValueError: a negative ``std``.
    """
    if not std >= 0:
        raise ValueError(f"std must be non-negative, got {std}")
    return _generator(rng).normal(mean, std, size=as_shape(shape))
