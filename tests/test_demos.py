"""The 15 demos: each holds at its defaults, reproducibly, with bounded parameters (the numbers behind each verdict,
seed sweeps and wrong-science controls are in tests/test_demos_*.py)."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from quiz.deck import DEMO_IDS, Deck
from quiz.demos.base import DemoResult, ParamError, all_demos, get_demo, param_info, run_demo

# ---------------------------------------------------------------------------------------------------------------
# Helpers


@pytest.fixture(scope="module")
def results() -> dict[str, DemoResult]:
    """Every demo once at its defaults (shared by the per-demo tests)."""
    return {d.id: d.run() for d in all_demos()}


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


def test_counts_agree_with_their_nouns() -> None:
    """Issue 13: "After 1 steps", "over 1 random nets" — a count of one reads in the singular."""
    from quiz.demos.catalog._common import counted

    assert counted(1, "steps") == "1 step" and counted(2, "steps") == "2 steps" and counted(0, "nets") == "0 nets"
    assert "over 1 random net of" in run_demo("he-vs-xavier", {"nets": "1"}).summary
    assert "1 steps" not in run_demo("symmetry", {"steps": "1"}).summary
