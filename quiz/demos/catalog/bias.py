"""Bias init: zero biases, and what a small positive bias does (and does not do) for ReLU units (card 2)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from pydantic import Field

from quiz.demos import initializers as init
from quiz.demos import nets
from quiz.demos.base import DemoParams, Outcome, check, demo
from quiz.demos.catalog._common import counted, he_normal, series, table
from quiz.demos.nets import Array, bce_logits, circles, mlp, train
from quiz.demos.units import distinct_hidden_units


class BiasInitParams(DemoParams):
    bias: float = Field(0.1, gt=0.0, le=1.0, description="the small positive bias to compare with zero")
    depth: int = Field(10, ge=4, le=30, description="ReLU layers (dead units appear with depth)")
    width: int = Field(128, ge=16, le=256, description="units per layer")
    inputs: int = Field(64, ge=8, le=256, description="input features (layer 1 is width × inputs: fan_in ≠ fan_out)")
    batch: int = Field(256, ge=32, le=512, description="input samples, drawn from N(0, 1): the data a unit is dead on")
    small_scale: float = Field(0.1, gt=0.0, le=1.0, description="the weight scale, × He's std, where b ≫ σ_z")
    steps: int = Field(20, ge=1, le=500, description="training steps for the symmetry check (zero biases)")


def _relu_stats(x: Array, weights: Sequence[Array], bias: float) -> tuple[Array, Array, float]:
    """Per layer of ``a = relu(a @ Wᵀ + b)``: the share of outputs that are 0 ("inactive": for ReLU, z ≤ 0) and
    the share of units that are 0 on every input ("dead"); and the first layer's pre-activation std."""
    inactive, dead = np.empty(len(weights)), np.empty(len(weights))
    a, first_std = x, 0.0
    for i, w in enumerate(weights):
        z = a @ w.T + bias
        if i == 0:
            first_std = float(np.sqrt(np.mean((z - bias) ** 2)))
        a = nets.RELU.f(z)
        # Counted on the outputs, not the pre-activations: a leaky unit below 0 on every input is not dead (its
        # outputs, and its gradients, are a·z ≠ 0). For ReLU, a = 0 exactly when z ≤ 0.
        off = a == 0.0
        inactive[i], dead[i] = off.mean(), off.all(axis=0).mean()
    return inactive, dead, first_std


def normal_cdf(v: float) -> float:
    return 0.5 * (1.0 + math.erf(v / math.sqrt(2.0))) if math.isfinite(v) else math.nan


def _phi(bias: float, sigma: float) -> float:
    """Φ(−b/σ_z): the share of N(b, σ_z²) at or below 0 (NaN when σ_z is 0: nothing to compare)."""
    return normal_cdf(-bias / sigma) if sigma > 0 else math.nan


# Bands (theory, then the seed sweep 0–29 at the defaults; tests/test_demos_symmetry.py):
# - bias 0: a pre-activation W·a has a symmetric distribution (W's is), so about half the outputs are inactive at any
#   init scale (ReLU is positively homogeneous: scaling W changes no sign). Measured mean over layers 0.4996 ± 0.009
#   (0.469–0.531 over seeds 0–89); band 0.46–0.54.
# - layer 1 (64 unit-variance inputs into 128 units): He gives Var(z) = fan_in · 2/fan_in · 1 = 2, σ_z = √2 (measured
#   ±0.9 %, extremes −3.4 % and +1.8 % over seeds 0–89; band ±4 %). Xavier's 2/(fan_in + fan_out) gives 0.82, He
#   with fan_out 1, He drawn 10 % too wide 1.56.
# - layer 1 with bias b: z ~ N(b, σ_z²) so the inactive share is Φ(−b/σ_z) = 0.472 at b = 0.1 (measured 0.4717 ±
#   0.0027 against Φ of the measured σ_z: band ±0.008, 3σ).
# - dead units (0 on every input): none at layer 1 (a unit's pre-activations over N(0, 1) inputs are symmetric), more
#   with depth as the inputs' representations grow correlated: at layer 10 of 128 units, measured 4.7–20 % (band
#   ≥ 2 %). A positive bias adds the same component to every input, which raises that correlation: the dead share
#   over layers, bias b minus bias 0, measured +0.003 to +0.014 (band ≥ 0: it does not reduce them).
# - weights at 0.1× He: σ_z = 0.14 at layer 1 and shrinking, so b = 0.1 dominates and every unit fires by the last
#   layer: inactive share measured 0.000 (band ≤ 0.01).
HALF_BAND = 0.04
SIGMA_BAND = 0.04
PHI_BAND = 0.008
DEAD_AT_DEPTH = 0.02
AWAKE = 0.01


