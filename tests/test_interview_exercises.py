"""Exercises mixed into mock interviews: how many and where, asked and timed like cards, graded by computation in
the report, counted in the score, saved with the interview (each as an attempt of its kind), and in the CLI."""

from __future__ import annotations

import io
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quiz.cli import main
from quiz.deck import Card, Deck
from quiz.exercises import Exercise, make_exercise
from quiz.interview import (
    ExerciseResult,
    FakeClock,
    InterviewError,
    InterviewSettings,
    MockInterview,
    exercise_count,
    mix_in,
    report_from_record,
    report_markdown,
)
from quiz.progress import ProgressStore
from quiz.progress.exercises import attempts, kind_states
from quiz.progress.interviews import record_report

WHEN = datetime(2026, 11, 29, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("settings", "count"),
    [
        ({}, 1),  # the default: one in five
        ({"questions": 10}, 2),
        ({"questions": 4}, 0),
        ({"questions": 9}, 1),
        ({"questions": 5, "exercise_every": 0}, 0),
        ({"questions": 6, "exercise_every": 2}, 3),
        ({"questions": 3, "exercise_every": 1}, 3),
        ({"questions": 5, "cards": (1, 2, 3, 4, 5)}, 0),  # exactly these cards
    ],
)
def test_how_many_exercises(settings: dict[str, object], count: int) -> None:
    assert exercise_count(InterviewSettings.model_validate(settings)) == count


def test_the_default_is_one_in_five() -> None:
    assert InterviewSettings().exercise_every == 5


