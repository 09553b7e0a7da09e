"""Every variance demo at sizes too small to tell its science from wrong science: no band on a positive quantity
reaches below 0, and the verdict is "does not hold", with a failing separation check that says which wrong science
the run could not tell apart, rather than a "holds" that the wrong science would also have earned."""

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
