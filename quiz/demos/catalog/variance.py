"""Variance through depth: Glorot's tanh experiment, He vs Xavier in ReLU nets, and the four init × activation
pairs (cards 4, 5 and 15)."""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
from pydantic import Field, model_validator

from quiz.demos import initializers as init
from quiz.demos.base import DemoParams, Outcome, check, demo
from quiz.demos.catalog._common import he_normal, sci, series, table, xavier_normal
from quiz.demos.nets import (
    RELU,
    TANH,
    Activation,
    Array,
    InitFn,
    backprop_variances,
    forward_variances,
    layer_variances,
    make_weights,
    per_layer_ratio,
    propagate,
)

# "Roughly flat": a layer keeps at least 60 % and at most 1/0.6 of the previous layer's variance (geometric mean).
# "Shrinks": each layer keeps at most half (theory for Glorot's standard init: n·Var(W) = 1/3).
FLAT_LOW, FLAT_HIGH, SHRINK = 0.6, 1 / 0.6, 0.5


def _signal(
    init_fn: InitFn, act: Activation, depth: int, width: int, x: Array, g_out: Array, rng: np.random.Generator
) -> tuple[list[float], list[float], Array]:
    """Per-layer output variance, back-propagated gradient variance, and the last layer's output."""
    weights = make_weights(init_fn, [width] * (depth + 1), rng)
    trace = propagate(x, weights, act)
    return layer_variances(trace), backprop_variances(trace, weights, act, g_out), trace.a[-1]


# ---------------------------------------------------------------------------------------------------------------


class XavierParams(DemoParams):
    depth: int = Field(10, ge=2, le=40, description="number of tanh layers")
    width: int = Field(128, ge=8, le=256, description="units per layer (fan_in = fan_out)")
    batch: int = Field(256, ge=8, le=256, description="input samples, drawn from N(0, 1)")


def _standard(shape: tuple[int, ...], rng: np.random.Generator) -> Array:
    # Glorot's "standard" init U[−1/√n, 1/√n] (n·Var = 1/3) is exactly nn.Linear's default kaiming_uniform(a=√5).
    return init.kaiming_uniform(shape, a=math.sqrt(5), rng=rng)


def _xavier_uniform(shape: tuple[int, ...], rng: np.random.Generator) -> Array:
    return init.xavier_uniform(shape, rng=rng)


@demo(
    id="xavier",
    card=4,
    title="Xavier vs Glorot's standard init in a deep tanh net",
    claim="In a deep tanh net, Xavier init (Var = 2/(fan_in + fan_out)) keeps activation and back-propagated "
    "gradient variances roughly flat, while the standard U[−1/√n, 1/√n] init (n·Var = 1/3) shrinks both layer "
    "by layer.",
    params=XavierParams,
)
def xavier(p: XavierParams) -> Outcome:
    rng = np.random.default_rng(p.seed)
    x = rng.standard_normal((p.batch, p.width))
    g_out = rng.standard_normal((p.batch, p.width))
    results = {}
    for name, fn in (("Standard U[±1/√n]", _standard), ("Xavier", _xavier_uniform)):
        acts, grads, _ = _signal(fn, TANH, p.depth, p.width, x, g_out, rng)
        fwd = per_layer_ratio(acts)
        bwd = per_layer_ratio(grads[::-1])  # from the top layer down to the first
        results[name] = (acts, grads, fwd, bwd)
    std_a, std_g, std_f, std_b = results["Standard U[±1/√n]"]
    xav_a, xav_g, xav_f, xav_b = results["Xavier"]
    n_var = {"Standard U[±1/√n]": 1 / 3, "Xavier": 1.0}  # n·Var(W) with fan_in = fan_out = n
    checks = [
        check("Xavier activation variance ×/layer", xav_f, FLAT_LOW, FLAT_HIGH),
        check("Xavier gradient variance ×/layer (downward)", xav_b, FLAT_LOW, FLAT_HIGH),
        check("Standard activation variance ×/layer", std_f, 0, SHRINK),
        check("Standard gradient variance ×/layer (downward)", std_b, 0, SHRINK),
    ]
    summary = (
        f"Per layer, activation variance ×{xav_f:.2f} (Xavier) vs ×{std_f:.2f} (standard); gradient variance "
        f"×{xav_b:.2f} vs ×{std_b:.2f} going down. After {p.depth} layers: activations {sci(xav_a[-1])} vs "
        f"{sci(std_a[-1])}, first-layer gradients {sci(xav_g[0])} vs {sci(std_g[0])}."
    )
    tables = [
        table(
            "Per-layer factor (geometric mean)",
            ["init", "n·Var(W)", "activation variance ×", "gradient variance × (downward)"],
            [[name, n_var[name], r[2], r[3]] for name, r in results.items()],
        ),
        table(
            "Per-layer variance",
            ["layer", "activation (standard)", "activation (Xavier)", "gradient (standard)", "gradient (Xavier)"],
            [[i + 1, std_a[i], xav_a[i], std_g[i], xav_g[i]] for i in range(p.depth)],
        ),
    ]
    chart_a, chart_g = "Activation variance per layer (tanh)", "Back-propagated gradient variance per layer"
    out_series = [
        series("Standard", std_a, y_label="activation variance", chart=chart_a, log_y=True),
        series("Xavier", xav_a, y_label="activation variance", chart=chart_a, log_y=True),
        series("Standard (gradient)", std_g, y_label="gradient variance", chart=chart_g, log_y=True),
        series("Xavier (gradient)", xav_g, y_label="gradient variance", chart=chart_g, log_y=True),
    ]
    return Outcome(checks=checks, summary=summary, tables=tables, series=out_series)


