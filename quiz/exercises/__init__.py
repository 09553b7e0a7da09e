"""Exercises with fresh numbers every time, graded by computation.

Four kinds: ``fan`` (fan_in or fan_out of a layer's weight, in torch layout), ``scale`` (the std or bound an
initializer gives), ``gain`` (``calculate_gain``) and ``experiment`` (predict a deep-net experiment, answered by
running the demo at those parameters). One kind and one seed make one exercise, the same every time::

    from quiz.exercises import make_exercise
    exercise = make_exercise("scale", 42)
    print(exercise.question)
    grade = exercise.grade("sqrt(2/576)")        # ExpressionError if the answer does not parse
    grade.correct, grade.solution.explanation

Answers are read by a small expression grammar (:mod:`quiz.exercises.expression`), never ``eval``. Tolerances are
per kind: exact for a fan, 2 % for a std, bound or gain, a factor of 2 (a log scale) for an experiment.

Light: no Textual, and no NumPy until an experiment is solved (:meth:`Exercise.solution`, which runs a demo).
"""

from __future__ import annotations

from quiz.exercises.catalog import (
    FRESH_SEEDS,
    MAX_SEED,
    check_kind,
    check_seed,
    fresh_seed,
    kind_for_seed,
    make_exercise,
    parse_seed,
)
from quiz.exercises.expression import MAX_DEPTH, MAX_LENGTH, MAX_MAGNITUDE, ExpressionError, evaluate
from quiz.exercises.model import (
    EXACT,
    KIND_DESCRIPTIONS,
    KIND_TITLES,
    KINDS,
    WITHIN_2_PERCENT,
    WITHIN_FACTOR_2,
    Exercise,
    ExerciseError,
    Grade,
    Kind,
    Solution,
    Tolerance,
    relative_error,
)

__all__ = [
    "EXACT",
    "FRESH_SEEDS",
    "KINDS",
    "KIND_DESCRIPTIONS",
    "KIND_TITLES",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "MAX_MAGNITUDE",
    "MAX_SEED",
    "WITHIN_2_PERCENT",
    "WITHIN_FACTOR_2",
    "Exercise",
    "ExerciseError",
    "ExpressionError",
    "Grade",
    "Kind",
    "Solution",
    "Tolerance",
    "check_kind",
    "check_seed",
    "evaluate",
    "fresh_seed",
    "kind_for_seed",
    "make_exercise",
    "parse_seed",
    "relative_error",
]
