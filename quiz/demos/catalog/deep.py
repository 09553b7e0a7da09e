"""Very deep nets: orthogonal weights and dynamical isometry (card 8), and batch norm against a badly scaled init
(card 10)."""

from __future__ import annotations

import itertools
import math

import numpy as np
from pydantic import Field, model_validator

from quiz.demos import initializers as init
from quiz.demos import nets
from quiz.demos.base import DemoParams, Outcome, check, demo
from quiz.demos.catalog._common import counted, series, table
from quiz.demos.catalog._series import finite_series, loss_cell
from quiz.demos.catalog._stats import separation, weight_check
from quiz.demos.jacobian import jacobian_singular_values, normalized_variance, tanh_critical_point
from quiz.demos.nets import Array
from quiz.demos.stacked import (
    StackedBNMLP,
    StackedMLP,
    lowest_finite,
    lr_array,
    stacked_mse,
    train_bn,
    train_stacked,
)
from quiz.demos.teacher import INPUTS, teacher

# ---------------------------------------------------------------------------------------------------------------
# Card 8: orthogonal


class OrthogonalParams(DemoParams):
    n: int = Field(64, ge=32, le=128, description="width: every matrix is n × n (the theory is for wide nets)")
    depth: int = Field(32, ge=2, le=100, description="layers (matrices multiplied)")
    q_star: float = Field(
        1 / 64, ge=0.001, le=1.0, description="tanh nets: the pre-activation variance they are set to keep (q*)"
    )

    @model_validator(mode="after")
    def _work(self) -> OrthogonalParams:
        work = self.depth * self.n**3
        if work > ORTHOGONAL_WORK:
            raise ValueError(f"depth × n³ = {work:,} is over {ORTHOGONAL_WORK:,}: lower depth or n")
        return self


ORTHOGONAL_WORK = 100 * 96**3  # ≈ 0.5 s for the 6 Jacobians and their SVDs at the limit
ISOMETRY_TOL = 1e-8  # every singular value of the orthogonal product within this of 1 (rounding only)
# Bands (theory, then the seed sweep 0–29 at the defaults n = 64, depth L = 32; tests/test_demos_deep.py).
# v = Var(σ²)/mean(σ²)², the spread of the squared singular values (0 for an isometry):
# - a product of L Gaussian N(0, 1/n) matrices: v = L at large n (Fuss–Catalan: E[λ²] = L + 1 when E[λ] = 1);
#   measured 18–44 at n = 64 (finite n trims it: v < n, and it levels off once L nears n/2). Band 0.3·min(L, n/2)
#   to 2·L, for tanh's Gaussian net too.
# - ReLU, orthogonal with gain √2: each D_l is a projection onto about half the units, E[d²]/E[d]² = 2, and free
#   multiplicative convolution adds 1 per layer: v = L again (measured 20–49). Band 0.3·L to 2·L.
# - tanh on the critical line at small q* (Pennington et al. 2017): v measured 0.04–0.08 (0.12 at 64 layers); band
#   ≤ 0.25; σ inside [½, 2] for ≥ 98 % of them (band ≥ 0.9). Its mean σ² is χ^L = 1 in expectation; its log is a
#   sum of L per-layer terms, so its spread grows as √L (measured 0.84–1.26 at L = 32): band e^(±0.06·√L), 0.71–1.40
#   at 32 layers. A 1 % error in σ_w gives χ^32 = 0.53 or 1.9, and torch's tanh gain 5/3 gives ~270.
# - ReLU's mean σ² with gain √2: 1 in expectation but heavy-tailed at one input, so its typical value drifts below 1
#   with depth, the more so the narrower the net (its log: mean ≈ −L/n, std ≈ 1.2·√(L/n); measured 0.23–5.7 at
#   L = 32, n = 64 and 0.005–4.4 at L = 100). Band e^(−2·L/n − 4·√(L/n)) to e^(4·√(L/n)): 0.02–17 at the defaults;
#   gain 1 instead of √2 gives 2^−32 = 2·10⁻¹⁰.
SPREAD_LOW, SPREAD_HIGH = 0.3, 2.0
TANH_SPREAD = 0.25
TANH_WITHIN = 0.9
TANH_MEAN_LOG = 0.06  # the band on the mean σ² is e^(±0.06·√L)
RELU_DRIFT, RELU_SPREAD = 2.0, 4.0


