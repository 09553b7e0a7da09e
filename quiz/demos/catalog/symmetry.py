"""Breaking symmetry: zero and constant weights vs random ones, on two circles and on real handwritten digits
(card 1)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import partial

import numpy as np
from pydantic import Field, model_validator

from quiz.demos import initializers as init
from quiz.demos import nets
from quiz.demos.base import Check, DemoParams, Outcome, Series, Table, check, demo
from quiz.demos.catalog._common import counted, series, table
from quiz.demos.digits import digits_split
from quiz.demos.nets import Array, circles
from quiz.demos.stacked import (
    ShapeInit,
    StackedMLP,
    lr_array,
    stacked_bce_logits,
    stacked_mlp,
    stacked_softmax_ce,
    train_stacked,
)
from quiz.demos.units import IDENTICAL, distinct_units, unit_spread

CIRCLES_HELD_OUT = 2  # half as many held-out points as training points
LARGE_STD = 10.0  # DeepLearning.AI's "large random" init: np.random.randn(...) * 10


class SymmetryParams(DemoParams):
    width: int = Field(8, ge=2, le=16, description="units in each of the two hidden layers (circles: 2 → w → w → 1)")
    steps: int = Field(100, ge=1, le=500, description="full-batch gradient-descent steps on the two circles")
    lr: float = Field(0.5, gt=0.0, le=2.0, description="learning rate on the two circles")
    samples: int = Field(200, ge=16, le=400, description="training points (two noisy circles); half as many held out")
    seeds: int = Field(4, ge=2, le=8, description="nets per random init, each from its own seed (circles and digits)")
    digits_hidden: int = Field(16, ge=4, le=32, description="hidden ReLU units of the digits MLP (64 → h → 10)")
    digits_steps: int = Field(15, ge=1, le=60, description="full-batch gradient-descent steps on the digits")
    digits_lr: float = Field(2.0, gt=0.0, le=5.0, description="learning rate on the digits")

    @model_validator(mode="after")
    def _work(self) -> SymmetryParams:
        # Under a second: each training costs about steps × points × nets × units (the defaults: 1.6M and 2,160).
        circles = self.steps * self.samples * (2 + 2 * self.seeds) * self.width
        digits = self.digits_steps * self.digits_hidden * (1 + 2 * self.seeds)
        if circles > CIRCLES_WORK:
            raise ValueError(
                f"steps × samples × (2 + 2·seeds) × width = {circles:,} is over {CIRCLES_WORK:,}: too much for one run"
            )
        if digits > DIGITS_WORK:
            raise ValueError(
                f"digits_steps × digits_hidden × (1 + 2·seeds) = {digits:,} is over {DIGITS_WORK:,}: too much for one "
                "run"
            )
        return self


CIRCLES_WORK = 12_000_000
DIGITS_WORK = 16_000


@demo(
    id="symmetry",
    card=1,
    title="Zero or constant weights never break symmetry",
    claim="Trained from all-zero or constant weights, the hidden units of an MLP stay exactly identical (same "
    "outputs, same gradients, same updates), so it is no wider than one unit a layer, and from zeros it stays at "
    "chance; from random weights the units diverge and it "
    "learns. Two circles (DeepLearning.AI's exercise): zeros 50 % train accuracy, He ≥ 90 % train and held out, "
    "N(0, 1)·10 starts with a loss ≥ 100× He's and ends ≥ 20 points below it. Real handwritten digits (UCI): "
    "Xavier and He reach ≥ 90 % held-out accuracy while zeros' held-out loss stays at ln 10.",
    params=SymmetryParams,
)
def symmetry(p: SymmetryParams) -> Outcome:
    rng = np.random.default_rng(p.seed)
    children = rng.spawn(4 * p.seeds)  # independent generators: circles' random nets, then the digits' ones
    c_checks, c_tables, c_series, c_acc = _circles(p, rng, children[: 2 * p.seeds])
    d_checks, d_tables, d_series, d_text = _digits(p, children[2 * p.seeds :])
    summary = (
        f"Two circles, {counted(p.steps, 'steps')}: train accuracy zeros {c_acc['zeros']:.0%}, constant "
        f"{c_acc['constant 0.5']:.0%}"
        f", N(0, 1)·10 {c_acc[LARGE]:.0%}, He {c_acc['He']:.0%} (means over {counted(p.seeds, 'seeds')}; "
        "DeepLearning.AI's "
        f"exercise, 15,000 steps: 50 %, 83 %, 99 %). {d_text}"
    )
    return Outcome(checks=c_checks + d_checks, summary=summary, tables=c_tables + d_tables, series=c_series + d_series)


LARGE = "N(0, 1)·10"
# Bands: theory first, then the seed sweep 0–29 at the defaults (4 nets per random init; tests/test_demos_symmetry.py):
# - identical units: symmetric weights get identical gradients, so the units stay equal up to rounding (measured at
#   most 2.3e-16 relative for constant, exactly 0 for zeros; He nets differ by ≥ 0.3). Band ≤ 1e-12.
# - zeros on the balanced circles: every hidden unit outputs 0, so only the output bias gets a gradient, and it is
#   mean(p − y) = 0: the prediction stays 0.5, the loss ln 2 and the accuracy the majority-class share, exactly.
# - constant 0.5: its weights do move (identical updates, not none): ‖ΔW‖ measured 1.9–2.3; band ≥ 0.5.
# - He train accuracy, mean of 4 nets: the circles are separable but for ~0.2 % noisy points, so a net that learns
#   is near 1 (measured 0.958–1.000); a net stuck at chance drags a mean of 4 below 0.88. Band ≥ 0.9 (held out too).
#   lr = 1e-6 gives 0.50; zeros or constant in its place give 0.50.
# - N(0, 1)·10: its logits start ~10³× He's, so its initial loss is ≥ 100× He's (measured 650–2900×); at this
#   learning rate its first steps kill its ReLUs, and it ends ≥ 0.2 below He's accuracy (measured gap 0.37–0.50;
#   DeepLearning.AI's smaller, 15,000-step run ends at 83 % against He's 99 %).
HE_ACC = 0.9
LARGE_LOSS_RATIO = 100.0
LARGE_ACC_GAP = 0.2
MOVED = 0.5


def _circles(
    p: SymmetryParams, rng: np.random.Generator, children: Sequence[np.random.Generator]
) -> tuple[list[Check], list[Table], list[Series], dict[str, float]]:
    x, y = circles(p.samples, rng)
    xh, yh = circles(max(p.samples // CIRCLES_HELD_OUT, 8), rng)
    widths = [2, p.width, p.width, 1]

    def large(r: np.random.Generator, shape: tuple[int, int]) -> Array:
        return init.normal(shape, std=LARGE_STD, rng=r)

    def he(r: np.random.Generator, shape: tuple[int, int]) -> Array:
        return init.kaiming_normal(shape, nonlinearity="relu", rng=r)

    names = ["zeros", "constant 0.5"] + [LARGE] * p.seeds + ["He"] * p.seeds
    fns: list[ShapeInit] = [lambda s: init.zeros(s), lambda s: init.constant(s, 0.5)]
    fns += [partial(large, r) for r in children[: p.seeds]] + [partial(he, r) for r in children[p.seeds :]]
    net = stacked_mlp(widths, nets.RELU, fns)
    start = net.copy()
    spreads = np.zeros((p.steps, net.nets))

    def watch(step: int, n: StackedMLP) -> None:
        spreads[step] = np.max([unit_spread(w, b) for w, b in zip(n.weights[:-1], n.biases[:-1], strict=True)], axis=0)

    curves = train_stacked(
        net, x.T, y.T, steps=p.steps, lr=lr_array(p.lr, net.nets), loss=stacked_bce_logits, callback=watch
    )
    out, _, pres = net.forward(x.T)
    final = stacked_bce_logits(out, y.T)[0]
    acc = _binary_accuracy(net, x, y)
    held = _binary_accuracy(net, xh, yh)
    moved = sum(np.linalg.norm(a - b, axis=(1, 2)) for a, b in zip(net.weights, start.weights, strict=True))
    dead = sum(np.all(z <= 0, axis=2).sum(axis=1) for z in pres[:-1])  # hidden units 0 on every training input
    worst = spreads.max(axis=0)
    distinct = np.array(
        [
            [distinct_units(w[k], b[k, :, 0]) for w, b in zip(net.weights[:-1], net.biases[:-1], strict=True)]
            for k in range(net.nets)
        ]
    )
    kinds = list(dict.fromkeys(names))
    sel = {kind: np.array([n == kind for n in names]) for kind in kinds}
    mean_acc = {kind: float(acc[sel[kind]].mean()) for kind in kinds}
    chance = max(float(y.mean()), 1.0 - float(y.mean()))
    checks = [
        check("zeros: largest difference between hidden units", worst[0], 0, IDENTICAL),
        check("constant 0.5: largest difference between hidden units", worst[1], 0, IDENTICAL),
        check("constant 0.5: weights moved ‖ΔW‖ (identical updates)", moved[1], MOVED),
        check("zeros: train accuracy (the majority-class share)", acc[0], chance, chance),
        check("He: hidden units equal to another unit (all nets)", (p.width - distinct[sel["He"]]).sum(), 0, 0),
        check(f"He: train accuracy, mean of {p.seeds}", mean_acc["He"], HE_ACC, 1),
        check(f"He: held-out accuracy, mean of {p.seeds}", held[sel["He"]].mean(), HE_ACC, 1),
        check(
            f"{LARGE}: initial loss / He's",
            curves[0, sel[LARGE]].mean() / curves[0, sel["He"]].mean(),
            LARGE_LOSS_RATIO,
        ),
        check(f"He minus {LARGE}: train accuracy", mean_acc["He"] - mean_acc[LARGE], LARGE_ACC_GAP),
    ]
    rows = []
    for kind in kinds:
        m = sel[kind]
        fewest = distinct[m].min(axis=0)
        rows.append(
            [
                kind,
                int(m.sum()),
                ", ".join(str(int(v)) for v in fewest),
                float(worst[m].max()),
                float(moved[m].mean()),
                float(dead[m].mean()),
                float(curves[0, m].mean()),
                float(final[m].mean()),
                float(acc[m].mean()),
                float(acc[m].min()),
                float(acc[m].max()),
                float(held[m].mean()),
            ]
        )
    tables = [
        table(
            f"Two circles, 2 → {p.width} → {p.width} → 1 ReLU MLP, {counted(p.steps, 'steps')} at lr {p.lr:g} "
            f"({p.samples} training points, {xh.shape[0]} held out; means over nets)",
            [
                "init",
                "nets",
                f"distinct hidden units (of {p.width}, per layer)",
                "max unit spread",
                "weights moved (‖ΔW‖)",
                "dead hidden units (0 on every input)",
                "initial loss",
                "final loss",
                "train accuracy",
                "lowest",
                "highest",
                "held-out accuracy",
            ],
            rows,
        )
    ]
    first = {kind: names.index(kind) for kind in kinds}
    chart = "Circles: spread between hidden units during training"
    out_series = [
        series(
            kind if sel[kind].sum() == 1 else f"{kind} (first of {p.seeds})",
            spreads[:, first[kind]],
            x_label="step",
            y_label="max relative difference between units",
            chart=chart,
        )
        for kind in kinds
    ]
    return checks, tables, out_series, mean_acc


def _binary_accuracy(net: StackedMLP, x: Array, y: Array) -> Array:
    out = net.forward(x.T)[0]
    acc: Array = np.mean((out > 0) == (y.T > 0.5), axis=(1, 2))
    return acc


# Digits bands (seed sweep 0–29 at the defaults, 4 nets per init): zeros's hidden layer never moves (no gradient
# reaches it: exactly 0) and only its output bias learns the class prior, so its held-out loss stays within 0.01 of
# ln 10 = 2.303 (the classes are balanced: prior entropy 2.302). Xavier and He held-out accuracy, mean of 4 nets,
# measured 0.944–0.958: band ≥ 0.90; held-out loss 0.17–0.22: band ≤ 0.35 (zeros: 2.30).
DIGITS_ACC = 0.90
DIGITS_LOSS = 0.35
LN10 = math.log(10.0)


def _digits(
    p: SymmetryParams, children: Sequence[np.random.Generator]
) -> tuple[list[Check], list[Table], list[Series], str]:
    d = digits_split()
    widths = [d.x_train.shape[0], p.digits_hidden, d.y_train.shape[0]]

    def xavier(r: np.random.Generator, shape: tuple[int, int]) -> Array:
        return init.xavier_normal(shape, rng=r)

    def he(r: np.random.Generator, shape: tuple[int, int]) -> Array:
        return init.kaiming_normal(shape, nonlinearity="relu", rng=r)

    names = ["zeros"] + ["Xavier"] * p.seeds + ["He"] * p.seeds
    fns: list[ShapeInit] = [lambda s: init.zeros(s)]
    fns += [partial(xavier, r) for r in children[: p.seeds]] + [partial(he, r) for r in children[p.seeds :]]
    net = stacked_mlp(widths, nets.RELU, fns, dtype=np.float32)
    first_layer = net.weights[0].copy()
    every = max(1, p.digits_steps // 5)  # the held-out loss 5 times in training (and at the start)
    held_steps = [0]
    held_curve = [stacked_softmax_ce(net.forward(d.x_held)[0], d.y_held)[0]]

    def watch(step: int, n: StackedMLP) -> None:
        if (step + 1) % every == 0 or step + 1 == p.digits_steps:
            held_steps.append(step + 1)
            held_curve.append(stacked_softmax_ce(n.forward(d.x_held)[0], d.y_held)[0])

    lr = lr_array(p.digits_lr, net.nets, np.float32)
    curves = train_stacked(
        net, d.x_train, d.y_train, steps=p.digits_steps, lr=lr, loss=stacked_softmax_ce, callback=watch
    )
    train_curve = np.vstack([curves, stacked_softmax_ce(net.forward(d.x_train)[0], d.y_train)[0]])
    held_loss = np.array(held_curve, dtype=np.float64)  # (evaluations, K)
    out = net.forward(d.x_held)[0]
    acc = np.mean(out.argmax(axis=1) == d.labels_held, axis=1)
    moved = np.linalg.norm((net.weights[0] - first_layer).astype(np.float64), axis=(1, 2))
    kinds = list(dict.fromkeys(names))
    sel = {kind: np.array([n == kind for n in names]) for kind in kinds}

    def mean(values: Array, kind: str) -> float:
        return float(values[..., sel[kind]].mean())

    checks = [
        check("digits, zeros: hidden weights moved", moved[0], 0, 0),
        check("digits, zeros: final held-out loss (ln 10 = 2.303)", held_loss[-1, 0], LN10 - 0.01, LN10 + 0.01),
        check(f"digits, Xavier: held-out accuracy, mean of {p.seeds}", mean(acc, "Xavier"), DIGITS_ACC, 1),
        check(f"digits, He: held-out accuracy, mean of {p.seeds}", mean(acc, "He"), DIGITS_ACC, 1),
        check(f"digits, Xavier: final held-out loss, mean of {p.seeds}", mean(held_loss[-1], "Xavier"), 0, DIGITS_LOSS),
        check(f"digits, He: final held-out loss, mean of {p.seeds}", mean(held_loss[-1], "He"), 0, DIGITS_LOSS),
    ]
    n_train, n_held = d.x_train.shape[1], d.x_held.shape[1]
    rows = []
    for kind in kinds:
        m = sel[kind]
        final = held_loss[-1, m]
        rows.append(
            [
                kind,
                int(m.sum()),
                float(moved[m].mean()),
                float(held_loss[0, m].mean()),
                float(train_curve[-1, m].mean()),
                float(final.mean()),
                float(final.std()),
                float(acc[m].mean()),
                float(acc[m].min()),
                float(acc[m].max()),
            ]
        )
    tables = [
        table(
            f"Handwritten digits (UCI, {n_train} train / {n_held} held out), 64 → {p.digits_hidden} → 10 ReLU MLP, "
            f"{counted(p.digits_steps, 'full-batch steps')} at lr {p.digits_lr:g}",
            [
                "init",
                "nets",
                "hidden weights moved (‖ΔW‖)",
                "initial held-out loss",
                "final train loss",
                "final held-out loss",
                "± std",
                "held-out accuracy",
                "lowest",
                "highest",
            ],
            rows,
        ),
        table(
            f"Digits: held-out loss during training (mean ± std over {counted(p.seeds, 'seeds')})",
            ["step", "zeros", "Xavier", "± std", "He", "± std"],
            [
                [
                    step,
                    float(held_loss[i, 0]),
                    float(held_loss[i, sel["Xavier"]].mean()),
                    float(held_loss[i, sel["Xavier"]].std()),
                    float(held_loss[i, sel["He"]].mean()),
                    float(held_loss[i, sel["He"]].std()),
                ]
                for i, step in enumerate(held_steps)
            ],
        ),
    ]
    xs_train = list(range(p.digits_steps + 1))
    chart = f"Digits: loss per init (mean over {counted(p.seeds, 'seeds')})"
    ylab = "cross-entropy"
    curves_shown = [("zeros, held out", held_loss[:, 0], held_steps)]
    curves_shown += [
        (f"{kind}, held out", held_loss[:, sel[kind]].mean(axis=1), held_steps) for kind in ("Xavier", "He")
    ]
    curves_shown += [(f"{kind}, train", train_curve[:, sel[kind]].mean(axis=1), xs_train) for kind in ("Xavier", "He")]
    out_series = [
        series(name, values, x=xs, x_label="step", y_label=ylab, chart=chart) for name, values, xs in curves_shown
    ]
    spread_chart = f"Digits: held-out loss, lowest and highest of {counted(p.seeds, 'seeds')}"
    for kind in ("Xavier", "He"):
        for label, fn in (("lowest", np.min), ("highest", np.max)):
            out_series.append(
                series(
                    f"{kind} {label}",
                    fn(held_loss[:, sel[kind]], axis=1),
                    x=held_steps,
                    x_label="step",
                    y_label=ylab,
                    chart=spread_chart,
                )
            )
    text = (
        f"Digits, {counted(p.digits_steps, 'steps')}: held-out accuracy zeros {acc[0]:.0%}, Xavier "
        f"{mean(acc, 'Xavier'):.1%}, "
        f"He {mean(acc, 'He'):.1%}; held-out loss {held_loss[-1, 0]:.3f} (zeros; ln 10 = {LN10:.3f}) vs "
        f"{mean(held_loss[-1], 'Xavier'):.3f} ± {float(held_loss[-1, sel['Xavier']].std()):.3f} (Xavier) and "
        f"{mean(held_loss[-1], 'He'):.3f} ± {float(held_loss[-1, sel['He']].std()):.3f} (He)."
    )
    return checks, tables, out_series, text
