"""Breaking symmetry: zero and constant weights vs random ones, and what biases do (cards 1 and 2)."""

from __future__ import annotations

import numpy as np
from pydantic import Field

from quiz.demos import initializers as init
from quiz.demos.base import DemoParams, Outcome, check, demo
from quiz.demos.catalog._common import he_normal, series, table
from quiz.demos.nets import MLP, RELU, Array, accuracy, bce_logits, circles, mlp, train

IDENTICAL = 1e-12  # units whose weights differ by less than this (relative) are identical to machine precision


def unit_spread(w: Array) -> float:
    """Largest difference between hidden units' incoming weights (per input, max − min over units), relative to
    the weights' size; 0 when every unit has the same weights."""
    scale = float(np.abs(w).max())
    return float(np.ptp(w, axis=0).max()) / scale if scale > 0 else 0.0


def distinct_units(w: Array, b: Array) -> int:
    """Number of different rows of ``[W | b]`` (incoming weights and bias of each unit)."""
    return int(np.unique(np.concatenate([w, b[:, None]], axis=1), axis=0).shape[0])


def distinct_hidden_units(net: MLP) -> int:
    """The fewest :func:`distinct_units` in any hidden layer of ``net``."""
    return min(distinct_units(w, b) for w, b in zip(net.weights[:-1], net.biases[:-1], strict=True))


class SymmetryParams(DemoParams):
    width: int = Field(8, ge=2, le=32, description="units in each of the two hidden layers")
    steps: int = Field(200, ge=1, le=500, description="full-batch gradient-descent steps")
    lr: float = Field(0.5, gt=0.0, le=2.0, description="learning rate")
    samples: int = Field(200, ge=16, le=400, description="training points (two noisy circles)")


@demo(
    id="symmetry",
    card=1,
    title="Zero or constant weights never break symmetry",
    claim="Trained from all-zero or constant weights, the hidden units of an MLP stay exactly identical (same "
    "outputs, same gradients, same updates); from random weights they diverge and the net can learn.",
    params=SymmetryParams,
)
def symmetry(p: SymmetryParams) -> Outcome:
    rng = np.random.default_rng(p.seed)
    x, y = circles(p.samples, rng)
    widths = [2, p.width, p.width, 1]

    def zeros(shape: tuple[int, ...], _: np.random.Generator) -> Array:
        return init.zeros(shape)

    def const(shape: tuple[int, ...], _: np.random.Generator) -> Array:
        return init.constant(shape, 0.5)

    inits = {"zeros": zeros, "constant 0.5": const, "He (random)": he_normal}
    rows = []
    spread_series = []
    worst: dict[str, float] = {}
    final_distinct: dict[str, int] = {}
    for name, fn in inits.items():
        net: MLP = mlp(widths, RELU, rng, fn)
        start = net.copy()
        spreads = np.empty(p.steps)

        def record(step: int, n: MLP, spreads: Array = spreads) -> None:
            spreads[step] = max(unit_spread(n.weights[0]), unit_spread(n.weights[1]))

        losses = train(net, x, y, steps=p.steps, lr=p.lr, loss=bce_logits, callback=record)
        worst[name] = float(spreads.max())
        final_distinct[name] = distinct_hidden_units(net)
        moved = float(sum(np.linalg.norm(a - b) for a, b in zip(net.weights, start.weights, strict=True)))
        rows.append([name, final_distinct[name], worst[name], moved, losses[-1], accuracy(net, x, y)])
        spread_series.append(
            series(
                name,
                spreads,
                x_label="step",
                y_label="max relative difference between units",
                chart="Spread between hidden units during training",
            )
        )
    checks = [
        check("zeros: max spread between units", worst["zeros"], 0, IDENTICAL),
        check("constant: max spread between units", worst["constant 0.5"], 0, IDENTICAL),
        check("He: distinct hidden units", final_distinct["He (random)"], p.width, p.width),
        check("He: max spread between units", worst["He (random)"], IDENTICAL * (1 + 1e-9)),
    ]
    acc = {r[0]: r[-1] for r in rows}
    summary = (
        f"After {p.steps} steps: distinct hidden units {final_distinct['zeros']} (zeros), "
        f"{final_distinct['constant 0.5']} (constant), {final_distinct['He (random)']} of {p.width} (He). "
        f"Train accuracy {acc['zeros']:.0%} / {acc['constant 0.5']:.0%} / {acc['He (random)']:.0%}."
    )
    tables = [
        table(
            f"Two-circles task, 2 → {p.width} → {p.width} → 1 ReLU MLP, {p.steps} steps",
            [
                "init",
                "distinct hidden units (min of 2 layers)",
                "max unit spread",
                "weights moved (‖ΔW‖)",
                "final loss",
                "train accuracy",
            ],
            rows,
        )
    ]
    return Outcome(checks=checks, summary=summary, tables=tables, series=spread_series)


