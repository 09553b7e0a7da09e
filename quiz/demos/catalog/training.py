"""Initialization and training runs: transfer from pretrained weights, and random seeds (cards 9 and 14)."""

from __future__ import annotations

import numpy as np
from pydantic import Field

from quiz.demos import initializers as init
from quiz.demos.base import DemoParams, Outcome, check, demo
from quiz.demos.catalog._common import series, table, xavier_normal
from quiz.demos.nets import MLP, TANH, Array, mlp, teacher_features, train

INPUTS, FEATURES, TASK_A_OUTPUTS = 8, 16, 8
TEACHER_SCALE = 1.5  # teacher pre-activation std: nonlinear enough that features must be learned


def _task(rng: np.random.Generator, samples: int, outputs: int = 1) -> tuple[Array, Array, Array]:
    """Inputs, a task A with ``outputs`` targets and a related task B (one target): different random readouts of
    the same random tanh features. Targets are standardized (variance 1)."""
    x = rng.standard_normal((samples, INPUTS))
    h = teacher_features(x, TEACHER_SCALE * rng.standard_normal((FEATURES, INPUTS)) / np.sqrt(INPUTS))
    y = h @ rng.standard_normal((FEATURES, outputs + 1))
    y = (y - y.mean(axis=0)) / y.std(axis=0)
    return x, y[:, :outputs], y[:, outputs:]


def _steps_to(losses: list[float], target: float) -> int | None:
    hits = np.flatnonzero(np.asarray(losses) <= target)
    return int(hits[0]) if hits.size else None


def _drift(w: Array, w0: Array) -> float:
    """Relative distance moved by the hidden (pretrained) weights: ‖W − W₀‖ / ‖W₀‖."""
    return float(np.linalg.norm(w - w0) / np.linalg.norm(w0))


class TransferParams(DemoParams):
    hidden: int = Field(32, ge=8, le=64, description="hidden tanh units")
    samples: int = Field(256, ge=32, le=512, description="training points per task")
    pretrain_steps: int = Field(300, ge=10, le=1000, description="full-batch steps on task A (8 outputs)")
    pretrain_lr: float = Field(0.5, gt=0.0, le=1.0, description="learning rate on task A")
    steps: int = Field(300, ge=10, le=600, description="full-batch fine-tuning steps on task B")
    lr: float = Field(0.05, gt=0.0, le=1.0, description="small learning rate on task B (fine-tuning and scratch)")
    large_lr: float = Field(0.5, gt=0.0, le=1.0, description="the large fine-tuning learning rate to compare")
    target: float = Field(0.04, gt=0.0, le=0.5, description="target loss on task B (½·MSE; predicting 0 gives 0.5)")


# "Far more": over the first few fine-tuning steps the pretrained weights move at least 3× as far. (The fresh head
# starts at zero, so the body's first updates grow with lr² at first; by the end of fine-tuning the gap narrows to
# about 2–4×, shown in the table.)
FAR_MORE = 3.0
EARLY_STEPS = 5


@demo(
    id="transfer",
    card=9,
    title="Transfer: pretrained weights as the initialization",
    claim="Fine-tuning from weights pretrained on a related task reaches the target loss in fewer steps than "
    "training from a random init, and a large learning rate moves the pretrained weights far more than a small one.",
    params=TransferParams,
)
def transfer(p: TransferParams) -> Outcome:
    rng = np.random.default_rng(p.seed)
    x, y_a, y_b = _task(rng, p.samples, outputs=TASK_A_OUTPUTS)
    pre = mlp([INPUTS, p.hidden, TASK_A_OUTPUTS], TANH, rng, xavier_normal)
    losses_a = train(pre, x, y_a, steps=p.pretrain_steps, lr=p.pretrain_lr)
    w_pre = pre.weights[0]
    early = min(EARLY_STEPS, p.steps)

    def fine_tune(lr: float) -> tuple[list[float], float, float]:
        net = pre.copy()
        net.weights[-1] = init.zeros((1, p.hidden))  # a fresh (zero) head for the new task; the body is pretrained
        net.biases[-1] = np.zeros(1)
        drift_early = [0.0]

        def watch(step: int, n: MLP) -> None:
            if step == early - 1:
                drift_early[0] = _drift(n.weights[0], w_pre)

        losses = train(net, x, y_b, steps=p.steps, lr=lr, callback=watch)
        return losses, drift_early[0], _drift(net.weights[0], w_pre)

    losses_pre, early_small, final_small = fine_tune(p.lr)
    losses_large, early_large, final_large = fine_tune(p.large_lr)
    scratch = mlp([INPUTS, p.hidden, 1], TANH, rng, xavier_normal)
    losses_scratch = train(scratch, x, y_b, steps=p.steps, lr=p.lr)

    hit_pre, hit_scratch = _steps_to(losses_pre, p.target), _steps_to(losses_scratch, p.target)
    ratio = early_large / early_small if early_small > 0 else float("inf")
    checks = [
        check(
            "steps to target, scratch minus pretrained",
            (hit_scratch if hit_scratch is not None else p.steps + 1) - (hit_pre if hit_pre is not None else np.inf),
            1,
        ),
        check("weights moved, large / small lr", ratio, FAR_MORE),
    ]

    def fmt(hit: int | None) -> str:
        return f"{hit} steps" if hit is not None else f"not within {p.steps} steps"

    summary = (
        f"Loss ≤ {p.target:g} on task B: pretrained {fmt(hit_pre)}, from scratch {fmt(hit_scratch)} (lr {p.lr:g}). "
        f"After {early} fine-tuning steps the pretrained weights moved {early_small:.2%} with lr {p.lr:g} and "
        f"{early_large:.2%} with lr {p.large_lr:g} (×{ratio:.1f})."
    )
    tables = [
        table(
            "Fine-tuning on task B",
            [
                "start",
                "lr",
                f"steps to loss ≤ {p.target:g}",
                "final loss",
                f"hidden weights moved after {early} steps",
                "moved at the end",
            ],
            [
                ["pretrained on A", p.lr, hit_pre, losses_pre[-1], early_small, final_small],
                [
                    "pretrained on A",
                    p.large_lr,
                    _steps_to(losses_large, p.target),
                    losses_large[-1],
                    early_large,
                    final_large,
                ],
                ["random (Xavier)", p.lr, hit_scratch, losses_scratch[-1], None, None],
            ],
        ),
        table(
            f"Pretraining on task A ({TASK_A_OUTPUTS} outputs)",
            ["steps", "lr", "initial loss", "final loss"],
            [[p.pretrain_steps, p.pretrain_lr, losses_a[0], losses_a[-1]]],
        ),
    ]
    chart = "Task-B loss during fine-tuning"
    out_series = [
        series(name, losses, x_label="step", y_label="loss", chart=chart, log_y=True)
        for name, losses in (
            ("Pretrained", losses_pre),
            ("From scratch", losses_scratch),
            (f"Pretrained, lr {p.large_lr:g}", losses_large),
        )
    ]
    return Outcome(checks=checks, summary=summary, tables=tables, series=out_series)