# ---------------------------------------------------------------------------------------------------------------


# depth × nets × width × (width + batch) bounds the work (weights drawn plus multiply-adds): this many runs in
# about half a second on one core.
HE_VS_XAVIER_MAX_WORK = 36_000_000


class HeVsXavierParams(DemoParams):
    depth: int = Field(20, ge=2, le=60, description="number of ReLU layers")
    width: int = Field(128, ge=16, le=256, description="units per layer (fan_in = fan_out)")
    batch: int = Field(32, ge=4, le=256, description="input samples per net, drawn from N(0, 1)")
    nets: int = Field(8, ge=1, le=16, description="independent random nets; variances are over all of them")

    @model_validator(mode="after")
    def _bounded_work(self) -> HeVsXavierParams:
        work = self.depth * self.nets * self.width * (self.width + self.batch)
        if work > HE_VS_XAVIER_MAX_WORK:
            raise ValueError(
                f"depth × nets × width × (width + batch) = {work:,} is over {HE_VS_XAVIER_MAX_WORK:,}, the most "
                "that runs in well under a second; lower depth, nets, width or batch"
            )
        return self


# He holds the variance if each layer keeps it within ±20 %; Xavier "falls by about ½" if the factor is in [0.4, 0.6].
HE_LOW, HE_HIGH, HALF_LOW, HALF_HIGH = 0.8, 1.25, 0.4, 0.6


@demo(
    id="he-vs-xavier",
    card=5,
    title="He vs Xavier in a deep ReLU net",
    claim="In a deep ReLU net, Xavier init lets the activation variance fall by about ½ per layer, while He init "
    "(Var = 2/fan_in) holds it near constant.",
    params=HeVsXavierParams,
)
def he_vs_xavier(p: HeVsXavierParams) -> Outcome:
    # The theory is about the variance over random nets: one finite-width net's variance random-walks around it
    # (at width 128 a single net drifts by ×0.3–×3 over 20 layers), so the variances pool ``nets`` independent nets.
    rng = np.random.default_rng(p.seed)
    x = rng.standard_normal((p.nets, p.batch, p.width))
    shape = (p.width, p.width)

    def layers(draw: InitFn) -> Iterator[Array]:
        for _ in range(p.depth):
            yield np.stack([draw(shape, rng) for _ in range(p.nets)])

    he = forward_variances(x, layers(he_normal), RELU)
    xav = forward_variances(x, layers(xavier_normal), RELU)
    he_ratio, xav_ratio = per_layer_ratio(he), per_layer_ratio(xav)
    checks = [
        check("He variance ×/layer", he_ratio, HE_LOW, HE_HIGH),
        check("Xavier variance ×/layer", xav_ratio, HALF_LOW, HALF_HIGH),
    ]
    summary = (
        f"Per layer: He ×{he_ratio:.3f}, Xavier ×{xav_ratio:.3f} (theory 1 and ½), over {p.nets} random nets. "
        f"Last/first layer variance after {p.depth} layers: He {he[-1] / he[0]:.3g}, Xavier {xav[-1] / xav[0]:.3g} "
        f"(½^{p.depth - 1} = {0.5 ** (p.depth - 1):.3g})."
    )
    tables = [
        table(
            "Per-layer factor",
            ["init", "½·n·Var(W) (theory)", "measured factor", "last / first variance"],
            [["He", 1.0, he_ratio, he[-1] / he[0]], ["Xavier", 0.5, xav_ratio, xav[-1] / xav[0]]],
        ),
        table(
            "Activation variance per layer",
            ["layer", "He", "Xavier"],
            [[i + 1, he[i], xav[i]] for i in range(p.depth)],
        ),
    ]
    chart = "Activation variance per layer (ReLU)"
    out_series = [
        series("He", he, y_label="activation variance", chart=chart, log_y=True),
        series("Xavier", xav, y_label="activation variance", chart=chart, log_y=True),
    ]
    return Outcome(checks=checks, summary=summary, tables=tables, series=out_series)


