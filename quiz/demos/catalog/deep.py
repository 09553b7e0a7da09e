"""Very deep nets: orthogonal products, batch normalization and zero-initialized residual branches
(cards 8, 10 and 11)."""

from __future__ import annotations

import numpy as np
from pydantic import Field

from quiz.demos import initializers as init
from quiz.demos.base import DemoParams, Outcome, check, demo
from quiz.demos.catalog._common import series, table
from quiz.demos.nets import Array, batchnorm

# ---------------------------------------------------------------------------------------------------------------
# Card 8: orthogonal


class OrthogonalParams(DemoParams):
    n: int = Field(32, ge=4, le=128, description="size of each square matrix")
    depth: int = Field(10, ge=2, le=100, description="number of matrices multiplied")


ISOMETRY_TOL = 1e-8  # every singular value of the orthogonal product within this of 1 (rounding only)
SPREAD = 10.0  # "spread": condition number of the Gaussian product above this


def _checkpoints(depth: int, count: int = 10) -> list[int]:
    return sorted({round(float(v)) for v in np.linspace(1, depth, min(count, depth))})


@demo(
    id="orthogonal",
    card=8,
    title="Products of orthogonal vs Gaussian matrices",
    claim="A product of random orthogonal matrices keeps every singular value at exactly 1, while a product of "
    "Gaussian N(0, 1/n) matrices spreads them with depth (its condition number grows).",
    params=OrthogonalParams,
)
def orthogonal(p: OrthogonalParams) -> Outcome:
    rng = np.random.default_rng(p.seed)
    n = p.n
    orth = np.eye(n)
    gauss = np.eye(n)
    sv_orth: list[Array] = []
    sv_gauss: list[Array] = []
    for _ in range(p.depth):
        orth = init.orthogonal((n, n), rng=rng) @ orth
        gauss = init.lecun_normal((n, n), rng=rng) @ gauss  # N(0, 1/n): Var = 1/fan_in
        sv_orth.append(np.asarray(np.linalg.svd(orth, compute_uv=False), dtype=np.float64))
        sv_gauss.append(np.asarray(np.linalg.svd(gauss, compute_uv=False), dtype=np.float64))
    orth_dev = [float(np.abs(s - 1.0).max()) for s in sv_orth]
    cond = [float(s[0] / s[-1]) for s in sv_gauss]
    mean_sq = [float(np.mean(s * s)) for s in sv_gauss]
    checks = [
        check("orthogonal product max |σ − 1|", max(orth_dev), 0, ISOMETRY_TOL),
        check("Gaussian product condition number", cond[-1], SPREAD),
        check("Gaussian condition number, last / first", cond[-1] / cond[0], 1 + 1e-9),
    ]
    summary = (
        f"{p.depth} matrices of {n}×{n}: orthogonal product σ ∈ [{sv_orth[-1][-1]:.12g}, {sv_orth[-1][0]:.12g}] "
        f"(max |σ−1| = {max(orth_dev):.1e}); Gaussian product σ ∈ [{sv_gauss[-1][-1]:.3g}, {sv_gauss[-1][0]:.3g}], "
        f"condition number {cond[0]:.3g} after 1 → {cond[-1]:.3g} after {p.depth}, mean σ² {mean_sq[-1]:.3g}."
    )
    if cond[-1] > 1e15:
        summary += " (A condition number near 1e16 is float64's limit: σmin is lost in rounding.)"
    rows = [
        [
            d,
            float(sv_orth[d - 1][-1]),
            float(sv_orth[d - 1][0]),
            float(sv_gauss[d - 1][-1]),
            float(sv_gauss[d - 1][0]),
            cond[d - 1],
            mean_sq[d - 1],
        ]
        for d in _checkpoints(p.depth)
    ]
    tables = [
        table(
            "Singular values of the product of the first L matrices",
            ["L", "orth σmin", "orth σmax", "Gaussian σmin", "Gaussian σmax", "Gaussian condition", "Gaussian mean σ²"],
            rows,
        )
    ]
    chart = "Singular-value range of the product"
    out_series = [
        series(name, values, x_label="matrices multiplied", y_label="σ", chart=chart, log_y=True)
        for name, values in (
            ("Orthogonal σmax", [s[0] for s in sv_orth]),
            ("Orthogonal σmin", [s[-1] for s in sv_orth]),
            ("Gaussian σmax", [s[0] for s in sv_gauss]),
            ("Gaussian σmin", [s[-1] for s in sv_gauss]),
        )
    ]
    out_series.append(
        series(
            "Gaussian condition number",
            cond,
            x_label="matrices multiplied",
            y_label="σmax / σmin",
            chart="Condition number of the product",
            log_y=True,
        )
    )
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