# ---------------------------------------------------------------------------------------------------------------


class SeedsParams(DemoParams):
    seeds: int = Field(8, ge=2, le=12, description="number of different seeds to compare")
    hidden: int = Field(16, ge=4, le=32, description="hidden tanh units")
    samples: int = Field(256, ge=32, le=1024, description="training points (fixed across seeds)")
    batch: int = Field(32, ge=4, le=128, description="minibatch size (the seed also drives the shuffling)")
    steps: int = Field(100, ge=10, le=300, description="SGD steps")
    lr: float = Field(0.1, gt=0.0, le=1.0, description="learning rate")


def _run_seed(p: SeedsParams, seed: int, x: Array, y: Array) -> tuple[MLP, MLP, list[float]]:
    rng = np.random.default_rng(seed)
    net = mlp([INPUTS, p.hidden, 1], TANH, rng, xavier_normal)
    start = net.copy()
    losses = train(net, x, y, steps=p.steps, lr=p.lr, batch=p.batch, rng=rng)
    return start, net, losses


@demo(
    id="seeds",
    card=14,
    title="Seeds: reproducible runs, and the spread between them",
    claim="The same seed gives bit-identical initial weights and training curves; different seeds give a spread "
    "of final losses, so results should be reported as mean ± std over several seeds.",
    params=SeedsParams,
)
def seeds(p: SeedsParams) -> Outcome:
    x, y, _ = _task(np.random.default_rng(p.seed), p.samples)  # one fixed dataset; seeds vary init and shuffling
    (s1, n1, l1), (s2, n2, l2) = (_run_seed(p, p.seed, x, y) for _ in range(2))
    same_init = all(np.array_equal(a, b) for a, b in zip(s1.weights, s2.weights, strict=True))
    same_curve = np.array_equal(np.asarray(l1), np.asarray(l2), equal_nan=True)
    same_final = all(np.array_equal(a, b) for a, b in zip(n1.weights, n2.weights, strict=True))
    runs = [(p.seed, l1)] + [(s, _run_seed(p, s, x, y)[2]) for s in range(p.seed + 1, p.seed + p.seeds)]
    finals = np.array([losses[-1] for _, losses in runs])
    mean, std = float(finals.mean()), float(finals.std(ddof=1))
    distinct = int(np.unique(finals).size)
    checks = [
        check("same seed: runs that differ", float(not (same_init and same_curve and same_final)), 0, 0),
        check("different seeds: distinct final losses", distinct, p.seeds, p.seeds),
        check("final-loss std over seeds", std, 1e-300),
    ]
    summary = (
        f"Seed {p.seed} twice: initial weights, loss curve and final weights bit-identical: "
        f"{'yes' if same_init and same_curve and same_final else 'no'}. Final loss over {p.seeds} seeds: "
        f"{mean:.4f} ± {std:.4f} (min {finals.min():.4f}, max {finals.max():.4f})."
    )
    tables = [
        table(
            f"Same seed ({p.seed}) twice",
            ["initial weights identical", "loss curve identical", "final weights identical"],
            [[same_init, same_curve, same_final]],
        ),
        table("Final loss by seed", ["seed", "final loss"], [[s, losses[-1]] for s, losses in runs]),
        table(
            "Across seeds", ["seeds", "mean", "std", "min", "max"], [[p.seeds, mean, std, finals.min(), finals.max()]]
        ),
    ]
    chart = "Training loss by seed"
    out_series = [
        series(f"Seed {s}", losses, x_label="step", y_label="minibatch loss", chart=chart, log_y=True)
        for s, losses in runs
    ]
    return Outcome(checks=checks, summary=summary, tables=tables, series=out_series)
