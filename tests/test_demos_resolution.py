"""Every variance demo at sizes too small to tell its science from wrong science: no band on a positive quantity
reaches below 0, and the verdict is not "holds": a failing separation check says which wrong science the run could
not tell apart, rather than a "holds" that the wrong science would also have earned. When only such checks fail the
verdict reads "cannot tell at these settings"; wrong science still "does not hold"."""

from __future__ import annotations

from typing import Any

import pytest

from quiz.demos.base import run_demo

SIGNED = ("mean at layer", "−", "minus")  # checks on signed quantities (means, differences) keep a linear band

SMALL: list[tuple[str, dict[str, Any]]] = [
    ("conv-fan-in", {"channels": 1, "kernel": 3}),
    ("conv-fan-in", {"channels": 1, "kernel": 2, "layers": 2, "nets": 1, "batch": 1, "size": 5}),
    ("he-vs-xavier", {"nets": 1}),
    ("he-vs-xavier", {"depth": 2, "width": 16, "batch": 4, "nets": 1}),
    ("default-init", {"nets": 1}),
    ("default-init", {"depth": 4, "width": 16, "batch": 8, "nets": 1}),
    ("gain", {"nets": 1}),
    ("gain", {"depth": 4, "width": 16, "batch": 8, "nets": 1}),
    ("gain", {"slope": 0.2}),  # ReLU's √2 in a leaky net: ×1.04 a layer, inside these nets' spread
    ("lecun", {"nets": 1}),
    ("lecun", {"fan_in": 1, "fan_out": 1, "depth": 4, "width": 16, "batch": 16, "nets": 1}),
    ("scale-sweep", {"depth": 4, "width": 16, "batch": 8, "nets": 1}),
    ("xavier", {"depth": 2, "width": 16, "batch": 16, "nets": 1}),
    ("xavier", {"width": 16}),
    ("batchnorm", {"depth": 2, "width": 8, "samples": 16, "steps": 10, "nets": 1}),
]


@pytest.mark.parametrize(("demo_id", "params"), SMALL, ids=[f"{d} {p}" for d, p in SMALL])
def test_a_run_too_small_to_tell_does_not_hold(demo_id: str, params: dict[str, Any]) -> None:
    r = run_demo(demo_id, {k: str(v) for k, v in params.items()})
    for c in r.checks:
        if c.low is not None and not any(s in c.name for s in SIGNED):
            assert c.low >= 0, f"{demo_id}: {c.describe()}"
    assert not r.holds
    failed = [c.name for c in r.checks if not c.passed]
    assert any(" vs " in name and "distance in half-widths" in name for name in failed), failed


def test_a_run_too_small_to_tell_says_so_and_wrong_science_still_does_not_hold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When only resolution checks fail, the verdict reads "cannot tell at these settings", not "does not hold" (the
    science is not contradicted, the run is too small); when a measurement is off, it does not hold."""
    small = run_demo("conv-fan-in", {"channels": "1", "kernel": "3"})
    assert not small.holds and small.verdict == "cannot tell"
    assert all(c.separates for c in small.checks if not c.passed)
    assert small.verdict_text().startswith("? cannot tell at these settings")
    assert small.model_dump()["verdict"] == "cannot tell"
    assert set(small.model_dump()["checks"][0]) == {"name", "value", "low", "high", "passed"}

    from quiz.demos import initializers as init

    assert run_demo("he-vs-xavier").verdict == "holds"
    he = init.kaiming_normal
    monkeypatch.setattr(init, "kaiming_normal", lambda *a, **k: 1.1 * he(*a, **k))  # He drawn 10 % too wide
    wrong = run_demo("he-vs-xavier")
    assert wrong.verdict == "does not hold"
    assert any(not c.passed and not c.separates for c in wrong.checks)
