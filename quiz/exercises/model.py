"""What an exercise is, what its solution says, and how a typed answer is graded against it.

An :class:`Exercise` is made from a kind and a seed (:func:`quiz.exercises.make_exercise`): the same pair always
gives the same question and the same answer. Its :class:`Solution` (the number, the computation that gives it with
its numbers, and for an experiment the demo's chart) comes from :meth:`Exercise.solution`. :meth:`Exercise.grade`
reads a typed answer (:func:`quiz.exercises.expression.evaluate`) and compares it within the kind's
:class:`Tolerance`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, get_args

from quiz.exercises.expression import evaluate

if TYPE_CHECKING:
    from quiz.demos.base import Series
    from quiz.exercises.experiment import ExperimentSpec
    from quiz.exercises.layers import Layer

Kind = Literal["fan", "scale", "gain", "experiment"]
KINDS: tuple[Kind, ...] = get_args(Kind)
"""Every kind, in the order the app lists them."""

KIND_TITLES: dict[str, str] = {
    "fan": "Fans",
    "scale": "Init scales",
    "gain": "Gains",
    "experiment": "Experiments",
}
KIND_DESCRIPTIONS: dict[str, str] = {
    "fan": "fan_in or fan_out of a layer's weight, in torch layout (Linear, Conv1d/2d/3d, grouped, depthwise, "
    "ConvTranspose2d)",
    "scale": "the std or bound an initializer gives (Xavier, Kaiming, LeCun, nn.Linear's default)",
    "gain": "what torch.nn.init.calculate_gain returns",
    "experiment": "predict a deep-net experiment; the answer is the demo's own run",
}

Quantity = Literal["fan_in", "fan_out", "std", "bound", "gain", "variance_factor"]
Difficulty = Literal["easy", "medium", "hard"]


class ExerciseError(ValueError):
    """A request no exercise answers (an unknown kind, a bad seed); the message is fit to show a user."""


@dataclass(frozen=True)
class Tolerance:
    """How close an answer must be: ``exact`` (a fan), ``relative`` (within ``value`` of the answer, e.g. 2 %) or
    ``factor`` (within a factor ``value`` either way: a log scale, for experiments)."""

    rule: Literal["exact", "relative", "factor"]
    value: float = 0.0

    EXACT_SLACK = 1e-9
    """An "exact" answer may differ by float rounding of the typed expression (``0.1*5760``), nothing more."""

    def accepts(self, given: float, answer: float) -> bool:
        if not math.isfinite(given):
            return False
        if self.rule == "factor":
            if given <= 0 or answer <= 0:
                return False
            return abs(math.log(given / answer)) <= math.log(self.value) * (1 + 1e-12)
        error = relative_error(given, answer)
        limit = self.EXACT_SLACK if self.rule == "exact" else self.value * (1 + 1e-12)
        return error <= limit

    @property
    def json_value(self) -> float:
        """The ``tolerance`` of the JSON: 0 (exact), the relative error allowed (0.02), or the factor (2)."""
        return 0 if self.rule == "exact" else self.value

    @property
    def text(self) -> str:
        if self.rule == "exact":
            return "exact"
        if self.rule == "relative":
            return f"within {self.value:.0%}"
        return f"within a factor of {self.value:g}"


EXACT = Tolerance("exact")
WITHIN_2_PERCENT = Tolerance("relative", 0.02)
WITHIN_FACTOR_2 = Tolerance("factor", 2.0)


def relative_error(given: float, answer: float) -> float:
    """``|given − answer| / |answer|`` (``|given|`` when the answer is 0)."""
    if answer == 0:
        return abs(given)
    return abs(given - answer) / abs(answer)


@dataclass(frozen=True)
class Solution:
    """The answer, the computation that gives it (with its numbers), and for an experiment the demo's chart."""

    answer: float
    explanation: str
    series: tuple[Series, ...] = ()
    """The chart of the demo run that answered an experiment (series sharing one chart title)."""