def _checkpoints(depth: int, count: int = 8) -> list[int]:
    return sorted({round(float(v)) for v in np.linspace(1, depth, min(count, depth))})


def _within(sv: Array) -> float:
    """Share of singular values within a factor 2 of 1."""
    return float(np.mean((sv >= 0.5) & (sv <= 2.0)))


@demo(
    id="orthogonal",
    card=8,
    title="Orthogonal init: singular values near 1, where it holds and where it does not",
    claim="A product of orthogonal matrices keeps every singular value at exactly 1, while Gaussian N(0, 1/n) products "
    "spread them (Var(σ²)/mean² ≈ depth). In a deep tanh net in its near-linear regime, on the critical line "
    "(Pennington et al. 2017), orthogonal weights keep the input-output Jacobian's singular values near 1 "
    "(dynamical isometry) and Gaussian ones do not; with ReLU even orthogonal weights (gain √2) spread them ≈ depth.",
    params=OrthogonalParams,
)
def orthogonal(p: OrthogonalParams) -> Outcome:
    rng = np.random.default_rng(p.seed)
    n, depth = p.n, p.depth
    # One set of draws, used by every activation (a paired comparison): Q orthogonal, G Gaussian N(0, 1/n).
    q_mats = [init.orthogonal((n, n), rng=rng) for _ in range(depth)]
    g_mats = [init.lecun_normal((n, n), rng=rng) for _ in range(depth)]
    sigma_w, sigma_b = tanh_critical_point(p.q_star)
    biases = [init.normal((n, 1), std=sigma_b, rng=rng)[:, 0] for _ in range(depth)]
    x_tanh = math.sqrt(p.q_star) * rng.standard_normal(n)  # at the fixed point: q_0 = q*
    x_relu = rng.standard_normal(n)
    relu_gain = init.calculate_gain("relu")
    at = _checkpoints(depth)
    runs = {
        "linear, orthogonal": jacobian_singular_values(x_relu, q_mats, None, None, at),
        "linear, Gaussian": jacobian_singular_values(x_relu, g_mats, None, None, at),
        "tanh, orthogonal": jacobian_singular_values(x_tanh, [sigma_w * w for w in q_mats], biases, nets.TANH, at),
        "tanh, Gaussian": jacobian_singular_values(x_tanh, [sigma_w * w for w in g_mats], biases, nets.TANH, at),
        "ReLU, orthogonal": jacobian_singular_values(x_relu, [relu_gain * w for w in q_mats], None, nets.RELU, at),
        "ReLU, Gaussian": jacobian_singular_values(x_relu, [relu_gain * w for w in g_mats], None, nets.RELU, at),
    }
    last = {name: sv[depth] for name, sv in runs.items()}
    spread = {name: normalized_variance(sv) for name, sv in last.items()}
    mean_sq = {name: float(np.mean(sv * sv)) for name, sv in last.items()}
    low, high = SPREAD_LOW * min(depth, n / 2), SPREAD_HIGH * depth
    tanh_mean = (math.exp(-TANH_MEAN_LOG * math.sqrt(depth)), math.exp(TANH_MEAN_LOG * math.sqrt(depth)))
    ratio = depth / n
    relu_mean = (
        math.exp(-RELU_DRIFT * ratio - RELU_SPREAD * math.sqrt(ratio)),
        math.exp(RELU_SPREAD * math.sqrt(ratio)),
    )
    checks = [
        check("linear, orthogonal: max |σ − 1|", float(np.abs(last["linear, orthogonal"] - 1).max()), 0, ISOMETRY_TOL),
        check(f"linear, Gaussian: Var(σ²)/mean² (theory {depth})", spread["linear, Gaussian"], low, high),
        check(f"tanh, orthogonal: mean σ² (χ = 1 at q* = {p.q_star:.3g})", mean_sq["tanh, orthogonal"], *tanh_mean),
        check("tanh, orthogonal: Var(σ²)/mean²", spread["tanh, orthogonal"], 0, TANH_SPREAD),
        check("tanh, orthogonal: share of σ in [½, 2]", _within(last["tanh, orthogonal"]), TANH_WITHIN, 1),
        check(f"tanh, Gaussian: Var(σ²)/mean² (≈ {depth})", spread["tanh, Gaussian"], low, high),
        check(f"ReLU, orthogonal ×√2: Var(σ²)/mean² (≈ {depth})", spread["ReLU, orthogonal"], low, high),
        check("ReLU, orthogonal ×√2: mean σ²", mean_sq["ReLU, orthogonal"], *relu_mean),
    ]
    summary = (
        f"{counted(depth, 'layers')} of {n}: the orthogonal product's σ all equal 1 (max |σ − 1| = "
        f"{float(np.abs(last['linear, orthogonal'] - 1).max()):.1e}); a Gaussian product has Var(σ²)/mean² = "
        f"{spread['linear, Gaussian']:.3g} (theory ≈ {depth}). Jacobian of a tanh net at q* = {p.q_star:.3g} "
        f"(σ_w = {sigma_w:.4f}, σ_b = {sigma_b:.2g}): orthogonal weights keep mean σ² = "
        f"{mean_sq['tanh, orthogonal']:.3g}, "
        f"Var(σ²)/mean² = {spread['tanh, orthogonal']:.3g}, {_within(last['tanh, orthogonal']):.0%} of σ in [½, 2]; "
        f"Gaussian weights {spread['tanh, Gaussian']:.3g} and {_within(last['tanh, Gaussian']):.0%}. ReLU with gain "
        f"√2: orthogonal {spread['ReLU, orthogonal']:.3g}, Gaussian {spread['ReLU, Gaussian']:.3g}."
    )
    rows = [
        [
            name,
            mean_sq[name],
            spread[name],
            _within(sv),
            float(sv[-1]),
            float(sv[0]),
        ]
        for name, sv in last.items()
    ]
    depth_rows = [
        [d, *(normalized_variance(runs[name][d]) for name in runs if name != "linear, orthogonal")] for d in at
    ]
    tables = [
        table(
            f"Input-output Jacobian after {counted(depth, 'layers')} of {n} (tanh: σ_w = {sigma_w:.4f}, σ_b "
            f"= {sigma_b:.2g}, "
            f"q* = {p.q_star:.3g}; ReLU: gain √2)",
            ["net", "mean σ²", "Var(σ²)/mean²", "share of σ in [½, 2]", "σmin", "σmax"],
            rows,
        ),
        table(
            "Var(σ²)/mean² by depth (0 = every σ equal)",
            ["layers", *(name for name in runs if name != "linear, orthogonal")],
            depth_rows,
        ),
    ]
    chart = "Spread of the Jacobian's singular values, Var(σ²)/mean²"
    out_series = [
        series(
            name,
            [normalized_variance(runs[name][d]) for d in at],
            x=at,
            x_label="layers",
            y_label="Var(σ²)/mean²",
            chart=chart,
            log_y=True,
        )
        for name in runs
        if name != "linear, orthogonal"  # exactly 0 up to rounding (~1e-31): off any log axis
    ]
    return Outcome(checks=checks, summary=summary, tables=tables, series=out_series)


