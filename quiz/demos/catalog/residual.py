"""Zero-initialized residual branches: Fixup, SkipInit / ReZero and Goyal et al.'s zero γ against standard He
(card 11)."""

from __future__ import annotations

import math

import numpy as np
from pydantic import Field, model_validator

from quiz.demos import initializers as init
from quiz.demos import nets
from quiz.demos.base import DemoParams, Outcome, check, demo
from quiz.demos.catalog._common import counted, series, table
from quiz.demos.catalog._series import finite_series, loss_cell
from quiz.demos.nets import Array
from quiz.demos.residual import StackedResNet, train_resnet
from quiz.demos.stacked import lowest_finite, lr_array, stacked_mse
from quiz.demos.teacher import INPUTS, teacher

RES_FEATURES, RES_NONLINEARITY = 6, 2.0


class ZeroResidualParams(DemoParams):
    blocks: int = Field(10, ge=2, le=50, description="residual blocks h ← h + W₂·relu(W₁·h)")
    width: int = Field(16, ge=8, le=64, description="units per layer of the trained nets")
    samples: int = Field(64, ge=16, le=256, description="training points (and the batch the init is measured on)")
    steps: int = Field(30, ge=5, le=200, description="full-batch gradient-descent steps, the same for every net")
    lr: float = Field(0.05, gt=0.0, le=1.0, description="the one learning rate every net trains with")

    @model_validator(mode="after")
    def _work(self) -> ZeroResidualParams:
        # Under a second: the training costs about blocks × steps NumPy calls, each on width × samples numbers.
        calls, work = self.blocks * self.steps, self.blocks * self.width * self.samples * self.steps
        if calls > RES_CALLS:
            raise ValueError(f"blocks × steps = {calls:,} is over {RES_CALLS:,}: too much for one run")
        if work > RES_WORK:
            raise ValueError(f"blocks × width × samples × steps = {work:,} is over {RES_WORK:,}: too much for one run")
        return self


RES_CALLS = 2_000
RES_WORK = 2_000_000
RES_TASK_SEED = 2  # one fixed regression task; the seed draws the weights
VARIANTS = ("He (standard)", "zero last layer", "Fixup", "SkipInit / ReZero (α = 0)")
# Bands (theory, then the seed sweep 0–29 at the defaults; tests/test_demos_deep.py):
# - He in both layers of a branch: E[(W₁h)²] = 2q, relu halves it to q, W₂ doubles it: the branch adds 2q, so the
#   second moment grows ×3 a block (measured 2.68–3.14 over 10 blocks of width 128; band 2.6–3.4). Xavier's W₂
#   would give ×2, He drawn 10 % too wide ×3.9.
# - Zero last layer (Fixup's, with W₁ also scaled by L^(−1/2) in Fixup), α = 0 (SkipInit, ReZero) and Goyal et al.'s
#   zero γ on the branch's last BN: each block's output is its input exactly (band 0–0), yet the zeroed parameter's
#   gradient is not 0 (measured ≥ 0.0027), and while W₂ = 0 the branch's first layer gets no gradient at all.
# - Training with one lr: the zero-init nets' lowest loss is at most half their initial loss (measured
#   0.10–0.43), while the standard net starts ~3^blocks too large and its lowest loss stays ≥ 100× theirs (measured
#   ≥ 1400×, or it diverges).
GROWTH = (2.6, 3.4)
TRAINS = 0.5
FAR_WORSE = 100.0