# ---------------------------------------------------------------------------------------------------------------


class DefaultInitParams(DemoParams):
    depth: int = Field(20, ge=2, le=50, description="number of layers")
    width: int = Field(128, ge=16, le=256, description="units per layer")
    batch: int = Field(128, ge=16, le=256, description="input samples, drawn from N(0, 1)")


SATURATED = 0.9  # |tanh| above this: derivative below 0.19, the unit is saturated


@demo(
    id="default-init",
    card=15,
    title="{He, Xavier} × {ReLU, tanh}",
    claim="The matching pairs keep the signal: He with ReLU holds the variance flat and Xavier with tanh keeps it "
    "in tanh's unsaturated range; Xavier with ReLU halves it every layer and He with tanh drives more units into "
    "saturation.",
    params=DefaultInitParams,
)
def default_init(p: DefaultInitParams) -> Outcome:
    rng = np.random.default_rng(p.seed)
    x = rng.standard_normal((p.batch, p.width))
    g_out = rng.standard_normal((p.batch, p.width))
    rows = []
    stats: dict[tuple[str, str], tuple[float, float]] = {}
    out_series = []
    chart = "Activation variance per layer"
    for init_name, fn in (("He", he_normal), ("Xavier", xavier_normal)):
        for act in (RELU, TANH):
            acts, grads, last = _signal(fn, act, p.depth, p.width, x, g_out, rng)
            ratio = per_layer_ratio(acts)
            saturated = float(np.mean(np.abs(last) > SATURATED)) if act is TANH else float("nan")
            stats[init_name, act.name] = (ratio, saturated)
            match = (init_name, act.name) in {("He", "relu"), ("Xavier", "tanh")}
            rows.append(
                [
                    init_name,
                    act.name,
                    "yes" if match else "no",
                    ratio,
                    acts[-1] / acts[0],
                    grads[0] / grads[-1],
                    None if act is RELU else saturated,
                ]
            )
            out_series.append(
                series(f"{init_name} + {act.name}", acts, y_label="activation variance", chart=chart, log_y=True)
            )
    he_relu = stats["He", "relu"][0]
    xav_tanh, xav_tanh_sat = stats["Xavier", "tanh"]
    xav_relu = stats["Xavier", "relu"][0]
    he_tanh_sat = stats["He", "tanh"][1]
    checks = [
        check("He + ReLU variance ×/layer", he_relu, HE_LOW, HE_HIGH),
        check("Xavier + tanh variance ×/layer", xav_tanh, FLAT_LOW, FLAT_HIGH),
        check("saturated share, He + tanh minus Xavier + tanh", he_tanh_sat - xav_tanh_sat, 1e-9),
        check("Xavier + ReLU variance ×/layer", xav_relu, 0, HALF_HIGH),
    ]
    summary = (
        f"Per-layer variance factor: He+ReLU ×{he_relu:.2f}, Xavier+tanh ×{xav_tanh:.2f}, Xavier+ReLU ×{xav_relu:.2f}, "
        f"He+tanh ×{stats['He', 'tanh'][0]:.2f}. Saturated tanh units in the last layer: Xavier {xav_tanh_sat:.1%}, "
        f"He {he_tanh_sat:.1%}."
    )
    tables = [
        table(
            f"After {p.depth} layers",
            [
                "init",
                "activation",
                "matching",
                "variance factor per layer",
                "last / first variance",
                "gradient first / last layer",
                f"saturated (|tanh| > {SATURATED})",
            ],
            rows,
        )
    ]
    return Outcome(checks=checks, summary=summary, tables=tables, series=out_series)
