"""The 15 demos: each claim holds at its defaults, and the numbers behind each verdict are checked directly."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from quiz.deck import DEMO_IDS, Deck
from quiz.demos.base import DemoResult, ParamError, Table, all_demos, get_demo, param_info, run_demo

# ---------------------------------------------------------------------------------------------------------------
# Helpers


@pytest.fixture(scope="module")
def results() -> dict[str, DemoResult]:
    """Every demo once at its defaults (shared by the per-demo tests)."""
    return {d.id: d.run() for d in all_demos()}


def tab(result: DemoResult, name_start: str) -> Table:
    for t in result.tables:
        if t.name.startswith(name_start):
            return t
    raise AssertionError(f"{result.demo}: no table starting {name_start!r} in {[t.name for t in result.tables]}")


def col(t: Table, column: str) -> list[Any]:
    i = t.columns.index(column)
    return [row[i] for row in t.rows]


def row(t: Table, first: Any) -> dict[str, Any]:
    for r in t.rows:
        if r[0] == first:
            return dict(zip(t.columns, r, strict=True))
    raise AssertionError(f"no row {first!r} in {t.name!r}")


def comparable(result: DemoResult) -> dict[str, Any]:
    return result.model_dump(exclude={"elapsed_ms"})


# ---------------------------------------------------------------------------------------------------------------
# Registry


def test_fifteen_demos_in_deck_order(deck: Deck) -> None:
    demos = all_demos()
    assert [d.id for d in demos] == list(DEMO_IDS)
    assert [d.card for d in demos] == list(range(1, 16))
    assert [c.demo for c in sorted(deck.cards, key=lambda c: c.id)] == [d.id for d in demos]


@pytest.mark.parametrize("demo_id", DEMO_IDS)
def test_every_parameter_is_bounded_and_described(demo_id: str) -> None:
    for info in param_info(get_demo(demo_id).Params):
        assert info.minimum is not None and info.maximum is not None, (demo_id, info.name)
        assert info.description, (demo_id, info.name)


def test_he_vs_xavier_depth_bounds() -> None:
    depth = {i.name: i for i in param_info(get_demo("he-vs-xavier").Params)}["depth"]
    assert depth.default == 20
    assert depth.maximum is not None and depth.maximum >= 50


def test_demos_import_no_textual() -> None:
    code = (
        "import sys, quiz.demos.catalog, quiz.demos.textchart\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# ---------------------------------------------------------------------------------------------------------------
# Every demo: holds at defaults, reproducible, seed-dependent, JSON-clean


@pytest.mark.parametrize("demo_id", DEMO_IDS)
def test_holds_at_defaults(results: dict[str, DemoResult], demo_id: str) -> None:
    r = results[demo_id]
    assert r.holds, r.summary
    assert r.demo == demo_id and r.claim and r.summary and r.tables and r.series
    for s in r.series:
        assert len(s.x) == len(s.y) and s.name and s.x_label and s.y_label
    for t in r.tables:
        assert all(len(cells) == len(t.columns) for cells in t.rows), t.name


@pytest.mark.parametrize("demo_id", DEMO_IDS)
def test_same_seed_same_numbers_other_seed_others(results: dict[str, DemoResult], demo_id: str) -> None:
    again = run_demo(demo_id, seed=0)
    assert comparable(again) == comparable(results[demo_id])
    other = run_demo(demo_id, seed=1)
    assert other.params["seed"] == 1
    assert other.tables != again.tables or other.series != again.series


@pytest.mark.parametrize("demo_id", DEMO_IDS)
def test_json_has_no_nan(results: dict[str, DemoResult], demo_id: str) -> None:
    import json

    text = results[demo_id].model_dump_json()
    assert "NaN" not in text and "Infinity" not in text
    assert json.loads(text)["demo"] == demo_id


# ---------------------------------------------------------------------------------------------------------------
# Parameter validation


@pytest.mark.parametrize("demo_id", DEMO_IDS)
def test_unknown_parameter(demo_id: str) -> None:
    with pytest.raises(ParamError, match="unknown parameter 'foo'") as exc:
        run_demo(demo_id, {"foo": "1"})
    assert exc.value.param == "foo"


@pytest.mark.parametrize("demo_id", DEMO_IDS)
def test_out_of_range_and_ill_typed(demo_id: str) -> None:
    for info in param_info(get_demo(demo_id).Params):
        assert info.maximum is not None and info.minimum is not None
        too_big = str(int(info.maximum) + 1) if info.type == "integer" else str(info.maximum * 2 + 1)
        too_small = str(int(info.minimum) - 1) if info.type == "integer" else str(info.minimum - 1)
        for bad in (too_big, too_small, "abc"):
            with pytest.raises(ParamError) as exc:
                run_demo(demo_id, {info.name: bad})
            assert exc.value.param == info.name
            message = str(exc.value)
            assert info.name in message and "allowed" in message, message


def test_strings_are_converted() -> None:
    r = run_demo("he-vs-xavier", {"depth": "5", "width": "32"}, seed=3)
    assert r.params["depth"] == 5 and r.params["seed"] == 3
    assert len(r.series[0].y) == 5


def test_holds_is_computed_not_constant() -> None:
    # With He's own scale there is nothing for batch norm to rescue (conv-fan-in's 1×1 kernel, which had no k_h·k_w
    # to forget, is now refused: tests/test_demos_fans.py).
    assert not run_demo("batchnorm", {"scale": "1"}).holds


# ---------------------------------------------------------------------------------------------------------------
# The numbers behind each verdict


def test_symmetry_numbers(results: dict[str, DemoResult]) -> None:
    t = results["symmetry"].tables[0]
    zeros, const, he = row(t, "zeros"), row(t, "constant 0.5"), row(t, "He (random)")
    distinct = "distinct hidden units (min of 2 layers)"
    assert zeros[distinct] == 1 and zeros["max unit spread"] == 0.0
    assert const[distinct] == 1 and const["max unit spread"] <= 1e-12 and const["weights moved (‖ΔW‖)"] > 0.1
    assert he[distinct] == 8 and he["max unit spread"] > 0.1
    assert zeros["train accuracy"] == pytest.approx(0.5, abs=0.05)  # DeepLearning.AI: zeros ≈ 50 %
    assert he["train accuracy"] > 0.9


def test_bias_init_numbers(results: dict[str, DemoResult]) -> None:
    r = results["bias-init"]
    t = tab(r, "Fraction of ReLU outputs")
    zero, pos = col(t, "bias 0"), col(t, "bias 0.1")
    assert all(0.4 <= z <= 0.6 for z in zero)
    assert all(p < z for p, z in zip(pos, zero, strict=True))
    assert tab(r, "Zero biases").rows[0][0] == 8


def test_orthogonal_numbers(results: dict[str, DemoResult]) -> None:
    t = results["orthogonal"].tables[0]
    for column in ("orth σmin", "orth σmax"):
        assert all(abs(v - 1) < 1e-8 for v in col(t, column))
    cond = col(t, "Gaussian condition")
    assert cond[-1] > 1e3 and cond[-1] > cond[0]
    assert 0.1 < col(t, "Gaussian mean σ²")[0] < 10


def test_transfer_numbers(results: dict[str, DemoResult]) -> None:
    t = results["transfer"].tables[0]
    steps_col = "steps to loss ≤ 0.04"
    pre, large, scratch = t.rows
    hit_pre, hit_scratch = pre[t.columns.index(steps_col)], scratch[t.columns.index(steps_col)]
    assert hit_pre is not None
    assert hit_scratch is None or hit_scratch > hit_pre
    early = next(c for c in t.columns if c.startswith("hidden weights moved after"))
    assert large[t.columns.index(early)] >= 3 * pre[t.columns.index(early)]


def test_batchnorm_numbers(results: dict[str, DemoResult]) -> None:
    t = results["batchnorm"].tables[0]
    bn, plain = col(t, "std (BN)"), col(t, "std (no BN)")
    assert all(abs(s / bn[0] - 1) <= 0.2 for s in bn)
    assert plain[-1] / plain[0] < 1e-2  # 0.5× He's std: ×¼ variance per layer


def test_zero_residual_numbers(results: dict[str, DemoResult]) -> None:
    r = results["zero-residual"]
    ident = tab(r, "Zero-init last layer").rows[0]
    assert ident[0] == 0.0 and ident[1] > 0
    he = col(tab(r, "Variance after each block"), "He init")
    zero = col(tab(r, "Variance after each block"), "zero-init last layer")
    assert len(set(zero)) == 1
    per_block = (he[-1] / he[0]) ** (1 / (len(he) - 1))
    assert 2.0 <= per_block <= 4.0  # branch variance = input variance → about ×3 per block


def test_seeds_numbers(results: dict[str, DemoResult]) -> None:
    r = results["seeds"]
    assert tab(r, "Same seed").rows == [[True, True, True]]
    finals = col(tab(r, "Final loss by seed"), "final loss")
    assert len(finals) == 8 and len(set(finals)) == 8
    across = tab(r, "Across seeds").rows[0]
    assert across[2] > 0
