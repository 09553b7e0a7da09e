"""Grading seeded exercises: each kind's tolerance at its edges, the issue's examples, unreadable answers, and the
JSON of an exercise and of a graded answer."""

from __future__ import annotations

import json
from typing import Any

import pytest

from quiz.exercises import Exercise, ExpressionError, make_exercise

LIGHT_KINDS = ("fan", "scale", "gain")


# --- grading and tolerances --------------------------------------------------------------------------------------


def _find(kind: str, predicate: Any = None) -> Exercise:
    for seed in range(1000):
        exercise = make_exercise(kind, seed)
        if predicate is None or predicate(exercise):
            return exercise
    raise AssertionError("no such exercise")


def test_a_fan_must_be_exact() -> None:
    exercise = _find("fan")
    answer = exercise.solution().answer
    assert exercise.grade(str(int(answer))).correct
    assert exercise.grade(f"{int(answer)}.0").correct
    assert exercise.grade_value(answer * (1 + 1e-10)).correct  # float rounding of a typed expression
    for wrong in (answer + 1, answer - 1, answer + 0.5, answer * 1.001, -answer):
        grade = exercise.grade_value(wrong)
        assert not grade.correct, wrong
        assert grade.relative_error == pytest.approx(abs(wrong - answer) / answer)


def test_a_fan_typed_as_its_product_is_right() -> None:
    exercise = _find("fan", lambda e: e.weight_shape and len(e.weight_shape) == 4 and e.quantity == "fan_in")
    assert exercise.weight_shape is not None
    _, cin, kh, kw = exercise.weight_shape
    assert exercise.grade(f"{cin}*{kh}*{kw}").correct
    assert exercise.grade(f"{cin}·{kh}·{kw}").correct
    assert not exercise.grade(f"{cin}*{kh}").correct or kw == 1


@pytest.mark.parametrize("kind", ["scale", "gain"])
def test_a_scale_or_gain_is_right_within_two_percent(kind: str) -> None:
    for seed in range(20):
        exercise = make_exercise(kind, seed)
        answer = exercise.solution().answer
        for factor, right in ((1.0, True), (1.0199, True), (0.9801, True), (1.0201, False), (0.9799, False)):
            grade = exercise.grade_value(answer * factor)
            assert grade.correct is right, (factor, exercise.question)
            assert grade.relative_error == pytest.approx(abs(factor - 1), abs=1e-12)
        assert not exercise.grade_value(-answer).correct


def test_the_issue_examples_are_graded_right() -> None:
    exercise = _find(
        "scale",
        lambda e: (
            e.init == "kaiming_normal"
            and e.init_kwargs == {"nonlinearity": "relu"}
            and e.weight_shape is not None
            and e.weight_shape[1:] == (64, 3, 3)
        ),
    )
    for typed in ("0.0589", "5.89e-2", "sqrt(2/576)", "√(2/576)", "√2/√576", "√2/24"):
        assert exercise.grade(typed).correct, typed
    assert not exercise.grade("sqrt(1/576)").correct  # forgot the gain: ×1/√2 is far outside 2 %
    assert not exercise.grade("sqrt(2/64)").correct  # forgot the kernel in fan_in


def test_an_unreadable_answer_is_not_graded() -> None:
    exercise = _find("gain")
    with pytest.raises(ExpressionError, match="unknown name"):
        exercise.grade("about one")


def test_grades_feed_fsrs_as_good_or_again() -> None:
    exercise = _find("gain")
    answer = exercise.solution().answer
    assert exercise.grade_value(answer).rating == 3
    assert exercise.grade_value(answer * 2).rating == 1


# --- JSON -----------------------------------------------------------------------------------------------------------

BASE_FIELDS = {"kind", "seed", "question", "answer", "tolerance", "explanation"}
SPEC_FIELDS = {"weight_shape", "init", "init_kwargs", "quantity"}


@pytest.mark.parametrize("kind", LIGHT_KINDS)
def test_json_fields_are_exactly_the_issues(kind: str) -> None:
    for seed in range(50):
        exercise = make_exercise(kind, seed)
        data = exercise.to_json()
        expected = BASE_FIELDS | SPEC_FIELDS
        if kind == "gain":
            expected -= {"weight_shape"}
        assert set(data) == expected
        assert data["kind"] == kind and data["seed"] == seed
        assert isinstance(data["answer"], int if kind == "fan" else float)
        assert data["tolerance"] == (0 if kind == "fan" else 0.02)
        assert data["quantity"] in ("fan_in", "fan_out", "std", "bound", "gain")
        assert not data["init"].endswith("_") and data["init"] in (
            "_calculate_fan_in_and_fan_out",
            "xavier_uniform",
            "xavier_normal",
            "kaiming_uniform",
            "kaiming_normal",
            "calculate_gain",
        )
        json.dumps(data)  # plain JSON
        graded = exercise.grade_value(data["answer"]).to_json()
        assert set(graded) == expected | {"given", "correct", "relative_error"}
        assert graded["correct"] is True and graded["relative_error"] == 0


def test_gain_kwargs_are_as_torch_takes_them() -> None:
    exercise = _find("gain", lambda e: e.init_kwargs.get("param") == 0.2)
    assert exercise.to_json()["init_kwargs"] == {"nonlinearity": "leaky_relu", "param": 0.2}
    plain = _find("gain", lambda e: e.init_kwargs == {"nonlinearity": "tanh"})
    assert plain.to_json()["answer"] == pytest.approx(5 / 3)
