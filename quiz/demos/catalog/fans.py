"""Fans: what fan_in and fan_out are for dense and conv weights, and why a conv's fan_in includes the kernel
(cards 3 and 13)."""

from __future__ import annotations

import math

import numpy as np
from pydantic import Field

from quiz.demos import initializers as init
from quiz.demos.base import DemoParams, Outcome, check, demo
from quiz.demos.catalog._common import series, table
from quiz.demos.nets import Array, conv2d


def std_band(size: int) -> tuple[float, float]:
    """The band for measured / expected std of ``size`` normal draws: 5 standard errors (relative s.e. 1/√(2N))."""
    tolerance = 5.0 / math.sqrt(2.0 * size)
    return 1.0 - tolerance, 1.0 + tolerance


def std_matches(sample: Array, expected: float) -> bool:
    """The sample's std is within 5 standard errors of ``expected``."""
    low, high = std_band(sample.size)
    return low <= float(sample.std()) / expected <= high


class FanParams(DemoParams):
    in_features: int = Field(512, ge=1, le=2048, description="dense layer inputs")
    out_features: int = Field(256, ge=1, le=2048, description="dense layer outputs")
    in_channels: int = Field(64, ge=1, le=128, description="conv input channels")
    out_channels: int = Field(128, ge=1, le=128, description="conv output channels")
    kernel: int = Field(3, ge=1, le=5, description="conv kernel size (k, k×k or k×k×k)")


@demo(
    id="fan-in-out",
    card=3,
    title="fan_in and fan_out of dense and conv weights",
    claim="For a weight of shape (out, in, *kernel), fan_in = in·∏kernel and fan_out = out·∏kernel (a transposed "
    "conv's (in, out, *kernel) weight gets them swapped), and He init draws with std √(2/fan_in).",
    params=FanParams,
)
def fan_in_out(p: FanParams) -> Outcome:
    rng = np.random.default_rng(p.seed)
    fi, fo, ci, co, k = p.in_features, p.out_features, p.in_channels, p.out_channels, p.kernel
    # (layer, weight shape, fan_in and fan_out from the layer's own sizes)
    layers: list[tuple[str, tuple[int, ...], int, int]] = [
        ("Linear", (fo, fi), fi, fo),
        ("Conv1d", (co, ci, k), ci * k, co * k),
        ("Conv2d", (co, ci, k, k), ci * k * k, co * k * k),
        ("Conv3d", (co, ci, k, k, k), ci * k**3, co * k**3),
        ("ConvTranspose2d (weight is (in, out, k, k))", (ci, co, k, k), co * k * k, ci * k * k),
    ]
    rows: list[list[object]] = []
    fans_in: list[float] = []
    fans_out: list[float] = []
    checks = []
    for name, shape, want_in, want_out in layers:
        got_in, got_out = init.fan_in_and_fan_out(shape)
        fans_in.append(got_in)
        fans_out.append(got_out)
        he_std = math.sqrt(2.0 / want_in)
        sample = init.kaiming_normal(shape, nonlinearity="relu", rng=rng)
        ok = (got_in, got_out) == (want_in, want_out) and std_matches(sample, he_std)
        checks += [
            check(f"{name}: fan_in − expected", got_in - want_in, 0, 0),
            check(f"{name}: fan_out − expected", got_out - want_out, 0, 0),
            check(f"{name}: measured / He std", float(sample.std()) / he_std, *std_band(sample.size)),
        ]
        rows.append(
            [
                name,
                "×".join(map(str, shape)),
                got_in,
                got_out,
                want_in,
                want_out,
                he_std,
                float(sample.std()),
                math.sqrt(2.0 / (want_in + want_out)),
                ok,
            ]
        )
    dense_std, conv_std = rows[0][6], rows[2][6]
    summary = (
        f"Linear {fo}×{fi}: fan_in {fi}, fan_out {fo}, He std {dense_std:.4g}. Conv2d {co}×{ci}×{k}×{k}: fan_in "
        f"{ci}·{k}·{k} = {ci * k * k}, fan_out {co * k * k}, He std {conv_std:.4g}."
    )
    tables = [
        table(
            "Fans from initializers.fan_in_and_fan_out",
            [
                "layer",
                "weight shape",
                "fan_in",
                "fan_out",
                "expected fan_in",
                "expected fan_out",
                "He std √(2/fan_in)",
                "measured std",
                "Xavier std",
                "ok",
            ],
            rows,
        )
    ]
    chart = "Fans per layer"
    out_series = [
        series("fan_in", fans_in, x_label="layer (table row)", y_label="fan", chart=chart, log_y=True),
        series("fan_out", fans_out, x_label="layer (table row)", y_label="fan", chart=chart, log_y=True),
    ]
    return Outcome(checks=checks, summary=summary, tables=tables, series=out_series)