# ---------------------------------------------------------------------------------------------------------------


class BiasInitParams(DemoParams):
    bias: float = Field(0.1, gt=0.0, le=1.0, description="the small positive bias to compare with zero")
    depth: int = Field(4, ge=1, le=20, description="ReLU layers for the dead-unit count")
    width: int = Field(128, ge=8, le=256, description="units per layer")
    batch: int = Field(256, ge=16, le=512, description="input samples, drawn from N(0, 1)")
    steps: int = Field(20, ge=1, le=500, description="training steps for the symmetry check (zero biases)")


@demo(
    id="bias-init",
    card=2,
    title="Bias init: zeros are fine, a small positive bias wakes ReLUs",
    claim="With He weights, a small positive bias lowers the fraction of ReLU outputs that are zero (dead, passing "
    "no gradient) at init from about half, and zero biases do not stop random weights from breaking symmetry.",
    params=BiasInitParams,
)
def bias_init(p: BiasInitParams) -> Outcome:
    rng = np.random.default_rng(p.seed)
    x = rng.standard_normal((p.batch, p.width))
    weights = [init.kaiming_normal((p.width, p.width), nonlinearity="relu", rng=rng) for _ in range(p.depth)]
    dead: dict[float, list[float]] = {}
    for b in (0.0, p.bias):
        a, fractions = x, []
        for w in weights:
            z = a @ w.T + b
            fractions.append(float(np.mean(z <= 0)))
            a = np.maximum(z, 0.0)
        dead[b] = fractions
    zero_mean, pos_mean = float(np.mean(dead[0.0])), float(np.mean(dead[p.bias]))

    # Zero biases, random weights: train the two-circles MLP and count distinct hidden units and biases.
    cx, cy = circles(200, rng)
    net = mlp([2, 8, 8, 1], RELU, rng, he_normal, bias=0.0)
    train(net, cx, cy, steps=p.steps, lr=0.5, loss=bce_logits)
    units = distinct_hidden_units(net)
    biases = min(int(np.unique(b).size) for b in net.biases[:-1])

    # Symmetry is broken when no two hidden units share weights and bias. (A unit dead on every input keeps its zero
    # bias, so two dead units can share a bias; their weights still differ.)
    checks = [
        check("zero-output share, bias 0 minus positive bias", zero_mean - pos_mean, 1e-12),
        check("zero-output share with bias 0", zero_mean, 0.4, 0.6),
        check("zero-bias net: distinct hidden units", units, 8, 8),
    ]
    summary = (
        f"Zero outputs at init, mean over {p.depth} layers: {zero_mean:.1%} with bias 0, {pos_mean:.1%} with bias "
        f"{p.bias:g}. Zero-bias net after {p.steps} steps: {units} of 8 distinct hidden units, {biases} of 8 distinct "
        "biases."
    )
    tables = [
        table(
            "Fraction of ReLU outputs that are zero at init (He weights)",
            ["layer", "bias 0", f"bias {p.bias:g}"],
            [[i + 1, dead[0.0][i], dead[p.bias][i]] for i in range(p.depth)],
        ),
        table(
            f"Zero biases, He weights, after {p.steps} steps (2 → 8 → 8 → 1 MLP)",
            ["distinct hidden units (of 8)", "distinct biases (of 8)"],
            [[units, biases]],
        ),
    ]
    chart = "Zero ReLU outputs at init per layer"
    out_series = [
        series("Bias 0", dead[0.0], y_label="fraction of outputs = 0", chart=chart),
        series(f"Bias {p.bias:g}", dead[p.bias], y_label="fraction of outputs = 0", chart=chart),
    ]
    return Outcome(checks=checks, summary=summary, tables=tables, series=out_series)
