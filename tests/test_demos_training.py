"""Cards 9 and 14: `transfer` and `seeds`; and the stacked trainer they run on (gradients against finite
differences).

Each demo: its numbers, a seed sweep (seeds 0–29 hold at the defaults) and wrong-science controls that flip it
(on at least 4 of seeds 0–4).
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable

import numpy as np
import pytest
from demo_controls import central_difference, failed_checks, failing_seeds, flips, zeros_instead

from quiz.demos import initializers as init
from quiz.demos import nets
from quiz.demos.base import DemoResult, Table, run_demo
from quiz.demos.stacked import (
    StackedBNMLP,
    StackedMLP,
    lowest_finite,
    stacked_bce_logits,
    stacked_mse,
    stacked_softmax_ce,
)


def tab(result: DemoResult, start: str) -> Table:
    return next(t for t in result.tables if t.name.startswith(start))


# ---------------------------------------------------------------------------------------------------------------
# The stacked trainer: gradients against central differences


def _numeric(loss: Callable[[], float], arrays: list[np.ndarray]) -> list[np.ndarray]:
    out = []
    for a in arrays:
        g = np.zeros_like(a)
        for idx in [(0, 0, 0), (1, a.shape[1] - 1, a.shape[2] - 1), (0, a.shape[1] // 2, 0)]:
            g[idx] = central_difference(loss, a, idx)
        out.append(g)
    return out


def _close_at_probes(analytic: list[np.ndarray], numeric: list[np.ndarray]) -> None:
    for a, n in zip(analytic, numeric, strict=True):
        for idx in [(0, 0, 0), (1, a.shape[1] - 1, a.shape[2] - 1), (0, a.shape[1] // 2, 0)]:
            assert a[idx] == pytest.approx(n[idx], rel=1e-5, abs=1e-8)


@pytest.mark.parametrize("act", [nets.TANH, nets.RELU], ids=["tanh", "relu"])
@pytest.mark.parametrize(
    ("loss", "outputs"), [(stacked_mse, 2), (stacked_bce_logits, 1), (stacked_softmax_ce, 3)], ids=["mse", "bce", "ce"]
)
def test_stacked_mlp_gradients(
    act: nets.Activation, loss: Callable[..., tuple[np.ndarray, np.ndarray]], outputs: int
) -> None:
    rng = np.random.default_rng(0)
    net = StackedMLP(
        [rng.standard_normal((2, 5, 3)), rng.standard_normal((2, 4, 5)), rng.standard_normal((2, outputs, 4))],
        [0.1 * rng.standard_normal((2, 5, 1)), 0.1 * rng.standard_normal((2, 4, 1)), np.zeros((2, outputs, 1))],
        act,
    )
    x = rng.standard_normal((3, 7))
    if loss is stacked_softmax_ce:
        y = np.eye(outputs)[:, rng.integers(0, outputs, 7)]
    elif loss is stacked_bce_logits:
        y = (rng.random((1, 7)) > 0.5).astype(float)
    else:
        y = rng.standard_normal((outputs, 7))
    out, inputs, pres = net.forward(x)
    gw, _ = net.gradients(inputs, pres, loss(out, y)[1])
    numeric = _numeric(lambda: float(loss(net.forward(x)[0], y)[0].sum()), net.weights)
    _close_at_probes(gw, numeric)


def test_stacked_bn_gradients() -> None:
    rng = np.random.default_rng(1)
    weights = [rng.standard_normal((2, 4, 3)), rng.standard_normal((2, 4, 4)), rng.standard_normal((2, 1, 4))]
    gammas = [1 + 0.1 * rng.standard_normal((2, 4, 1)) for _ in range(2)]
    betas = [0.1 * rng.standard_normal((2, 4, 1)) for _ in range(2)]
    x, y = rng.standard_normal((3, 9)), rng.standard_normal((1, 9))

    def make() -> StackedBNMLP:
        return StackedBNMLP([w.copy() for w in weights], [g.copy() for g in gammas], [b.copy() for b in betas],
                            np.zeros((2, 1, 1)), nets.TANH)  # fmt: skip

    net = make()
    out, cache, last = net.forward(x)
    before = [w.copy() for w in net.weights]
    net.step(cache, last, stacked_mse(out, y)[1], np.full(2, 1e-7))
    analytic = [(b - a) / 1e-7 for a, b in zip(net.weights, before, strict=True)]
    probe = make()
    numeric = _numeric(lambda: float(stacked_mse(probe.forward(x)[0], y)[0].sum()), probe.weights)
    for a, n in zip(analytic, numeric, strict=True):
        assert a[0, 0, 0] == pytest.approx(n[0, 0, 0], rel=1e-4)


def test_lowest_finite_is_finite_for_a_diverged_net() -> None:
    curves = np.array([[3.0, 1.0], [np.inf, 0.5], [np.nan, 2.0]])
    assert lowest_finite(curves).tolist() == [3.0, 0.5]


# ---------------------------------------------------------------------------------------------------------------
# transfer (card 9)


@pytest.fixture(scope="module")
def transfer() -> DemoResult:
    return run_demo("transfer")


def test_transfer_numbers(transfer: DemoResult) -> None:
    t = tab(transfer, "Task B")
    col = {c: i for i, c in enumerate(t.columns)}
    best = {r[0]: r for r in t.rows if r[col["best lr"]]}
    assert set(best) == {"pretrained, fine-tuned", "pretrained, head only", "random (Xavier)"}
    test = {k: r[col["test loss"]] for k, r in best.items()}
    assert test["pretrained, fine-tuned"] < 0.8 * test["random (Xavier)"]
    assert test["pretrained, head only"] < 1.5 * test["pretrained, fine-tuned"]
    fine = [r for r in t.rows if r[0] == "pretrained, fine-tuned"]
    lrs = [r[col["lr"]] for r in fine]
    assert lrs == sorted(lrs) and lrs[0] == pytest.approx(0.01) and lrs[-1] == pytest.approx(0.3)
    forgetting = [r[col["task A loss / before (forgetting)"]] for r in fine]
    moved = [r[col["body weights moved"]] for r in fine]
    assert forgetting == sorted(forgetting) and moved == sorted(moved)  # both grow with the rate
    assert forgetting[0] < 2.5 and forgetting[-1] > 2 * forgetting[0]
    assert all(r[col["body weights moved"]] is None for r in t.rows if r[0] != "pretrained, fine-tuned")
    pre = tab(transfer, "Pretraining").rows[0]
    assert pre[3] < 0.05 * pre[2]


def test_transfer_holds_on_every_seed() -> None:
    assert failing_seeds("transfer") == []


def test_transfer_without_pretraining_does_not_hold() -> None:
    assert flips("transfer", {"pretrain_steps": "10"}) >= 4


def test_transfer_a_large_fine_tuning_rate_does_not_keep_the_features() -> None:
    # the "small" rate made large: the pretrained features are no longer kept
    assert flips("transfer", {"lr": "0.3", "large_lr": "1.2"}) >= 4


def test_transfer_a_symmetric_init_cannot_pretrain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(init, "xavier_normal", zeros_instead)
    assert flips("transfer") >= 4
    assert "task A: held-out loss after pretraining / at init" in failed_checks(run_demo("transfer"))


# ---------------------------------------------------------------------------------------------------------------
# seeds (card 14)


@pytest.fixture(scope="module")
def seeds() -> DemoResult:
    return run_demo("seeds")


def test_seeds_numbers(seeds: DemoResult) -> None:
    assert tab(seeds, "Seed 0 twice").rows == [[True, True, True]]
    held = {r[0]: r for r in tab(seeds, "Held-out loss").rows}
    xav, he = held["Xavier"], held["He"]
    assert 0 < xav[1] < 0.2 and 0 < he[1] < 0.2
    gap = he[1] - xav[1]
    cmp = {r[0]: r for r in tab(seeds, "Comparing the two").rows}
    assert cmp["one seed each (unpaired)"][1] == pytest.approx(gap)
    single_sd, wrong = cmp["one seed each (unpaired)"][2], cmp["one seed each (unpaired)"][3]
    assert single_sd > abs(gap)  # the spread of a one-seed comparison exceeds the gap
    assert 0.1 <= wrong <= 0.5  # ... so one run each ranks them the wrong way round often
    assert cmp["one seed, both configurations (paired)"][3] < wrong  # pairing helps
    assert abs(gap) > 3 * cmp["mean of 40 seeds"][2]  # and 40 paired seeds resolve the gap
    by_seed = tab(seeds, "By seed").rows
    assert len({r[1] for r in by_seed}) == len(by_seed)  # every seed a different result


def test_seeds_holds_on_every_seed() -> None:
    assert failing_seeds("seeds") == []


def test_seeds_an_overflowing_run_does_not_hold_and_warns_nobody() -> None:
    params = {"hidden": "32", "samples": "32", "batch": "128", "lr": "1.0"}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = run_demo("seeds", params)
    assert not r.holds
    assert "Xavier: mean held-out loss (predicting 0: 0.5)" in failed_checks(r)
    assert "diverged" in r.summary
    json.loads(r.model_dump_json())  # inf and NaN are written as null: valid JSON


def test_seeds_with_identical_configurations_there_is_nothing_to_rank(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(init, "kaiming_normal", lambda shape, **kw: init.xavier_normal(shape, rng=kw["rng"]))
    assert flips("seeds") >= 4


def test_seeds_a_symmetric_init_does_not_learn(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(init, "xavier_normal", zeros_instead)
    monkeypatch.setattr(init, "kaiming_normal", zeros_instead)
    assert flips("seeds") >= 4
