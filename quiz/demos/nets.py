"""NumPy building blocks shared by the demos: activations, deep-net propagation, a small trainable MLP,
batch normalization, an im2col convolution and synthetic tasks.

Conventions: weights are ``(out, in)`` (torch layout, as :mod:`quiz.demos.initializers` makes them); a batch of
inputs is ``(batch, features)``, so a layer computes ``x @ W.T + b``. Everything is float64 and vectorized: the only
Python loops are over layers and training steps.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]
InitFn = Callable[[tuple[int, ...], np.random.Generator], Array]

SELU_ALPHA = 1.6732632423543772
SELU_SCALE = 1.0507009873554805
LECUN_TANH_A = 1.7159  # LeCun 1998, "Efficient BackProp": f(x) = 1.7159 tanh(2x/3), so f(±1) = ±1
LECUN_TANH_B = 2.0 / 3.0


@dataclass(frozen=True)
class Activation:
    """A nonlinearity and its derivative (both elementwise)."""

    name: str
    f: Callable[[Array], Array]
    df: Callable[[Array], Array]


def _relu(z: Array) -> Array:
    return np.maximum(z, 0.0)


def _relu_d(z: Array) -> Array:
    return (z > 0).astype(z.dtype)


def _tanh_d(z: Array) -> Array:
    t = np.tanh(z)
    return 1.0 - t * t


def _selu(z: Array) -> Array:
    return SELU_SCALE * np.where(z > 0, z, SELU_ALPHA * np.expm1(np.minimum(z, 0.0)))


def _selu_d(z: Array) -> Array:
    return SELU_SCALE * np.where(z > 0, 1.0, SELU_ALPHA * np.exp(np.minimum(z, 0.0)))


def _lecun_tanh(z: Array) -> Array:
    return LECUN_TANH_A * np.tanh(LECUN_TANH_B * z)


def _lecun_tanh_d(z: Array) -> Array:
    t = np.tanh(LECUN_TANH_B * z)
    return LECUN_TANH_A * LECUN_TANH_B * (1.0 - t * t)


RELU = Activation("relu", _relu, _relu_d)
TANH = Activation("tanh", np.tanh, _tanh_d)
SELU = Activation("selu", _selu, _selu_d)
LECUN_TANH = Activation("1.7159·tanh(2x/3)", _lecun_tanh, _lecun_tanh_d)


def leaky_relu(slope: float) -> Activation:
    """Leaky ReLU with negative slope ``slope``."""

    def f(z: Array) -> Array:
        return np.where(z > 0, z, slope * z)

    def df(z: Array) -> Array:
        return np.where(z > 0, 1.0, slope)

    return Activation(f"leaky_relu({slope:g})", f, df)


# ---------------------------------------------------------------------------------------------------------------
# Deep-net signal propagation (no training): per-layer statistics forward and backward


@dataclass
class Trace:
    """What flowed through a plain deep net: pre-activations ``z[l]`` and outputs ``a[l]`` of each layer."""

    z: list[Array] = field(default_factory=list)
    a: list[Array] = field(default_factory=list)


def propagate(x: Array, weights: Sequence[Array], act: Activation) -> Trace:
    """Run ``x`` through ``a = act(a @ W.T)`` for each weight matrix, keeping every layer's values."""
    trace = Trace()
    a = x
    for w in weights:
        z = a @ w.T
        a = act.f(z)
        trace.z.append(z)
        trace.a.append(a)
    return trace


def forward_variances(x: Array, weights: Iterable[Array], act: Activation) -> list[float]:
    """Variance of each layer's output (over batch and units) for ``a = act(a @ W.T)``, keeping only one layer in
    memory: ``weights`` may be a generator that draws each matrix when it is needed.

    Stacks work too: ``x`` of shape ``(nets, batch, n)`` with weights ``(nets, out, n)`` runs independent nets at
    once, and the variance is then over all of them."""
    out: list[float] = []
    a = x
    for w in weights:
        a = act.f(a @ np.swapaxes(w, -1, -2))
        out.append(float(np.var(a)))
    return out


