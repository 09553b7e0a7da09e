"""Fans: what fan_in and fan_out are for dense, conv, grouped, depthwise and transposed-conv weights, and why a conv's
fan_in includes the kernel (cards 3 and 13).

Bands: fans are exact; a measured std is held to 5 standard errors of its sample (1/√(2N) for N normal draws,
``_stats.std_band``); a conv stack's per-layer factor to theory ± 5 seed-to-seed sds measured over seeds 0–29 at the
defaults. Weights come from ``quiz.demos.initializers`` and fans from its ``fan_in_and_fan_out``, looked up when the
demo runs, so a wrong fan or initializer swapped in there changes the verdict.
"""

from __future__ import annotations

import math

import numpy as np
from pydantic import Field, model_validator

from quiz.demos import initializers as init
from quiz.demos import nets
from quiz.demos.base import Check, DemoParams, Outcome, check, demo
from quiz.demos.catalog._common import counted, series, table
from quiz.demos.catalog._stats import (
    pooled_draws,
    positive_band,
    separation,
    share_band,
    spread,
    std_band,
    weight_check,
)
from quiz.demos.nets import Array

MIN_SAMPLES = 1 << 16  # a std is measured over at least this many draws …
MAX_DRAWS = 4096  # … drawing a small weight again up to this many times (a one-element weight: 4,096 draws, ±5.5 %)


class FanParams(DemoParams):
    in_features: int = Field(512, ge=1, le=1024, description="dense layer inputs")
    out_features: int = Field(256, ge=1, le=1024, description="dense layer outputs")
    in_channels: int = Field(64, ge=1, le=128, description="conv input channels")
    out_channels: int = Field(128, ge=1, le=128, description="conv output channels")
    kernel: int = Field(3, ge=1, le=5, description="conv kernel size (k, k×k or k×k×k)")
    groups: int = Field(4, ge=1, le=128, description="groups of the grouped convs (divides both channel counts)")

    @model_validator(mode="after")
    def _groups_divide(self) -> FanParams:
        if self.in_channels % self.groups or self.out_channels % self.groups:
            raise ValueError(
                f"groups={self.groups} must divide in_channels={self.in_channels} and "
                f"out_channels={self.out_channels} (as in torch's Conv2d)"
            )
        return self


