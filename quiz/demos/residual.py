"""Residual MLPs, stacked (K nets trained at once, as in :mod:`quiz.demos.stacked`; samples are columns).

Each net: ``h₀ = W_in x``; then for every block ``h ← h + α_l · W2_l relu(W1_l h)``; then ``out = W_out h + b``.
``α_l`` is the branch's scalar multiplier: 1 and fixed in a standard block, 0 and learned in SkipInit / ReZero.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from quiz.demos.stacked import Array, StackedLoss, layer_forward, weight_grad

BlockCache = tuple[Array, Array, Array, Array]  # a block's input h, pre-activation z, relu(z), branch output


@dataclass
class ResGrads:
    w_in: Array
    w1: list[Array]
    w2: list[Array]
    alpha: Array  # (K, blocks)
    w_out: Array
    b_out: Array


@dataclass
class StackedResNet:
    w_in: Array  # (K, width, inputs)
    w1: list[Array]  # per block, (K, width, width)
    w2: list[Array]
    alpha: Array  # (K, blocks)
    w_out: Array  # (K, outputs, width)
    b_out: Array  # (K, outputs, 1)

    @property
    def nets(self) -> int:
        return int(self.w_in.shape[0])

    def forward(self, x: Array) -> tuple[Array, list[BlockCache], Array]:
        """Outputs ``(K, outputs, batch)``, each block's cache, and the last block's output."""
        h = layer_forward(self.w_in, x)
        cache: list[BlockCache] = []
        for i, (w1, w2) in enumerate(zip(self.w1, self.w2, strict=True)):
            z = np.matmul(w1, h)
            u = np.maximum(z, 0.0)
            r = np.matmul(w2, u)
            cache.append((h, z, u, r))
            h = h + self.alpha[:, i, None, None] * r
        return np.matmul(self.w_out, h) + self.b_out, cache, h

    def gradients(self, x: Array, cache: list[BlockCache], last: Array, g_out: Array) -> ResGrads:
        """Gradients of each net's loss w.r.t. every parameter, given dL/d(output)."""
        g = np.matmul(self.w_out.transpose(0, 2, 1), g_out)
        w_out, b_out = weight_grad(g_out, last), g_out.sum(axis=2, keepdims=True)
        w1: list[Array] = [np.empty(0)] * len(self.w1)
        w2: list[Array] = [np.empty(0)] * len(self.w2)
        alpha = np.zeros_like(self.alpha)
        for i in range(len(self.w1) - 1, -1, -1):
            h, z, u, r = cache[i]
            alpha[:, i] = np.sum(g * r, axis=(1, 2))
            dr = self.alpha[:, i, None, None] * g
            w2[i] = weight_grad(dr, u)
            dz = np.matmul(self.w2[i].transpose(0, 2, 1), dr) * (z > 0)
            w1[i] = weight_grad(dz, h)
            g = g + np.matmul(self.w1[i].transpose(0, 2, 1), dz)
        return ResGrads(weight_grad(g, x), w1, w2, alpha, w_out, b_out)

    def step(self, grads: ResGrads, lr: Array, alpha_lr: Array) -> None:
        """One gradient-descent step; ``lr`` and ``alpha_lr`` (for the α's; 0 keeps them fixed) per net."""
        rate = lr[:, None, None]
        self.w_in -= rate * grads.w_in
        for w, dw in zip(self.w1 + self.w2, grads.w1 + grads.w2, strict=True):
            w -= rate * dw
        self.alpha -= alpha_lr[:, None] * grads.alpha
        self.w_out -= rate * grads.w_out
        self.b_out -= rate * grads.b_out


def train_resnet(
    net: StackedResNet, x: Array, y: Array, *, steps: int, lr: Array, alpha_lr: Array, loss: StackedLoss
) -> npt.NDArray[np.float64]:
    """Full-batch gradient descent on every net at once; the losses before each step, ``(steps, K)``."""
    curves = np.empty((steps, net.nets))
    with np.errstate(all="ignore"):  # the standard-init net overflows: inf/NaN, not warnings
        for t in range(steps):
            out, cache, last = net.forward(x)
            value, g = loss(out, y)
            curves[t] = value
            net.step(net.gradients(x, cache, last, g), lr, alpha_lr)
    return curves
