"""Mean-field theory of signal propagation in deep random nets: what an infinitely wide net with i.i.d. zero-mean
weights does, layer by layer (Poole et al. 2016, "Exponential expressivity in deep neural networks through transient
chaos"; Schoenholz et al. 2017, "Deep information propagation"). The demos set finite nets beside it.

With ``Var(W) = σ_w² / fan_in`` and pre-activations ``z_l = W_l a_{l-1}``, each unit's ``z_l`` is (for a wide layer)
Gaussian with mean 0 and second moment ``q_l``, where

    q_1 = σ_w² · E[x²]                      (the input's mean square)
    q_{l+1} = σ_w² · E[φ(z)²],  z ~ N(0, q_l)

and a gradient flowing back through layer ``l`` of a square net has its mean square multiplied by
``χ_l = σ_w² · E[φ'(z)²]`` (times fan_out/fan_in when the layer is not square). tanh with σ_w² = 1 sits at the edge
of chaos (χ → 1), where ``q_l`` decays polynomially, about 1/(2l); below it the signal dies geometrically, above it
the net is chaotic and gradients grow.

Expectations over a Gaussian are sums on a fine grid: the midpoints of 2,000 cells covering z ∈ [−10, 10] standard
deviations, symmetric about the kink at 0, so ReLU's and leaky ReLU's moments and slopes come out exact to
rounding; smooth functions to about 1e-9, kinked ones (|z|, SELU) to about 1e-6, a share of saturated units (a step)
to about 1e-3.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from quiz.demos.nets import Activation, Array

_GRID = np.linspace(-10.0, 10.0, 2001)[:-1] + 0.005
_WEIGHTS = np.exp(-0.5 * _GRID * _GRID)
_WEIGHTS /= _WEIGHTS.sum()


def gaussian_mean(f: Callable[[Array], Array], q: float) -> float:
    """E[f(z)] for z ~ N(0, q) (``q`` ≥ 0; ``q = 0`` gives f(0))."""
    return float(np.sum(_WEIGHTS * f(np.sqrt(max(q, 0.0)) * _GRID)))


@dataclass(frozen=True)
class MeanField:
    """Mean-field prediction per layer (index 0 = layer 1): the pre-activations' second moment ``q``, the outputs'
    mean, second moment and variance, the share of outputs with ``|a| > saturation`` (NaN unless asked for), and
    the factor ``chi`` by which a back-propagated gradient's mean square is multiplied through each layer."""

    q: list[float]
    mean: list[float]
    second: list[float]
    var: list[float]
    chi: list[float]
    saturated: list[float]

    def gradient_gain(self) -> float:
        """Mean square of the gradient at the first layer's input over that at the last layer's output (square
        layers): the product of every layer's ``chi``."""
        return float(np.prod(self.chi))


def propagate(
    act: Activation,
    sigma_w2: float | Sequence[float],
    input_second_moment: float,
    depth: int,
    saturation: float | None = None,
) -> MeanField:
    """Mean-field statistics of ``depth`` layers ``a = act(W a)`` with ``Var(W) = σ_w² / fan_in`` (one σ_w² for every
    layer, or one per layer), fed inputs whose mean square is ``input_second_moment``."""
    s2 = [float(sigma_w2)] * depth if isinstance(sigma_w2, (int, float)) else [float(v) for v in sigma_w2]
    if len(s2) != depth:
        raise ValueError(f"need {depth} values of sigma_w2, got {len(s2)}")
    f, df = act.f, act.df

    def square(z: Array) -> Array:
        out: Array = f(z) ** 2
        return out

    def slope_square(z: Array) -> Array:
        out: Array = df(z) ** 2
        return out

    def beyond(z: Array) -> Array:
        return (np.abs(f(z)) > (saturation or 0.0)).astype(np.float64)

    q, mean, second, var, chi, sat = [], [], [], [], [], []
    moment = float(input_second_moment)
    for layer in range(depth):
        ql = s2[layer] * moment
        m = gaussian_mean(f, ql)
        moment = gaussian_mean(square, ql)
        q.append(ql)
        mean.append(m)
        second.append(moment)
        var.append(moment - m * m)
        chi.append(s2[layer] * gaussian_mean(slope_square, ql))
        sat.append(float("nan") if saturation is None else gaussian_mean(beyond, ql))
    return MeanField(q=q, mean=mean, second=second, var=var, chi=chi, saturated=sat)