def backprop_variances(trace: Trace, weights: Sequence[Array], act: Activation, g_out: Array) -> list[float]:
    """Variance of the back-propagated gradient dL/da at each layer's output (index 0 = first layer), given
    the gradient ``g_out`` arriving at the last layer's output."""
    out: list[float] = []
    g = g_out
    for layer in range(len(weights) - 1, -1, -1):
        out.append(float(np.var(g)))
        g = (g * act.df(trace.z[layer])) @ weights[layer]
    out.reverse()
    return out


def layer_variances(trace: Trace) -> list[float]:
    """Variance of each layer's output over batch and units."""
    return [float(np.var(a)) for a in trace.a]


def per_layer_ratio(values: Sequence[float], start: int = 0) -> float:
    """Geometric-mean factor by which ``values`` change from one layer to the next, from index ``start`` on."""
    v = np.asarray(values[start:], dtype=np.float64)
    if v.size < 2 or v[0] <= 0 or v[-1] <= 0:
        return float("nan")
    return float(np.exp(np.log(v[-1] / v[0]) / (v.size - 1)))


def make_weights(init: InitFn, widths: Sequence[int], rng: np.random.Generator) -> list[Array]:
    """One ``(out, in)`` matrix per consecutive pair of ``widths``, drawn with ``init``."""
    return [init((n_out, n_in), rng) for n_in, n_out in itertools.pairwise(widths)]


def batchnorm(z: Array, eps: float = 1e-5) -> Array:
    """Training-mode batch normalization over the batch axis, γ = 1 and β = 0 (their initial values)."""
    mu = z.mean(axis=0, keepdims=True)
    var = z.var(axis=0, keepdims=True)
    out: Array = (z - mu) / np.sqrt(var + eps)
    return out


# ---------------------------------------------------------------------------------------------------------------
# A small trainable MLP: hidden layers with one activation, a linear output, full-batch or minibatch GD


@dataclass
class MLP:
    """Weights ``(out, in)`` and biases per layer; hidden layers use ``act``, the output layer is linear."""

    weights: list[Array]
    biases: list[Array]
    act: Activation

    def copy(self) -> MLP:
        return MLP([w.copy() for w in self.weights], [b.copy() for b in self.biases], self.act)

    def forward(self, x: Array) -> tuple[Array, list[Array], list[Array]]:
        """Output, and each layer's input and pre-activation (for :meth:`gradients`)."""
        inputs: list[Array] = []
        pres: list[Array] = []
        a = x
        last = len(self.weights) - 1
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            inputs.append(a)
            z = a @ w.T + b
            pres.append(z)
            a = z if i == last else self.act.f(z)
        return a, inputs, pres

    def gradients(self, inputs: list[Array], pres: list[Array], g_out: Array) -> tuple[list[Array], list[Array]]:
        """Gradients of the loss w.r.t. weights and biases, given dL/d(output) for the batch."""
        gw: list[Array] = [np.empty(0)] * len(self.weights)
        gb: list[Array] = [np.empty(0)] * len(self.weights)
        g = g_out
        for i in range(len(self.weights) - 1, -1, -1):
            if i != len(self.weights) - 1:
                g = g * self.act.df(pres[i])
            gw[i] = g.T @ inputs[i]
            gb[i] = g.sum(axis=0)
            if i:
                g = g @ self.weights[i]
        return gw, gb

    def step(self, gw: list[Array], gb: list[Array], lr: float) -> None:
        for w, b, dw, db in zip(self.weights, self.biases, gw, gb, strict=True):
            w -= lr * dw
            b -= lr * db


def mlp(widths: Sequence[int], act: Activation, rng: np.random.Generator, init: InitFn, bias: float = 0.0) -> MLP:
    """An MLP with the given layer widths (input first), weights from ``init`` and constant biases."""
    weights = make_weights(init, widths, rng)
    biases = [np.full(w.shape[0], bias, dtype=np.float64) for w in weights]
    return MLP(weights, biases, act)


def mse(pred: Array, y: Array) -> tuple[float, Array]:
    """Mean squared error (½·mean over the batch of the squared norm) and its gradient w.r.t. ``pred``."""
    diff = pred - y
    n = pred.shape[0]
    return float(0.5 * np.sum(diff * diff) / n), diff / n