# ---------------------------------------------------------------------------------------------------------------
# Card 10: batch norm


class BatchNormParams(DemoParams):
    scale: float = Field(
        10.0, ge=1.0, le=100.0, description="the widest weight scale tried, × He's std: 5 scales from 1/scale to scale"
    )
    depth: int = Field(4, ge=2, le=12, description="hidden ReLU layers (then a linear output)")
    width: int = Field(32, ge=8, le=64, description="units per hidden layer")
    samples: int = Field(48, ge=16, le=256, description="training points (full batch: BN uses their statistics)")
    steps: int = Field(40, ge=10, le=300, description="gradient-descent steps, the same for every net")
    lr: float = Field(0.1, gt=0.0, le=1.0, description="the one learning rate every net trains with")
    nets: int = Field(3, ge=1, le=8, description="He draws per scale (the verdict uses their median)")

    @model_validator(mode="after")
    def _work(self) -> BatchNormParams:
        work = self.depth * self.width * self.samples * self.steps * self.nets
        if work > BN_WORK:
            raise ValueError(
                f"depth × width × samples × steps × nets = {work:,} is over {BN_WORK:,}: too much for one run"
            )
        return self


BN_WORK = 3_000_000
SCALES = 5
BN_FEATURES, BN_NONLINEARITY = 6, 2.0
BN_TASK_SEED = 1  # one fixed regression task; the seed draws the weights
# Bands (theory, then the seed sweep 0–29 at the defaults; tests/test_demos_deep.py). The plain net: a ReLU layer
# multiplies the signal's second moment by ½·n·Var(W) = s² at s × He's std, so the 5 layers scale the output by s⁵:
# 3·10⁻³ at s = 0.32 (the signal and the gradients below the top vanish: it hardly learns) and 300 at 3.2 (the first
# steps overflow). Its lowest loss away from 1× is ≥ 3× its lowest at 1× (measured ≥ 5.6). With BN every hidden
# layer's output is the same at any s (to eps: the table), and a weight's gradient scales as 1/s, so a scale s acts
# as a learning rate lr/s² on those layers: the small scales train fast, the large ones slowly. BN reaches the plain
# net's best loss at ≥ 4 of the 5 scales (measured 4 on every seed). But the output layer, which no BN follows,
# starts s times too large: at 10× BN's lowest loss stays ≥ 5× its lowest at 1× (measured ≥ 9.95): partly.
# That 1× is He's scale shows at init: with ½·n·Var(W) = 1 the plain net keeps the signal's second moment, so layer 4
# over layer 1 is 1 (median of 3 draws, measured 0.55–1.72 at width 32; band 0.4–2.5); a std r times He's scales it
# by r⁶, so gain 1 instead of √2 gives ⅛.
PLAIN_WORSE = 3.0
BN_TRAINS = 4
CARRIED = (0.4, 2.5)
STILL_HURTS = 5.0


