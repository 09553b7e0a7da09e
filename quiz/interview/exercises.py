"""Exercises mixed into a mock interview: where they go, and how an answer to one is recorded and graded.

``InterviewSettings.exercise_every`` (default 5) makes one question in every five an exercise (none when it is 0,
or when exact cards are asked for). :func:`mix_in` puts them among the cards, one at a random place in each block
of five, their kinds in the order given (the kinds due first, from the store) or shuffled. An exercise is asked like
a card, against the clock, and answered in the same box; it is graded by computation when the report is made
(:meth:`ExerciseResult.graded`): right counts 1 and wrong 0 toward the interview's score, as a card's coverage does.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeAlias

from quiz.deck import Card
from quiz.exercises import KINDS, Exercise, ExerciseError, ExpressionError, fresh_seed, make_exercise
from quiz.interview.settings import Frozen, InterviewSettings

Question: TypeAlias = Card | Exercise
"""One question of an interview: a card (scored by its key concepts) or an exercise (graded by computation)."""


def exercise_count(settings: InterviewSettings) -> int:
    """How many of ``settings.questions`` are exercises: one in every ``exercise_every``."""
    if settings.cards or not settings.exercise_every:
        return 0
    return settings.questions // settings.exercise_every


def mix_in(cards: Sequence[Card], settings: InterviewSettings, kinds: Sequence[str] | None = None) -> list[Question]:
    """``cards`` with :func:`exercise_count` exercises among them; the same ``settings.seed``, the same places,
    kinds and numbers. ``kinds``: the order to take kinds in (default: shuffled)."""
    count = exercise_count(settings)
    plan: list[Question] = list(cards)
    if not count:
        return plan
    rng = random.Random(settings.seed) if settings.seed is not None else random.Random()
    order = list(kinds or [])
    if not order:
        order = list(KINDS)
        rng.shuffle(order)
    every = settings.exercise_every
    for block in range(count):
        exercise = make_exercise(order[block % len(order)], fresh_seed(rng))
        plan.insert(min(block * every + rng.randrange(every), len(plan)), exercise)
    return plan


class ExerciseResult(Frozen):
    """One exercise of an interview, as answered; :meth:`graded` adds the grade."""

    position: int
    kind: str
    seed: int
    question: str
    answer: str
    time_limit_s: float
    time_s: float
    timed_out: bool
    reached: bool = True
    given: float | None = None
    """The answer's value; None when it was empty or did not parse (see ``note``)."""
    expected: float | None = None
    correct: bool = False
    relative_error: float | None = None
    explanation: str = ""
    note: str = ""
    """Why an answer could not be graded (it did not parse, or the exercise could not be solved)."""
    is_graded: bool = False

    @property
    def exercise(self) -> Exercise:
        return make_exercise(self.kind, self.seed)

    @property
    def coverage(self) -> float:
        """What it adds to the interview's score: 1 when right, 0 when wrong."""
        return 1.0 if self.correct else 0.0

    def graded(self) -> ExerciseResult:
        """This result graded by computation (an experiment runs its demo: call from a worker in the app).
        Never raises: an answer that does not parse is wrong, and says why in ``note``."""
        if self.is_graded:
            return self
        exercise = self.exercise
        try:
            solution = exercise.solution()
        except ExerciseError as exc:
            return self.model_copy(update={"note": f"could not be graded: {exc}", "is_graded": True})
        update: dict[str, object] = {"expected": solution.answer, "explanation": solution.explanation}
        if self.answer.strip():
            try:
                grade = exercise.grade(self.answer)
            except ExpressionError as exc:
                update["note"] = f"not a number: {exc}"
            else:
                update |= {"given": grade.given, "correct": grade.correct, "relative_error": grade.relative_error}
        else:
            update["note"] = "no answer" if self.reached else "not reached"
        return self.model_copy(update={**update, "is_graded": True})

    def to_json(self) -> dict[str, object]:
        """Its line in ``quiz mock --plain --json``."""
        return {
            "position": self.position,
            "kind": self.kind,
            "seed": self.seed,
            "answer": self.answer,
            "given": self.given,
            "expected": self.expected,
            "correct": self.correct,
            "time_s": round(self.time_s, 1),
            "timed_out": self.timed_out,
        }
