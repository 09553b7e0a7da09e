"""``experiment`` exercises: predict a deep-net experiment; the answer is the demo engine's own run at those
parameters, never a formula, and it is graded on a log scale (within a factor of 2).

"In a 20-layer ReLU net of width 256 with Xavier normal init, by what factor does the activation variance change
from layer 1 to layer 20?" runs ``he-vs-xavier`` with ``depth=20, width=256`` (and a seed drawn with the exercise)
through :func:`quiz.demos.base.run_demo`, and reads the answer from the run's own series: variance at layer 20 ÷
variance at layer 1. The explanation gives the theory as a guide and the command that repeats the run; the solution
carries the demo's chart. Making the exercise is light; solving it imports NumPy and the demos.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from quiz.exercises.formatting import num
from quiz.exercises.model import WITHIN_FACTOR_2, Exercise, ExerciseError, Solution

DEPTHS = (5, 10, 15, 20, 30)
WIDTHS = (64, 128, 256)


@dataclass(frozen=True)
class Scenario:
    """One experiment the demos can run: which demo, which of its series, and what theory expects."""

    demo: str
    series: str
    """The demo's series (activation variance per layer) that answers it."""
    activation: str
    init: str
    theory: Callable[[int], str]
    """The theory's guide for a net of this depth (shown with the answer)."""
    expected: Callable[[int], float] | None = None
    """The theory's factor, where it is a simple one (the tests hold the demos to it)."""
    measure: str = "activation variance"
    """What the demo's series measures, as the question names it."""


def _halving(depth: int) -> str:
    return (
        "Theory (He et al. 2015): ReLU halves the second moment and Xavier's n·Var(W) = 1 does not make up for it, "
        f"so the variance falls about ×½ a layer: ½^{depth - 1} = {num(0.5 ** (depth - 1))}"
    )


def _he(depth: int) -> str:
    return "Theory: He's Var(W) = 2/fan_in makes up for ReLU's halving exactly, so the variance holds: a factor ≈ 1"


def _standard(depth: int) -> str:
    return (
        "Theory (Glorot & Bengio 2010): n·Var(W) = 1/3 and tanh is nearly linear for small signals, so the "
        f"variance falls about ×⅓ a layer: (1/3)^{depth - 1} = {num(3.0 ** -(depth - 1))}"
    )


def _edge(depth: int) -> str:
    return (
        "Theory: with n·Var(W) = 1 tanh sits at the edge of chaos: the variance still decays, but slowly "
        "(polynomially, not geometrically), so the factor stays within a decade or so"
    )


def _saturating(depth: int) -> str:
    return (
        "Theory: n·Var(W) = 2 pushes tanh toward saturation; the variance settles at a fixed point below 1 "
        "instead of growing: a factor near 1"
    )


PRE_ACTIVATION = "pre-activation variance (of W·x, before the nonlinearity)"
"""What he-vs-xavier and default-init chart: the variance of each layer's W·x."""

SCENARIOS: tuple[tuple[Scenario, float], ...] = (
    (
        Scenario(
            "he-vs-xavier", "Xavier", "ReLU", "Xavier normal init", _halving, lambda d: 0.5 ** (d - 1), PRE_ACTIVATION
        ),
        3,
    ),
    (
        Scenario(
            "he-vs-xavier",
            "He",
            "ReLU",
            "He (Kaiming) normal init, std √(2/fan_in)",
            _he,
            lambda d: 1.0,
            PRE_ACTIVATION,
        ),
        2,
    ),
    (
        Scenario(
            "xavier",
            "Standard",
            "tanh",
            "Glorot's standard init U[−1/√n, 1/√n] (nn.Linear's default)",
            _standard,
            lambda d: 3.0 ** -(d - 1),
        ),
        2,
    ),
    (Scenario("xavier", "Xavier", "tanh", "Xavier uniform init", _edge), 2),
    (
        Scenario(
            "default-init",
            "He + tanh",
            "tanh",
            "He (Kaiming) normal init, std √(2/fan_in)",
            _saturating,
            measure=PRE_ACTIVATION,
        ),
        1,
    ),
)
"""(scenario, weight)."""