def bce_logits(logits: Array, y: Array) -> tuple[float, Array]:
    """Binary cross-entropy on logits (labels 0/1), mean over the batch, and its gradient."""
    n = logits.shape[0]
    loss = np.mean(np.maximum(logits, 0.0) - logits * y + np.log1p(np.exp(-np.abs(logits))))
    p = 1.0 / (1.0 + np.exp(-logits))
    return float(loss), (p - y) / n


LossFn = Callable[[Array, Array], tuple[float, Array]]


def train(
    net: MLP,
    x: Array,
    y: Array,
    *,
    steps: int,
    lr: float,
    loss: LossFn = mse,
    batch: int | None = None,
    rng: np.random.Generator | None = None,
    callback: Callable[[int, MLP], None] | None = None,
) -> list[float]:
    """Gradient descent in place; returns the loss before each step. Full batch unless ``batch`` (and ``rng``,
    which shuffles) are given. ``callback(step, net)`` runs after each update."""
    losses: list[float] = []
    n = x.shape[0]
    shuffle = batch is not None and rng is not None and batch < n
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging run gives inf/NaN, not warnings
        for t in range(steps):
            if losses and not np.isfinite(losses[-1]):  # diverged: the rest of the curve is NaN
                losses.extend([float("nan")] * (steps - t))
                break
            if shuffle:
                assert rng is not None
                idx = rng.choice(n, size=batch, replace=False)
                xb, yb = x[idx], y[idx]
            else:
                xb, yb = x, y
            out, inputs, pres = net.forward(xb)
            value, g = loss(out, yb)
            losses.append(value)
            gw, gb = net.gradients(inputs, pres, g)
            net.step(gw, gb, lr)
            if callback is not None:
                callback(t, net)
    return losses


def accuracy(net: MLP, x: Array, y: Array) -> float:
    """Binary accuracy of a logit-output net."""
    return float(np.mean((net.forward(x)[0] > 0) == (y > 0.5)))


# ---------------------------------------------------------------------------------------------------------------
# Synthetic tasks


def circles(n: int, rng: np.random.Generator, noise: float = 0.08) -> tuple[Array, Array]:
    """Two concentric noisy circles in 2-D (the DeepLearning.AI initialization exercise's data): ``x (n, 2)``,
    labels ``y (n, 1)`` in {0, 1}."""
    theta = rng.uniform(0.0, 2.0 * np.pi, n)
    label = (np.arange(n) % 2).astype(np.float64)
    radius = np.where(label > 0, 0.5, 1.0) + noise * rng.standard_normal(n)
    x = np.stack([radius * np.cos(theta), radius * np.sin(theta)], axis=1)
    return x, label[:, None]


def teacher_features(x: Array, u: Array) -> Array:
    """Hidden features of a random tanh teacher: ``tanh(x @ u.T)`` with ``u (k, d)``."""
    out: Array = np.tanh(x @ u.T)
    return out


# ---------------------------------------------------------------------------------------------------------------
# Convolution by im2col


def im2col(x: Array, k: int) -> Array:
    """Patches of ``x (batch, c, h, w)`` for a ``k × k`` valid convolution, stride 1:
    ``(batch · h' · w', c · k · k)``, columns ordered like a ``(c, k, k)`` kernel flattened."""
    windows = np.lib.stride_tricks.sliding_window_view(x, (k, k), axis=(2, 3))  # (b, c, h', w', k, k)
    b, c, ho, wo = windows.shape[:4]
    cols: Array = windows.transpose(0, 2, 3, 1, 4, 5).reshape(b * ho * wo, c * k * k)
    return cols


def conv2d(x: Array, w: Array) -> Array:
    """Valid, stride-1 2-D convolution (cross-correlation, as torch) of ``x (b, c_in, h, w)`` with
    ``w (c_out, c_in, k, k)`` → ``(b, c_out, h − k + 1, w − k + 1)``."""
    b, _, h, wd = x.shape
    c_out, _, k, _ = w.shape
    cols = im2col(x, k)
    out = cols @ w.reshape(c_out, -1).T  # (b·h'·w', c_out)
    result: Array = out.reshape(b, h - k + 1, wd - k + 1, c_out).transpose(0, 3, 1, 2)
    return result
