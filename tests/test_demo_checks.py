"""The verdict framework: a demo holds exactly when every one of its stated checks passes."""

from __future__ import annotations

import json
import math
import warnings

import pytest
from pydantic import ValidationError

from quiz.deck import DEMO_IDS
from quiz.demos import base
from quiz.demos.base import Check, DemoParams, Outcome, check, run_demo


def test_a_check_passes_only_inside_its_band() -> None:
    assert check("x", 1.0, 0.97, 1.03).passed
    assert not check("x", 1.04, 0.97, 1.03).passed
    assert not check("x", 0.96, 0.97, 1.03).passed
    assert check("x", 0.97, 0.97, 1.03).passed  # the band is closed
    assert check("x", 5.0, None, 5.0).passed and not check("x", 5.1, None, 5.0).passed
    assert check("x", 5.0, 5.0).passed and not check("x", 4.9, 5.0).passed


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_a_non_finite_value_never_passes(value: float) -> None:
    assert not check("x", value).passed
    assert not check("x", value, None, None).passed
    assert not check("x", value, -math.inf, math.inf).passed


def test_passed_cannot_be_written_in() -> None:
    with pytest.raises(ValidationError, match="passed must be computed"):
        Check(name="x", value=2.0, low=0.0, high=1.0, passed=True)
    with pytest.raises(ValidationError, match="passed must be computed"):
        Check(name="x", value=math.nan, low=None, high=None, passed=True)


def test_describe_states_value_band_and_mark() -> None:
    assert check("He ×/layer", 1.003, 0.97, 1.03).describe() == "He ×/layer 1.003 · band 0.97–1.03 ✓"
    assert check("Xavier ×/layer", 0.7, None, 0.6).describe() == "Xavier ×/layer 0.7 · band ≤ 0.6 ✗"
    assert check("growth", 1.9e7, 2).describe() == "growth 1.9e+07 · band ≥ 2 ✓"


def _register(monkeypatch: pytest.MonkeyPatch, checks: list[Check], body: object = None) -> str:
    def fn(_: DemoParams) -> Outcome:
        if callable(body):
            body()
        return Outcome(checks=checks, summary="s", tables=[], series=[])

    monkeypatch.setitem(
        base.REGISTRY, "fake", base.Demo(id="fake", card=99, title="t", claim="c", Params=DemoParams, fn=fn)
    )
    return "fake"


def test_holds_is_the_conjunction_of_the_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    both = [check("a", 1.0, 0, 2), check("b", 1.0, 0, 2)]
    assert run_demo(_register(monkeypatch, both)).holds
    one_fails = [check("a", 1.0, 0, 2), check("b", 3.0, 0, 2)]
    assert not run_demo(_register(monkeypatch, one_fails)).holds
    assert not run_demo(_register(monkeypatch, [])).holds  # nothing checked is nothing shown


def test_numpy_warnings_never_reach_the_user(monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    def overflow() -> None:
        np.float64(1e308) * np.float64(10)
        np.array([0.0]) / np.array([0.0])
        np.mean(np.array([]))

    demo_id = _register(monkeypatch, [check("a", 1.0, 0, 2)], overflow)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert run_demo(demo_id).holds


@pytest.mark.parametrize("demo_id", DEMO_IDS)
def test_every_demo_states_its_checks_in_json(demo_id: str) -> None:
    result = run_demo(demo_id)
    data = json.loads(result.model_dump_json())
    assert data["checks"], demo_id
    for c in data["checks"]:
        assert set(c) == {"name", "value", "low", "high", "passed"}
        assert c["low"] is not None or c["high"] is not None, f"{demo_id}: {c['name']} has no band"
    assert data["holds"] == all(c["passed"] for c in data["checks"])
