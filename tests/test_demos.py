"""The 15 demos: each claim holds at its defaults, and the numbers behind each verdict are checked directly."""

from __future__ import annotations

import math
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
    # With He's own scale there is nothing for batch norm to rescue, and a 1×1 kernel has no k_h·k_w to forget.
    assert not run_demo("batchnorm", {"scale": "1"}).holds
    assert not run_demo("conv-fan-in", {"kernel": "1"}).holds


# ---------------------------------------------------------------------------------------------------------------
# The numbers behind each verdict


def test_fan_in_out_numbers(results: dict[str, DemoResult]) -> None:
    t = results["fan-in-out"].tables[0]
    assert col(t, "fan_in") == col(t, "expected fan_in") == [512, 192, 576, 1728, 1152]
    assert col(t, "fan_out") == col(t, "expected fan_out") == [256, 384, 1152, 3456, 576]
    assert row(t, "Linear")["He std √(2/fan_in)"] == pytest.approx(0.0625)  # REFERENCE: fan_in 512
    conv = row(t, "Conv2d")
    assert conv["He std √(2/fan_in)"] == pytest.approx(math.sqrt(2 / 576)) == pytest.approx(0.0589, abs=1e-4)
    assert conv["measured std"] == pytest.approx(conv["He std √(2/fan_in)"], rel=0.02)
    assert all(col(t, "ok"))


def test_xavier_numbers(results: dict[str, DemoResult]) -> None:
    t = results["xavier"].tables[0]
    std, xav = row(t, "Standard U[±1/√n]"), row(t, "Xavier")
    assert std["n·Var(W)"] == pytest.approx(1 / 3)
    for column in ("activation variance ×", "gradient variance × (downward)"):
        assert 0.25 <= std[column] <= 0.42  # ≈ n·Var(W) = 1/3 per layer
        assert 0.6 <= xav[column] <= 1 / 0.6
    names = {s.name for s in results["xavier"].series}
    assert {"Standard", "Xavier"} <= names


def test_he_vs_xavier_numbers(results: dict[str, DemoResult]) -> None:
    r = results["he-vs-xavier"]
    t = tab(r, "Per-layer factor")
    he, xav = row(t, "He"), row(t, "Xavier")
    assert 0.4 <= xav["measured factor"] <= 0.6
    assert 0.8 <= he["measured factor"] <= 1.25
    assert 0.5 <= he["last / first variance"] <= 2  # pooled over random nets, He stays put over 20 layers
    assert xav["last / first variance"] < 1e-4  # ½^19 ≈ 1.9e-6
    series = {s.name: s for s in r.series}
    assert set(series) == {"He", "Xavier"}
    assert len(series["He"].y) == len(series["Xavier"].y) == 20
    assert series["He"].log_y and series["He"].chart == series["Xavier"].chart
    ratios = [b / a for a, b in zip(series["Xavier"].y, series["Xavier"].y[1:], strict=False)]
    assert 0.4 <= math.exp(sum(math.log(x) for x in ratios) / len(ratios)) <= 0.6


def test_scale_sweep_numbers(results: dict[str, DemoResult]) -> None:
    t = results["scale-sweep"].tables[0]
    mults = col(t, "std multiplier")
    final = dict(zip(mults, col(t, "ReLU final std"), strict=True))
    saturated = dict(zip(mults, col(t, "tanh saturated (|a| > 0.9)"), strict=True))
    values = list(final.values())
    assert values == sorted(values)
    assert final[0.01] < 1e-10 and final[100.0] > 1e10
    assert 0.1 <= final[1.0] <= 10
    assert saturated[100.0] > 0.9 and saturated[1.0] < 0.1


def test_lecun_numbers(results: dict[str, DemoResult]) -> None:
    r = results["lecun"]
    consts = tab(r, "Constants")
    assert col(consts, "fan_in·Var(W)") == pytest.approx([1, 1, 4 / 3, 4 / 3, 2, 2])
    assert consts.rows[0][3] == pytest.approx(1 / 16)  # 1/√256
    deep = tab(r, "LeCun normal")
    selu, scaled, relu = row(deep, "selu"), row(deep, "1.7159·tanh(2x/3)"), row(deep, "relu")
    assert 0.8 <= selu["last-layer variance"] <= 1.25
    assert 0.9 <= selu["factor/layer (2nd half)"] <= 1 / 0.9
    assert 0.9 <= scaled["factor/layer (2nd half)"] <= 1 / 0.9
    assert 0.4 <= relu["factor/layer (all)"] <= 0.6


def test_gain_numbers(results: dict[str, DemoResult]) -> None:
    r = results["gain"]
    gains = tab(r, "calculate_gain")
    for cells in gains.rows:
        assert cells[3] == pytest.approx(cells[4])
    assert row(gains, "tanh")[("calculate_gain")] == pytest.approx(5 / 3)
    net = tab(r, "Leaky-ReLU net")
    matched, one = row(net, "matching gain"), row(net, "gain 1")
    assert matched["value"] == pytest.approx(math.sqrt(2 / 1.04))
    assert 0.8 <= matched["measured factor/layer"] <= 1.25
    assert one["½(1+s²)·gain² (theory)"] == pytest.approx(0.52)
    assert 0.4 <= one["measured factor/layer"] <= 0.65


def test_conv_fan_in_numbers(results: dict[str, DemoResult]) -> None:
    t = tab(results["conv-fan-in"], "He std by fan_in")
    right, wrong = t.rows[0], t.rows[1]
    assert right[1] == 32 * 9 and wrong[1] == 32
    assert 1 / 1.5 <= right[4] <= 1.5
    assert 9 / 2 <= wrong[4] <= 9 * 2  # ≈ k² = 9 per layer
    assert t.rows[2][1] == 576 and t.rows[2][2] == pytest.approx(0.0589, abs=1e-4)


def test_default_init_numbers(results: dict[str, DemoResult]) -> None:
    t = results["default-init"].tables[0]
    cells = {(c[0], c[1]): dict(zip(t.columns, c, strict=True)) for c in t.rows}
    factor = "variance factor per layer"
    assert 0.8 <= cells["He", "relu"][factor] <= 1.25
    assert 0.4 <= cells["Xavier", "relu"][factor] <= 0.6
    assert cells["Xavier", "tanh"][factor] >= 0.6
    sat = "saturated (|tanh| > 0.9)"
    assert cells["Xavier", "tanh"][sat] < cells["He", "tanh"][sat]


def test_he_vs_xavier_holds_across_seeds() -> None:
    for seed in range(6):
        r = run_demo("he-vs-xavier", seed=seed)
        he = row(tab(r, "Per-layer factor"), "He")
        assert r.holds, r.summary
        assert 0.95 <= he["measured factor"] <= 1.05, (seed, he)


def test_joint_work_limit_names_the_parameters() -> None:
    with pytest.raises(ParamError, match=r"depth × nets × width × \(width \+ batch\) = 70,778,880 is over"):
        run_demo("he-vs-xavier", {"depth": "60", "width": "256", "nets": "16"})
