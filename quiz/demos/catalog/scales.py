"""Scale of the weights: too small or too large, LeCun's constant, and activation gains (cards 6, 7 and 12)."""

from __future__ import annotations

import math

import numpy as np
from pydantic import Field

from quiz.demos import initializers as init
from quiz.demos.base import DemoParams, Outcome, check, demo
from quiz.demos.catalog._common import series, table
from quiz.demos.nets import (
    LECUN_TANH,
    RELU,
    SELU,
    TANH,
    Activation,
    Array,
    forward_variances,
    leaky_relu,
    per_layer_ratio,
)

# ---------------------------------------------------------------------------------------------------------------
# Card 6: scale sweep

MULTIPLIERS = (0.01, 0.1, 0.5, 1.0, 2.0, 10.0, 100.0)
VANISHED, EXPLODED = 1e-2, 1e2  # final std relative to the input's: below → vanished, above → exploded
SATURATED = 0.9  # |tanh| above this: derivative below 0.19


class ScaleSweepParams(DemoParams):
    depth: int = Field(10, ge=2, le=30, description="number of layers")
    width: int = Field(64, ge=8, le=128, description="units per layer")
    batch: int = Field(128, ge=8, le=128, description="input samples, drawn from N(0, 1)")


def _sweep(
    x: Array, weights: list[Array], mults: Array, act: Activation, backward: bool
) -> tuple[list[Array], Array, Array]:
    """All multipliers at once (``a`` is ``(multipliers, batch, width)``). Returns each layer's activation std per
    multiplier, the last layer's outputs, and (if ``backward``) the std of the gradient reaching the input when
    every output receives gradient 1."""
    m = mults[:, None, None]
    a = np.broadcast_to(x, (mults.size, *x.shape))
    stds, zs = [], []
    for w in weights:
        z = m * (a @ w.T)
        a = act.f(z)
        zs.append(z)
        stds.append(a.std(axis=(1, 2)))
    grad_std = np.full(mults.size, np.nan)
    if backward:
        g = np.ones_like(a)
        for layer in range(len(weights) - 1, -1, -1):
            g = m * ((g * act.df(zs[layer])) @ weights[layer])
        grad_std = g.std(axis=(1, 2))
    return stds, a, grad_std


@demo(
    id="scale-sweep",
    card=6,
    title="Too small or too large: a sweep of the init scale",
    claim="Scaling a variance-preserving init down or up makes the final-layer activations vanish or explode "
    "geometrically with depth, and a large scale saturates tanh units.",
    params=ScaleSweepParams,
)
def scale_sweep(p: ScaleSweepParams) -> Outcome:
    rng = np.random.default_rng(p.seed)
    x = rng.standard_normal((p.batch, p.width))
    mults = np.array(MULTIPLIERS)
    shape = (p.width, p.width)
    he = [init.kaiming_normal(shape, nonlinearity="relu", rng=rng) for _ in range(p.depth)]
    xav = [init.xavier_normal(shape, rng=rng) for _ in range(p.depth)]
    relu_stds, _, _ = _sweep(x, he, mults, RELU, backward=False)
    tanh_stds, tanh_last, tanh_grad = _sweep(x, xav, mults, TANH, backward=True)
    relu_final = relu_stds[-1] / x.std()
    tanh_final = tanh_stds[-1] / x.std()
    saturated = np.mean(np.abs(tanh_last) > SATURATED, axis=(1, 2))
    one = MULTIPLIERS.index(1.0)
    checks = [
        check(
            "ReLU final std, smallest rise between multipliers",
            float(np.min(relu_final[1:] / relu_final[:-1])),
            1 + 1e-9,
        ),
        check(f"ReLU final std at ×{MULTIPLIERS[0]:g}", float(relu_final[0]), None, VANISHED),
        check(f"ReLU final std at ×{MULTIPLIERS[-1]:g}", float(relu_final[-1]), EXPLODED),
        check("ReLU final std at ×1", float(relu_final[one]), 1 / 10, 10),
        check(f"tanh saturated share at ×{MULTIPLIERS[-1]:g}", float(saturated[-1]), 0.5),
        check("tanh saturated share at ×1", float(saturated[one]), 0, 0.1),
    ]
    summary = (
        f"ReLU net, {p.depth} layers: final std {relu_final[0]:.2g} at ×{MULTIPLIERS[0]:g} of He's std, "
        f"{relu_final[one]:.3g} at ×1, {relu_final[-1]:.2g} at ×{MULTIPLIERS[-1]:g} (≈ multiplier^depth). "
        f"tanh net: {saturated[one]:.0%} of last-layer units saturated at ×1 (Xavier), {saturated[-1]:.0%} at "
        f"×{MULTIPLIERS[-1]:g}."
    )
    rows = [
        [m, m * math.sqrt(2 / p.width), relu_final[i], tanh_final[i], saturated[i], tanh_grad[i]]
        for i, m in enumerate(MULTIPLIERS)
    ]
    tables = [
        table(
            f"Final layer after {p.depth} layers (input std 1)",
            [
                "std multiplier",
                "ReLU weight std",
                "ReLU final std",
                "tanh final std",
                f"tanh saturated (|a| > {SATURATED})",
                "tanh input-gradient std",
            ],
            rows,
        )
    ]
    log_m = [math.log10(m) for m in MULTIPLIERS]
    per_layer = "ReLU activation std per layer"
    out_series = [
        series(f"×{m:g}", [float(s[i]) for s in relu_stds], y_label="activation std", chart=per_layer, log_y=True)
        for i, m in enumerate(MULTIPLIERS)
    ]
    out_series += [
        series(
            "ReLU final std",
            relu_final,
            x=log_m,
            x_label="log10(std multiplier)",
            y_label="final activation std",
            chart="Final activation std vs init scale",
            log_y=True,
        ),
        series(
            "tanh saturated fraction",
            saturated,
            x=log_m,
            x_label="log10(std multiplier)",
            y_label="fraction saturated",
            chart="tanh saturation vs init scale",
        ),
    ]
    return Outcome(checks=checks, summary=summary, tables=tables, series=out_series)


