"""Helpers for the demos' seed sweeps and wrong-science controls (tests/test_demos_*.py).

The issue's rule: the true science holds on every seed 0–29 at the defaults, and a control that swaps in a wrong
initializer, gain, fan, activation or learning rate flips the verdict to "does not hold" on at least 4 of 5 seeds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from quiz.demos import initializers as init
from quiz.demos.base import DemoResult, run_demo
from quiz.demos.nets import Activation

SWEEP = range(30)
CONTROL_SEEDS = range(5)


def failing_seeds(demo_id: str, seeds: range = SWEEP, params: Mapping[str, Any] | None = None) -> list[int]:
    """The seeds on which the demo does not hold: a finding against the claim ("does not hold"), not a run too
    small to tell ("cannot tell" is no flip of a control)."""
    return [s for s in seeds if run_demo(demo_id, params, seed=s).verdict == "does not hold"]


def flips(demo_id: str, params: Mapping[str, Any] | None = None) -> int:
    """On how many of seeds 0–4 the demo does not hold."""
    return len(failing_seeds(demo_id, CONTROL_SEEDS, params))


def failed_checks(result: DemoResult) -> list[str]:
    return [c.name for c in result.checks if not c.passed]


def scaled(fn: Callable[..., np.ndarray], factor: float) -> Callable[..., np.ndarray]:
    """``fn`` whose samples come out ``factor`` times wider (a wrong gain or a wrong fan)."""

    def wrong(*args: Any, **kwargs: Any) -> np.ndarray:
        return factor * fn(*args, **kwargs)

    return wrong


def zeros_instead(*args: Any, **kwargs: Any) -> np.ndarray:
    """A random initializer replaced by zeros (same shape)."""
    return np.zeros(tuple(args[0]))


def random_instead(*args: Any, **kwargs: Any) -> np.ndarray:
    """``zeros`` / ``constant`` replaced by random N(0, 1/fan_in) weights (symmetry broken where it must not be)."""
    shape = tuple(args[0])
    return init.lecun_normal(shape, rng=np.random.default_rng(1234)) if len(shape) >= 2 else np.ones(shape)


LINEAR = Activation("linear", lambda z: z, lambda z: np.ones_like(z))


def fan_out_instead(fn: Callable[..., np.ndarray]) -> Callable[..., np.ndarray]:
    """A Kaiming initializer that uses fan_out where the demo asks for fan_in (the wrong fan)."""

    def wrong(*args: Any, **kwargs: Any) -> np.ndarray:
        return fn(*args, **{**kwargs, "mode": "fan_out"})

    return wrong


def central_difference(loss: Callable[[], float], array: np.ndarray, idx: tuple[int, ...], eps: float = 1e-6) -> float:
    """d loss / d array[idx] by central differences (``array`` is changed in place and restored)."""
    old = array[idx]
    array[idx] = old + eps
    up = loss()
    array[idx] = old - eps
    down = loss()
    array[idx] = old
    return (up - down) / (2 * eps)