def fan_layers(p: FanParams) -> list[tuple[str, tuple[int, ...], int, int]]:
    """(layer, its torch weight shape, fan_in and fan_out as torch computes them from the layer's own sizes).

    torch's rule is ``fan_in = shape[1]·∏kernel``, ``fan_out = shape[0]·∏kernel``. A grouped conv's weight is
    ``(out, in/groups, k, k)``: each output sees in/groups channels, so fan_in = in/groups·k²; fan_out stays out·k²
    (torch counts every output channel, though each input feeds only out/groups of them). Depthwise is groups = in.
    A transposed conv stores ``(in, out/groups, k, k)``, so its fans come out swapped: fan_in = out/groups·k²,
    fan_out = in·k²."""
    fi, fo, ci, co, k, g = p.in_features, p.out_features, p.in_channels, p.out_channels, p.kernel, p.groups
    return [
        ("Linear", (fo, fi), fi, fo),
        ("Conv1d", (co, ci, k), ci * k, co * k),
        ("Conv2d", (co, ci, k, k), ci * k * k, co * k * k),
        ("Conv3d", (co, ci, k, k, k), ci * k**3, co * k**3),
        (f"Conv2d, groups={g}", (co, ci // g, k, k), ci // g * k * k, co * k * k),
        (f"Conv2d depthwise (groups={ci})", (ci, 1, k, k), k * k, ci * k * k),
        ("ConvTranspose2d", (ci, co, k, k), co * k * k, ci * k * k),
        (f"ConvTranspose2d, groups={g}", (ci, co // g, k, k), co // g * k * k, ci * k * k),
    ]


def _he(shape: tuple[int, ...], rng: np.random.Generator) -> Array:
    return init.kaiming_normal(shape, nonlinearity="relu", rng=rng)


def _xavier(shape: tuple[int, ...], rng: np.random.Generator) -> Array:
    return init.xavier_normal(shape, rng=rng)


@demo(
    id="fan-in-out",
    card=3,
    title="fan_in and fan_out of dense, conv, grouped and transposed weights",
    claim="For a weight of shape (out, in, *kernel), fan_in = in·∏kernel and fan_out = out·∏kernel: a grouped conv's "
    "(out, in/groups, k, k) weight has fan_in = in/groups·k² (depthwise: k²), and a transposed conv's "
    "(in, out/groups, k, k) weight gets its fans swapped. He init then draws std √(2/fan_in) and Xavier "
    "√(2/(fan_in + fan_out)), each measured over 65,536 values or more (a small weight is drawn again, up to 4,096 "
    "times).",
    params=FanParams,
)
def fan_in_out(p: FanParams) -> Outcome:
    rng = np.random.default_rng(p.seed)
    rows: list[list[object]] = []
    fans_in: list[float] = []
    fans_out: list[float] = []
    checks: list[Check] = []
    worst = {"He": 0.0, "Xavier": 0.0}
    tolerance = {"He": 0.0, "Xavier": 0.0}
    for name, shape, want_in, want_out in fan_layers(p):
        got_in, got_out = init.fan_in_and_fan_out(shape)
        fans_in.append(got_in)
        fans_out.append(got_out)
        checks.append(
            check(
                f"{name} {'×'.join(map(str, shape))}: fans off by",
                abs(got_in - want_in) + abs(got_out - want_out),
                0,
                0,
            )
        )
        stds = {}
        for scheme, draw, want in (
            ("He", _he, math.sqrt(2.0 / want_in)),
            ("Xavier", _xavier, math.sqrt(2.0 / (want_in + want_out))),
        ):
            # A small weight is drawn again (up to 4,096 times) so its std rests on ≥ 65,536 draws, not one.
            sample = pooled_draws(draw, shape, rng, MIN_SAMPLES, MAX_DRAWS)
            measured = float(sample.std())
            stds[scheme] = (want, measured, sample.size)
            worst[scheme] = max(worst[scheme], abs(measured / want - 1))
            tolerance[scheme] = max(tolerance[scheme], std_band(sample.size)[1] - 1)
        rows.append(
            [
                name,
                "×".join(map(str, shape)),
                got_in,
                got_out,
                want_in,
                want_out,
                stds["He"][0],
                stds["He"][1],
                stds["Xavier"][0],
                stds["Xavier"][1],
                stds["He"][2],
            ]
        )
    checks += [
        check("He std vs √(2/fan_in): worst relative error", worst["He"], None, tolerance["He"]),
        check(
            "Xavier std vs √(2/(fan_in + fan_out)): worst relative error", worst["Xavier"], None, tolerance["Xavier"]
        ),
    ]
    fi, fo, ci, co, k, g = p.in_features, p.out_features, p.in_channels, p.out_channels, p.kernel, p.groups
    summary = (
        f"Linear {fo}×{fi}: fan_in {fi}, fan_out {fo}, He std {rows[0][6]:.4g}. Conv2d {co}×{ci}×{k}×{k}: fan_in "
        f"{ci}·{k}·{k} = {ci * k * k}, fan_out {co * k * k}, He std {rows[2][6]:.4g}. Grouped (groups={g}): fan_in "
        f"{ci // g}·{k}·{k} = {ci // g * k * k}; depthwise: {k * k}. ConvTranspose2d({ci}, {co}): weight "
        f"{ci}×{co}×{k}×{k}, fan_in {co * k * k}, fan_out {ci * k * k} (swapped). Measured stds within "
        f"{max(worst.values()):.2%} of the formulas."
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
                "He std measured",
                "Xavier std √(2/(fan_in+fan_out))",
                "Xavier std measured",
                "draws",
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
    kernel: int = Field(3, ge=2, le=5, description="kernel size k (k×k); a 1×1 kernel has no k·k to forget")
    layers: int = Field(4, ge=2, le=6, description="conv + ReLU layers")
    nets: int = Field(8, ge=1, le=16, description="independent conv stacks; statistics pool them")
    batch: int = Field(4, ge=1, le=8, description="input images per stack, drawn from N(0, 1)")
    size: int = Field(6, ge=5, le=16, description="image height and width (circular padding keeps it)")

    @model_validator(mode="after")
    def _bounded_work(self) -> ConvFanInParams:
        work = self.nets * self.layers * self.channels**2 * self.size**2 * (self.batch + self.kernel**2)
        if work > CONV_MAX_WORK:
            raise ValueError(
                f"nets × layers × channels² × size² × (batch + kernel²) = {work:,} is over {CONV_MAX_WORK:,}, the most "
                "that runs in well under a second; lower nets, layers, channels, size, batch or kernel"
            )
        return self


CONV_MAX_WORK = 60_000_000


# Seed-to-seed sds at the defaults (32 channels, 3×3, 4 layers, 8 stacks of 4 images of 6×6), relative, measured over
# seeds 0–29: the per-layer factor of the mean square forward 4 % and of the gradient backward 1.7 %. The forward one
# is dominated by each channel's mean (a ReLU output is positive), which a conv mixes like a dense layer of width
# C_out, so both scale with 1/√(channels·stacks·(layers − 1)). He drawn 10 % too wide gives
# ×1.21 a layer, a fan without the kernel ×k² = 9.
SD_CONV_FORWARD = 0.04
SD_CONV_BACKWARD = 0.017
SD_CONV_ZEROS = 0.009  # the share of zero ReLU outputs (absolute): leaky ReLU in place of ReLU zeroes none
CONV_SAMPLES = 32 * 8 * 3


def _pad(a: Array, lo: int, hi: int) -> Array:
    out: Array = np.pad(a, ((0, 0), (0, 0), (lo, hi), (lo, hi)), mode="wrap")
    return out


def kernel_spectrum(w: Array, s: int) -> Array:
    """The 2-D real DFT (``np.fft.rfft2`` layout, ``(…, s, s // 2 + 1)``) of each k×k kernel of ``w (…, k, k)``
    placed on an s×s circle with tap (u, v) at ((u − lo) mod s, (v − lo) mod s), lo = (k − 1) // 2: a sum over the
    k² taps, two small matrix products instead of an FFT of a mostly-zero image."""
    k = w.shape[-1]
    offsets = np.arange(k) - (k - 1) // 2
    rows = np.exp(-2j * np.pi * np.outer(offsets, np.arange(s)) / s)  # (k, s)
    cols = np.exp(-2j * np.pi * np.outer(offsets, np.arange(s // 2 + 1)) / s)  # (k, s//2 + 1)
    lead = w.shape[:-2]
    flat = w.reshape(-1, k, k)  # (N, u, v)
    half = (flat.reshape(-1, k) @ cols).reshape(-1, k, cols.shape[1])  # Σ_v: (N, u, g)
    full = (half.transpose(0, 2, 1).reshape(-1, k) @ rows).reshape(-1, cols.shape[1], s)  # Σ_u: (N, g, f)
    spectrum: Array = full.transpose(0, 2, 1).reshape(*lead, s, cols.shape[1])
    return spectrum


def circular_conv(x: Array, spectrum: Array) -> Array:
    """``nets.conv2d`` of ``x`` padded circularly (stride 1, the size kept), for stacks of nets at once: ``x (nets,
    batch, c_in, s, s)`` and the kernels' :func:`kernel_spectrum` ``(nets, c_out, c_in, s, s//2 + 1)`` →
    ``(nets, batch, c_out, s, s)``. A circular cross-correlation is a product in the Fourier domain: exact, and
    much faster than im2col for these small images (a test checks it against ``nets.conv2d`` of the wrapped input)."""
    s = x.shape[-1]
    # Per frequency, a (batch, c_in) @ (c_in, c_out) product: a batched matmul over (nets, u, v).
    xf = np.fft.rfft2(x).transpose(0, 3, 4, 1, 2)
    kf = np.conj(spectrum).transpose(0, 3, 4, 2, 1)
    out: Array = np.fft.irfft2((xf @ kf).transpose(0, 3, 4, 1, 2), s=(s, s))
    return out


def circular_conv_adjoint(g: Array, spectrum: Array) -> Array:
    """The adjoint of :func:`circular_conv` (the gradient with respect to its input): ``g (nets, batch, c_out, s,
    s)`` → ``(nets, batch, c_in, s, s)``."""
    s = g.shape[-1]
    gf = np.fft.rfft2(g).transpose(0, 3, 4, 1, 2)
    kf = spectrum.transpose(0, 3, 4, 1, 2)
    out: Array = np.fft.irfft2((gf @ kf).transpose(0, 3, 4, 1, 2), s=(s, s))
    return out


def _conv_stack(x: Array, weights: list[Array], g_top: Array) -> tuple[Array, Array, float]:
    """Conv + ReLU layers with circular padding on stacks of nets (``x (nets, batch, c, s, s)``, each weight
    ``(nets, c, c, k, k)``). Returns the mean square of each layer's pre-activations per net ``(layers, nets)``, and
    of the back-propagated gradient at each layer's output ``(layers + 1, nets)`` (row 0 = the input, row L =
    ``g_top``), and the share of ReLU outputs that are exactly 0."""
    axes = (1, 2, 3, 4)
    spectra = [kernel_spectrum(w, x.shape[-1]) for w in weights]
    pre, zs, zeros = [], [], []
    a = x
    for spectrum in spectra:
        z = circular_conv(a, spectrum)
        zs.append(z)
        pre.append(np.mean(z * z, axis=axes))
        a = nets.RELU.f(z)
        zeros.append(float(np.mean(a == 0.0)))
    grads = [np.mean(g_top * g_top, axis=axes)]
    g = g_top
    for spectrum, z in zip(reversed(spectra), reversed(zs), strict=True):
        g = circular_conv_adjoint(g * nets.RELU.df(z), spectrum)
        grads.append(np.mean(g * g, axis=axes))
    grads.reverse()
    return np.array(pre), np.array(grads), float(np.mean(zeros))


def _per_layer(values: list[float]) -> float:
    """Mean of the layer-to-layer ratios of ``values``."""
    v = np.asarray(values)
    return float(np.mean(v[1:] / v[:-1]))


@demo(
    id="conv-fan-in",
    card=13,
    title="A conv layer's fan_in is k_h·k_w·C_in",
    claim="A k×k conv's weight (C_out, C_in, k, k) has fan_in = k_h·k_w·C_in. In a stack of conv + ReLU layers, He "
    "init with that fan_in keeps the mean square of the signal forward and of the gradient backward (×1 a layer), "
    "while He drawn as if each of the k·k taps were a dense C_in → C_out layer (fan_in = C_in) makes both grow "
    "×k_h·k_w a layer.",
    params=ConvFanInParams,
)
def conv_fan_in(p: ConvFanInParams) -> Outcome:
    rng = np.random.default_rng(p.seed)
    c, k = p.channels, p.kernel
    shape = (c, c, k, k)
    x = rng.standard_normal((p.nets, p.batch, c, p.size, p.size))
    g_top = rng.standard_normal((p.nets, p.batch, c, p.size, p.size))
    right = [
        np.stack([init.kaiming_normal(shape, nonlinearity="relu", rng=rng) for _ in range(p.nets)])
        for _ in range(p.layers)
    ]
    # The mistake, drawn through the initializer: every tap initialised as its own dense (C_out, C_in) layer, so He
    # divides by fan_in = C_in. An independent draw, not the right weights rescaled.
    wrong = [
        np.stack([init.kaiming_normal((c, c), nonlinearity="relu", rng=rng) for _ in range(p.nets * k * k)], axis=-1)
        .reshape(c, c, p.nets, k, k)
        .transpose(2, 0, 1, 3, 4)
        for _ in range(p.layers)
    ]
    wrong_std = float(np.std(wrong))
    # Per layer, the mean square pooled over the stacks.
    ms_r, gs_r, zeros = _conv_stack(x, right, g_top)
    ms_w, gs_w, _ = _conv_stack(x, wrong, g_top)
    pre_r, pre_w = list(ms_r.mean(axis=1)), list(ms_w.mean(axis=1))
    grad_r, grad_w = list(gs_r.mean(axis=1)), list(gs_w.mean(axis=1))
    fan_in = init.fan_in_and_fan_out(shape)[0]
    f_right, f_wrong = _per_layer(pre_r), _per_layer(pre_w)
    b_right, b_wrong = _per_layer(grad_r[::-1]), _per_layer(grad_w[::-1])
    samples = c * p.nets * (p.layers - 1)
    sd_f = spread(SD_CONV_FORWARD, CONV_SAMPLES, samples)
    sd_b = spread(SD_CONV_BACKWARD, CONV_SAMPLES, samples)
    kk = k * k
    drawn = p.nets * p.layers * c * c * kk
    he_w = weight_check("He: fan_in·Var(W), fan_in = k·k·C_in", float(np.mean(np.square(right))), kk * c, 2.0, drawn)
    zeros_check = check(
        "ReLU: share of outputs that are 0", zeros, *share_band(0.5, spread(SD_CONV_ZEROS, CONV_SAMPLES, samples))
    )
    forward = check("fan_in = k·k·C_in: mean square ×/layer", f_right, *positive_band(1.0, sd_f))
    backward = check("fan_in = k·k·C_in: gradient ×/layer (down)", b_right, *positive_band(1.0, sd_b))
    forward_wrong = check("fan_in = C_in: mean square ×/layer", f_wrong, *positive_band(kk, kk * sd_f))
    backward_wrong = check("fan_in = C_in: gradient ×/layer (down)", b_wrong, *positive_band(kk, kk * sd_b))
    checks = [
        check("fan_in_and_fan_out: fan_in of (C, C, k, k)", fan_in, kk * c, kk * c),
        he_w,
        zeros_check,
        forward,
        backward,
        forward_wrong,
        backward_wrong,
        # Can this run tell the science from its wrong versions? (Too few channels × stacks × layers cannot.)
        separation(f"the kernel forgotten (×{kk})", forward, kk),
        separation(f"the kernel forgotten (×{kk})", backward, kk),
        separation("the kernel kept (×1)", forward_wrong, 1.0),
        separation("He 10 % too wide", he_w, 2.0 * 1.1**2),
        separation("leaky ReLU (no output 0)", zeros_check, 0.0, log=False),
    ]
    ref_fan = init.fan_in_and_fan_out((128, 64, 3, 3))[0]
    summary = (
        f"{k}×{k} conv, {counted(c, 'channels')}: fan_in {fan_in} → mean square ×{f_right:.3f} a layer forward, "
        "gradient "
        f"×{b_right:.3f} backward; fan_in {c} (C_in alone) → ×{f_wrong:.3g} and ×{b_wrong:.3g} (k² = {kk}). After "
        f"{counted(p.layers, 'layers')}: {pre_r[-1] / pre_r[0]:.3g} vs {pre_w[-1] / pre_w[0]:.3g} times layer 1's."
    )
    tables = [
        table(
            "He std by fan_in",
            ["fan_in used", "value", "He std √(2/fan_in)", "measured std", "forward ×/layer", "backward ×/layer"],
            [
                [f"k·k·C_in = {k}·{k}·{c}", fan_in, math.sqrt(2 / fan_in), float(np.std(right)), f_right, b_right],
                [f"C_in = {c}", c, math.sqrt(2 / c), wrong_std, f_wrong, b_wrong],
                ["reference: 3×3 conv, 64 inputs", ref_fan, math.sqrt(2 / ref_fan), None, None, None],
            ],
        ),
        table(
            "Mean square of each layer's pre-activations, and of the gradient at its output",
            ["layer", "forward, k·k·C_in", "forward, C_in", "gradient, k·k·C_in", "gradient, C_in"],
            [[i + 1, pre_r[i], pre_w[i], grad_r[i + 1], grad_w[i + 1]] for i in range(p.layers)],
        ),
    ]
    chart = "Mean square of the pre-activations per conv layer"
    out_series = [
        series("fan_in = k·k·C_in", pre_r, y_label="mean square", chart=chart, log_y=True),
        series("fan_in = C_in", pre_w, y_label="mean square", chart=chart, log_y=True),
        series("gradient, k·k·C_in", grad_r[1:], y_label="mean square", chart="Gradient per conv layer", log_y=True),
        series("gradient, C_in", grad_w[1:], y_label="mean square", chart="Gradient per conv layer", log_y=True),
    ]
    return Outcome(checks=checks, summary=summary, tables=tables, series=out_series)