# ---------------------------------------------------------------------------------------------------------------
# Card 7: LeCun


class LecunParams(DemoParams):
    fan_in: int = Field(256, ge=1, le=1024, description="fan_in for the constants table")
    fan_out: int = Field(128, ge=1, le=1024, description="fan_out for the constants table")
    depth: int = Field(20, ge=4, le=50, description="number of layers in the deep net")
    width: int = Field(128, ge=16, le=256, description="units per layer in the deep net")
    batch: int = Field(128, ge=16, le=256, description="input samples, drawn from N(0, 1)")


STEADY_LOW, STEADY_HIGH = 0.9, 1 / 0.9  # "keeps variance": each later layer keeps it within ±10 %


@demo(
    id="lecun",
    card=7,
    title="LeCun normal: std = 1/√fan_in",
    claim="LeCun normal init (Var = 1/fan_in) keeps the activation variance steady through depth with SELU and "
    "LeCun's scaled tanh, while the same init halves it every layer in a ReLU net (He doubles it to compensate).",
    params=LecunParams,
)
def lecun(p: LecunParams) -> Outcome:
    rng = np.random.default_rng(p.seed)
    fi, fo = p.fan_in, p.fan_out
    shape = (fo, fi)
    formulas: list[tuple[str, str, str, float, Array]] = [
        ("LeCun", "normal", "std = 1/√fan_in", 1 / math.sqrt(fi), init.lecun_normal(shape, rng=rng)),
        ("LeCun", "uniform", "bound = √(3/fan_in)", math.sqrt(3 / fi), init.lecun_uniform(shape, rng=rng)),
        (
            "Xavier",
            "normal",
            "std = √(2/(fan_in+fan_out))",
            math.sqrt(2 / (fi + fo)),
            init.xavier_normal(shape, rng=rng),
        ),
        (
            "Xavier",
            "uniform",
            "bound = √(6/(fan_in+fan_out))",
            math.sqrt(6 / (fi + fo)),
            init.xavier_uniform(shape, rng=rng),
        ),
        (
            "He",
            "normal",
            "std = √(2/fan_in)",
            math.sqrt(2 / fi),
            init.kaiming_normal(shape, nonlinearity="relu", rng=rng),
        ),
        (
            "He",
            "uniform",
            "bound = √(6/fan_in)",
            math.sqrt(6 / fi),
            init.kaiming_uniform(shape, nonlinearity="relu", rng=rng),
        ),
    ]
    const_rows = []
    for scheme, dist, formula, value, sample in formulas:
        var = value**2 if dist == "normal" else value**2 / 3
        const_rows.append([scheme, dist, formula, value, var, fi * var, float(sample.std())])

    x = rng.standard_normal((p.batch, p.width))
    weights = [init.lecun_normal((p.width, p.width), rng=rng) for _ in range(p.depth)]  # same weights for all four
    half = p.depth // 2
    variances: dict[str, list[float]] = {}
    steady: dict[str, float] = {}
    for act in (SELU, LECUN_TANH, TANH, RELU):
        variances[act.name] = forward_variances(x, weights, act)
        steady[act.name] = per_layer_ratio(variances[act.name], start=half - 1)
    relu_ratio = per_layer_ratio(variances[RELU.name])
    checks = [
        check("SELU variance ×/layer (2nd half)", steady[SELU.name], STEADY_LOW, STEADY_HIGH),
        check("scaled tanh variance ×/layer (2nd half)", steady[LECUN_TANH.name], STEADY_LOW, STEADY_HIGH),
        check("ReLU variance ×/layer", relu_ratio, 0.4, 0.6),
    ]
    selu_last = variances[SELU.name][-1]
    summary = (
        f"LeCun normal, {p.depth} layers: SELU variance {selu_last:.3f} at the last layer (per-layer ×"
        f"{steady[SELU.name]:.3f} over the second half), scaled tanh ×{steady[LECUN_TANH.name]:.3f}; ReLU ×"
        f"{relu_ratio:.3f} per layer. fan_in·Var(W): LeCun 1, He 2, Xavier {2 * fi / (fi + fo):.3g}."
    )
    deep_rows = [[name, v[0], v[-1], steady[name], per_layer_ratio(v)] for name, v in variances.items()]
    tables = [
        table(
            f"Constants for fan_in = {fi}, fan_out = {fo}",
            ["scheme", "distribution", "formula", "value", "Var(W)", "fan_in·Var(W)", "measured std"],
            const_rows,
        ),
        table(
            f"LeCun normal, {p.depth} layers of {p.width}",
            ["activation", "layer-1 variance", "last-layer variance", "factor/layer (2nd half)", "factor/layer (all)"],
            deep_rows,
        ),
    ]
    chart = "Activation variance per layer, LeCun normal"
    out_series = [
        series(name, v, y_label="activation variance", chart=chart, log_y=True) for name, v in variances.items()
    ]
    return Outcome(checks=checks, summary=summary, tables=tables, series=out_series)


