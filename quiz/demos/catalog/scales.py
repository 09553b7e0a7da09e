"""Scale of the weights: too small or too large, LeCun's constant, and activation gains (cards 6, 7 and 12).

Every band is a theory value ± K seed-to-seed standard deviations (see ``_stats``); the sds quoted below were
measured over seeds 0–29 at each demo's defaults. Weights are drawn through ``quiz.demos.initializers`` and
activations taken from ``quiz.demos.nets`` when the demo runs, so swapping either for a wrong one changes the verdict;
the theory (mean-field) uses the true activations, bound when this module loads.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from pydantic import Field

from quiz.demos import initializers as init
from quiz.demos import meanfield, nets
from quiz.demos.base import Check, Outcome, check, demo
from quiz.demos.catalog._common import counted, series, table
from quiz.demos.catalog._stack import Draw, StackParams, StackTrace, run_stack, stacked, stacked_by_rows
from quiz.demos.catalog._stats import (
    band,
    edge_of_chaos_drift,
    fixed_point_drift,
    log_band,
    mean_field_band,
    pooled_draws,
    positive_band,
    separation,
    share_band,
    spread,
    std_band,
    weight_check,
)
from quiz.demos.catalog.variance import HE_WIDE, XAVIER_NARROW, relu_factor_sd, zeros_check
from quiz.demos.nets import Activation, Array

TANH_THEORY, RELU_THEORY, SELU_THEORY, LECUN_TANH_THEORY = nets.TANH, nets.RELU, nets.SELU, nets.LECUN_TANH
LINEAR = Activation("linear", lambda z: z, np.ones_like)


def _sigmoid(z: Array) -> Array:
    out: Array = 0.5 * (1.0 + np.tanh(0.5 * z))  # = 1/(1 + e^−z), without overflow
    return out


def _sigmoid_d(z: Array) -> Array:
    s = _sigmoid(z)
    out: Array = s * (1.0 - s)
    return out


SIGMOID = Activation("sigmoid", _sigmoid, _sigmoid_d)


def _square_layers(draw: Draw, nets_n: int, width: int, depth: int, rng: np.random.Generator) -> list[Array]:
    return [stacked(draw, (width, width), nets_n, rng) for _ in range(depth)]


def _he(shape: tuple[int, ...], rng: np.random.Generator) -> Array:
    return init.kaiming_normal(shape, nonlinearity="relu", rng=rng)


def _xavier(shape: tuple[int, ...], rng: np.random.Generator) -> Array:
    return init.xavier_normal(shape, rng=rng)


def _lecun(shape: tuple[int, ...], rng: np.random.Generator) -> Array:
    return init.lecun_normal(shape, rng=rng)


def _mf_factor(mf: meanfield.MeanField, start: int) -> float:
    """Mean-field per-layer factor of the output variance from layer ``start`` (1-based) to the last."""
    return nets.per_layer_ratio(mf.var, start=max(start - 1, 0))


# ---------------------------------------------------------------------------------------------------------------
# Card 6: scale sweep

MULTIPLIERS = (0.01, 0.1, 0.5, 1.0, 2.0, 10.0, 100.0)
SATURATED = 0.9  # |tanh| above this: derivative below 0.19


class ScaleSweepParams(StackParams):
    MAX_WORK = 2_500_000

    depth: int = Field(10, ge=4, le=30, description="number of layers")
    width: int = Field(64, ge=16, le=128, description="units per layer")
    batch: int = Field(32, ge=8, le=128, description="input samples per net, drawn from N(0, 1)")
    nets: int = Field(4, ge=1, le=8, description="independent random nets; statistics pool them")


# Seed-to-seed sds at the defaults (depth 10, width 64, batch 32, 4 nets), measured over seeds 0–29: relative for
# factors and variances, absolute for saturated shares. The ReLU factor follows the He-vs-Xavier law, ∝
# 1/√(width·nets·(depth − 1)); the tanh values ∝ 1/√(width·nets), per-layer factors also ∝ 1/√(layers averaged).
# Xavier 20 % too narrow moves the ×1 gradient factor from 0.77 to 0.58 and ×0.5's from 0.24 to 0.15; He 10 % too
# wide gives ×1.21 a layer in the ReLU net; another activation in place of tanh moves every tanh value.
SD_RELU = 0.033
SD_SWEEP = {
    "act ×0.5": 0.017,
    "grad ×0.5": 0.010,
    "last ×1": 0.054,
    "grad ×1": 0.007,
    "sat ×1": 0.006,
    "sat ×2": 0.0096,
    "grad ×2": 0.012,
    "sat ×10": 0.004,
    "grad ×10": 0.038,
}
SWEEP_SAMPLES = 64 * 4


def _tanh_sweep(
    x: Array, base: list[Array], mults: tuple[float, ...], act: Activation, g_top: Array
) -> list[StackTrace]:
    """The tanh stack at every multiplier of the same Xavier draw ``base`` (the weights ``m · W``)."""
    return [
        run_stack(x, [m * w for w in base], act, g_out=g_top, saturation=SATURATED)
        for m in mults  # a fresh list per multiplier: the backward pass needs every layer
    ]


@demo(
    id="scale-sweep",
    card=6,
    title="Too small or too large: a sweep of the init scale",
    claim="Scale a variance-preserving init by m. In a deep tanh net (Xavier × m) small m makes activations and "
    "gradients vanish geometrically (×≈m² a layer), and large m saturates the units and makes back-propagated "
    "gradients explode (×≈1.3 a layer at m = 2, ×≈5.5 at m = 10), each as mean-field theory predicts; at m = 1, "
    "the edge of chaos, no unit saturates and activations and gradients shrink only slowly. In a ReLU net He × 1 "
    "keeps the variance (×1 a layer); since ReLU is positively homogeneous, × m multiplies the output by exactly "
    "m^depth.",
    params=ScaleSweepParams,
)
def scale_sweep(p: ScaleSweepParams) -> Outcome:
    rng = np.random.default_rng(p.seed)
    shape = (p.width, p.width)
    scale = math.sqrt(SWEEP_SAMPLES / (p.width * p.nets))
    x = rng.standard_normal((p.nets, p.batch, p.width))
    g_top = rng.standard_normal((p.nets, p.batch, p.width))
    half = p.depth // 2
    drawn = p.depth * p.nets * p.width * p.width

    # ReLU, He × 1: the per-layer factor of the pre-activation variance (exactly 1 in expectation).
    relu = run_stack(x, (stacked(_he, shape, p.nets, rng) for _ in range(p.depth)), nets.RELU, zeros=True)
    relu_factor = relu.layer_factor()
    relu_final = float(relu.out_ms[-1] / np.mean(x * x))
    sd_relu = spread(SD_RELU, SWEEP_SAMPLES * 9, p.width * p.nets * (p.depth - 1))

    # tanh, Xavier × m, against mean-field theory with σ_w² = m².
    base = _square_layers(_xavier, p.nets, p.width, p.depth, rng)
    traces = _tanh_sweep(x, base, MULTIPLIERS, nets.TANH, g_top)
    moment = float(np.mean(x * x))
    theory = [meanfield.propagate(TANH_THEORY, m * m, moment, p.depth, saturation=SATURATED) for m in MULTIPLIERS]
    act_f = [nets.per_layer_ratio(list(t.out_var), start=half - 1) for t in traces]
    act_mf = [_mf_factor(mf, half) for mf in theory]
    grad_f = [float((t.grad_ms[0] / t.grad_ms[-1]) ** (1 / p.depth)) for t in traces]
    grad_mf = [mf.gradient_gain() ** (1 / p.depth) for mf in theory]
    at = {m: i for i, m in enumerate(MULTIPLIERS)}
    small, one, big, huge = at[0.5], at[1.0], at[2.0], at[10.0]
    sd_act = scale * math.sqrt(5 / max(p.depth - half, 1))  # per-layer factors over the second half
    sd_grad = scale * math.sqrt(10 / p.depth)  # per-layer factors over the whole depth

    def factor_check(name: str, value: float, expected: float, sd: float) -> Check:
        return check(name, value, *positive_band(expected, expected * sd))

    def sat_check(i: int, key: str) -> Check:
        expected = theory[i].saturated[-1]
        return check(
            f"tanh ×{MULTIPLIERS[i]:g}: saturated share",
            float(traces[i].saturated[-1]),
            *share_band(expected, SD_SWEEP[key] * scale),
        )

    relu_check = check("ReLU, He ×1: variance ×/layer", relu_factor, *positive_band(1.0, sd_relu))
    relu_zeros = zeros_check("ReLU: share of outputs that are 0", relu, p.width, p.nets, p.depth)
    he_w = weight_check("He: fan_in·Var(W)", float(np.mean(relu.weight_ms)), p.width, 2.0, drawn)
    xav_w = weight_check(
        "Xavier: ½(fan_in + fan_out)·Var(W)", float(np.mean([np.mean(w * w) for w in base])), p.width, 1.0, drawn
    )
    one_last = check(
        f"tanh ×1: activation variance at layer {p.depth}",
        float(traces[one].out_var[-1]),
        *mean_field_band(theory[one].var[-1], SD_SWEEP["last ×1"] * scale, edge_of_chaos_drift(p.depth, p.width)),
    )
    narrow = meanfield.propagate(TANH_THEORY, XAVIER_NARROW, moment, p.depth).var[-1]
    checks = [
        relu_check,
        relu_zeros,
        he_w,
        xav_w,
        factor_check(
            "tanh ×0.5: activation variance ×/layer", act_f[small], act_mf[small], SD_SWEEP["act ×0.5"] * sd_act
        ),
        factor_check(
            "tanh ×0.5: gradient variance ×/layer", grad_f[small], grad_mf[small], SD_SWEEP["grad ×0.5"] * sd_grad
        ),
        one_last,
        factor_check("tanh ×1: gradient variance ×/layer", grad_f[one], grad_mf[one], SD_SWEEP["grad ×1"] * sd_grad),
        sat_check(one, "sat ×1"),
        sat_check(big, "sat ×2"),
        factor_check("tanh ×2: gradient variance ×/layer", grad_f[big], grad_mf[big], SD_SWEEP["grad ×2"] * sd_grad),
        sat_check(huge, "sat ×10"),
        factor_check(
            "tanh ×10: gradient variance ×/layer", grad_f[huge], grad_mf[huge], SD_SWEEP["grad ×10"] * sd_grad
        ),
        # Can this run tell the science from its nearest wrong versions? (Too few nets × units × layers cannot.)
        separation("Xavier's ½ in a ReLU net", relu_check, 0.5),
        separation("He 10 % too wide", he_w, 2.0 * HE_WIDE),
        separation("Xavier 20 % too narrow", xav_w, XAVIER_NARROW),
        separation("leaky ReLU (no output 0)", relu_zeros, 0.0, log=False),
        separation("Xavier 20 % too narrow", one_last, narrow),
    ]
    relu_std = [m**p.depth * math.sqrt(relu_final) for m in MULTIPLIERS]
    summary = (
        f"tanh, {counted(p.depth, 'layers')} of Xavier × m: activation variance ×{act_f[small]:.3f} a layer at m = 0.5 "
        f"(mean-field {act_mf[small]:.3f}); saturated units {traces[one].saturated[-1]:.0%} at m = 1, "
        f"{traces[big].saturated[-1]:.0%} at m = 2, {traces[huge].saturated[-1]:.0%} at m = 10; gradients "
        f"×{grad_f[small]:.3g}, ×{grad_f[one]:.3g}, ×{grad_f[big]:.3g}, ×{grad_f[huge]:.3g} a layer at m = 0.5, 1, 2, "
        f"10. ReLU, He × 1: ×{relu_factor:.3f} a layer; × m multiplies the final std by m^{p.depth} exactly "
        f"({relu_std[0]:.2g} at ×{MULTIPLIERS[0]:g}, {relu_std[-1]:.2g} at ×{MULTIPLIERS[-1]:g})."
    )
    rows = [
        [
            m,
            relu_std[i],
            float(traces[i].out_var[-1]),
            theory[i].var[-1],
            float(traces[i].saturated[-1]),
            theory[i].saturated[-1],
            grad_f[i],
            grad_mf[i],
        ]
        for i, m in enumerate(MULTIPLIERS)
    ]
    tables = [
        table(
            f"After {counted(p.depth, 'layers')} (input std 1), {counted(p.nets, 'nets')} of width {p.width}",
            [
                "std multiplier m",
                "ReLU final std (= m^depth × the ×1 value)",
                "tanh final variance",
                "(mean-field)",
                f"tanh saturated (|a| > {SATURATED})",
                "saturated (mean-field)",
                "tanh gradient ×/layer",
                "gradient ×/layer (mean-field)",
            ],
            rows,
        )
    ]
    log_m = [math.log10(m) for m in MULTIPLIERS]
    out_series = [
        series(
            f"×{m:g}",
            traces[i].out_var,
            y_label="activation variance",
            chart="tanh activation variance per layer",
            log_y=True,
        )
        for i, m in enumerate(MULTIPLIERS)
    ]
    out_series += [
        series(
            "tanh gradient ×/layer",
            grad_f,
            x=log_m,
            x_label="log10(std multiplier)",
            y_label="gradient variance factor per layer",
            chart="Gradient factor per layer vs init scale (tanh)",
            log_y=True,
        ),
        series(
            "tanh saturated fraction",
            [float(t.saturated[-1]) for t in traces],
            x=log_m,
            x_label="log10(std multiplier)",
            y_label="fraction saturated",
            chart="tanh saturation vs init scale",
        ),
        series(
            "ReLU final std",
            relu_std,
            x=log_m,
            x_label="log10(std multiplier)",
            y_label="final activation std",
            chart="ReLU final std vs init scale (m^depth)",
            log_y=True,
        ),
    ]
    return Outcome(checks=checks, summary=summary, tables=tables, series=out_series)


# ---------------------------------------------------------------------------------------------------------------
# Card 7: LeCun


class LecunParams(StackParams):
    MAX_WORK = 6_000_000

    fan_in: int = Field(256, ge=1, le=1024, description="fan_in for the constants table")
    fan_out: int = Field(128, ge=1, le=1024, description="fan_out for the constants table")
    depth: int = Field(20, ge=4, le=50, description="number of layers in the deep net")
    width: int = Field(64, ge=16, le=256, description="units per layer in the deep net")
    batch: int = Field(32, ge=16, le=256, description="input samples per net, drawn from N(0, 1)")
    nets: int = Field(8, ge=1, le=16, description="independent random nets; statistics pool them")


WIDER = 1.3  # "a 1.3× wider init": LeCun normal's std × 1.3
SELU_FAR_INPUT = 3.0  # the second SELU run starts from inputs of variance 3
MIN_WEIGHT_SAMPLES = 1 << 16  # the constants' stds are measured over at least this many draws (≤ 4,096 weights)

# Seed-to-seed sds at the defaults (depth 20, width 64, batch 32, 8 nets), measured over seeds 0–29; absolute for
# the SELU mean, relative otherwise, all ∝ 1/√(width·nets). Mean-field bands also allow the finite-width drift
# (``_stats``). ELU in place of SELU ends at mean 0.006 and variance 0.02; LeCun drawn 10 % too wide ends at variance
# ≈1.9 (SELU) instead of 1, and a wrong fan (fan_out = 128 for the 256-wide table) moves the constants ×2.
SD_SELU_MEAN = 0.012
SD_SELU_VAR = 0.031
SD_WIDER_LOG = 0.12  # SELU × 1.3: the variance grows layer by layer, its spread is lognormal (sd of the log)
SD_FIXED = 0.038  # LeCun's scaled tanh at its fixed point
SD_TANH_DECAY = 0.077  # plain tanh, decaying
LECUN_SAMPLES = 64 * 8

CONSTANTS: tuple[tuple[str, str, str, Draw], ...] = (
    ("LeCun", "normal", "std = 1/√fan_in", lambda s, rng: init.lecun_normal(s, rng=rng)),
    ("LeCun", "uniform", "bound = √(3/fan_in)", lambda s, rng: init.lecun_uniform(s, rng=rng)),
    ("Xavier", "normal", "std = √(2/(fan_in+fan_out))", lambda s, rng: init.xavier_normal(s, rng=rng)),
    ("Xavier", "uniform", "bound = √(6/(fan_in+fan_out))", lambda s, rng: init.xavier_uniform(s, rng=rng)),
    ("He", "normal", "std = √(2/fan_in)", lambda s, rng: init.kaiming_normal(s, nonlinearity="relu", rng=rng)),
    ("He", "uniform", "bound = √(6/fan_in)", lambda s, rng: init.kaiming_uniform(s, nonlinearity="relu", rng=rng)),
)


def _target_var(scheme: str, fi: int, fo: int) -> float:
    """Var(W) of each scheme, from its paper: LeCun 1/fan_in, Xavier 2/(fan_in + fan_out), He 2/fan_in."""
    return {"LeCun": 1 / fi, "Xavier": 2 / (fi + fo), "He": 2 / fi}[scheme]


@demo(
    id="lecun",
    card=7,
    title="LeCun normal: std = 1/√fan_in",
    claim="LeCun init draws Var(W) = 1/fan_in (std 1/√fan_in), of the same family as Xavier (2/(fan_in + "
    "fan_out)) and He (2/fan_in): a constant over a fan, each for its own assumption. With it a deep SELU net "
    "sits at its self-normalizing fixed "
    "point, mean 0 and variance 1, and returns to it from inputs of variance 3, while a 1.3× wider init moves it "
    "(variance ≈10 after 20 layers); LeCun's scaled tanh 1.7159·tanh(2x/3) settles at its own fixed point "
    "(variance ≈0.38), plain tanh decays slowly towards 0 (≈1/(2l)), and ReLU halves the variance every layer. "
    "Each as mean-field theory predicts.",
    params=LecunParams,
)
def lecun(p: LecunParams) -> Outcome:
    rng = np.random.default_rng(p.seed)
    fi, fo = p.fan_in, p.fan_out
    shape = (fo, fi)
    checks: list[Check] = []
    const_rows = []
    for scheme, dist, formula, draw in CONSTANTS:
        # One fo×fi weight has few entries when the fans are small: draw again until the std rests on ≥ 65,536.
        sample = pooled_draws(draw, shape, rng, MIN_WEIGHT_SAMPLES, 4096)
        want = _target_var(scheme, fi, fo)
        measured = float(np.mean(sample * sample))
        low, high = std_band(sample.size)
        checks.append(check(f"{scheme} {dist}: fan_in·Var(W)", fi * measured, fi * want * low**2, fi * want * high**2))
        value = math.sqrt(want) if dist == "normal" else math.sqrt(3 * want)
        const_rows.append([scheme, dist, formula, value, want, fi * want, math.sqrt(measured), sample.size])

    # The deep net: the same LeCun-normal weights for every activation (and × 1.3 for the wider init).
    x = rng.standard_normal((p.nets, p.batch, p.width))
    x_far = math.sqrt(SELU_FAR_INPUT) * rng.standard_normal((p.nets, p.batch, p.width))
    # LeCun normal scales by fan_in alone: one call draws a layer for every net.
    weights = [stacked_by_rows(_lecun, (p.width, p.width), p.nets, rng) for _ in range(p.depth)]
    runs: dict[str, tuple[StackTrace, meanfield.MeanField]] = {}
    plan: tuple[tuple[str, Activation, Activation, Array, float], ...] = (
        ("SELU", nets.SELU, SELU_THEORY, x, 1.0),
        (f"SELU, inputs of variance {SELU_FAR_INPUT:g}", nets.SELU, SELU_THEORY, x_far, 1.0),
        (f"SELU, init ×{WIDER:g}", nets.SELU, SELU_THEORY, x, WIDER),
        ("scaled tanh 1.7159·tanh(2x/3)", nets.LECUN_TANH, LECUN_TANH_THEORY, x, 1.0),
        ("tanh", nets.TANH, TANH_THEORY, x, 1.0),
        ("ReLU", nets.RELU, RELU_THEORY, x, 1.0),
    )
    for name, act, theory_act, inputs, mult in plan:
        layers = weights if mult == 1.0 else [mult * w for w in weights]
        trace = run_stack(inputs, layers, act, zeros=name == "ReLU")
        runs[name] = (trace, meanfield.propagate(theory_act, mult * mult, float(np.mean(inputs * inputs)), p.depth))
    scale = math.sqrt(LECUN_SAMPLES / (p.width * p.nets))
    fp_drift = fixed_point_drift(p.width)

    def last(name: str) -> tuple[float, float, float]:
        trace, mf = runs[name]
        return float(trace.out_mean[-1]), float(trace.out_var[-1]), mf.var[-1]

    selu_mean, selu_var, _ = last("SELU")
    _, far_var, far_mf = last(f"SELU, inputs of variance {SELU_FAR_INPUT:g}")
    _, wide_var, wide_mf = last(f"SELU, init ×{WIDER:g}")
    _, lt_var, lt_mf = last("scaled tanh 1.7159·tanh(2x/3)")
    _, tanh_var, tanh_mf = last("tanh")
    relu_factor = runs["ReLU"][0].layer_factor()
    sd_relu = relu_factor_sd(p.width, p.nets, p.depth)
    selu_check = check(
        f"SELU: variance at layer {p.depth}", selu_var, *mean_field_band(1.0, SD_SELU_VAR * scale, fp_drift)
    )
    tanh_check = check(
        f"tanh: variance at layer {p.depth}",
        tanh_var,
        *mean_field_band(tanh_mf, SD_TANH_DECAY * scale, edge_of_chaos_drift(p.depth, p.width)),
    )
    relu_check = check("ReLU: variance ×/layer", relu_factor, *positive_band(0.5, 0.5 * sd_relu))
    lecun_wide = meanfield.propagate(SELU_THEORY, 1.1**2, float(np.mean(x * x)), p.depth).var[-1]
    checks += [
        check(f"SELU: mean at layer {p.depth}", selu_mean, *band(0.0, SD_SELU_MEAN * scale)),
        selu_check,
        check(
            f"SELU from variance {SELU_FAR_INPUT:g}: variance at layer {p.depth}",
            far_var,
            *mean_field_band(far_mf, SD_SELU_VAR * scale, fp_drift),
        ),
        check(f"SELU ×{WIDER:g}: variance at layer {p.depth}", wide_var, *log_band(wide_mf, SD_WIDER_LOG * scale)),
        check(f"scaled tanh: variance at layer {p.depth}", lt_var, *mean_field_band(lt_mf, SD_FIXED * scale, fp_drift)),
        tanh_check,
        relu_check,
        zeros_check("ReLU: share of outputs that are 0", runs["ReLU"][0], p.width, p.nets, p.depth),
        # Can this run tell the science from its nearest wrong versions? (Too few nets × units × layers cannot.)
        separation("LeCun 10 % too wide", selu_check, lecun_wide),
        separation("LeCun's scaled tanh", tanh_check, lt_mf),
        separation("He's ×1 a layer", relu_check, 1.0),
    ]
    summary = (
        f"LeCun normal, {counted(p.depth, 'layers')} of {p.width}: SELU ends at mean {selu_mean:.3f}, "
        f"variance {selu_var:.3f} "
        f"(fixed point 0, 1), {far_var:.3f} from inputs of variance {SELU_FAR_INPUT:g}; ×{WIDER:g} wider it ends at "
        f"{wide_var:.3g} (mean-field {wide_mf:.3g}). Scaled tanh settles at {lt_var:.3f} (fixed point "
        f"{lt_mf:.3f}); plain tanh decays to {tanh_var:.3f} (mean-field {tanh_mf:.3f}, "
        f"1/(2l) = {1 / (2 * p.depth):.3f}); "
        f"ReLU ×{relu_factor:.3f} a layer. fan_in·Var(W): LeCun 1, He 2, Xavier {2 * fi / (fi + fo):.3g}."
    )
    deep_rows = []
    for name, (trace, mf) in runs.items():
        deep_rows.append(
            [
                name,
                float(trace.out_var[0]),
                float(trace.out_mean[-1]),
                float(trace.out_var[-1]),
                mf.mean[-1],
                mf.var[-1],
            ]
        )
    tables = [
        table(
            f"Constants for fan_in = {fi}, fan_out = {fo}",
            ["scheme", "distribution", "formula", "value", "Var(W)", "fan_in·Var(W)", "measured std", "draws"],
            const_rows,
        ),
        table(
            f"LeCun normal, {counted(p.depth, 'layers')} of {p.width}, {counted(p.nets, 'nets')}",
            [
                "activation",
                "layer-1 variance",
                "last-layer mean",
                "last-layer variance",
                "mean-field mean",
                "mean-field variance",
            ],
            deep_rows,
        ),
    ]
    chart = "Activation variance per layer, LeCun normal"
    out_series = [
        series(name, trace.out_var, y_label="activation variance", chart=chart, log_y=True)
        for name, (trace, _) in runs.items()
    ]
    return Outcome(checks=checks, summary=summary, tables=tables, series=out_series)


# ---------------------------------------------------------------------------------------------------------------
# Card 12: gain


class GainParams(StackParams):
    MAX_WORK = 3_000_000

    slope: float = Field(
        0.5, ge=0.0, le=1.0, description="leaky-ReLU negative slope a (from about 0.4, ReLU's √2 shows in the net)"
    )
    depth: int = Field(20, ge=4, le=50, description="layers of every net")
    width: int = Field(32, ge=16, le=256, description="units per layer")
    batch: int = Field(16, ge=8, le=256, description="input samples per net, drawn from N(0, 1)")
    nets: int = Field(16, ge=1, le=32, description="independent random nets per gain; statistics pool them")


# Seed-to-seed sds at the defaults (depth 20, width 32, batch 16, 16 nets), measured over seeds 0–29 (the larger of
# two measurements, with batch 32 and 16, is kept); relative unless said. The per-layer factor of a piecewise-linear
# net (linear, ReLU, leaky ReLU) 2.1 %, ∝ 1/√(width·nets·(depth − 1));
# tanh at its fixed point 1.5 %, tanh decaying 8.4 %, SELU's mean 0.016 (absolute) and variance 5.6 %, SELU with 3/4
# (decaying) 8.2 %, sigmoid's variance 6 % and gradient factor 1.2 %, all ∝ 1/√(width·nets); mean-field bands also
# allow the finite-width drift (``_stats``). The drawn std is checked to 5/√(2N) of its N draws. With the leaky-ReLU
# gain stuck at √2 the drawn std is √(1+a²) too wide (2 % at a = 0.2, 12 % at a = 0.5) and that net grows ×(1+a²) a
# layer; with tanh's gain forced to 1 the tanh net decays to 0.02 instead of settling at 0.42; ELU in place of SELU
# ends at variance 0.02.
GAIN_SD_HOMOGENEOUS = 0.021
GAIN_SD_TANH_FIXED = 0.015
GAIN_SD_TANH_DECAY = 0.084
GAIN_SD_SELU_MEAN = 0.016
GAIN_SD_SELU_VAR = 0.056
GAIN_SD_SELU_DECAY = 0.082
GAIN_SD_SIGMOID = 0.06
GAIN_SD_SIGMOID_GRAD = 0.012
GAIN_SAMPLES = 32 * 16


def _gains_table(s: float) -> list[tuple[str, float | None, str, float]]:
    """(nonlinearity, param, formula, the formula's value): torch.nn.init.calculate_gain's table."""
    return [
        ("linear", None, "1", 1.0),
        ("conv1d", None, "1", 1.0),
        ("conv2d", None, "1", 1.0),
        ("conv3d", None, "1", 1.0),
        ("conv_transpose2d", None, "1", 1.0),
        ("sigmoid", None, "1", 1.0),
        ("tanh", None, "5/3", 5 / 3),
        ("relu", None, "√2", math.sqrt(2)),
        ("leaky_relu", None, "√(2/(1+0.01²)) (default slope)", math.sqrt(2 / (1 + 0.01**2))),
        ("leaky_relu", s, f"√(2/(1+{s:g}²))", math.sqrt(2 / (1 + s * s))),
        ("selu", None, "3/4", 0.75),
    ]


@demo(
    id="gain",
    card=12,
    title="Gains: calculate_gain, each checked with a net of its nonlinearity",
    claim="torch's calculate_gain returns 1 (linear, conv, sigmoid), 5/3 (tanh), √2 (ReLU), √(2/(1+a²)) (leaky "
    "ReLU) and 3/4 (SELU), and kaiming init draws std = gain/√fan_in. With the matching gain a deep linear, ReLU "
    "or leaky-ReLU net keeps its variance (×1 a layer), while ReLU's √2 in a leaky net grows it ×(1+a²) (told "
    "apart from ×1 where a ≳ 0.4 at the default "
    "sizes; at a = 0.2, ×1.04 is inside these nets' spread and the run says it cannot tell) and gain 1 "
    "shrinks it ×½(1+a²); tanh with 5/3 settles at a fixed variance (≈0.42) instead of decaying as with gain 1. "
    "For SELU torch recommends nonlinearity='linear' (gain 1, LeCun's Var = 1/fan_in), which keeps the "
    "self-normalizing fixed point (mean 0, variance 1); its 3/4 gives that up and the variance falls. Sigmoid's 1 "
    "is a convention: a sigmoid net settles at mean 0.5 and variance ≈0.015, and its gradients shrink ×≈0.055 a "
    "layer (σ' ≤ ¼).",
    params=GainParams,
)
def gain(p: GainParams) -> Outcome:
    rng = np.random.default_rng(p.seed)
    s = p.slope
    gain_rows, worst_table = [], 0.0
    for name, param, formula, value in _gains_table(s):
        got = init.calculate_gain(name, param)
        worst_table = max(worst_table, abs(got - value))
        gain_rows.append([name, "" if param is None else param, formula, got, value])

    leaky = nets.leaky_relu(s)
    x = rng.standard_normal((p.nets, p.batch, p.width))
    # (label, nonlinearity and param passed to Kaiming init, the net's activation, the gain the formula gives). The
    # piecewise-linear nets draw from kaiming_uniform (as nn.Linear does; a uniform draw costs a third of a normal
    # one), the smooth ones (tanh, SELU, sigmoid) from kaiming_normal.
    plan: tuple[tuple[str, str, float, Activation, float], ...] = (
        ("linear, gain 1", "linear", 0.0, LINEAR, 1.0),
        ("ReLU, gain √2", "relu", 0.0, nets.RELU, math.sqrt(2)),
        (f"leaky ReLU (a = {s:g}), matching gain", "leaky_relu", s, leaky, math.sqrt(2 / (1 + s * s))),
        ("leaky ReLU, ReLU's gain √2", "relu", 0.0, leaky, math.sqrt(2)),
        ("leaky ReLU, gain 1", "linear", 0.0, leaky, 1.0),
        ("tanh, gain 5/3", "tanh", 0.0, nets.TANH, 5 / 3),
        ("tanh, gain 1", "linear", 0.0, nets.TANH, 1.0),
        ("SELU, nonlinearity='linear' (gain 1)", "linear", 0.0, nets.SELU, 1.0),
        ("SELU, nonlinearity='selu' (gain 3/4)", "selu", 0.0, nets.SELU, 0.75),
        ("sigmoid, gain 1", "sigmoid", 0.0, SIGMOID, 1.0),
    )
    traces: dict[str, StackTrace] = {}
    worst_std = 0.0
    g_top = rng.standard_normal((p.nets, p.batch, p.width))
    for label, nonlinearity, a, act, want_gain in plan:
        smooth = act in (nets.TANH, nets.SELU, SIGMOID)
        layers = [_kaiming_stack(smooth, nonlinearity, a, p.nets, p.width, rng) for _ in range(p.depth)]
        trace = run_stack(x, layers, act, g_out=g_top if act is SIGMOID else None)
        traces[label] = trace
        drawn_gain = math.sqrt(p.width * float(np.mean(trace.weight_ms)))
        worst_std = max(worst_std, abs(drawn_gain / want_gain - 1))
    # For a piecewise-linear φ the gain that keeps E[z²] through a layer is 1/√E[φ(z)²], z ~ N(0, 1), whatever the
    # input's scale: He's derivation. Integrated exactly for the activation each net runs.
    keeping = {label: 1 / math.sqrt(meanfield.gaussian_mean(_squared(act), 1.0)) for label, _, _, act, _ in plan[:3]}
    samples = p.depth * p.nets * p.width * p.width
    moment = float(np.mean(x * x))
    theory = {
        "tanh, gain 5/3": meanfield.propagate(TANH_THEORY, 25 / 9, moment, p.depth),
        "tanh, gain 1": meanfield.propagate(TANH_THEORY, 1.0, moment, p.depth),
        "SELU, nonlinearity='selu' (gain 3/4)": meanfield.propagate(SELU_THEORY, 0.5625, moment, p.depth),
        "sigmoid, gain 1": meanfield.propagate(SIGMOID, 1.0, moment, p.depth),
    }
    sd_h = spread(GAIN_SD_HOMOGENEOUS, GAIN_SAMPLES * 19, p.width * p.nets * (p.depth - 1))
    scale = math.sqrt(GAIN_SAMPLES / (p.width * p.nets))
    factor = {label: t.layer_factor() for label, t in traces.items()}
    lk = 1 + s * s
    matching, relu_gain, one = (
        f"leaky ReLU (a = {s:g}), matching gain",
        "leaky ReLU, ReLU's gain √2",
        "leaky ReLU, gain 1",
    )
    tanh53, tanh1, selu1, selu34 = (
        "tanh, gain 5/3",
        "tanh, gain 1",
        "SELU, nonlinearity='linear' (gain 1)",
        "SELU, nonlinearity='selu' (gain 3/4)",
    )

    def last_var(label: str) -> float:
        return float(traces[label].out_var[-1])

    sig = "sigmoid, gain 1"
    sig_grad = float((traces[sig].grad_ms[0] / traces[sig].grad_ms[-1]) ** (1 / p.depth))
    sig_grad_mf = theory[sig].gradient_gain() ** (1 / p.depth)

    relu_check = check("ReLU, gain √2: variance ×/layer", factor["ReLU, gain √2"], *positive_band(1.0, sd_h))
    leaky_relu_gain = check("leaky ReLU, gain √2: variance ×/layer", factor[relu_gain], *positive_band(lk, lk * sd_h))
    tanh_check = check(
        f"tanh, gain 5/3: variance at layer {p.depth}",
        last_var(tanh53),
        *mean_field_band(theory[tanh53].var[-1], GAIN_SD_TANH_FIXED * scale, fixed_point_drift(p.width)),
    )
    selu_check = check(
        f"SELU, 'linear': variance at layer {p.depth}",
        last_var(selu1),
        *mean_field_band(1.0, GAIN_SD_SELU_VAR * scale, fixed_point_drift(p.width)),
    )
    checks = [
        check("calculate_gain vs formula: worst difference", worst_table, None, 1e-12),
        check("drawn std·√fan_in vs gain: worst relative error", worst_std, None, K_STD / math.sqrt(2 * samples)),
        *(
            check(f"{label.split(',')[0]}: 1/√E[φ(z)²] ÷ calculate_gain − 1", keeping[label] / want - 1, -1e-9, 1e-9)
            for label, _, _, _, want in plan[:3]
        ),
        check("linear, gain 1: variance ×/layer", factor["linear, gain 1"], *positive_band(1.0, sd_h)),
        relu_check,
        check(f"leaky ReLU, gain √(2/(1+{s:g}²)): variance ×/layer", factor[matching], *positive_band(1.0, sd_h)),
        leaky_relu_gain,
        check("leaky ReLU, gain 1: variance ×/layer", factor[one], *positive_band(lk / 2, lk / 2 * sd_h)),
        tanh_check,
        check(
            f"tanh, gain 1: variance at layer {p.depth}",
            last_var(tanh1),
            *mean_field_band(theory[tanh1].var[-1], GAIN_SD_TANH_DECAY * scale, edge_of_chaos_drift(p.depth, p.width)),
        ),
        check(
            f"SELU, 'linear': mean at layer {p.depth}",
            float(traces[selu1].out_mean[-1]),
            *band(0.0, GAIN_SD_SELU_MEAN * scale),
        ),
        selu_check,
        check(
            f"SELU, gain 3/4: variance at layer {p.depth}",
            last_var(selu34),
            *mean_field_band(theory[selu34].var[-1], GAIN_SD_SELU_DECAY * scale, edge_of_chaos_drift(p.depth, p.width)),
        ),
        check(
            f"sigmoid, gain 1: variance at layer {p.depth}",
            last_var(sig),
            *mean_field_band(theory[sig].var[-1], GAIN_SD_SIGMOID * scale, fixed_point_drift(p.width)),
        ),
        check(
            "sigmoid, gain 1: gradient ×/layer",
            sig_grad,
            *positive_band(sig_grad_mf, sig_grad_mf * GAIN_SD_SIGMOID_GRAD * scale),
        ),
        # Can this run tell each gain from a wrong one? (Too few nets × units × layers, or too small a slope, cannot:
        # ReLU's √2 in a leaky net is ×(1+a²) a layer, ×1.04 at a = 0.2, inside the spread of these nets.)
        separation("a gain 10 % too large", relu_check, HE_WIDE),
        separation("the matching gain (×1)", leaky_relu_gain, 1.0),
        separation("tanh's gain 1", tanh_check, theory[tanh1].var[-1]),
        separation("SELU's gain 3/4", selu_check, theory[selu34].var[-1]),
    ]
    summary = (
        f"{counted(p.depth, 'layers')}, {counted(p.nets, 'nets')} of width {p.width}, per layer: linear "
        f"×{factor['linear, gain 1']:.3f}, ReLU "
        f"×{factor['ReLU, gain √2']:.3f}, leaky ReLU (a = {s:g}) ×{factor[matching]:.3f} with its gain "
        f"{math.sqrt(2 / lk):.4f}, ×{factor[relu_gain]:.3f} with √2 (theory {lk:.3f}), ×{factor[one]:.3f} with 1 "
        f"(theory {lk / 2:.3f}). tanh: variance {last_var(tanh53):.3f} at the last layer with 5/3 (fixed point "
        f"{theory[tanh53].var[-1]:.3f}), {last_var(tanh1):.3f} with 1. SELU with nonlinearity='linear' (torch's "
        f"advice): mean {traces[selu1].out_mean[-1]:.3f}, variance {last_var(selu1):.3f}; with its gain 3/4: variance "
        f"{last_var(selu34):.3f}. Sigmoid with 1: mean {traces[sig].out_mean[-1]:.3f}, variance {last_var(sig):.4f}, "
        f"gradients ×{sig_grad:.3f} a layer (mean-field {sig_grad_mf:.3f})."
    )
    expected = {
        "linear, gain 1": 1.0,
        "ReLU, gain √2": 1.0,
        matching: 1.0,
        relu_gain: lk,
        one: lk / 2,
    }
    net_rows = []
    for label, nonlinearity, a, act, want_gain in plan:
        t = traces[label]
        dist = "normal" if act in (nets.TANH, nets.SELU, SIGMOID) else "uniform"  # as drawn above
        mf = theory.get(label)
        net_rows.append(
            [
                label,
                f"kaiming_{dist}({f'a={a:g}, ' if a else ''}nonlinearity='{nonlinearity}')",
                want_gain,
                math.sqrt(p.width * float(np.mean(t.weight_ms))),
                factor[label] if label in expected else None,
                expected.get(label),
                last_var(label),
                1.0 if label == selu1 else (None if mf is None else mf.var[-1]),
            ]
        )
    tables = [
        table("calculate_gain", ["nonlinearity", "param", "formula", "calculate_gain", "formula value"], gain_rows),
        table(
            f"Nets of {counted(p.depth, 'layers')}, Kaiming init with each gain",
            [
                "net",
                "drawn with",
                "gain",
                "drawn std·√fan_in",
                "variance ×/layer",
                "×/layer (theory)",
                "last-layer variance",
                "last-layer variance (theory)",
            ],
            net_rows,
        ),
    ]
    chart = "Activation variance per layer, by gain"
    out_series = [
        series(label, t.out_var, y_label="activation variance", chart=chart, log_y=True)
        for label, t in traces.items()
        if label in (matching, relu_gain, one, tanh53, tanh1, selu1, sig)
    ]
    return Outcome(checks=checks, summary=summary, tables=tables, series=out_series)


K_STD = 5.0  # the drawn-std band, in standard errors 1/√(2N)


def _squared(act: Activation) -> Callable[[Array], Array]:
    def f(z: Array) -> Array:
        out: Array = act.f(z) ** 2
        return out

    return f


def _kaiming_stack(
    normal: bool, nonlinearity: str, a: float, nets_n: int, width: int, rng: np.random.Generator
) -> Array:
    """One square layer for each of ``nets_n`` nets, in one call: the rows of a ``(nets_n · width, width)`` weight
    keep fan_in = width, the only fan Kaiming's default mode (fan_in) uses, so each net gets its own layer."""
    draw = init.kaiming_normal if normal else init.kaiming_uniform
    w = draw((nets_n * width, width), a=a, nonlinearity=nonlinearity, rng=rng)
    return w.reshape(nets_n, width, width)
