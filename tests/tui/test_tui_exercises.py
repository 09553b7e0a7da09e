"""The Exercises screen (``e``) through the real app: ask, inline message for bad input, grade and save in a worker,
feedback with the computation (and the demo's chart for an experiment), each kind scheduled, stats, and mock
interviews with an exercise mixed in."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select, Static

from quiz.exercises import Exercise, make_exercise
from quiz.interview import FakeClock
from quiz.progress import ProgressStore
from quiz.progress.exercises import attempts, kind_states
from quiz.tui.app import QuizApp, create_app
from quiz.tui.launch_mock import open_mock
from quiz.tui.screens.exercises import ExercisesScreen
from quiz.tui.screens.mock_interview import MockInterviewScreen
from quiz.tui.screens.mock_report import MockReportScreen
from quiz.tui.screens.mock_setup import SetupForm
from quiz.tui.screens.stats import StatsScreen
from quiz.tui.screens.study import StudyScreen
from quiz.tui.widgets.exercise_answer_view import ExerciseAnswerView

SIZE = (120, 36)
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def screen(app: QuizApp) -> ExercisesScreen:
    assert isinstance(app.screen, ExercisesScreen)
    return app.screen


def shown(app: QuizApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def settle(app: QuizApp, pilot: Pilot[None]) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def open_exercises(app: QuizApp, pilot: Pilot[None], seed: int = 7) -> ExercisesScreen:
    """Push the screen with a seeded random stream and a fixed clock, and wait for the first exercise."""
    app.push_screen(ExercisesScreen(_store(app), clock=lambda: NOW, rng=random.Random(seed)))
    await settle(app, pilot)
    exercises = screen(app)
    assert exercises.exercise is not None
    return exercises


def _store(app: QuizApp) -> ProgressStore:
    from quiz.tui.store_access import store_for

    return store_for(app)


async def type_answer(app: QuizApp, pilot: Pilot[None], text: str) -> None:
    box = app.screen.query_one("#exercise-answer", Input)
    box.value = text
    box.focus()
    await pilot.press("enter")
    await settle(app, pilot)


def _answer_text(exercise: Exercise) -> str:
    return repr(exercise.solution().answer)


async def test_e_opens_exercises_and_esc_goes_back(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await settle(app, pilot)
        exercises = screen(app)
        assert exercises.exercise is not None and exercises.exercise.kind == "fan"  # all new: FSRS starts with fans
        assert shown(app, "#exercise-question") == exercises.exercise.question
        assert app.focused is app.screen.query_one("#exercise-answer", Input)
        assert len(app.screen.query_one("#kinds", OptionList).options) == 5
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)


async def test_the_palette_and_help_know_the_screen(app: QuizApp) -> None:
    from quiz.tui.keys import PALETTE_TITLES, STUDY_BINDINGS, declared

    binding = next(b for b in declared(STUDY_BINDINGS) if b.id == "exercises")
    assert binding.key == "e" and binding.action == "app.open_exercises"
    assert "exercises" in PALETTE_TITLES
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "Exercises (e)" in text and "Show the answer (graded wrong)" in text


async def test_bad_input_gets_an_inline_message_and_nothing_is_graded(app: QuizApp, data_dir: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        exercises = await open_exercises(app, pilot)
        first = exercises.exercise
        for typed, message in (
            ("abc", "unknown name 'abc' at character 1"),
            ("__import__('os')", "unknown name '__import__'"),
            ("9^9^9^9", "is too large"),
            ("(" * 10_000 + "1" + ")" * 10_000, "the answer is too long (20,001 characters; at most 200)"),
            ("0,5", "write decimals with a dot"),
            ("", "no answer"),
        ):
            await type_answer(app, pilot, typed)
            assert exercises.state == "asking"
            assert message in shown(app, "#exercise-message"), typed
            assert app.screen.query_one("#exercise-answer", Input).has_class("-invalid")
            assert exercises.exercise is first  # the same exercise, waiting for a readable answer
        box = app.screen.query_one("#exercise-answer", Input)
        box.insert_text_at_cursor("1")  # typing clears the message
        await pilot.pause()
        assert not app.screen.query_one("#exercise-message", Static).display
    assert not (data_dir / "progress.db").exists()  # nothing graded, nothing written


async def test_a_right_answer_is_graded_shown_and_saved(app: QuizApp, data_dir: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        exercises = await open_exercises(app, pilot)
        exercise = exercises.exercise
        assert exercise is not None
        await type_answer(app, pilot, _answer_text(exercise))
        assert exercises.state == "graded"
        verdict = shown(app, ".feedback-verdict")
        assert verdict.startswith("✓ Right: the answer is")
        assert shown(app, ".feedback-how").startswith("How: ") and "torch stores its weight as" in shown(
            app, ".feedback-how"
        )
        assert "Saved" in shown(app, "#exercise-saved") and "graded good" in shown(app, "#exercise-saved")
        assert app.screen.query_one("#exercise-answer", Input).disabled
        kinds = app.screen.query_one("#kinds", OptionList)
        assert "1 of 1 right" in str(kinds.get_option("fan").prompt)
        # enter: the next exercise, the kind due first (a new one: scales)
        await pilot.press("enter")
        await settle(app, pilot)
        assert exercises.state == "asking" and exercises.exercise is not None
        assert exercises.exercise.kind == "scale" and exercises.exercise is not exercise
        assert not app.screen.query_one("#exercise-feedback").display
    with ProgressStore.in_dir(data_dir) as store:
        [attempt] = attempts(store)
        assert (attempt.kind, attempt.seed, attempt.correct, attempt.grade, attempt.mode) == (
            "fan",
            exercise.seed,
            True,
            3,
            "practice",
        )
        assert attempt.reviewed_at == NOW
        assert kind_states(store)["fan"].attempts == 1


async def test_a_wrong_answer_and_showing_the_answer(app: QuizApp, data_dir: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        exercises = await open_exercises(app, pilot)
        exercise = exercises.exercise
        assert exercise is not None
        await type_answer(app, pilot, f"{exercise.solution().answer} + 1")
        assert shown(app, ".feedback-verdict").startswith("✗ Wrong: the answer is")
        assert "graded again" in shown(app, "#exercise-saved")
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        await pilot.press("ctrl+r")  # show the answer: graded wrong
        await settle(app, pilot)
        assert shown(app, ".feedback-verdict").startswith("✗ No answer: the answer is")
    with ProgressStore.in_dir(data_dir) as store:
        saved = attempts(store)
    assert [(a.correct, a.given) for a in saved] == [(False, exercise.solution().answer + 1), (False, None)]


async def test_choosing_a_kind_and_an_experiment_shows_the_demos_chart(app: QuizApp) -> None:
    from quiz.tui.widgets.chart import Chart

    async with app.run_test(size=SIZE) as pilot:
        exercises = await open_exercises(app, pilot)
        kinds = app.screen.query_one("#kinds", OptionList)
        kinds.focus()
        kinds.highlighted = kinds.get_option_index("experiment")
        await pilot.press("enter")
        await settle(app, pilot)
        exercise = exercises.exercise
        assert exercise is not None and exercise.kind == "experiment"
        assert app.focused is app.screen.query_one("#exercise-answer", Input)
        await type_answer(app, pilot, "1")
        assert exercises.state == "graded"
        assert "demo ran it (quiz demo " in shown(app, ".feedback-how")
        [chart] = app.screen.query(Chart)
        assert chart.series == list(exercise.solution().series)
        # The mode sticks: the next one is an experiment too.
        await pilot.press("enter")
        await settle(app, pilot)
        assert exercises.exercise is not None and exercises.exercise.kind == "experiment"


async def test_a_store_that_cannot_be_written_keeps_the_grade(deck: object, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    app = create_app(deck, blocker / "data")  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        exercises = await open_exercises(app, pilot)
        assert exercises.exercise is not None
        await type_answer(app, pilot, _answer_text(exercises.exercise))
        assert shown(app, ".feedback-verdict").startswith("✓ Right")
        assert shown(app, "#exercise-saved").startswith("✗ Not saved: cannot create the data folder")


async def test_stats_show_each_kind(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        exercises = await open_exercises(app, pilot)
        assert exercises.exercise is not None
        await type_answer(app, pilot, _answer_text(exercises.exercise))
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("s")
        await settle(app, pilot)
        assert isinstance(app.screen, StatsScreen)
        text = shown(app, "#exercise-stats")
        lines = text.splitlines()
        assert lines[0].startswith("Fans") and "1 of 1 right (100%) · last right" in lines[0]
        assert lines[1].startswith("Init scales") and "not tried yet" in lines[1]
        await pilot.press("e")  # from stats too
        await settle(app, pilot)
        assert isinstance(app.screen, ExercisesScreen)


async def test_a_mock_interview_mixes_an_exercise_in(app: QuizApp, data_dir: Path) -> None:
    clock = FakeClock()
    async with app.run_test(size=SIZE) as pilot:
        open_mock(app, clock=clock, form=SetupForm(seed=3))
        await pilot.pause()
        assert app.screen.query_one("#exercise-mix", Select).value == 5  # the default: 1 in 5
        assert "(4 cards, 1 exercise)" in shown(app, "#setup-status")
        await pilot.click("#start")
        await settle(app, pilot)
        interview = app.screen
        assert isinstance(interview, MockInterviewScreen) and interview.interview is not None
        answered = None
        while isinstance(app.screen, MockInterviewScreen):
            question = interview.interview.current
            if isinstance(question, Exercise):
                assert "Exercise" in shown(app, "#question-number")
                assert app.screen.has_class("-exercise")
                answered = question
                app.screen.query_one("#answer").text = repr(question.solution().answer)  # type: ignore[attr-defined]
            await pilot.press("ctrl+s")
            await pilot.pause()
        await settle(app, pilot)
        assert answered is not None
        assert isinstance(app.screen, MockReportScreen)
        [view] = app.screen.query(ExerciseAnswerView)
        assert view.border_subtitle == "✓ right"
        assert view.result.correct and view.result.kind == answered.kind
    with ProgressStore.in_dir(data_dir) as store:
        [attempt] = attempts(store)
        [stored] = store.interviews()
    assert attempt.mode == "mock" and attempt.interview_id == stored.id and attempt.correct
    assert stored.score is not None and stored.score >= 0.2  # the exercise counts 1 of 5


def test_an_exercise_kinds_seed_is_the_same_everywhere() -> None:
    assert make_exercise("fan", 5).question == make_exercise("fan", 5).question


def test_snapshot_a_graded_scale_exercise(snap_compare: Callable[..., bool], app: QuizApp) -> None:
    """A scale exercise (seeded), answered √(2/576)-style and graded: verdict, computation, the kinds' schedules."""

    async def run_before(pilot: Pilot[None]) -> None:
        exercises = await open_exercises(app, pilot, seed=11)
        kinds = app.screen.query_one("#kinds", OptionList)
        kinds.highlighted = kinds.get_option_index("scale")
        kinds.action_select()
        await settle(app, pilot)
        assert exercises.exercise is not None
        await type_answer(app, pilot, f"{exercises.exercise.solution().answer:.4f}")

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)
