"""Independent random nets run side by side, with the per-layer statistics the variance demos compare to theory.

A stack is ``nets`` plain nets ``a = act(W a)`` fed the same kind of input: activations ``(nets, batch, n)``,
weights ``(nets, out, in)``. Theory speaks of the average over random nets; one finite net's variance random-walks
around it (its log drifts by about √(5·depth/width) for ReLU, Hanin 2018), so the demos pool several.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ClassVar, Self

import numpy as np
from pydantic import model_validator

from quiz.demos.base import DemoParams
from quiz.demos.nets import Activation, Array

Draw = Callable[[tuple[int, ...], np.random.Generator], Array]


class StackParams(DemoParams):
    """Parameters of a demo that runs stacks of square nets: its ``depth``, ``width``, ``batch`` and ``nets`` fields
    are bounded together, ``depth × nets × width × (width + batch)`` (weights drawn plus multiply-adds) at most
    ``MAX_WORK``, so that a run at any allowed setting stays well under a second."""

    MAX_WORK: ClassVar[int]

    @model_validator(mode="after")
    def _bounded_work(self) -> Self:
        depth, nets, width, batch = (int(getattr(self, name)) for name in ("depth", "nets", "width", "batch"))
        work = depth * nets * width * (width + batch)
        if work > self.MAX_WORK:
            raise ValueError(
                f"depth × nets × width × (width + batch) = {work:,} is over {self.MAX_WORK:,}, the most that runs "
                "in well under a second; lower depth, nets, width or batch"
            )
        return self


def stacked(draw: Draw, shape: tuple[int, ...], nets: int, rng: np.random.Generator) -> Array:
    """``nets`` independent weights of ``shape`` from ``draw``, stacked: ``(nets, *shape)``."""
    return np.stack([draw(shape, rng) for _ in range(nets)])


def stacked_by_rows(draw: Draw, shape: tuple[int, int], nets: int, rng: np.random.Generator) -> Array:
    """The same as :func:`stacked` for an initializer whose scale depends on fan_in alone (Kaiming and LeCun in
    their default fan_in mode), in one call: the rows of a ``(nets · out, in)`` weight keep fan_in = in. One call
    instead of ``nets`` saves the per-call cost, which for a 32×32 layer is about a third of the drawing."""
    n_out, n_in = shape
    return draw((nets * n_out, n_in), rng).reshape(nets, n_out, n_in)


@dataclass(frozen=True)
class StackTrace:
    """Per-layer statistics (index 0 = layer 1) of a stack of nets.

    ``pre_ms[l, k]``: mean square of layer l's pre-activations in net k (He et al.'s Var[y_l]: z = W·a has mean 0
    over random W). ``out_mean``, ``out_ms``, ``out_var``: mean, mean square and variance of the layer's outputs over
    every net, sample and unit. ``saturated``: share of outputs with |a| above the threshold; ``zeros``: share
    exactly 0 (half, for ReLU on symmetric pre-activations). ``grad_ms``: mean square
    of the back-propagated gradient at each layer's output (index 0 = the gradient reaching the input, index L = the
    one fed in at the top); empty when no gradient was fed in. ``weight_ms``: mean square of every weight drawn, per
    layer (times fan_in it is n·Var(W))."""

    pre_ms: Array
    out_mean: Array
    out_ms: Array
    out_var: Array
    saturated: Array
    zeros: Array
    grad_ms: Array
    weight_ms: Array

    def layer_factor(self, start: int = 1) -> float:
        """Mean, over nets and layers ``start+1``…L, of the layer-to-layer ratio of pre-activation mean squares.

        For a positively homogeneous activation (ReLU, leaky ReLU, linear) and symmetric weights each ratio's
        expectation, given the layer below, is exactly ``½(1 + s²)·fan_in·Var(W)``: unlike a geometric mean over
        depth, this average has no finite-width bias. Layer 1 is left out by default: it sees the raw input, not the
        output of an activation."""
        ratios = self.pre_ms[start:] / self.pre_ms[start - 1 : -1]
        return float(np.mean(ratios)) if ratios.size else float("nan")

    def kept_share(self) -> float:
        """Mean over layers of the outputs' mean square over the pre-activations': the share of the second moment
        the activation keeps (ReLU on a symmetric input: exactly ½; leaky ReLU: ½(1 + s²))."""
        return float(np.mean(self.out_ms / self.pre_ms.mean(axis=1)))


def run_stack(
    x: Array,
    layers: Iterable[Array],
    act: Activation,
    *,
    g_out: Array | None = None,
    saturation: float | None = None,
    zeros: bool = False,
) -> StackTrace:
    """Run ``x (nets, batch, n)`` through ``layers`` (each ``(nets, out, in)``; a generator keeps one layer in memory
    when no gradient is asked for), and back-propagate ``g_out (nets, batch, n_last)`` if given. The saturated and
    zero shares are counted only when asked for (``saturation`` is the threshold on |a|); otherwise they are NaN."""
    keep = g_out is not None
    a = x
    pre_ms, out_mean, out_ms, out_var, saturated, zero_share, weight_ms = [], [], [], [], [], [], []
    weights: list[Array] = []
    pres: list[Array] = []
    for w in layers:
        z = a @ np.swapaxes(w, -1, -2)
        a = act.f(z)
        pre_ms.append(np.mean(z * z, axis=(1, 2)))
        out_mean.append(float(np.mean(a)))
        ms = float(np.mean(a * a))
        out_ms.append(ms)
        out_var.append(ms - out_mean[-1] ** 2)
        saturated.append(float(np.mean(np.abs(a) > saturation)) if saturation is not None else math.nan)
        zero_share.append(float(np.mean(a == 0.0)) if zeros else math.nan)
        weight_ms.append(float(np.mean(w * w)))
        if keep:
            weights.append(w)
            pres.append(z)
    grads: list[float] = []
    if g_out is not None:
        g = g_out
        grads.append(float(np.mean(g * g)))
        for layer in range(len(weights) - 1, -1, -1):
            g = (g * act.df(pres[layer])) @ weights[layer]
            grads.append(float(np.mean(g * g)))
        grads.reverse()
    return StackTrace(
        pre_ms=np.array(pre_ms),
        out_mean=np.array(out_mean),
        out_ms=np.array(out_ms),
        out_var=np.array(out_var),
        saturated=np.array(saturated),
        zeros=np.array(zero_share),
        grad_ms=np.array(grads),
        weight_ms=np.array(weight_ms),
    )