@dataclass(frozen=True, eq=False)
class Exercise:
    """One exercise. Build it with :func:`quiz.exercises.make_exercise` (kind and seed), never by hand."""

    kind: Kind
    seed: int
    question: str
    tolerance: Tolerance
    difficulty: Difficulty
    """Sets its time in a mock interview (as a card's difficulty does)."""
    quantity: Quantity
    init: str | None = None
    """The ``torch.nn.init`` function asked about, without its trailing underscore (``kaiming_normal``), or
    ``calculate_gain``; for a fan, ``_calculate_fan_in_and_fan_out``. None for an experiment."""
    init_kwargs: Mapping[str, Any] = field(default_factory=dict)
    """Its keyword arguments as torch takes them (``{"mode": "fan_out", "nonlinearity": "relu"}``)."""
    weight_shape: tuple[int, ...] | None = None
    """The weight in torch layout; None for a gain and an experiment."""
    layer: Layer | None = None
    """The layer whose weight it is (fan, scale)."""
    experiment: ExperimentSpec | None = None
    fixed: Solution | None = None
    """The solution of a fan, scale or gain, computed with the question (the experiment's is computed on demand)."""

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.seed)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Exercise) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)

    def solution(self) -> Solution:
        """The answer and its computation. For an experiment this runs the demo (NumPy; well under a second,
        remembered for the next call): call it from a worker thread in the app."""
        if self.fixed is not None:
            return self.fixed
        if self.experiment is None:  # pragma: no cover - make_exercise always sets one or the other
            raise ExerciseError(f"{self.kind} exercise {self.seed} has no solution")
        from quiz.exercises.experiment import solve

        return solve(self.experiment)

    @property
    def needs_computation(self) -> bool:
        """True when :meth:`solution` runs a demo (an experiment): not for the UI thread."""
        return self.fixed is None

    def grade(self, text: str) -> Grade:
        """Grade a typed answer. :class:`~quiz.exercises.expression.ExpressionError` if it is not a number or an
        expression the grammar reads (nothing is graded then)."""
        return self.grade_value(evaluate(text), text)

    def grade_value(self, given: float, text: str = "") -> Grade:
        solution = self.solution()
        return Grade(
            exercise=self,
            text=text.strip() or _plain_number(given),
            given=given,
            solution=solution,
            correct=self.tolerance.accepts(given, solution.answer),
            relative_error=relative_error(given, solution.answer),
        )

    def no_answer(self) -> Grade:
        """Nothing was given (an empty line, a mock question that timed out): wrong, with the answer to show."""
        return Grade(exercise=self, text="", given=None, solution=self.solution(), correct=False, relative_error=None)

    def to_json(self, solution: Solution | None = None) -> dict[str, Any]:
        """The JSON of ``quiz exercise --json``: kind, seed, question, answer, tolerance, explanation; for a fan, a
        scale and a gain also weight_shape (not for a gain), init, init_kwargs and quantity."""
        solved = solution or self.solution()
        out: dict[str, Any] = {
            "kind": self.kind,
            "seed": self.seed,
            "question": self.question,
            "answer": _json_number(solved.answer, integer=self.tolerance.rule == "exact"),
            "tolerance": self.tolerance.json_value,
            "explanation": solved.explanation,
        }
        if self.kind != "experiment":
            if self.weight_shape is not None:
                out["weight_shape"] = list(self.weight_shape)
            out["init"] = self.init
            out["init_kwargs"] = dict(self.init_kwargs)
            out["quantity"] = self.quantity
        return out


def _json_number(value: float, *, integer: bool) -> float | int:
    return int(value) if integer and float(value).is_integer() else value


def _plain_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(value)


@dataclass(frozen=True)
class Grade:
    """A typed answer graded against an exercise."""

    exercise: Exercise
    text: str
    """The answer as typed (stripped); empty when nothing was given."""
    given: float | None
    """Its value; None when nothing was given."""
    solution: Solution
    correct: bool
    relative_error: float | None
    """``|given − answer| / |answer|`` (for an experiment too; its tolerance is a factor, see :class:`Tolerance`);
    None when nothing was given."""

    @property
    def answer(self) -> float:
        return self.solution.answer

    @property
    def verdict(self) -> str:
        """``Right``, ``Wrong`` or ``No answer``."""
        if self.given is None:
            return "No answer"
        return "Right" if self.correct else "Wrong"

    def summary(self) -> str:
        """``the answer is 0.05893; you said sqrt(2/576) = 0.05893 (0.0% off; graded within 2%)``."""
        from quiz.exercises.formatting import num

        answer = f"the answer is {num(self.answer)}"
        if self.given is None:
            return answer
        if self.exercise.kind == "experiment":
            off = f"{self.given / self.answer:.3g}× the answer" if self.given > 0 else "not a positive factor"
        else:
            off = f"{self.relative_error or 0:.1%} off"
        said = self.text if self.text == num(self.given) else f"{self.text} = {num(self.given)}"
        return f"{answer}; you said {said} ({off}; graded {self.exercise.tolerance.text})"

    @property
    def rating(self) -> int:
        """The FSRS grade this answer gives its kind: Good (3) when right, Again (1) when wrong."""
        return 3 if self.correct else 1

    def to_json(self) -> dict[str, Any]:
        """The exercise's JSON plus ``given``, ``correct`` and ``relative_error``."""
        out = self.exercise.to_json(self.solution)
        out["given"] = self.given
        out["correct"] = self.correct
        out["relative_error"] = self.relative_error
        return out