def test_one_exercise_in_each_block_in_the_order_given(deck: Deck) -> None:
    settings = InterviewSettings(questions=15, seed=4)
    cards = deck.cards[:12]
    plan = mix_in(cards, settings, ["gain", "fan"])
    assert len(plan) == 15
    places = [i for i, q in enumerate(plan) if isinstance(q, Exercise)]
    assert [p // 5 for p in places] == [0, 1, 2]  # one in each block of five
    assert [q.kind for q in plan if isinstance(q, Exercise)] == ["gain", "fan", "gain"]
    assert [q for q in plan if isinstance(q, Card)] == list(cards)  # the cards keep their order
    again = mix_in(cards, settings, ["gain", "fan"])
    assert [(q.kind, q.seed) for q in again if isinstance(q, Exercise)] == [
        (q.kind, q.seed) for q in plan if isinstance(q, Exercise)
    ]


def _mixed(deck: Deck, clock: FakeClock, **settings: object) -> MockInterview:
    chosen = InterviewSettings.model_validate({"questions": 5, "seed": 8, "order": "random", **settings})
    return MockInterview.from_deck(deck, chosen, clock=clock, wall_clock=lambda: WHEN, exercise_kinds=["scale"])


def _to_exercise(interview: MockInterview) -> Exercise:
    """Answer cards until an exercise is asked; that exercise."""
    while not isinstance(question := interview.current, Exercise):
        assert question is not None
        interview.submit("a card answer")
    return question


def test_an_exercise_is_asked_and_timed_like_a_card(deck: Deck) -> None:
    clock = FakeClock()
    interview = _mixed(deck, clock)
    assert interview.total == 5 and len(interview.cards) == 4
    interview.start()
    exercise = _to_exercise(interview)
    assert exercise.kind == "scale"
    assert interview.time_limit() == 90  # scale is medium, like a medium card
    clock.advance(20)
    result = interview.submit("sqrt(2/576)")
    assert isinstance(result, ExerciseResult)
    assert (result.kind, result.seed, result.answer, result.time_s) == ("scale", exercise.seed, "sqrt(2/576)", 20)
    assert not result.is_graded  # graded in the report, not while the clock runs


def test_the_report_grades_exercises_and_counts_them_in_the_score(deck: Deck) -> None:
    interview = _mixed(deck, FakeClock(), questions=10)
    interview.start()
    right = None
    while (question := interview.current) is not None:
        if isinstance(question, Exercise):
            answer = question.solution().answer
            if right is None:
                right = question
                interview.submit(repr(answer))  # right
            else:
                interview.submit("not a number")  # unreadable: wrong, says why
        else:
            interview.submit("")
    report = interview.report()
    assert len(report.questions) == 8 and len(report.exercises) == 2
    first, second = report.exercises
    assert first.correct and first.coverage == 1.0 and first.given == pytest.approx(first.expected)
    assert not second.correct and second.note.startswith("not a number: unknown name 'not'")
    assert report.score == pytest.approx(1 / 10)  # 8 cards at 0 coverage, one exercise right
    assert report.answered == 10 and report.planned == 10
    assert [q.position for q in report.in_order()] == list(range(10))
    data = report.to_json()
    assert [e["correct"] for e in data["exercises"]] == [True, False]  # type: ignore[index]
    text = report_markdown(report)
    assert f"Exercise · scale · seed {first.seed}" in text
    assert "**✓ Right** — within 2%." in text and "**✗ Wrong** (not a number:" in text
    assert "| (computed) |" in text


def test_a_timed_out_exercise_is_graded_as_typed(deck: Deck) -> None:
    clock = FakeClock()
    interview = _mixed(deck, clock)
    interview.start()
    exercise = _to_exercise(interview)
    clock.advance(200)
    result = interview.tick(str(exercise.solution().answer))
    assert isinstance(result, ExerciseResult) and result.timed_out
    graded = result.graded()
    assert graded.correct  # what was typed by then is graded
    empty = ExerciseResult(
        position=0, kind="fan", seed=1, question="", answer="", time_limit_s=60, time_s=60, timed_out=True
    ).graded()
    assert not empty.correct and empty.note == "no answer"


def test_exercises_are_not_self_graded(deck: Deck) -> None:
    interview = _mixed(deck, FakeClock())
    interview.start()
    _to_exercise(interview)
    position = interview.position
    interview.submit("1")
    with pytest.raises(InterviewError, match=f"question {position} is an exercise: it is graded by computation"):
        interview.set_self_grade(position, 3)


def test_saved_with_the_interview_and_scheduled_by_kind(deck: Deck, tmp_path: Path) -> None:
    interview = _mixed(deck, FakeClock())
    interview.start()
    while (question := interview.current) is not None:
        interview.submit(repr(question.solution().answer) if isinstance(question, Exercise) else "")
    report = interview.report()
    with ProgressStore.in_dir(tmp_path) as store:
        interview_id = record_report(store, report, mode="plain")
        [attempt] = attempts(store, interview_id=interview_id)
        assert (attempt.kind, attempt.mode, attempt.correct, attempt.grade) == ("scale", "mock", True, 3)
        assert attempt.position == report.exercises[0].position
        assert kind_states(store)["scale"].attempts == 1
        [stored] = store.interviews(deck.id)
        assert stored.score == pytest.approx(report.score)
        rebuilt = report_from_record(
            deck,
            started_at=stored.started_at,
            settings=stored.settings,
            answers=stored.answers,
            exercises=attempts(store, interview_id=interview_id),
        )
    assert rebuilt.score == pytest.approx(report.score)
    assert [(e.position, e.kind, e.seed, e.correct) for e in rebuilt.exercises] == [
        (e.position, e.kind, e.seed, e.correct) for e in report.exercises
    ]


def test_an_interview_of_exercises_only(deck: Deck) -> None:
    interview = _mixed(deck, FakeClock(), questions=2, exercise_every=1)
    assert interview.cards == [] and interview.total == 2
    interview.start()
    interview.submit("1")
    interview.submit("2")
    assert interview.finished and len(interview.report().exercises) == 2


# --- quiz mock --plain ----------------------------------------------------------------------------------------------


def _mock(monkeypatch: pytest.MonkeyPatch, stdin: str, *args: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(["mock", *args])


def test_plain_mock_asks_an_exercise(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    assert _mock(monkeypatch, "x\n" * 5, "--plain", "--seed", "11", "--seconds", "30", "--follow-ups", "0") == 0
    out = capsys.readouterr().out
    assert out.count("] Card ") == 4 and out.count("] Exercise · ") == 1
    assert "Recorded in " in out and "it is graded in the report." in out
    assert "Exercise · " in out.split("# Mock interview")[1]  # the report's own section
    with ProgressStore.in_dir(data_dir) as store:
        [attempt] = attempts(store)
    assert attempt.mode == "mock" and attempt.answer == "x" and not attempt.correct
    assert main(["export", "--format", "md"]) == 0
    assert f"seed {attempt.seed}" in capsys.readouterr().out


def test_plain_mock_without_exercises(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        _mock(monkeypatch, "x\n" * 5, "--plain", "--json", "--seed", "11", "--exercises", "0", "--follow-ups", "0") == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert len(report["questions"]) == 5 and "exercises" not in report


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--exercises", "x"], "quiz: error: --exercises: 'x' is not a whole number"),
        (["--exercises", "-1"], "quiz: error: --exercises: must be from 0 (none) to 100, got -1"),
        (["--exercises", "2", "--cards", "1,2"], "quiz: error: --exercises: not with --cards"),
    ],
)
def test_bad_exercise_mix_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert _mock(monkeypatch, "", "--plain", *args) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1


def test_an_exercise_from_a_seed_is_the_same_in_a_mock(deck: Deck) -> None:
    interview = _mixed(deck, FakeClock())
    exercise = next(q for q in interview.questions if isinstance(q, Exercise))
    assert exercise.question == make_exercise(exercise.kind, exercise.seed).question


def test_corrections_and_self_grades_find_cards_by_position_past_an_exercise(deck: Deck) -> None:
    """Exercises leave gaps among the cards' positions: a correction or a self-grade goes to the card asked there."""
    interview = _mixed(deck, FakeClock(), questions=10)
    interview.start()
    while interview.current is not None:
        interview.submit("")
    exercise_positions = {e.position for e in interview.exercise_results}
    after = [r for r in interview.results if r.position > min(exercise_positions)]
    assert after, "a card question after the first exercise"
    card = after[0]
    label = card.score.concepts[0].label
    toggled = interview.toggle_concept(card.position, label)
    assert toggled.card_id == card.card_id and toggled.position == card.position
    assert toggled.coverage > card.coverage  # marked heard
    graded = interview.set_self_grade(card.position, 4)
    assert graded.card_id == card.card_id and graded.self_grade == 4
    reset = interview.set_overrides(card.position, {})
    assert reset.card_id == card.card_id and reset.coverage == card.coverage
    with pytest.raises(InterviewError, match="is an exercise"):
        interview.toggle_concept(min(exercise_positions), label)
