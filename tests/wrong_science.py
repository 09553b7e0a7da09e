"""Wrong science for the demo controls: initializers drawn too wide or too narrow, wrong gains, wrong fans and wrong
activations, swapped into ``quiz.demos.initializers`` and ``quiz.demos.nets`` where the demos look them up.

A demo's verdict must hold on every seed 0–29 with the true science, and flip to "does not hold" on at least 4 of
seeds 0–4 with any wrong science its claim depends on.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pytest

from quiz.demos import initializers as init
from quiz.demos import nets
from quiz.demos.base import DemoResult, run_demo

SWEEP_SEEDS = range(30)
CONTROL_SEEDS = range(5)

SEED_BLOCKS = (range(0, 10), range(10, 20), range(20, 30))  # so xdist spreads a demo's sweep over its workers

Patch = tuple[Any, str, Any]  # (module, attribute, replacement)

_calculate_gain = init.calculate_gain
_fans = init.fan_in_and_fan_out


def scaled(name: str, factor: float) -> Patch:
    """``initializers.<name>`` drawing ``factor`` × its std (variance × factor²)."""
    original = getattr(init, name)

    def draw(*args: Any, **kwargs: Any) -> Any:
        return original(*args, **kwargs) * factor

    return (init, name, draw)


def gain(nonlinearity: str, value: float | Callable[[float | None], float]) -> Patch:
    """``calculate_gain`` returning ``value`` (or ``value(param)``) for one nonlinearity, the true gain otherwise."""

    def calculate_gain(name: str, param: float | None = None) -> float:
        if name == nonlinearity:
            return value(param) if callable(value) else value
        return _calculate_gain(name, param)

    return (init, "calculate_gain", calculate_gain)


def fans(rule: str) -> Patch:
    """``fan_in_and_fan_out`` with a wrong rule: ``swapped`` (fan_out, fan_in), or ``no-kernel`` (the channel counts
    only, the receptive field forgotten)."""

    def fan_in_and_fan_out(shape: Any) -> tuple[int, int]:
        fan_in, fan_out = _fans(shape)
        if rule == "swapped":
            return fan_out, fan_in
        dims = [int(d) for d in shape]
        return dims[1], dims[0]

    assert rule in {"swapped", "no-kernel"}
    return (init, "fan_in_and_fan_out", fan_in_and_fan_out)


def activation(name: str, replacement: nets.Activation | Callable[[float], nets.Activation]) -> Patch:
    """``nets.<name>`` (RELU, TANH, SELU, or the ``leaky_relu`` factory) replaced."""
    return (nets, name, replacement)


def elu(alpha: float = 1.0) -> nets.Activation:
    """ELU, which looks like SELU but has no self-normalizing fixed point."""
    return nets.Activation(
        "elu",
        lambda z: np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0.0))),
        lambda z: np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0.0))),
    )


def holds_under(
    monkeypatch: pytest.MonkeyPatch,
    demo_id: str,
    patches: list[Patch],
    seeds: range = CONTROL_SEEDS,
    params: Mapping[str, Any] | None = None,
) -> list[DemoResult]:
    """The demo's results on ``seeds`` with ``patches`` applied (and undone afterwards)."""
    with monkeypatch.context() as m:
        for module, attribute, replacement in patches:
            m.setattr(module, attribute, replacement)
        return [run_demo(demo_id, params, seed=seed) for seed in seeds]


def assert_flips(
    monkeypatch: pytest.MonkeyPatch, demo_id: str, patches: list[Patch], params: Mapping[str, Any] | None = None
) -> None:
    """The wrong science makes the demo not hold on at least 4 of seeds 0–4."""
    results = holds_under(monkeypatch, demo_id, patches, params=params)
    held = [r.params["seed"] for r in results if r.holds]
    assert len(held) <= 1, f"{demo_id} still holds on seeds {held} with {[p[1] for p in patches]}"


def assert_holds_on_every_seed(
    demo_id: str, params: Mapping[str, Any] | None = None, seeds: range = SWEEP_SEEDS
) -> list[DemoResult]:
    """The true science holds on every seed (0–29 unless given); returns the results."""
    results = [run_demo(demo_id, params, seed=seed) for seed in seeds]
    failed = {r.params["seed"]: [c.describe() for c in r.checks if not c.passed] for r in results if not r.holds}
    assert not failed, f"{demo_id} fails on seeds {failed}"
    return results


def check_value(result: DemoResult, name_start: str) -> float:
    """The value of the check whose name starts with ``name_start``."""
    for c in result.checks:
        if c.name.startswith(name_start):
            return c.value
    raise AssertionError(f"{result.demo}: no check {name_start!r} in {[c.name for c in result.checks]}")


SQRT2 = math.sqrt(2)


def assert_checks_in_json(capsys: pytest.CaptureFixture[str], demo_id: str) -> list[dict[str, Any]]:
    """``quiz demo ID --json`` states every check with its value and band, exactly as the run judged them."""
    import json

    from quiz.cli import main

    assert main(["demo", demo_id, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    expected = [c.model_dump() for c in run_demo(demo_id).checks]
    assert data["checks"] == expected
    assert data["holds"] is True
    for c in data["checks"]:
        assert math.isfinite(c["value"]) and (c["low"] is not None or c["high"] is not None), c
    checks: list[dict[str, Any]] = data["checks"]
    return checks


def sweep_and_json_tests(
    demos: tuple[str, ...], min_checks: int
) -> tuple[Callable[[str, range], None], Callable[[pytest.CaptureFixture[str], str], None]]:
    """The two tests every demo of a module gets: its true science holds on seeds 0–29, and ``--json`` states its
    checks (at least ``min_checks``). Assign them to ``test_…`` names in the test module."""

    @pytest.mark.parametrize("seeds", SEED_BLOCKS, ids=[f"seeds {b.start}-{b.stop - 1}" for b in SEED_BLOCKS])
    @pytest.mark.parametrize("demo_id", demos)
    def sweep(demo_id: str, seeds: range) -> None:
        assert_holds_on_every_seed(demo_id, seeds=seeds)

    @pytest.mark.parametrize("demo_id", demos)
    def in_json(capsys: pytest.CaptureFixture[str], demo_id: str) -> None:
        assert len(assert_checks_in_json(capsys, demo_id)) >= min_checks

    return sweep, in_json
