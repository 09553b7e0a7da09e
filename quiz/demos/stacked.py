"""Many small MLPs of one shape, trained side by side: one Python loop over steps for all of them.

A demo that compares inits, seeds or learning rates trains K nets that differ only in their numbers. Stacked on a
leading axis, ``weights[l]`` is ``(K, out, in)`` and ``biases[l]`` is ``(K, out, 1)``, and every step is a handful of
NumPy calls whatever K is (K separate :class:`~quiz.demos.nets.MLP` runs cost K times the Python overhead). The nets
stay independent: nothing mixes across the K axis, so a net that diverges to inf/NaN leaves the others alone.

Layout: samples are **columns** (as in the DeepLearning.AI exercise): a batch of inputs is ``(in, batch)`` when every
net sees the same one (full-batch training), or ``(K, in, batch)`` when each net has its own (minibatches shuffled by
each net's seed); a layer computes ``W @ a + b``. Reductions then run over a leading axis or a long inner one, which
NumPy does 10–40× faster than over a short inner axis (the 10 classes of a softmax). Arrays may be float32 or float64.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from quiz.demos.nets import Activation

Array = npt.NDArray[np.floating[Any]]
"""float32 or float64 (the activations of :mod:`quiz.demos.nets` keep the dtype they are given)."""

# A stacked loss: predictions (K, out, batch) and targets → per-net losses (K,) and dL/d(predictions).
StackedLoss = Callable[[Array, Array], tuple[npt.NDArray[np.float64], Array]]
# Draws one net's weight matrix of the given (out, in) shape (an initializer bound to that net's generator).
ShapeInit = Callable[[tuple[int, int]], npt.NDArray[np.float64]]


def layer_forward(w: Array, a: Array) -> Array:
    """``W @ a`` for each net: ``w`` ``(K, m, n)``, ``a`` ``(n, batch)`` shared or ``(K, n, batch)`` →
    ``(K, m, batch)``. A shared ``a`` is one BLAS call against all K matrices at once."""
    if a.ndim == 2:
        k, m, n = w.shape
        out: Array = (w.reshape(k * m, n) @ a).reshape(k, m, a.shape[1])
        return out
    product: Array = np.matmul(w, a)
    return product


def weight_grad(g: Array, a: Array) -> Array:
    """``g @ aᵀ`` for each net (the gradient of a layer's weights): ``g`` ``(K, m, batch)``, ``a`` ``(n, batch)`` or
    ``(K, n, batch)`` → ``(K, m, n)``."""
    if a.ndim == 2:
        k, m, b = g.shape
        out: Array = (g.reshape(k * m, b) @ a.T).reshape(k, m, a.shape[0])
        return out
    product: Array = np.matmul(g, a.transpose(0, 2, 1))
    return product


@dataclass
class StackedMLP:
    """K MLPs with the same widths: hidden layers use ``act``, the output layer is linear."""

    weights: list[Array]
    biases: list[Array]
    act: Activation

    @property
    def nets(self) -> int:
        return int(self.weights[0].shape[0])

    def copy(self) -> StackedMLP:
        return StackedMLP([w.copy() for w in self.weights], [b.copy() for b in self.biases], self.act)

    def forward(self, x: Array) -> tuple[Array, list[Array], list[Array]]:
        """Outputs ``(K, out, batch)``, and each layer's input and pre-activation (for :meth:`gradients`)."""
        inputs: list[Array] = []
        pres: list[Array] = []
        a = x
        last = len(self.weights) - 1
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            inputs.append(a)
            z = layer_forward(w, a) + b
            pres.append(z)
            a = z if i == last else self.act.f(cast(Any, z))
        return a, inputs, pres

    def gradients(self, inputs: list[Array], pres: list[Array], g_out: Array) -> tuple[list[Array], list[Array]]:
        """Gradients of each net's loss w.r.t. its weights and biases, given dL/d(output) ``(K, out, batch)``."""
        count = len(self.weights)
        gw: list[Array] = [np.empty(0)] * count
        gb: list[Array] = [np.empty(0)] * count
        g = g_out
        for i in range(count - 1, -1, -1):
            if i != count - 1:
                if self.act.f is np.tanh:  # tanh' = 1 − tanh², from the layer's output (the next layer's input)
                    out = inputs[i + 1]
                    g = g * (1.0 - out * out)
                else:
                    g = g * self.act.df(cast(Any, pres[i])).astype(g.dtype, copy=False)
            gw[i] = weight_grad(g, inputs[i])
            gb[i] = g.sum(axis=2, keepdims=True)
            if i:
                g = np.matmul(self.weights[i].transpose(0, 2, 1), g)
        return gw, gb

    def step(self, gw: list[Array], gb: list[Array], lr: Array | Sequence[Array]) -> None:
        """One gradient-descent step; ``lr`` holds each net's learning rate ``(K,)``, or one such array per layer
        (a rate of 0 freezes that layer of that net)."""
        rates = [lr] * len(self.weights) if isinstance(lr, np.ndarray) else list(lr)
        for w, b, dw, db, rate in zip(self.weights, self.biases, gw, gb, rates, strict=True):
            r = rate[:, None, None]
            w -= r * dw
            b -= r * db


def stacked_mlp(
    widths: Sequence[int],
    act: Activation,
    inits: Sequence[ShapeInit],
    *,
    bias: float = 0.0,
    dtype: type[np.floating] = np.float64,
) -> StackedMLP:
    """One net per entry of ``inits``; net k's matrices are drawn by ``inits[k]``, layer after layer (the order a
    single :func:`~quiz.demos.nets.mlp` draws them in), then stacked. Biases are the constant ``bias``."""
    per_net = [[init((n_out, n_in)) for n_in, n_out in itertools.pairwise(widths)] for init in inits]
    weights = [np.stack([net[layer] for net in per_net]).astype(dtype) for layer in range(len(widths) - 1)]
    biases = [np.full((len(inits), w.shape[1], 1), bias, dtype=dtype) for w in weights]
    return StackedMLP(weights, biases, act)


def lr_array(lr: float | Sequence[float] | Array, nets: int, dtype: type[np.floating] = np.float64) -> Array:
    """Each net's learning rate as a ``(K,)`` array (one value for all, or one per net)."""
    out: Array = np.broadcast_to(np.asarray(lr, dtype=dtype), (nets,)).copy()
    return out


def _per_net(loss: Array) -> npt.NDArray[np.float64]:
    return np.asarray(loss, dtype=np.float64)


def stacked_mse(pred: Array, y: Array) -> tuple[npt.NDArray[np.float64], Array]:
    """½·mean over the batch of the squared error norm, per net, and its gradient (``y`` ``(out, batch)`` shared or
    ``(K, out, batch)``)."""
    diff = pred - y
    n = pred.shape[2]
    return _per_net(0.5 * np.sum(diff * diff, axis=(1, 2)) / n), diff / n


def stacked_bce_logits(logits: Array, y: Array) -> tuple[npt.NDArray[np.float64], Array]:
    """Binary cross-entropy on logits ``(K, 1, batch)`` against labels 0/1, mean over the batch, per net."""
    n = logits.shape[2]
    loss = np.sum(np.maximum(logits, 0.0) - logits * y + np.log1p(np.exp(-np.abs(logits))), axis=(1, 2)) / n
    p = 1.0 / (1.0 + np.exp(-logits))
    return _per_net(loss), (p - y) / n


def stacked_softmax_ce(logits: Array, onehot: Array) -> tuple[npt.NDArray[np.float64], Array]:
    """Softmax cross-entropy (natural log) of logits ``(K, classes, batch)`` against one-hot targets
    ``(classes, batch)``, mean over the batch, per net, and its gradient."""
    n = logits.shape[2]
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    total = exp.sum(axis=1, keepdims=True)
    loss = (np.log(total).sum(axis=(1, 2)) - np.sum(onehot * shifted, axis=(1, 2))) / n
    return _per_net(loss), (exp / total - onehot) / n


def lowest_finite(curves: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Each net's lowest finite loss in ``curves`` ``(steps, K)`` (its initial loss if it never improved; inf if no
    loss was finite): a finite figure even for a net that diverged."""
    out: npt.NDArray[np.float64] = np.where(np.isfinite(curves), curves, np.inf).min(axis=0)
    return out


def columns(x: Array, idx: Array) -> Array:
    """Each net's samples ``idx`` ``(K, batch)`` of ``x`` ``(features, samples)``, as ``(K, features, batch)``."""
    out: Array = x[:, idx].transpose(1, 0, 2)
    return out


def train_stacked(
    net: StackedMLP,
    x: Array,
    y: Array,
    *,
    steps: int,
    lr: Array | Sequence[Array],
    loss: StackedLoss,
    batches: Callable[[int], Array] | None = None,
    callback: Callable[[int, StackedMLP], None] | None = None,
) -> npt.NDArray[np.float64]:
    """Gradient descent on every net at once, in place; returns the losses before each step, ``(steps, K)``.
    ``lr`` is each net's learning rate ``(K,)``, or one such array per layer.

    ``x`` is ``(in, samples)`` and ``y`` ``(out, samples)``. Full batch unless ``batches(step)`` gives each net's
    sample indices ``(K, batch)``. ``callback(step, net)`` runs after each update. A net that diverges goes on with
    inf/NaN (its own numbers only)."""
    curves = np.empty((steps, net.nets))
    with np.errstate(all="ignore"):  # a diverging net gives inf/NaN, not warnings
        for t in range(steps):
            if batches is None:
                xb, yb = x, y
            else:
                idx = batches(t)
                xb, yb = columns(x, idx), columns(y, idx)
            out, inputs, pres = net.forward(xb)
            value, g = loss(out, yb)
            curves[t] = value
            gw, gb = net.gradients(inputs, pres, g)
            net.step(gw, gb, lr)
            if callback is not None:
                callback(t, net)
    return curves


BNCache = tuple[Array, Array, Array, Array]


@dataclass
class StackedBNMLP:
    """K MLPs ``a = act(BN(W a))`` on every hidden layer (training-mode batch norm over the batch, learned γ and β,
    no bias: β plays its part), then a linear output layer ``W a + b``. Full-batch: the statistics are the batch's."""

    weights: list[Array]  # (K, out, in)
    gammas: list[Array]  # (K, out, 1), one per hidden layer
    betas: list[Array]
    out_bias: Array  # (K, out, 1)
    act: Activation
    eps: float = 1e-5

    @property
    def nets(self) -> int:
        return int(self.weights[0].shape[0])

    def forward(self, x: Array) -> tuple[Array, list[BNCache], Array]:
        """Outputs ``(K, out, batch)``; per hidden layer (input, normalized ẑ, 1/σ, BN output), and the output
        layer's input, for :meth:`step`."""
        cache: list[BNCache] = []
        a = x
        for w, g, b in zip(self.weights[:-1], self.gammas, self.betas, strict=True):
            z = layer_forward(w, a)
            zc = z - z.mean(axis=2, keepdims=True)
            inv = 1.0 / np.sqrt((zc * zc).mean(axis=2, keepdims=True) + self.eps)
            zhat = zc * inv
            y = g * zhat + b
            cache.append((a, zhat, inv, y))
            a = self.act.f(cast(Any, y))
        return layer_forward(self.weights[-1], a) + self.out_bias, cache, a

    def step(self, cache: list[BNCache], last_in: Array, g_out: Array, lr: Array) -> None:
        """Back-propagate dL/d(output) and take one gradient-descent step (``lr`` per net)."""
        rate = lr[:, None, None]
        g = np.matmul(self.weights[-1].transpose(0, 2, 1), g_out)
        self.weights[-1] -= rate * weight_grad(g_out, last_in)
        self.out_bias -= rate * g_out.sum(axis=2, keepdims=True)
        n = g_out.shape[2]
        for i in range(len(self.gammas) - 1, -1, -1):
            a_in, zhat, inv, y = cache[i]
            dy = g * self.act.df(cast(Any, y)).astype(g.dtype, copy=False)
            dgamma = (dy * zhat).sum(axis=2, keepdims=True)
            dbeta = dy.sum(axis=2, keepdims=True)
            dzhat = dy * self.gammas[i]
            dz = (
                inv
                / n
                * (n * dzhat - dzhat.sum(axis=2, keepdims=True) - zhat * (dzhat * zhat).sum(axis=2, keepdims=True))
            )
            if i:
                g = np.matmul(self.weights[i].transpose(0, 2, 1), dz)
            self.weights[i] -= rate * weight_grad(dz, a_in)
            self.gammas[i] -= rate * dgamma
            self.betas[i] -= rate * dbeta


def train_bn(
    net: StackedBNMLP, x: Array, y: Array, *, steps: int, lr: Array, loss: StackedLoss
) -> npt.NDArray[np.float64]:
    """Full-batch gradient descent on every BN net at once; returns the losses before each step, ``(steps, K)``."""
    curves = np.empty((steps, net.nets))
    with np.errstate(all="ignore"):
        for t in range(steps):
            out, cache, last_in = net.forward(x)
            value, g = loss(out, y)
            curves[t] = value
            net.step(cache, last_in, g, lr)
    return curves