@demo(
    id="zero-residual",
    card=11,
    title="Zero-init the last layer of each residual branch",
    claim="With the last layer of each residual branch at zero (as Fixup does, which also scales the branch's other "
    "layers by L^(−1/(2m−2))), the branch's scalar at zero (SkipInit, "
    "ReZero) or the last BN's γ at zero (Goyal et al. 2017), every block starts exactly as the identity, the skip "
    "path carries the signal, and the zeroed parameter still gets a gradient; with standard He init in both layers "
    "the variance grows ×3 a block. Trained with one learning rate, the deep zero-init nets learn and the "
    "standard one does not.",
    params=ZeroResidualParams,
)
def zero_residual(p: ZeroResidualParams) -> Outcome:
    world = teacher(np.random.default_rng(RES_TASK_SEED), RES_FEATURES, 1, RES_NONLINEARITY)
    rng = np.random.default_rng(p.seed)
    x, y = world.draw(rng, p.samples)
    n, blocks, k = p.width, p.blocks, len(VARIANTS)
    square = (n, n)
    w_in = init.kaiming_normal((n, INPUTS), nonlinearity="linear", rng=rng)
    w1 = [init.kaiming_normal(square, nonlinearity="relu", rng=rng) for _ in range(blocks)]
    w2_he = [init.kaiming_normal(square, nonlinearity="relu", rng=rng) for _ in range(blocks)]
    w_out = init.kaiming_normal((1, n), nonlinearity="linear", rng=rng)
    fixup = blocks ** (-1 / (2 * 2 - 2))  # L^(−1/(2m−2)) with m = 2 layers per branch
    # One draw for all four nets: only the init rule differs.
    w1_by = [w1, w1, [fixup * w for w in w1], w1]
    w2_by = [w2_he, [init.zeros(square) for _ in range(blocks)], [init.zeros(square) for _ in range(blocks)], w2_he]
    alpha = np.ones((k, blocks))
    alpha[3] = init.zeros((1, blocks))[0]
    net = StackedResNet(
        np.stack([w_in] * k),
        [np.stack([w1_by[v][i] for v in range(k)]) for i in range(blocks)],
        [np.stack([w2_by[v][i] for v in range(k)]) for i in range(blocks)],
        alpha,
        np.stack([w_out] * k),
        np.zeros((k, 1, 1)),
    )
    out0, cache, last = net.forward(x)
    loss0, g_out = stacked_mse(out0, y)
    grads = net.gradients(x, cache, last, g_out)
    h0 = cache[0][0]
    identity = [float(np.abs(last[v] - h0[v]).max()) for v in range(k)]
    second = _he_growth(rng, blocks)
    growth = float(np.exp(np.log(second[-1] / second[0]) / blocks))
    grad_w2 = float(np.linalg.norm(grads.w2[0][1]))
    grad_w1 = float(max(np.linalg.norm(g[1]) for g in grads.w1))
    grad_alpha = float(np.abs(grads.alpha[3]).min())
    goyal_identity, goyal_grad = _zero_gamma(h0[0], w1, w2_he, np.matmul(w_out.T, g_out[0]))

    curves = train_resnet(
        net, x, y, steps=p.steps, lr=lr_array(p.lr, k), alpha_lr=np.array([0.0, 0.0, 0.0, p.lr]), loss=stacked_mse
    )
    lowest = lowest_finite(curves)
    baseline = float(np.mean(y * y)) / 2  # the loss of predicting 0
    zero_nets = lowest[1:]
    checks = [
        check("He: second-moment growth per block (theory ×3)", growth, *GROWTH),
        check(
            "zero-init variants: max |block output − input| at init",
            max(*identity[1:], goyal_identity),
            0,
            0,
        ),
        check(
            "zero-init variants: smallest gradient of the zeroed parameter (W₂, α, γ)",
            min(grad_w2, grad_alpha, goyal_grad),
            1e-9,
        ),
        check("zero last layer: ‖dL/dW₁‖ at init (no gradient through a zero W₂)", grad_w1, 0, 0),
        check(
            "zero-init nets: worst lowest loss / their initial loss", float(zero_nets.max() / curves[0, 1]), 0, TRAINS
        ),
        check("He (standard): lowest loss / the zero-init nets' worst", float(lowest[0] / zero_nets.max()), FAR_WORSE),
    ]

    def shown(v: float) -> str:
        return f"{v:.3g}" if math.isfinite(v) and v < 1e6 else "diverged"

    summary = (
        f"{counted(blocks, 'blocks')} of width {n}: He in both branch layers grows the second moment "
        f"×{growth:.3f} a block "
        f"({second[0]:.3g} → {second[-1]:.3g}); zeroing W₂ (and Fixup's ×{fixup:.3g} on W₁), α or the last γ leaves "
        f"every block the identity (max |out − in| = {max(*identity[1:], goyal_identity):g}) with gradients "
        f"‖dL/dW₂‖ = {grad_w2:.3g}, |dL/dα| ≥ {grad_alpha:.3g}, |dL/dγ| ≥ {goyal_grad:.3g}, and "
        f"‖dL/dW₁‖ = {grad_w1:g}. "
        f"Trained {counted(p.steps, 'steps')} at lr {p.lr:g}, lowest loss (predicting 0: {baseline:.3f}): "
        + ", ".join(f"{name} {shown(v)}" for name, v in zip(VARIANTS, lowest, strict=True))
        + "."
    )
    tables = [
        table(
            "At init",
            [
                "net",
                "initial loss",
                "max |block output − input|",
                "‖dL/dW₁‖",
                "‖dL/dW₂‖ (block 1)",
                "|dL/dα| (smallest)",
            ],
            [
                [
                    name,
                    loss_cell(loss0[v]),
                    identity[v],
                    float(max(np.linalg.norm(g[v]) for g in grads.w1)),
                    float(np.linalg.norm(grads.w2[0][v])),
                    float(np.abs(grads.alpha[v]).min()),
                ]
                for v, name in enumerate(VARIANTS)
            ]
            + [["zero γ (Goyal et al.)", None, goyal_identity, None, None, None]],
        ),
        table(
            f"Second moment of the signal after each standard He block (width {PROBE_WIDTH}, N(0, 1) inputs)",
            ["block", "E[h²]"],
            [[i, float(v)] for i, v in enumerate(second)],
        ),
        table(
            f"One learning rate ({p.lr:g}), {counted(p.steps, 'full-batch steps')} on {counted(p.samples, 'points')}",
            ["net", "initial loss", "final loss", "lowest loss"],
            [
                [name, loss_cell(curves[0, v]), loss_cell(curves[-1, v]), loss_cell(lowest[v])]
                for v, name in enumerate(VARIANTS)
            ],
        ),
    ]
    xs = list(range(blocks + 1))
    out_series = [
        series(
            "He (standard)",
            second,
            x=xs,
            x_label="block",
            y_label="E[h²]",
            chart="Second moment of the signal per block (0 = input)",
            log_y=True,
        ),
        series(
            "zero-init variants",
            [second[0]] * (blocks + 1),
            x=xs,
            x_label="block",
            y_label="E[h²]",
            chart="Second moment of the signal per block (0 = input)",
            log_y=True,
        ),
    ]
    steps_x = list(range(p.steps))
    for v, name in enumerate(VARIANTS):
        out_series.append(
            finite_series(
                name,
                curves[:, v],
                x=steps_x,
                x_label="step",
                y_label="training loss",
                chart="Training loss, one learning rate",
                log_y=True,
            )
        )
    return Outcome(checks=checks, summary=summary, tables=tables, series=out_series)


