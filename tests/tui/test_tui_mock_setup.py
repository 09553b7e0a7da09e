"""The mock interview setup: the total time it announces, the settings it remembers, the abandon dialog's clock;
and an interview where nothing was said, which is never saved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Button, Checkbox, Input, Select, Static
from tui_helpers import settle, until

from quiz.deck import Deck
from quiz.interview import FakeClock
from quiz.settings import SETTINGS_FILE, read_mock_setup
from quiz.tui.app import QuizApp
from quiz.tui.launch_mock import open_mock
from quiz.tui.screens.confirm import ConfirmScreen
from quiz.tui.screens.mock_interview import MockInterviewScreen
from quiz.tui.screens.mock_setup import MockSetupScreen, SetupForm, check_form, duration_text

SIZE = (120, 36)


@pytest.mark.parametrize(
    ("questions", "seconds", "each", "at_most"),
    [("3", "90", "90 s", "4 min 30 s"), ("3", "50", "50 s", "2 min 30 s"), ("4", "60", "60 s", "4 min")],
)
def test_the_setup_states_the_exact_total_time(
    deck: Deck, questions: str, seconds: str, each: str, at_most: str
) -> None:
    form = SetupForm(questions=questions, timing="per-question", seconds=seconds, follow_ups="0")
    check = check_form(form, deck)
    assert check.summary.endswith(f"{questions} questions · {each} each, {at_most} at most")


def test_the_most_an_interview_takes_counts_its_follow_ups(deck: Deck) -> None:
    """A follow-up takes half its question's time: 3 questions of 90 s, two follow-ups each, is 9 min at most."""
    form = SetupForm(questions="3", timing="per-question", seconds="90", follow_ups="2", exercise_every=0)
    assert "3 questions · 90 s each, 9 min at most with the follow-ups · up to 2 follow-ups a question" in (
        check_form(form, deck).summary
    )


@pytest.mark.parametrize(
    ("seconds", "text"), [(59, "59 s"), (119, "119 s"), (120, "2 min"), (270, "4 min 30 s"), (3900, "1 h 5 min")]
)
def test_durations_read_exactly(seconds: float, text: str) -> None:
    assert duration_text(seconds) == text


def setup(app: QuizApp) -> MockSetupScreen:
    assert isinstance(app.screen, MockSetupScreen)
    return app.screen


async def test_the_setup_remembers_the_last_settings_across_runs(app: QuizApp, deck: Deck, data_dir: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        open_mock(app)
        await settle(app, pilot)
        screen = setup(app)
        screen.query_one("#questions", Input).value = "3"
        screen.query_one("#timing", Select).value = "per-question"
        await pilot.pause()
        screen.query_one("#seconds", Input).value = "50"
        screen.query_one("#difficulty-hard", Checkbox).value = True
        screen.query_one("#order", Select).value = "random"
        await pilot.pause()
        await pilot.click("#start")
        await settle(app, pilot)
        assert isinstance(app.screen, MockInterviewScreen)
    saved = read_mock_setup(data_dir)
    assert saved["questions"] == "3" and saved["seconds"] == "50" and saved["difficulties"] == ["hard"]

    from quiz.tui.app import create_app

    again = create_app(deck, data_dir)
    async with again.run_test(size=SIZE) as pilot:
        open_mock(again)
        await settle(again, pilot)
        screen = setup(again)
        assert screen.query_one("#questions", Input).value == "3"
        assert screen.query_one("#timing", Select).value == "per-question"
        assert screen.query_one("#seconds", Input).value == "50"
        assert screen.query_one("#difficulty-hard", Checkbox).value
        assert not screen.query_one("#difficulty-easy", Checkbox).value
        assert screen.query_one("#order", Select).value == "random"


async def test_a_damaged_saved_setup_opens_the_defaults(app: QuizApp, data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / SETTINGS_FILE).write_text(
        json.dumps({"mock": {"questions": 7, "timing": "sometimes", "difficulties": "hard", "order": None}}),
        encoding="utf-8",
    )
    async with app.run_test(size=SIZE) as pilot:
        open_mock(app)
        await settle(app, pilot)
        screen = setup(app)
        assert screen.query_one("#questions", Input).value == "5"
        assert screen.query_one("#timing", Select).value == "difficulty"
        assert screen.query_one("#order", Select).value == "weakest"
        assert not screen.query_one("#start", Button).disabled


async def test_the_abandon_dialog_says_why_the_clock_runs_on(app: QuizApp) -> None:
    clock = FakeClock()
    async with app.run_test(size=SIZE) as pilot:
        open_mock(app, clock=clock, form=SetupForm(seed=3, questions="2"))
        await pilot.pause()
        await pilot.click("#start")
        await settle(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        message = str(app.screen.query_one("#confirm-message", Static).content)
        assert "does not stop" in message and "real interview" in message
        assert "submitted when you go back" in message


async def test_an_interview_whose_only_answer_is_empty_and_timed_out_is_not_saved(app: QuizApp, data_dir: Path) -> None:
    from quiz.progress import ProgressStore
    from quiz.tui.screens.mock_report import MockReportScreen

    clock = FakeClock()
    async with app.run_test(size=SIZE) as pilot:
        open_mock(app, clock=clock, form=SetupForm(seed=3, questions="1"))
        await pilot.pause()
        await pilot.click("#start")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, MockInterviewScreen) and screen.interview is not None
        clock.advance(screen.interview.time_limit() + 1)
        await until(pilot, lambda: isinstance(app.screen, MockReportScreen), "the timeout to end the interview")
        await settle(app, pilot)
        line = str(app.screen.query_one("#score-line", Static).content)
        assert "nothing was answered" in line and "not saved" in line
    with ProgressStore.in_dir(data_dir) as store:
        assert store.interviews() == []