# ---------------------------------------------------------------------------------------------------------------


class ConvFanInParams(DemoParams):
    channels: int = Field(32, ge=1, le=48, description="input and output channels of every conv layer")
    kernel: int = Field(3, ge=1, le=5, description="kernel size k (k×k)")
    layers: int = Field(4, ge=1, le=6, description="conv + ReLU layers")
    batch: int = Field(8, ge=1, le=8, description="input images, drawn from N(0, 1)")
    size: int = Field(16, ge=4, le=20, description="image height and width (circular padding keeps it)")


# Kept: each layer keeps the mean square within a factor 1.5. Grows: the factor per layer is closer to k² than to 1
# on a log scale (above k). With a few channels the per-layer factor is noisy, hence the wide band.
KEPT_LOW, KEPT_HIGH = 1 / 1.5, 1.5


def _conv_stack(x: Array, weights: list[Array]) -> list[float]:
    """Mean square of the input and of each conv + ReLU layer's output (circular padding, stride 1)."""
    k = weights[0].shape[-1]
    lo, hi = (k - 1) // 2, k // 2
    out = [float(np.mean(x * x))]
    a = x
    for w in weights:
        padded = np.pad(a, ((0, 0), (0, 0), (lo, hi), (lo, hi)), mode="wrap")
        a = np.maximum(conv2d(padded, w), 0.0)
        out.append(float(np.mean(a * a)))
    return out


@demo(
    id="conv-fan-in",
    card=13,
    title="A conv layer's fan_in is k_h·k_w·C_in",
    claim="In a stack of conv + ReLU layers, He init with fan_in = k_h·k_w·C_in keeps the signal's mean square "
    "layer after layer; using C_in alone makes it grow by about k_h·k_w per layer.",
    params=ConvFanInParams,
)
def conv_fan_in(p: ConvFanInParams) -> Outcome:
    rng = np.random.default_rng(p.seed)
    c, k = p.channels, p.kernel
    x = rng.standard_normal((p.batch, c, p.size, p.size))
    shape = (c, c, k, k)
    right = [init.kaiming_normal(shape, nonlinearity="relu", rng=rng) for _ in range(p.layers)]
    wrong = [w * k for w in right]  # std √(2/C_in) = k · √(2/(C_in·k²)): the same draw, fan_in without the kernel
    ms_right, ms_wrong = _conv_stack(x, right), _conv_stack(x, wrong)
    f_right, f_wrong = (float(np.exp(np.log(m[-1] / m[0]) / p.layers)) for m in (ms_right, ms_wrong))
    checks = [
        check("fan_in = k·k·C_in: mean square ×/layer", f_right, KEPT_LOW, KEPT_HIGH),
        check("fan_in = C_in: mean square ×/layer", f_wrong, k + 1e-9),
    ]
    fan_in = init.fan_in_and_fan_out(shape)[0]
    ref_fan = init.fan_in_and_fan_out((128, 64, 3, 3))[0]
    summary = (
        f"{k}×{k} conv, {c} channels: fan_in {fan_in} → mean square ×{f_right:.3f} per layer; "
        f"fan_in {c} (C_in alone) → ×{f_wrong:.3g} per layer (k² = {k * k}). "
        f"After {p.layers} layers: {ms_right[-1]:.3g} vs {ms_wrong[-1]:.3g}."
    )
    tables = [
        table(
            "He std by fan_in",
            ["fan_in used", "value", "He std √(2/fan_in)", "measured std", "factor per layer"],
            [
                [f"k·k·C_in = {k}·{k}·{c}", fan_in, math.sqrt(2 / fan_in), float(np.std(right)), f_right],
                [f"C_in = {c}", c, math.sqrt(2 / c), float(np.std(wrong)), f_wrong],
                ["reference: 3×3 conv, 64 inputs", ref_fan, math.sqrt(2 / ref_fan), None, None],
            ],
        ),
        table(
            "Mean square of each layer's output",
            ["layer", "fan_in = k·k·C_in", "fan_in = C_in"],
            [[i, ms_right[i], ms_wrong[i]] for i in range(p.layers + 1)],
        ),
    ]
    chart = "Mean square per conv layer (0 = input)"
    xs = list(range(p.layers + 1))
    out_series = [
        series("fan_in = k·k·C_in", ms_right, x=xs, y_label="mean square", chart=chart, log_y=True),
        series("fan_in = C_in", ms_wrong, x=xs, y_label="mean square", chart=chart, log_y=True),
    ]
    return Outcome(checks=checks, summary=summary, tables=tables, series=out_series)