PROBE_WIDTH = 128  # the growth is measured on a wide net: at width 16 one block's factor varies by ±30 %


def _he_growth(rng: np.random.Generator, blocks: int) -> Array:
    """E[h²] after each of ``blocks`` standard He blocks (0 = the input), for N(0, 1) inputs of width 128."""
    h = rng.standard_normal((PROBE_WIDTH, PROBE_WIDTH))
    shape = (PROBE_WIDTH, PROBE_WIDTH)
    out = [float(np.mean(h * h))]
    for _ in range(blocks):
        w1 = init.kaiming_normal(shape, nonlinearity="relu", rng=rng)
        w2 = init.kaiming_normal(shape, nonlinearity="relu", rng=rng)
        h = h + w2 @ nets.RELU.f(w1 @ h)
        out.append(float(np.mean(h * h)))
    return np.array(out)


def _zero_gamma(h: Array, w1: list[Array], w2: list[Array], g: Array) -> tuple[float, float]:
    """Goyal et al.'s zero γ: blocks ``h ← h + γ·BN(W₂ relu(BN(W₁ h)))`` with γ = 0 (β = 0). Returns the largest
    |output − input| and the smallest |dL/dγ| over the blocks, for the gradient ``g`` arriving at the output (the
    same at every block while they are the identity)."""
    out = h
    grads = []
    for a, b in zip(w1, w2, strict=True):
        branch = _bn(b @ nets.RELU.f(_bn(a @ out)))
        grads.append(abs(float(np.sum(g * branch))))  # dL/dγ = Σ g · BN(·) for each block
        out = out + init.zeros((1, 1))[0, 0] * branch
    return float(np.abs(out - h).max()), min(grads)


def _bn(z: Array, eps: float = 1e-5) -> Array:
    """Batch normalization over the batch (columns), γ = 1, β = 0."""
    out: Array = (z - z.mean(axis=1, keepdims=True)) / np.sqrt(z.var(axis=1, keepdims=True) + eps)
    return out