@demo(
    id="batchnorm",
    card=10,
    title="Batch norm makes training less sensitive to the init scale: partly",
    claim="Trained with one learning rate at 5 weight scales from 0.1× to 10× He's std, a deep plain ReLU net trains "
    "well only at He's own scale (its signal vanishes or explodes as scale^depth), while the same net with batch "
    "norm reaches the plain net's best loss at 4 or 5 of the 5 scales: less sensitive to the scale, but not immune: "
    "at 10× it still trains far worse (its output layer, which no BN follows, starts 10× too large).",
    params=BatchNormParams,
)
def batchnorm_demo(p: BatchNormParams) -> Outcome:
    world = teacher(np.random.default_rng(BN_TASK_SEED), BN_FEATURES, 1, BN_NONLINEARITY)
    rng = np.random.default_rng(p.seed)
    x64, y64 = world.draw(rng, p.samples)
    x, y = x64.astype(np.float32), y64.astype(np.float32)  # float32: half the work of float64
    scales = np.geomspace(1 / p.scale, p.scale, SCALES)
    widths = [INPUTS, *([p.width] * p.depth), 1]
    # He for the ReLU layers; the output layer is linear, so its gain is 1 (kaiming_normal with 'linear').
    shapes = [(n_out, n_in) for n_in, n_out in itertools.pairwise(widths)]
    draws = []
    for _ in range(p.nets):
        he = [init.kaiming_normal(shape, nonlinearity="relu", rng=rng) for shape in shapes[:-1]]
        draws.append([*he, init.kaiming_normal(shapes[-1], nonlinearity="linear", rng=rng)])
    # Each He draw at every scale: within a draw, the scale is the only difference between the nets.
    count = p.nets * SCALES
    weights = [
        np.stack([s * draw[layer] for draw in draws for s in scales]).astype(np.float32) for layer in range(len(shapes))
    ]
    f32 = np.float32
    plain = StackedMLP([w.copy() for w in weights], [np.zeros((count, w.shape[1], 1), f32) for w in weights], nets.RELU)
    bn = StackedBNMLP(
        [w.copy() for w in weights],
        [np.ones((count, p.width, 1), f32) for _ in range(p.depth)],
        [np.zeros((count, p.width, 1), f32) for _ in range(p.depth)],
        np.zeros((count, 1, 1), f32),
        nets.RELU,
    )
    bn_out_init = bn.forward(x)[2][:SCALES]  # the first draw's last hidden layer at init, per scale
    # The plain net's signal at init: the last hidden layer's second moment over the first's, per net.
    hidden = plain.forward(x)[1]
    carried = (np.mean(hidden[-1] ** 2, axis=(1, 2)) / np.mean(hidden[1] ** 2, axis=(1, 2))).astype(np.float64)
    carried_med = np.median(carried.reshape(p.nets, SCALES), axis=0)
    lr = lr_array(p.lr, count, f32)
    plain_curve = train_stacked(plain, x, y, steps=p.steps, lr=lr, loss=stacked_mse)
    bn_curve = train_bn(bn, x, y, steps=p.steps, lr=lr, loss=stacked_mse)
    # Per scale, the median over the draws of each net's lowest loss.
    plain_best = np.median(lowest_finite(plain_curve).reshape(p.nets, SCALES), axis=0)
    bn_best = np.median(lowest_finite(bn_curve).reshape(p.nets, SCALES), axis=0)
    one = int(np.argmin(np.abs(np.log(scales))))  # the He scale
    invariance = [
        float(np.abs(bn_out_init[k] - bn_out_init[one]).max() / np.abs(bn_out_init[one]).max()) for k in range(SCALES)
    ]
    others = [k for k in range(SCALES) if k != one]
    # "1× He" must be He's std: fan_in·Var(W) = 2 over every ReLU layer's weights drawn (He 10 % too wide: 2.42).
    he_drawn = [w for draw in draws for w in draw[:-1]]
    he_var = float(np.mean([w.shape[1] * np.mean(w * w) for w in he_drawn]))
    he_check = weight_check("He (1×): fan_in·Var(W), ReLU layers", he_var, 1.0, 2.0, sum(w.size for w in he_drawn))
    checks = [
        he_check,
        separation("He 10 % too wide", he_check, 2.0 * 1.1**2),
        check(
            f"plain at 1× He: layer {p.depth} / layer 1 second moment at init (He keeps it: 1)",
            float(carried_med[one]),
            *CARRIED,
        ),
        check(
            "plain: lowest loss at the other scales / at 1× (the smallest ratio)",
            float(min(plain_best[k] / plain_best[one] for k in others)),
            PLAIN_WORSE,
        ),
        check(
            f"BN: scales (of {SCALES}) that train as well as the plain net at 1×",
            float((bn_best <= plain_best[one]).sum()),
            BN_TRAINS,
        ),
        check(f"BN at {scales[-1]:.3g}× He: lowest loss / BN's at 1×", float(bn_best[-1] / bn_best[one]), STILL_HURTS),
    ]

    def shown(v: float) -> str:
        return f"{v:.3g}" if math.isfinite(v) and v < 1e6 else "diverged"

    ends = max(invariance[0], invariance[-1])
    summary = (
        f"{p.depth} hidden ReLU layers of {p.width}, one lr {p.lr:g}, {counted(p.steps, 'steps')}; lowest "
        "loss (median of "
        f"{p.nets} draws) at "
        + ", ".join(f"{s:.3g}×" for s in scales)
        + " He: plain "
        + ", ".join(shown(v) for v in plain_best)
        + "; with BN "
        + ", ".join(shown(v) for v in bn_best)
        + f" (predicting 0: {float(np.mean(y * y)) / 2:.3f}). At init the BN net's last hidden layer differs from "
        f"its 1× twin by at most {max(invariance[1:-1]):.1e} (relative) at the middle scales and {ends:.1e} at the "
        "ends (BN's eps = 1e-5)."
    )
    rows = [
        [
            float(s),
            loss_cell(plain_curve[0, k]),
            loss_cell(plain_best[k]),
            loss_cell(bn_curve[0, k]),
            loss_cell(bn_best[k]),
            invariance[k],
        ]
        for k, s in enumerate(scales)
    ]
    tables = [
        table(
            f"One learning rate ({p.lr:g}), {counted(p.steps, 'full-batch steps')}, "
            f"{counted(p.samples, 'points')}; weights at s × He "
            f"(lowest loss: median of {p.nets} draws)",
            [
                "s",
                "plain: initial loss",
                "plain: lowest loss",
                "BN: initial loss",
                "BN: lowest loss",
                "BN at init: last hidden layer vs 1× (relative)",
            ],
            rows,
        )
    ]
    xs = list(range(p.steps))
    out_series = []
    for kind, curve in (("Plain net", plain_curve), ("With batch norm", bn_curve)):
        for k, s in enumerate(scales):
            out_series.append(
                finite_series(
                    f"{s:.3g}× He",
                    curve[:, k],
                    x=xs,
                    x_label="step",
                    y_label="training loss",
                    chart=f"{kind}: loss by step per weight scale (first draw)",
                    log_y=True,
                )
            )
    return Outcome(checks=checks, summary=summary, tables=tables, series=out_series)