@demo(
    id="bias-init",
    card=2,
    title="Bias init: zeros are fine; what a small positive bias does for ReLUs",
    claim='With zero biases about half of all ReLU outputs are 0 at init ("inactive"), whatever the weight scale; a '
    "dead unit, 0 on every input, is rarer and appears with depth. Under He init a small positive bias b lowers the "
    "inactive share only to Φ(−b/σ_z) at layer 1 (σ_z = √2: 47 % at b = 0.1) and does not reduce dead units at "
    "depth; it wakes the units only when b is large against the pre-activation std σ_z (weights at 0.1× He). Zero "
    "biases do not stop random weights from breaking symmetry.",
    params=BiasInitParams,
)
def bias_init(p: BiasInitParams) -> Outcome:
    rng = np.random.default_rng(p.seed)
    x = rng.standard_normal((p.batch, p.inputs))
    shapes = [(p.width, p.inputs)] + [(p.width, p.width)] * (p.depth - 1)
    he = [init.kaiming_normal(shape, nonlinearity="relu", rng=rng) for shape in shapes]
    small = [p.small_scale * w for w in he]
    runs = {
        ("He", 0.0): _relu_stats(x, he, 0.0),
        ("He", p.bias): _relu_stats(x, he, p.bias),
        (f"{p.small_scale:g}× He", 0.0): _relu_stats(x, small, 0.0),
        (f"{p.small_scale:g}× He", p.bias): _relu_stats(x, small, p.bias),
    }
    he0, heb = runs["He", 0.0], runs["He", p.bias]
    small_b = runs[f"{p.small_scale:g}× He", p.bias]
    sigma = heb[2]
    phi = _phi(p.bias, sigma)

    # Zero biases, random weights: train the two-circles MLP and count distinct hidden units and biases.
    cx, cy = circles(200, rng)
    net = mlp([2, 8, 8, 1], nets.RELU, rng, he_normal, bias=0.0)
    train(net, cx, cy, steps=p.steps, lr=0.5, loss=bce_logits)
    units = distinct_hidden_units(net)
    biases = min(int(np.unique(b).size) for b in net.biases[:-1])

    checks = [
        check("bias 0: inactive share (mean over layers)", he0[0].mean(), 0.5 - HALF_BAND, 0.5 + HALF_BAND),
        check(
            "He, layer 1: pre-activation std (√2 = 1.414)",
            sigma,
            math.sqrt(2) * (1 - SIGMA_BAND),
            math.sqrt(2) * (1 + SIGMA_BAND),
        ),
        check(f"bias {p.bias:g}, layer 1: inactive share − Φ(−b/σ_z)", heb[0][0] - phi, -PHI_BAND, PHI_BAND),
        check(f"He, bias 0: dead units at layer {p.depth}", he0[1][-1], DEAD_AT_DEPTH, 1),
        check(f"He: dead share, bias {p.bias:g} minus bias 0 (mean over layers)", heb[1].mean() - he0[1].mean(), 0),
        check(f"{p.small_scale:g}× He, bias {p.bias:g}: inactive share at layer {p.depth}", small_b[0][-1], 0, AWAKE),
        check("zero-bias net: distinct hidden units (of 8)", units, 8, 8),
    ]
    summary = (
        f"Inactive outputs (≤ 0), mean over {counted(p.depth, 'layers')}: {he0[0].mean():.1%} with bias 0 at "
        "He scale and "
        f"{runs[f'{p.small_scale:g}× He', 0.0][0].mean():.1%} at {p.small_scale:g}× He; with bias {p.bias:g} under He, "
        f"{heb[0][0]:.1%} at layer 1 (Φ(−b/σ_z) = {phi:.1%}, σ_z = {sigma:.3f}) and {heb[0].mean():.1%} over layers. "
        f"Dead units (0 on all {p.batch} inputs) at layer {p.depth}: {he0[1][-1]:.1%} with bias 0, {heb[1][-1]:.1%} "
        f"with bias {p.bias:g} ({'no fewer' if heb[1][-1] >= he0[1][-1] else 'fewer'}). At {p.small_scale:g}× He "
        f"(σ_z = {small_b[2]:.3g} at layer 1), bias {p.bias:g} leaves {small_b[0][-1]:.1%} inactive at layer "
        f"{p.depth}. Zero-bias net after {counted(p.steps, 'steps')}: "
        f"{units} of 8 distinct hidden units ({biases} of 8 distinct biases)."
    )
    rows = [
        [
            kind,
            b,
            float(stats[0][0]),
            float(stats[0].mean()),
            float(stats[0][-1]),
            float(stats[1].mean()),
            float(stats[1][-1]),
        ]
        for (kind, b), stats in runs.items()
    ]
    tables = [
        table(
            f"ReLU net at init, {counted(p.depth, 'layers')} of {p.width}, {p.batch} N(0, 1) inputs",
            [
                "weights",
                "bias",
                "inactive (≤ 0), layer 1",
                "inactive, mean",
                f"inactive, layer {p.depth}",
                "dead (0 on every input), mean",
                f"dead, layer {p.depth}",
            ],
            rows,
        ),
        table(
            "Layer 1 with a bias: z ~ N(b, σ_z²), so the inactive share is Φ(−b/σ_z)",
            ["weights", "bias", "σ_z measured", "Φ(−b/σ_z)", "inactive measured"],
            [
                ["He", p.bias, sigma, phi, float(heb[0][0])],
                [
                    f"{p.small_scale:g}× He",
                    p.bias,
                    small_b[2],
                    _phi(p.bias, small_b[2]),
                    float(small_b[0][0]),
                ],
            ],
        ),
        table(
            f"Zero biases, He weights, after {counted(p.steps, 'steps')} (2 → 8 → 8 → 1 MLP)",
            ["distinct hidden units (of 8)", "distinct biases (of 8)"],
            [[units, biases]],
        ),
    ]
    out_series = []
    for (kind, b), stats in runs.items():
        if kind == "He":
            out_series.append(
                series(
                    f"{kind}, bias {b:g}",
                    stats[0],
                    y_label="share of outputs ≤ 0",
                    chart="Inactive ReLU outputs (≤ 0) per layer",
                )
            )
    for (kind, b), stats in runs.items():
        out_series.append(
            series(
                f"{kind}, bias {b:g}",
                stats[1],
                y_label="share of units 0 on every input",
                chart="Dead ReLU units (0 on every input) per layer",
            )
        )
    return Outcome(checks=checks, summary=summary, tables=tables, series=out_series)