# ---------------------------------------------------------------------------------------------------------------
# Card 12: gain


class GainParams(DemoParams):
    slope: float = Field(0.2, ge=0.0, le=0.5, description="leaky-ReLU negative slope")
    depth: int = Field(20, ge=4, le=50, description="number of leaky-ReLU layers")
    width: int = Field(128, ge=16, le=256, description="units per layer")
    batch: int = Field(128, ge=16, le=256, description="input samples, drawn from N(0, 1)")


GAIN_NAMES: list[tuple[str, float | None, str, float]] = [
    ("linear", None, "1", 1.0),
    ("conv2d", None, "1", 1.0),
    ("sigmoid", None, "1", 1.0),
    ("tanh", None, "5/3", 5 / 3),
    ("relu", None, "√2", math.sqrt(2)),
    ("leaky_relu", None, "√(2/(1+0.01²))", math.sqrt(2 / (1 + 0.01**2))),
    ("selu", None, "3/4", 0.75),
]


@demo(
    id="gain",
    card=12,
    title="Gains: calculate_gain and leaky-ReLU nets",
    claim="With the matching gain √(2/(1+s²)) a deep leaky-ReLU net keeps its activation variance; with gain 1 it "
    "shrinks by (1+s²)/2 per layer.",
    params=GainParams,
)
def gain(p: GainParams) -> Outcome:
    rng = np.random.default_rng(p.seed)
    s = p.slope
    names = [*GAIN_NAMES, ("leaky_relu", s, f"√(2/(1+{s:g}²))", math.sqrt(2 / (1 + s * s)))]
    gain_rows = [
        [name, "" if param is None else param, formula, init.calculate_gain(name, param), value]
        for name, param, formula, value in names
    ]
    x = rng.standard_normal((p.batch, p.width))
    base = [rng.standard_normal((p.width, p.width)) / math.sqrt(p.width) for _ in range(p.depth)]
    act = leaky_relu(s)
    gains = {
        "matching gain": init.calculate_gain("leaky_relu", s),
        "ReLU gain √2": init.calculate_gain("relu"),
        "gain 1": init.calculate_gain("linear"),
    }
    variances: dict[str, list[float]] = {}
    factors: dict[str, float] = {}
    for label, g in gains.items():
        # kaiming_normal(a=s) draws N(0, (g/√fan_in)²): here one shared draw, scaled by each gain.
        variances[label] = forward_variances(x, (g * w for w in base), act)
        factors[label] = per_layer_ratio(variances[label])
    theory = {label: 0.5 * (1 + s * s) * g * g for label, g in gains.items()}
    # Kept: each layer keeps the variance within ±20 % (as for He in a ReLU net); with gain 1 it falls out of that band.
    checks = [
        check("matching gain: variance ×/layer", factors["matching gain"], 0.8, 1.25),
        check("gain 1: variance ×/layer", factors["gain 1"], None, 0.8),
    ]
    summary = (
        f"Leaky ReLU (s = {s:g}), {p.depth} layers: per-layer variance ×{factors['matching gain']:.3f} with gain "
        f"{gains['matching gain']:.4f}, ×{factors['gain 1']:.3f} with gain 1 (theory {theory['gain 1']:.3f}), "
        f"×{factors['ReLU gain √2']:.3f} with ReLU's √2 (theory {theory['ReLU gain √2']:.3f})."
    )
    tables = [
        table("calculate_gain", ["nonlinearity", "param", "formula", "calculate_gain", "formula value"], gain_rows),
        table(
            f"Leaky-ReLU net, s = {s:g}, {p.depth} layers",
            ["gain", "value", "½(1+s²)·gain² (theory)", "measured factor/layer", "last / first variance"],
            [[lb, gains[lb], theory[lb], factors[lb], variances[lb][-1] / variances[lb][0]] for lb in gains],
        ),
    ]
    chart = "Activation variance per layer (leaky ReLU)"
    out_series = [
        series(lb.capitalize(), v, y_label="activation variance", chart=chart, log_y=True)
        for lb, v in variances.items()
    ]
    return Outcome(checks=checks, summary=summary, tables=tables, series=out_series)
