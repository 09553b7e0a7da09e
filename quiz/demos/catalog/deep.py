"""Very deep nets: orthogonal products, batch normalization and zero-initialized residual branches
(cards 8, 10 and 11)."""

from __future__ import annotations

import math

import numpy as np
from pydantic import Field, model_validator

from quiz.demos import initializers as init
from quiz.demos import nets
from quiz.demos.base import DemoParams, Outcome, check, demo
from quiz.demos.catalog._common import series, table
from quiz.demos.jacobian import jacobian_singular_values, normalized_variance, tanh_critical_point
from quiz.demos.nets import Array, batchnorm

# ---------------------------------------------------------------------------------------------------------------
# Card 8: orthogonal


class OrthogonalParams(DemoParams):
    n: int = Field(64, ge=8, le=128, description="width: every matrix is n × n")
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
#   measured 18–44 at n = 64 (finite n trims it). Band 0.3·L to 2·L, for tanh's Gaussian net too.
# - ReLU, orthogonal with gain √2: each D_l is a projection onto about half the units, E[d²]/E[d]² = 2, and free
#   multiplicative convolution adds 1 per layer: v = L again (measured 20–49). Band 0.3·L to 2·L.
# - tanh on the critical line at small q* (Pennington et al. 2017): v measured 0.04–0.08 (0.12 at 64 layers); band
#   ≤ 0.25; σ inside [½, 2] for ≥ 98 % of them (band ≥ 0.9). Its mean σ² is χ^L = 1 (measured 0.84–1.26; band
#   0.7–1.4): a 1 % error in σ_w gives χ^32 = 0.53 or 1.9, and torch's tanh gain 5/3 gives ~270.
# - ReLU's mean σ² with gain √2: 1 in expectation, heavy-tailed at one input (measured 0.2–4.2); band ⅛–8 (gain 1
#   gives 2^−32).
SPREAD_LOW, SPREAD_HIGH = 0.3, 2.0
TANH_SPREAD = 0.25
TANH_WITHIN = 0.9
TANH_MEAN = (0.7, 1.4)
RELU_MEAN = (1 / 8, 8.0)


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
    low, high = SPREAD_LOW * depth, SPREAD_HIGH * depth
    checks = [
        check("linear, orthogonal: max |σ − 1|", float(np.abs(last["linear, orthogonal"] - 1).max()), 0, ISOMETRY_TOL),
        check(f"linear, Gaussian: Var(σ²)/mean² (theory {depth})", spread["linear, Gaussian"], low, high),
        check(f"tanh, orthogonal: mean σ² (χ = 1 at q* = {p.q_star:.3g})", mean_sq["tanh, orthogonal"], *TANH_MEAN),
        check("tanh, orthogonal: Var(σ²)/mean²", spread["tanh, orthogonal"], 0, TANH_SPREAD),
        check("tanh, orthogonal: share of σ in [½, 2]", _within(last["tanh, orthogonal"]), TANH_WITHIN, 1),
        check(f"tanh, Gaussian: Var(σ²)/mean² (≈ {depth})", spread["tanh, Gaussian"], low, high),
        check(f"ReLU, orthogonal ×√2: Var(σ²)/mean² (≈ {depth})", spread["ReLU, orthogonal"], low, high),
        check("ReLU, orthogonal ×√2: mean σ²", mean_sq["ReLU, orthogonal"], *RELU_MEAN),
    ]
    summary = (
        f"{depth} layers of {n}: the orthogonal product's σ all equal 1 (max |σ − 1| = "
        f"{float(np.abs(last['linear, orthogonal'] - 1).max()):.1e}); Gaussian products spread them, Var(σ²)/mean² = "
        f"{spread['linear, Gaussian']:.3g} (theory ≈ {depth}). Jacobian of a tanh net at q* = {p.q_star:.3g} "
        f"(σ_w = {sigma_w:.4f}, σ_b = {sigma_b:.2g}): orthogonal weights keep mean σ² = "
        f"{mean_sq['tanh, orthogonal']:.3g}, "
        f"Var(σ²)/mean² = {spread['tanh, orthogonal']:.3g}, {_within(last['tanh, orthogonal']):.0%} of σ in [½, 2]; "
        f"Gaussian weights {spread['tanh, Gaussian']:.3g} and {_within(last['tanh, Gaussian']):.0%}. ReLU with gain "
        f"√2: orthogonal {spread['ReLU, orthogonal']:.3g}, Gaussian {spread['ReLU, Gaussian']:.3g}: no isometry."
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
            f"Input-output Jacobian after {depth} layers of {n} (tanh: σ_w = {sigma_w:.4f}, σ_b = {sigma_b:.2g}, "
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
    scale: float = Field(0.5, ge=0.01, le=10.0, description="weight std as a multiple of He's √(2/fan_in)")
    depth: int = Field(20, ge=2, le=50, description="number of layers")
    width: int = Field(128, ge=16, le=256, description="units per layer")
    batch: int = Field(128, ge=16, le=512, description="input samples, drawn from N(0, 1)")


STABLE = 0.2  # with BN every layer's output std stays within ±20 % of the first layer's
DRIFT = 10.0  # without BN the last layer's std is off by more than this factor (a decade) from the first's


def _run(x: Array, weights: list[Array], use_bn: bool) -> tuple[list[float], list[float], Array]:
    a = x
    stds, means = [], []
    for w in weights:
        z = a @ w.T
        if use_bn:
            z = batchnorm(z)
        a = np.maximum(z, 0.0)
        stds.append(float(a.std()))
        means.append(float(a.mean()))
    return stds, means, a


@demo(
    id="batchnorm",
    card=10,
    title="Batch norm rescues a badly scaled init",
    claim="With a bad init scale, a deep ReLU net's activations vanish or explode layer by layer, while with batch "
    "normalization every layer's statistics stay the same (and its output hardly depends on the weight scale).",
    params=BatchNormParams,
)
def batchnorm_demo(p: BatchNormParams) -> Outcome:
    rng = np.random.default_rng(p.seed)
    x = rng.standard_normal((p.batch, p.width))
    he = [init.kaiming_normal((p.width, p.width), nonlinearity="relu", rng=rng) for _ in range(p.depth)]
    bad = [p.scale * w for w in he]
    plain_std, plain_mean, _ = _run(x, bad, use_bn=False)
    bn_std, bn_mean, bn_out = _run(x, bad, use_bn=True)
    _, _, bn_out_he = _run(x, he, use_bn=True)
    invariance = float(np.abs(bn_out - bn_out_he).max())
    bn_spread = max(abs(s / bn_std[0] - 1.0) for s in bn_std)
    plain_ratio = plain_std[-1] / plain_std[0] if plain_std[0] > 0 else 0.0
    checks = [
        check("BN: largest per-layer std deviation from layer 1", bn_spread, 0, STABLE),
        check("no BN: |log10(last / first std)|", abs(np.log10(plain_ratio)) if plain_ratio > 0 else np.inf, 1.0),
    ]
    summary = (
        f"Weights at {p.scale:g}× He's std, {p.depth} layers: without BN the output std goes {plain_std[0]:.3g} → "
        f"{plain_std[-1]:.3g} (×{plain_ratio:.3g}); with BN {bn_std[0]:.3f} → {bn_std[-1]:.3f} (max deviation "
        f"{bn_spread:.1%}). BN output vs the same net at He scale: max difference {invariance:.2g}."
    )
    tables = [
        table(
            "Per-layer output statistics (after ReLU)",
            ["layer", "std (no BN)", "mean (no BN)", "std (BN)", "mean (BN)"],
            [[i + 1, plain_std[i], plain_mean[i], bn_std[i], bn_mean[i]] for i in range(p.depth)],
        )
    ]
    chart = "Output std per layer"
    out_series = [
        series("Without BN", plain_std, y_label="activation std", chart=chart, log_y=True),
        series("With BN", bn_std, y_label="activation std", chart=chart, log_y=True),
    ]
    return Outcome(checks=checks, summary=summary, tables=tables, series=out_series)


# ---------------------------------------------------------------------------------------------------------------
# Card 11: zero-initialized residual branches


class ZeroResidualParams(DemoParams):
    blocks: int = Field(16, ge=1, le=50, description="residual blocks x ← x + W₂·relu(W₁·x)")
    width: int = Field(128, ge=16, le=256, description="units per layer")
    batch: int = Field(128, ge=16, le=256, description="input samples, drawn from N(0, 1)")


def _residual(x: Array, w1: list[Array], w2: list[Array]) -> tuple[list[float], Array, Array]:
    """Variance after each block, the output, and the first block's branch hidden layer."""
    out = x
    variances = []
    first_hidden = np.empty(0)
    for i, (a, b) in enumerate(zip(w1, w2, strict=True)):
        h = np.maximum(out @ a.T, 0.0)
        if i == 0:
            first_hidden = h
        out = out + h @ b.T
        variances.append(float(out.var()))
    return variances, out, first_hidden


@demo(
    id="zero-residual",
    card=11,
    title="Zero-init the last layer of each residual branch",
    claim="Residual blocks whose last layer is zero-initialized are exactly the identity at init (yet that layer "
    "still gets a gradient), while with standard He init the output variance grows with every block.",
    params=ZeroResidualParams,
)
def zero_residual(p: ZeroResidualParams) -> Outcome:
    rng = np.random.default_rng(p.seed)
    x = rng.standard_normal((p.batch, p.width))
    shape = (p.width, p.width)
    w1 = [init.kaiming_normal(shape, nonlinearity="relu", rng=rng) for _ in range(p.blocks)]
    w2_he = [init.kaiming_normal(shape, nonlinearity="relu", rng=rng) for _ in range(p.blocks)]
    w2_zero = [init.zeros(shape) for _ in range(p.blocks)]
    var_he, _, _ = _residual(x, w1, w2_he)
    var_zero, out_zero, hidden = _residual(x, w1, w2_zero)
    identity_error = float(np.abs(out_zero - x).max())
    g_out = rng.standard_normal(x.shape)  # any upstream gradient: dL/dW₂ = gᵀh is not zero
    grad_w2 = float(np.linalg.norm(g_out.T @ hidden) / p.batch)
    x_var = float(x.var())
    growing = all(b > a for a, b in zip([x_var, *var_he[:-1]], var_he, strict=True))
    checks = [
        check("zero-init: max |output − input|", identity_error, 0, 0),
        check("zero-init: last-layer gradient norm", grad_w2, 1e-12),
        check("He: blocks whose variance grew (share)", float(growing), 1, 1),
        check("He: output / input variance", var_he[-1] / x_var, 2.0),
    ]
    summary = (
        f"{p.blocks} blocks: zero-init last layer → max |output − input| = {identity_error:g}, last-layer gradient "
        f"norm {grad_w2:.3g}; He init → variance {x_var:.3g} → {var_he[-1]:.3g} (×{var_he[-1] / x_var:.3g}, about "
        f"×{(var_he[-1] / x_var) ** (1 / p.blocks):.2f} per block)."
    )
    tables = [
        table(
            "Variance after each block",
            ["block", "He init", "zero-init last layer"],
            [[0, x_var, x_var]] + [[i + 1, var_he[i], var_zero[i]] for i in range(p.blocks)],
        ),
        table(
            "Zero-init last layer at init",
            ["max |output − input|", "‖dL/dW₂‖ of block 1 (per sample)"],
            [[identity_error, grad_w2]],
        ),
    ]
    xs = list(range(p.blocks + 1))
    chart = "Output variance per residual block (0 = input)"
    out_series = [
        series(name, [x_var, *v], x=xs, x_label="block", y_label="variance", chart=chart, log_y=True)
        for name, v in (("He init", var_he), ("Zero-init last layer", var_zero))
    ]
    return Outcome(checks=checks, summary=summary, tables=tables, series=out_series)
