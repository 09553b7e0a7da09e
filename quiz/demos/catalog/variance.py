"""Variance through depth: Glorot's compromise and tanh experiment, He vs Xavier in ReLU nets, and the init ×
activation pairs with PyTorch's own default (cards 4, 5 and 15).

Every band is a theory value ± K seed-to-seed standard deviations (see ``_stats``); the sds quoted below were
measured over seeds 0–29 at each demo's defaults. Weights are drawn through ``quiz.demos.initializers`` and
activations taken from ``quiz.demos.nets`` when the demo runs, so swapping either for a wrong one changes the verdict.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from pydantic import Field

from quiz.demos import initializers as init
from quiz.demos import meanfield, nets
from quiz.demos.base import Check, Outcome, check, demo
from quiz.demos.catalog._common import counted, series, table
from quiz.demos.catalog._stack import Draw, StackParams, StackTrace, run_stack, stacked, stacked_by_rows
from quiz.demos.catalog._stats import (
    edge_of_chaos_drift,
    fixed_point_drift,
    mean_field_band,
    positive_band,
    separation,
    share_band,
    spread,
    weight_check,
)
from quiz.demos.nets import Activation, Array

# The theory's activations, bound when the module loads. The nets take theirs from ``quiz.demos.nets`` at run time, so a
# control that swaps one there changes the net but not the theory it is held against.
TANH_THEORY = nets.TANH

# The nearest wrong science each run must be able to tell apart (``_stats.separation``).
HE_WIDE = 1.1**2  # He (or any init) drawn 10 % too wide: variance ×1.21 a layer
XAVIER_NARROW = 0.8**2  # Xavier drawn 20 % too narrow: ×0.64


def _he(shape: tuple[int, ...], rng: np.random.Generator) -> Array:
    return init.kaiming_normal(shape, nonlinearity="relu", rng=rng)


def _xavier(shape: tuple[int, ...], rng: np.random.Generator) -> Array:
    return init.xavier_normal(shape, rng=rng)


def _xavier_uniform(shape: tuple[int, ...], rng: np.random.Generator) -> Array:
    return init.xavier_uniform(shape, rng=rng)


def _torch_default(shape: tuple[int, ...], rng: np.random.Generator) -> Array:
    # nn.Linear's and nn.Conv2d's default: kaiming_uniform(a=√5), bound 1/√fan_in, Var = 1/(3·fan_in): Glorot's
    # "standard" init U[−1/√n, 1/√n].
    return init.kaiming_uniform(shape, a=math.sqrt(5), rng=rng)


FAN_IN_DRAWS: tuple[Draw, ...] = (_he, _torch_default)  # scaled by fan_in alone: drawn for all nets in one call


def _square_layer(draw: Draw, width: int, nets_n: int, rng: np.random.Generator) -> Array:
    """One ``(width, width)`` layer for each net of a stack."""
    stack = stacked_by_rows if draw in FAN_IN_DRAWS else stacked
    return stack(draw, (width, width), nets_n, rng)


def _run_square(
    draw: Draw,
    act: Activation,
    x: Array,
    depth: int,
    rng: np.random.Generator,
    *,
    g_out: Array | None = None,
    saturation: float | None = None,
    zeros: bool = False,
) -> StackTrace:
    """``depth`` square layers drawn with ``draw`` (one per net of the stack ``x``), run on ``x``."""
    nets_n, _, width = x.shape
    layers = (_square_layer(draw, width, nets_n, rng) for _ in range(depth))
    return run_stack(
        x, list(layers) if g_out is not None else layers, act, g_out=g_out, saturation=saturation, zeros=zeros
    )


# ---------------------------------------------------------------------------------------------------------------
# Card 4: Xavier / Glorot


class XavierParams(StackParams):
    MAX_WORK = 8_000_000

    depth: int = Field(10, ge=2, le=40, description="tanh layers of the deep square net")
    width: int = Field(128, ge=16, le=256, description="units per layer of the deep net; the funnel starts there")
    batch: int = Field(64, ge=16, le=256, description="input samples, drawn from N(0, 1)")
    nets: int = Field(4, ge=1, le=8, description="independent random nets per init; statistics pool them")


FUNNEL_LAYERS = 4  # fan_in / fan_out = √2 in each: widths w, w/√2, w/2, w/(2√2), w/4
SMALL_INPUT = 0.01  # the funnel's inputs are N(0, 0.01²): tanh(z) = z to 1e-4 there, Glorot's linear regime

# Seed-to-seed sds at the defaults (width 128, batch 64, 4 nets, depth 10), relative to the theory value. The
# funnel's ratios are dominated by its narrow end and scale with 1/√(width·nets); the deep net's with
# √(depth / (width·nets)) (fluctuations add up layer by layer), its second-half factor with
# 1/√(width·nets·layers in that half); mean-field bands also allow the finite-width drift (``mean_field_band``).
SD_FUNNEL = 0.047
SD_DEEP_LAST = 0.026
SD_DEEP_GRAD = 0.039
SD_DEEP_FACTOR = 0.0069
XAVIER_SAMPLES = 128 * 4

FUNNEL_INITS: dict[str, Draw] = {
    "fan_in": lambda s, rng: init.kaiming_normal(s, mode="fan_in", nonlinearity="linear", rng=rng),
    "fan_out": lambda s, rng: init.kaiming_normal(s, mode="fan_out", nonlinearity="linear", rng=rng),
    "fan_avg (Xavier)": lambda s, rng: init.xavier_normal(s, rng=rng),
}
FUNNEL_FORMULAS = {"fan_in": "1/fan_in", "fan_out": "1/fan_out", "fan_avg (Xavier)": "2/(fan_in + fan_out)"}


def _funnel_theory(widths: list[int]) -> dict[str, tuple[float, float]]:
    """Glorot & Bengio's (2010) linear-regime theory: a layer multiplies the forward variance by
    fan_in·Var(W) and the backward one by fan_out·Var(W)."""
    fi = np.array(widths[:-1], dtype=np.float64)
    fo = np.array(widths[1:], dtype=np.float64)
    return {
        "fan_in": (1.0, float(np.prod(fo / fi))),
        "fan_out": (float(np.prod(fi / fo)), 1.0),
        "fan_avg (Xavier)": (float(np.prod(2 * fi / (fi + fo))), float(np.prod(2 * fo / (fi + fo)))),
    }


@demo(
    id="xavier",
    card=4,
    title="Xavier: the forward/backward compromise, and Glorot's tanh experiment",
    claim="Xavier's Var(W) = 2/(fan_in + fan_out) is a compromise. In a tanh net fed small inputs (tanh ≈ identity), "
    "through layers with fan_in/fan_out = √2, Var = 1/fan_in keeps the forward variance, 1/fan_out the backward "
    "gradient variance, and Xavier keeps both within ×2.2 over four layers, as Glorot & Bengio's linear theory "
    "predicts. In a deep square tanh net fed unit-variance inputs, Xavier's activation and gradient variances decay "
    "slowly and polynomially (≈1/(2l), mean-field theory at the edge of chaos), while the standard init "
    "U[−1/√n, 1/√n] (n·Var = 1/3) makes both decay geometrically, ×≈1/3 a layer.",
    params=XavierParams,
)
def xavier(p: XavierParams) -> Outcome:
    rng = np.random.default_rng(p.seed)
    tanh = nets.TANH
    checks: list[Check] = []

    # Part 1: a funnel. Bands: theory × (1 ± K·sd), sd = 4.7 % at the defaults, measured; Xavier drawn 20 % too
    # narrow moves its ratios ×0.64⁴ = 0.17, the 1/fan_in or 1/fan_out init drawn 10 % too wide ×1.21⁴ = 2.1.
    widths = [max(1, round(p.width * 2 ** (-layer / 2))) for layer in range(FUNNEL_LAYERS + 1)]
    theory = _funnel_theory(widths)
    sd_funnel = spread(SD_FUNNEL, XAVIER_SAMPLES, p.width * p.nets)
    x = SMALL_INPUT * rng.standard_normal((p.nets, p.batch, widths[0]))
    g_top = rng.standard_normal((p.nets, p.batch, widths[-1]))
    funnel_rows = []
    funnel_separations: list[Check] = []
    for mode, draw in FUNNEL_INITS.items():
        layers = [stacked(draw, (n_out, n_in), p.nets, rng) for n_in, n_out in itertools.pairwise(widths)]
        trace = run_stack(x, layers, tanh, g_out=g_top)
        forward = float(trace.out_ms[-1] / np.mean(x * x))
        backward = float(trace.grad_ms[0] / trace.grad_ms[-1])
        want_f, want_b = theory[mode]
        forward_check = check(f"{mode}: forward variance ×", forward, *positive_band(want_f, want_f * sd_funnel))
        checks += [
            forward_check,
            check(f"{mode}: backward variance ×", backward, *positive_band(want_b, want_b * sd_funnel)),
        ]
        # Can this run tell each init from one 10 % too wide (×1.21 a layer, ×2.1 over the funnel)?
        funnel_separations.append(separation(f"{mode} 10 % too wide", forward_check, want_f * HE_WIDE**FUNNEL_LAYERS))
        funnel_rows.append([mode, FUNNEL_FORMULAS[mode], forward, want_f, backward, want_b])

    # Part 2: a deep square tanh net, unit-variance inputs: measured against mean-field theory for σ_w² = n·Var(W).
    # Bands: mean-field value × (1 ± K·sd), sd measured (last-layer variance 2.6 %, input gradient 3.9 %, per-layer
    # factors 0.7 %). Xavier 20 % too narrow (σ_w² = 0.64) decays ×0.64 a layer instead of ×0.87; 10 % too wide
    # (σ_w² = 1.21) stops decaying: both fail.
    x = rng.standard_normal((p.nets, p.batch, p.width))
    g_top = rng.standard_normal((p.nets, p.batch, p.width))
    half = p.depth // 2
    scale = math.sqrt(XAVIER_SAMPLES / (p.width * p.nets))
    sd_last = scale * math.sqrt(p.depth / 10)
    sd_factor = SD_DEEP_FACTOR * scale * math.sqrt(5 / max(p.depth - half, 1))
    deep: dict[str, tuple[StackTrace, meanfield.MeanField]] = {}
    for name, draw, s2 in (("Standard U[±1/√n]", _torch_default, 1 / 3), ("Xavier", _xavier_uniform, 1.0)):
        trace = _run_square(draw, tanh, x, p.depth, rng, g_out=g_top)
        deep[name] = (trace, meanfield.propagate(TANH_THEORY, s2, float(np.mean(x * x)), p.depth))
    factors: dict[str, tuple[float, float, float, float]] = {}
    for name, (trace, mf) in deep.items():
        act_f = _factor(trace.out_var, half)
        act_mf = _factor(np.array(mf.var), half)
        grad_f = float((trace.grad_ms[0] / trace.grad_ms[-1]) ** (1 / p.depth))
        grad_mf = mf.gradient_gain() ** (1 / p.depth)
        factors[name] = (act_f, act_mf, grad_f, grad_mf)
    std_trace = deep["Standard U[±1/√n]"][0]
    xav_trace, xav_mf = deep["Xavier"]
    s_act, s_act_mf, s_grad, s_grad_mf = factors["Standard U[±1/√n]"]
    x_act, x_act_mf, _, _ = factors["Xavier"]
    xav_last, xav_last_mf = float(xav_trace.out_var[-1]), xav_mf.var[-1]
    xav_grad, xav_grad_mf = float(xav_trace.grad_ms[0] / xav_trace.grad_ms[-1]), xav_mf.gradient_gain()
    xav_last_check = check(
        f"Xavier: activation variance at layer {p.depth}",
        xav_last,
        *mean_field_band(xav_last_mf, SD_DEEP_LAST * sd_last, edge_of_chaos_drift(p.depth, p.width)),
    )
    narrow_mf = meanfield.propagate(TANH_THEORY, XAVIER_NARROW, float(np.mean(x * x)), p.depth).var[-1]
    checks += [
        check("standard: activation variance ×/layer", s_act, *positive_band(s_act_mf, s_act_mf * sd_factor)),
        check("standard: gradient variance ×/layer", s_grad, *positive_band(s_grad_mf, s_grad_mf * sd_factor)),
        xav_last_check,
        check("Xavier: activation variance ×/layer, 2nd half", x_act, *positive_band(x_act_mf, x_act_mf * sd_factor)),
        check(
            "Xavier: gradient variance, input / top",
            xav_grad,
            *mean_field_band(xav_grad_mf, SD_DEEP_GRAD * sd_last, edge_of_chaos_drift(p.depth, p.width)),
        ),
        *funnel_separations,
        separation("Xavier 20 % too narrow", xav_last_check, narrow_mf),
    ]

    fa = theory["fan_avg (Xavier)"]
    summary = (
        f"Funnel {'→'.join(map(str, widths))}, tanh near 0: forward × {funnel_rows[0][2]:.2f} (Var = 1/fan_in), "
        f"{funnel_rows[1][2]:.2f} (1/fan_out), {funnel_rows[2][2]:.2f} (Xavier; theory {fa[0]:.2f}); backward × "
        f"{funnel_rows[0][4]:.2f}, {funnel_rows[1][4]:.2f}, {funnel_rows[2][4]:.2f} (theory {fa[1]:.2f}). "
        f"Deep tanh net, {counted(p.depth, 'layers')}: the standard init decays geometrically, ×{s_act:.3f} a layer "
        f"(activations) and ×{s_grad:.3f} (gradients); Xavier slowly: variance {xav_trace.out_var[0]:.3f} at "
        f"layer 1, {xav_last:.3f} at layer {p.depth} (mean-field {xav_last_mf:.3f}, 1/(2l) = {1 / (2 * p.depth):.3f})."
    )
    tables = [
        table(
            f"Funnel {'→'.join(map(str, widths))} (fan_in/fan_out ≈ √2 a layer), tanh near 0",
            ["Var(W)", "formula", "forward × (measured)", "forward × (theory)", "backward ×", "backward × (theory)"],
            funnel_rows,
        ),
        table(
            "Deep tanh net: factor per layer (geometric mean), measured vs mean-field",
            [
                "init",
                "n·Var(W)",
                "activation × (2nd half)",
                "activation × (mean-field)",
                "gradient × (downward)",
                "gradient × (mean-field)",
                "last-layer variance",
                "last-layer variance (mean-field)",
            ],
            [
                [name, s2, f[0], f[1], f[2], f[3], float(trace.out_var[-1]), mf.var[-1]]
                for (name, (trace, mf)), s2, f in zip(deep.items(), (1 / 3, 1.0), factors.values(), strict=True)
            ],
        ),
        table(
            "Per-layer variance",
            [
                "layer",
                "activation (standard)",
                "activation (Xavier)",
                "Xavier mean-field",
                "Xavier 2l·variance",
                "gradient (standard)",
                "gradient (Xavier)",
            ],
            [
                [
                    i + 1,
                    float(std_trace.out_var[i]),
                    float(xav_trace.out_var[i]),
                    xav_mf.var[i],
                    2 * (i + 1) * float(xav_trace.out_var[i]),
                    float(std_trace.grad_ms[i + 1]),
                    float(xav_trace.grad_ms[i + 1]),
                ]
                for i in range(p.depth)
            ],
        ),
    ]
    chart_a, chart_g = "Activation variance per layer (tanh)", "Back-propagated gradient variance per layer"
    out_series = [
        series("Standard", std_trace.out_var, y_label="activation variance", chart=chart_a, log_y=True),
        series("Xavier", xav_trace.out_var, y_label="activation variance", chart=chart_a, log_y=True),
        series("Xavier (mean-field)", xav_mf.var, y_label="activation variance", chart=chart_a, log_y=True),
        series("Standard (gradient)", std_trace.grad_ms[1:], y_label="gradient variance", chart=chart_g, log_y=True),
        series("Xavier (gradient)", xav_trace.grad_ms[1:], y_label="gradient variance", chart=chart_g, log_y=True),
    ]
    return Outcome(checks=checks, summary=summary, tables=tables, series=out_series)


def _factor(values: Array, start: int) -> float:
    """Geometric-mean factor per layer of ``values`` (index 0 = layer 1) from layer ``start`` to the last."""
    return nets.per_layer_ratio([float(v) for v in values], start=max(start - 1, 0))


# ---------------------------------------------------------------------------------------------------------------
# Card 5: He vs Xavier


class HeVsXavierParams(StackParams):
    MAX_WORK = 12_000_000

    depth: int = Field(20, ge=2, le=60, description="number of ReLU layers")
    width: int = Field(32, ge=16, le=256, description="units per layer (fan_in = fan_out)")
    batch: int = Field(32, ge=4, le=256, description="input samples per net, drawn from N(0, 1)")
    nets: int = Field(40, ge=1, le=64, description="independent random nets; variances are over all of them")


# The seed-to-seed sd of a ReLU net's per-layer factor, measured over seeds 0–99 at depth 20 and width 64 with 16
# nets: 1.4 % (relative), and of the share of zero outputs 0.0028. Both scale with 1/√(width · nets · (depth − 1)),
# the number of (unit, layer) ratios averaged: measured 1.8 % with 8 nets, 1.4 % at width 128 with 8, and 1.0 % at
# this demo's defaults (width 32, 40 nets; the law says 1.25 %). He drawn 10 % too wide gives ×1.21 a layer, Xavier
# 20 % too narrow ×0.32: both > 15 sd out. Leaky ReLU or tanh in place of ReLU zeroes no output at all.
SD_RELU_FACTOR = 0.014
SD_ZEROS = 0.0028
RELU_SAMPLES = 64 * 16 * 19  # the sds above were measured at width 64 with 16 nets


def relu_factor_sd(width: int, nets_n: int, depth: int) -> float:
    """Relative seed-to-seed sd of :meth:`StackTrace.layer_factor` in a ReLU stack of these sizes."""
    return spread(SD_RELU_FACTOR, RELU_SAMPLES, width * nets_n * max(depth - 1, 1))


def separations(he: Check, xavier: Check | None, zeros: Check | None, he_w: Check, xav_w: Check | None) -> list[Check]:
    """The checks that a ReLU run can tell He from He drawn 10 % too wide (its per-layer factor and its drawn
    variance), Xavier from Xavier 20 % too narrow, and ReLU (half its outputs 0) from leaky ReLU (none)."""
    out = [
        separation("He 10 % too wide (×1.21/layer)", he, HE_WIDE),
        separation("He 10 % too wide", he_w, 2.0 * HE_WIDE),
    ]
    if xavier is not None:
        out.append(separation("Xavier 20 % too narrow (×0.32/layer)", xavier, 0.5 * XAVIER_NARROW))
    if xav_w is not None:
        out.append(separation("Xavier 20 % too narrow", xav_w, XAVIER_NARROW))
    if zeros is not None:
        out.append(separation("leaky ReLU (no output 0)", zeros, 0.0, log=False))
    return out


def zeros_check(name: str, trace: StackTrace, width: int, nets_n: int, depth: int) -> Check:
    """The share of ReLU outputs that are exactly 0: ½ (pre-activations are symmetric around 0)."""
    sd = spread(SD_ZEROS, RELU_SAMPLES, width * nets_n * max(depth - 1, 1))
    return check(name, float(np.mean(trace.zeros)), *share_band(0.5, sd))


@demo(
    id="he-vs-xavier",
    card=5,
    title="He vs Xavier in a deep ReLU net",
    claim="In a deep ReLU net, He init (Var = 2/fan_in) holds the pre-activation variance constant, ×1 a layer, "
    "while Xavier (Var = 1/n for square layers) lets it fall by ½ a layer: ReLU zeroes half of each layer's inputs, "
    "so ½·fan_in·Var(W) is the factor.",
    params=HeVsXavierParams,
)
def he_vs_xavier(p: HeVsXavierParams) -> Outcome:
    # Theory is about the average over random nets, so the variances pool ``nets`` independent ones (one finite
    # net's variance random-walks: at width 32 its log drifts by ~1.8 over 20 layers, Hanin 2018).
    rng = np.random.default_rng(p.seed)
    relu = nets.RELU
    x = rng.standard_normal((p.nets, p.batch, p.width))
    he = _run_square(_he, relu, x, p.depth, rng, zeros=True)
    xav = _run_square(_xavier, relu, x, p.depth, rng)
    he_f, xav_f = he.layer_factor(), xav.layer_factor()
    sd = relu_factor_sd(p.width, p.nets, p.depth)
    drawn = p.depth * p.nets * p.width * p.width
    he_check = check("He: pre-activation variance ×/layer", he_f, *positive_band(1.0, sd))
    xav_check = check("Xavier: pre-activation variance ×/layer", xav_f, *positive_band(0.5, 0.5 * sd))
    zeros = zeros_check("He: share of ReLU outputs that are 0", he, p.width, p.nets, p.depth)
    he_w = weight_check("He: fan_in·Var(W)", float(np.mean(he.weight_ms)), p.width, 2.0, drawn)
    xav_w = weight_check("Xavier: ½(fan_in + fan_out)·Var(W)", float(np.mean(xav.weight_ms)), p.width, 1.0, drawn)
    checks = [
        he_check,
        xav_check,
        zeros,
        he_w,
        xav_w,
        # Can this run tell the science from its nearest wrong versions? (Too few nets × units × layers cannot.)
        *separations(he_check, xav_check, zeros, he_w, xav_w),
    ]
    he_v, xav_v = he.pre_ms.mean(axis=1), xav.pre_ms.mean(axis=1)
    summary = (
        f"Per layer: He ×{he_f:.3f}, Xavier ×{xav_f:.3f} (theory 1 and ½), over {counted(p.nets, 'random nets')} of "
        f"{counted(p.depth, 'layers')}: ×{he_f ** (p.depth - 1):.3g} and ×{xav_f ** (p.depth - 1):.3g} from layer 1 to "
        f"{p.depth} (½^{p.depth - 1} = {0.5 ** (p.depth - 1):.3g}). Each net's own variance random-walks around "
        f"that (at width {p.width} its log drifts by about ±{math.sqrt(5 * (p.depth - 1) / p.width):.1f}), which is "
        "why the nets are pooled."
    )
    tables = [
        table(
            "Per-layer factor",
            [
                "init",
                "fan_in·Var(W)",
                "½·fan_in·Var(W) (theory)",
                "measured factor",
                "last / first variance (pooled nets)",
            ],
            [
                ["He", p.width * float(np.mean(he.weight_ms)), 1.0, he_f, he_v[-1] / he_v[0]],
                ["Xavier", p.width * float(np.mean(xav.weight_ms)), 0.5, xav_f, xav_v[-1] / xav_v[0]],
            ],
        ),
        table(
            "Activation variance per layer (pre-activations z = W·a, He et al.'s Var[y_l])",
            ["layer", "He", "Xavier"],
            [[i + 1, he_v[i], xav_v[i]] for i in range(p.depth)],
        ),
    ]
    chart = "Pre-activation variance per layer (ReLU)"
    out_series = [
        series("He", he_v, y_label="variance", chart=chart, log_y=True),
        series("Xavier", xav_v, y_label="variance", chart=chart, log_y=True),
    ]
    return Outcome(checks=checks, summary=summary, tables=tables, series=out_series)


# ---------------------------------------------------------------------------------------------------------------
# Card 15: defaults


class DefaultInitParams(StackParams):
    MAX_WORK = 5_000_000

    depth: int = Field(20, ge=4, le=50, description="number of layers")
    width: int = Field(32, ge=16, le=256, description="units per layer")
    batch: int = Field(16, ge=8, le=256, description="input samples per net, drawn from N(0, 1)")
    nets: int = Field(40, ge=1, le=64, description="independent random nets per pair; statistics pool them")


# Seed-to-seed sds at the defaults (depth 20, width 32, batch 16, 40 nets; seeds 0–29; the larger of two
# measurements, with batch 32 and 16, is kept), relative to mean-field: the last-layer variance with Xavier + tanh
# 8.2 % (it sits 15 % below mean-field: the finite-width drift), He + tanh 1.5 %; the saturated share 0.0036
# (absolute). They scale with √(depth / (width · nets)). The ReLU factors follow the He-vs-Xavier law (1.25 % here, so
# He + ReLU losing ×0.93 a layer is out of its 0.937–1.063 band). Xavier drawn 20 % too narrow ends ×0.003 below
# mean-field, 10 % too wide ×3 above it; He 10 % too wide saturates 9 % of the units.
SD_XAVIER_TANH_LAST = 0.082
SD_HE_TANH_LAST = 0.015
SD_SATURATED = 0.0041
DEFAULT_SAMPLES = 32 * 40
SATURATED = 0.9  # |tanh| above this: derivative below 0.19, the unit is saturated

PAIRS: tuple[tuple[str, Draw, str, float], ...] = (
    # (init, draw, what it is in torch, fan_in·Var(W))
    ("He", _he, "kaiming_normal(nonlinearity='relu')", 2.0),
    ("Xavier", _xavier, "xavier_normal()", 1.0),
    ("torch default", _torch_default, "nn.Linear's own: kaiming_uniform(a=√5)", 1 / 3),
)


@demo(
    id="default-init",
    card=15,
    title="Match the init to the activation, and what PyTorch's default is",
    claim="With ReLU, He keeps the pre-activation variance flat (×1 a layer), Xavier halves it, and PyTorch's own "
    "nn.Linear default, kaiming_uniform(a=√5) = U(±1/√fan_in) (Var = 1/(3·fan_in), Glorot's standard init, not He), "
    "shrinks it ×1/6 a layer. With tanh, Xavier keeps the net at the edge of chaos (variance decays slowly, no unit "
    "saturated) and He overshoots into the chaotic phase: the variance settles at a fixed point with ≈6 % of units "
    "saturated. Each as mean-field theory predicts.",
    params=DefaultInitParams,
)
def default_init(p: DefaultInitParams) -> Outcome:
    rng = np.random.default_rng(p.seed)
    x = rng.standard_normal((p.nets, p.batch, p.width))
    sd_relu = relu_factor_sd(p.width, p.nets, p.depth)
    scale = math.sqrt(DEFAULT_SAMPLES / (p.width * p.nets) * p.depth / 20)
    drawn = p.depth * p.nets * p.width * p.width
    traces: dict[tuple[str, str], StackTrace] = {}
    theory: dict[tuple[str, str], meanfield.MeanField] = {}
    relu, tanh = "relu", "tanh"
    for init_name, draw, _, n_var in PAIRS:
        # One draw of each init, run with both activations: a paired comparison (and half the drawing).
        layers = [_square_layer(draw, p.width, p.nets, rng) for _ in range(p.depth)]
        traces[init_name, relu] = run_stack(x, layers, nets.RELU, zeros=True)
        if init_name != "torch default":  # Glorot's standard init in a tanh net is the xavier demo's (×1/3 a layer)
            traces[init_name, tanh] = run_stack(x, layers, nets.TANH, saturation=SATURATED)
        if init_name != "torch default":
            theory[init_name, tanh] = meanfield.propagate(
                TANH_THEORY, n_var, float(np.mean(x * x)), p.depth, saturation=SATURATED
            )
    factor = {k: t.layer_factor() for k, t in traces.items()}
    he_t, xav_t = traces["He", tanh], traces["Xavier", tanh]
    he_mf, xav_mf = theory["He", tanh], theory["Xavier", tanh]
    sat_sd = SD_SATURATED * scale
    he_relu = check("He + ReLU: variance ×/layer", factor["He", relu], *positive_band(1.0, sd_relu))
    he_zeros = zeros_check("He + ReLU: share of outputs that are 0", traces["He", relu], p.width, p.nets, p.depth)
    xav_relu = check("Xavier + ReLU: variance ×/layer", factor["Xavier", relu], *positive_band(0.5, 0.5 * sd_relu))
    he_w = weight_check("He: fan_in·Var(W)", float(np.mean(traces["He", relu].weight_ms)), p.width, 2.0, drawn)
    xav_w = weight_check(
        "Xavier: ½(fan_in + fan_out)·Var(W)", float(np.mean(traces["Xavier", relu].weight_ms)), p.width, 1.0, drawn
    )
    xav_tanh = check(
        f"Xavier + tanh: variance at layer {p.depth}",
        float(xav_t.out_var[-1]),
        *mean_field_band(xav_mf.var[-1], SD_XAVIER_TANH_LAST * scale, edge_of_chaos_drift(p.depth, p.width)),
    )
    narrow_mf = meanfield.propagate(TANH_THEORY, XAVIER_NARROW, float(np.mean(x * x)), p.depth).var[-1]
    checks = [
        he_relu,
        he_zeros,
        xav_relu,
        check(
            "torch default + ReLU: variance ×/layer", factor["torch default", relu], *positive_band(1 / 6, sd_relu / 6)
        ),
        he_w,
        xav_w,
        weight_check(
            "torch default: fan_in·Var(W)",
            float(np.mean(traces["torch default", relu].weight_ms)),
            p.width,
            1 / 3,
            drawn,
        ),
        xav_tanh,
        check(
            f"He + tanh: variance at layer {p.depth}",
            float(he_t.out_var[-1]),
            *mean_field_band(he_mf.var[-1], SD_HE_TANH_LAST * scale, fixed_point_drift(p.width)),
        ),
        check("Xavier + tanh: saturated share", float(xav_t.saturated[-1]), *share_band(xav_mf.saturated[-1], sat_sd)),
        check("He + tanh: saturated share", float(he_t.saturated[-1]), *share_band(he_mf.saturated[-1], sat_sd)),
        *separations(he_relu, xav_relu, he_zeros, he_w, xav_w),
        separation("Xavier 20 % too narrow in tanh", xav_tanh, narrow_mf),
    ]
    summary = (
        f"ReLU, per layer: He ×{factor['He', relu]:.3f}, Xavier ×{factor['Xavier', relu]:.3f}, torch's default "
        f"×{factor['torch default', relu]:.3f} (theory 1, ½, 1/6: kaiming_uniform(a=√5) draws Var = 1/(3·fan_in), "
        f"not He's 2/fan_in). tanh, layer {p.depth}: Xavier variance {xav_t.out_var[-1]:.3f} (mean-field "
        f"{xav_mf.var[-1]:.3f}), {xav_t.saturated[-1]:.1%} saturated; He {he_t.out_var[-1]:.3f} (fixed point "
        f"{he_mf.var[-1]:.3f}), {he_t.saturated[-1]:.1%} saturated (mean-field {he_mf.saturated[-1]:.1%})."
    )
    rows = []
    for init_name, _, torch_name, _ in PAIRS:
        for act_name in (relu, tanh):
            if (init_name, act_name) not in traces:
                continue
            t, mf = traces[init_name, act_name], theory.get((init_name, act_name))
            match = (init_name, act_name) in {("He", relu), ("Xavier", tanh)}
            rows.append(
                [
                    init_name,
                    torch_name,
                    act_name,
                    "yes" if match else "no",
                    p.width * float(np.mean(t.weight_ms)),
                    factor[init_name, act_name],
                    float(t.out_var[-1]),
                    None if mf is None else mf.var[-1],
                    None if mf is None else float(t.saturated[-1]),
                    None if mf is None else mf.saturated[-1],
                ]
            )
    tables = [
        table(
            f"After {counted(p.depth, 'layers')}, {counted(p.nets, 'nets')} of width {p.width}",
            [
                "init",
                "in torch",
                "activation",
                "matching",
                "fan_in·Var(W)",
                "pre-activation variance ×/layer",
                "last-layer variance",
                "last-layer variance (mean-field)",
                f"saturated (|tanh| > {SATURATED})",
                "saturated (mean-field)",
            ],
            rows,
        )
    ]
    chart = "Pre-activation variance per layer"
    out_series = [
        series(f"{i} + {a}", t.pre_ms.mean(axis=1), y_label="variance", chart=chart, log_y=True)
        for (i, a), t in traces.items()
    ]
    return Outcome(checks=checks, summary=summary, tables=tables, series=out_series)