@dataclass(frozen=True)
class ExperimentSpec:
    """What to run: a scenario at a depth, width and demo seed."""

    scenario: Scenario
    depth: int
    width: int
    demo_seed: int

    @property
    def params(self) -> dict[str, int]:
        """The demo parameters: depth, width and seed, and as many of the demo's pooled random nets (up to its
        default) as its joint size limit allows at that size; everything else at the demo's defaults. Loads the demos
        (NumPy): used when solving, never when making the exercise."""
        return _fitting(self.scenario.demo, self.depth, self.width, self.demo_seed)

    @property
    def command(self) -> str:
        """The command that repeats the run."""
        flags = " ".join(f"--param {k}={v}" for k, v in self.params.items() if k != "seed")
        return f"quiz demo {self.scenario.demo} {flags} --seed {self.demo_seed}"


@lru_cache(maxsize=256)
def _fitting(demo: str, depth: int, width: int, seed: int) -> dict[str, int]:
    from quiz.demos.base import ParamError, get_demo, make_params

    params = {"depth": depth, "width": width, "seed": seed}
    default_nets = get_demo(demo).Params.model_fields.get("nets")
    if default_nets is None:
        return params
    for nets in range(int(default_nets.default), 0, -1):
        try:
            make_params(demo, {**params, "nets": nets})
        except ParamError:
            continue
        return {**params, "nets": nets}
    return params  # even one net is over the limit: solving says so (an ExerciseError)


def make(seed: int, rng: random.Random) -> Exercise:
    scenario = rng.choices([s for s, _ in SCENARIOS], weights=[w for _, w in SCENARIOS])[0]
    spec = ExperimentSpec(scenario, rng.choice(DEPTHS), rng.choice(WIDTHS), rng.randrange(2**32))
    question = (
        f"In a {spec.depth}-layer {scenario.activation} net of width {spec.width} with {scenario.init}, by what "
        f"factor does the {scenario.measure} change from layer 1 to layer {spec.depth}? "
        f"(Variance at layer {spec.depth} ÷ variance at layer 1.)"
    )
    return Exercise(
        kind="experiment",
        seed=seed,
        question=question,
        tolerance=WITHIN_FACTOR_2,
        difficulty="hard",
        quantity="variance_factor",
        experiment=spec,
    )


@lru_cache(maxsize=64)
def solve(spec: ExperimentSpec) -> Solution:
    """Run the demo at the spec's parameters and read the answer from its series (NumPy; a fraction of a second)."""
    from quiz.demos.base import DemoError, run_demo

    scenario = spec.scenario
    try:
        result = run_demo(scenario.demo, spec.params)
    except DemoError as exc:
        raise ExerciseError(f"the experiment could not run: {exc}") from None
    matches = [
        s for s in result.series if s.name == scenario.series and "activation" in f"{s.y_label} {s.chart}".lower()
    ]
    if not matches or len(matches[0].y) < 2:
        raise ExerciseError(f"demo {scenario.demo!r} no longer shows the series {scenario.series!r}")
    variance = matches[0]
    first, last = variance.y[0], variance.y[-1]
    if not (math.isfinite(first) and math.isfinite(last)) or first <= 0:
        raise ExerciseError(f"demo {scenario.demo!r} gave no usable variance ({first!r} → {last!r})")
    answer = last / first
    chart = tuple(s for s in result.series if s.chart == variance.chart)
    explanation = (
        f"The {scenario.demo} demo ran it ({spec.command}): {scenario.measure.split(' (')[0]} {num(first)} at layer 1 "
        "and "
        f"{num(last)} at layer {spec.depth}, so the factor is {num(last)}/{num(first)} = {num(answer)}. "
        f"{scenario.theory(spec.depth)}."
    )
    if scenario.expected is not None:
        drift = answer / scenario.expected(spec.depth)
        explanation += f" This run came out at {drift:.2g}× the theory's figure"
        explanation += (
            ": finite nets drift from seed to seed." if not 0.5 <= drift <= 2 else " (finite nets drift a little)."
        )
    return Solution(answer, explanation, chart)
