"""Input-output Jacobians of deep nets at init, and the mean-field "critical line" of tanh nets.

For ``a_l = φ(W_l a_{l−1} + b_l)`` the Jacobian ``∂a_L/∂a_0`` is ``D_L W_L ⋯ D_1 W_1`` with ``D_l = diag φ'(z_l)``.
Dynamical isometry (Saxe et al. 2014; Pennington, Schoenholz & Ganguli 2017) is the condition that *all* of its
singular values stay near 1, not only their mean square.

Mean field (Poole et al. 2016; Pennington et al. 2017): with weights of variance σ_w²/n and biases of variance σ_b²,
the pre-activation variance follows ``q_l = σ_w² E[φ(√q_{l−1} z)²] + σ_b²`` (z ~ N(0, 1)) to a fixed point q*, and
``χ = σ_w² E[φ'(√q* z)²]`` is the factor by which the Jacobian's mean squared singular value changes per layer. On the
critical line χ = 1: the mean square stays at 1 at any depth; a small q* keeps tanh near its linear regime.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

import numpy as np
from numpy.polynomial.hermite_e import hermegauss

from quiz.demos.nets import Activation, Array

_NODES = 61  # Gauss–Hermite nodes: σ_w to 1e-15 for q* ≤ 1 (21 nodes already agree to 1e-9)


@functools.cache
def _quadrature() -> tuple[Array, Array]:
    nodes, weights = hermegauss(_NODES)  # for the weight exp(−z²/2)
    return nodes, weights / weights.sum()


def gaussian_mean(f: Activation | None, q: float, *, derivative: bool = False, square: bool = True) -> float:
    """E[g(√q z)^2] (or E[g(√q z)] when ``square`` is false) for z ~ N(0, 1), where g is ``f.f`` or its derivative."""
    nodes, weights = _quadrature()
    z = math.sqrt(q) * nodes
    values = z if f is None else f.df(z) if derivative else f.f(z)
    return float(np.sum(weights * (values * values if square else values)))


def tanh_critical_point(q_star: float) -> tuple[float, float]:
    """(σ_w, σ_b) that make ``q_star`` the fixed point of a tanh net with χ = 1 there (the critical line):
    σ_w² = 1 / E[tanh'(√q* z)²] and σ_b² = q* − σ_w² E[tanh(√q* z)²]."""
    from quiz.demos.nets import TANH

    sw2 = 1.0 / gaussian_mean(TANH, q_star, derivative=True)
    sb2 = q_star - sw2 * gaussian_mean(TANH, q_star)
    return math.sqrt(sw2), math.sqrt(max(sb2, 0.0))


def jacobian_singular_values(
    x: Array,
    weights: Sequence[Array],
    biases: Sequence[Array] | None,
    act: Activation | None,
    at: Sequence[int],
) -> dict[int, Array]:
    """Singular values (descending) of ``∂a_l/∂a_0`` at the input ``x`` (one vector), after each depth in ``at``
    (1-based layer counts), for ``a_l = act(W_l a_{l−1} + b_l)``; ``act=None`` is the linear net."""
    n = x.shape[0]
    jac = np.eye(n)
    a = x
    wanted = set(at)
    out: dict[int, Array] = {}
    for layer, w in enumerate(weights, start=1):
        z = w @ a + (biases[layer - 1] if biases is not None else 0.0)
        if act is None:
            jac = w @ jac
            a = z
        else:
            jac = (act.df(z)[:, None] * w) @ jac
            a = act.f(z)
        if layer in wanted:
            out[layer] = np.asarray(np.linalg.svd(jac, compute_uv=False), dtype=np.float64)
    return out


def normalized_variance(sv: Array) -> float:
    """Var(σ²) / mean(σ²)²: the spread of the squared singular values around their mean square (0 for an isometry;
    for a product of L Gaussian N(0, 1/n) matrices it is L at large n)."""
    s2 = sv * sv
    m = float(s2.mean())
    return float(s2.var()) / (m * m) if m > 0 else float("inf")
