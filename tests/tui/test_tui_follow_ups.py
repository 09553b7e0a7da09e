"""Follow-up questions in the app's mock interview (a FakeClock): asked after a miss, timed, shown in the report,
stored; and the setup's follow-up count."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, Input, Label, Static, TextArea

from quiz.deck import Deck
from quiz.interview import FakeClock
from quiz.progress import ProgressStore
from quiz.tui.app import QuizApp
from quiz.tui.launch_mock import open_mock
from quiz.tui.screens.mock_interview import MockInterviewScreen
from quiz.tui.screens.mock_report import MockReportScreen
from quiz.tui.screens.mock_setup import MockSetupScreen, SetupForm
from quiz.tui.widgets.countdown_bar import CountdownBar, clock_text
from quiz.tui.widgets.interview_answer_view import InterviewAnswerView

SIZE = (120, 36)
WEAK = "I would pick some small random numbers and hope for the best."
GOOD = {
    (a["card"], a["key_point"]): a["text"]
    for a in tomllib.loads((Path(__file__).parent.parent / "data" / "follow_ups.toml").read_text(encoding="utf-8"))[
        "answer"
    ]
    if a["kind"] == "good"
}


async def settle(app: QuizApp, pilot: Pilot[None]) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


def screen(app: QuizApp) -> MockInterviewScreen:
    assert isinstance(app.screen, MockInterviewScreen), app.screen
    return app.screen


async def begin(app: QuizApp, pilot: Pilot[None], clock: FakeClock, **form: object) -> MockInterviewScreen:
    open_mock(app, clock=clock, form=SetupForm(seed=3, **form))  # type: ignore[arg-type]
    await pilot.pause()
    await pilot.click("#start")
    await settle(app, pilot)
    return screen(app)


async def answer(app: QuizApp, pilot: Pilot[None], text: str) -> None:
    app.screen.query_one("#answer", TextArea).text = text
    await pilot.press("ctrl+s")
    await pilot.pause()


def shown(app: QuizApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def test_a_miss_brings_a_follow_up_that_is_shown_timed_and_reported(
    app: QuizApp, deck: Deck, data_dir: Path
) -> None:
    clock = FakeClock()
    async with app.run_test(size=SIZE) as pilot:
        view = await begin(app, pilot, clock, questions="2")
        engine = view.interview
        assert engine is not None and engine.current is not None
        card = engine.current
        clock.advance(10)
        await answer(app, pilot, WEAK)
        follow_up = engine.follow_up
        assert follow_up is not None
        first_missed = next(kp for kp in card.key_points if kp.follow_up)
        assert follow_up.key_point == first_missed.label
        # The follow-up takes the question's place, with its own clock (half the question's) and an empty box.
        assert shown(app, "#mock-question") == first_missed.follow_up
        assert str(view.query_one("#question-number", Label).content).startswith("Follow-up 1 on question 1 of 2")
        assert view.has_class("-follow-up")
        assert view.query_one("#answer", TextArea).text == ""
        limit = engine.settings.time_limit(card) / 2
        assert engine.countdown().limit_s == limit
        assert view.query_one(CountdownBar).seconds_text == f"{clock_text(limit)} left"
        assert first_missed.label not in shown(app, "#mock-question")  # the key point is not given away
        clock.advance(8)
        await answer(app, pilot, str(GOOD[(card.id, first_missed.label)]))
        assert engine.follow_up is None and engine.position == 1  # on to question 2
        assert not view.has_class("-follow-up")
        second = engine.current
        assert second is not None
        clock.advance(5)
        await answer(app, pilot, WEAK)
        assert engine.follow_up is not None
        clock.advance(engine.remaining() + 1)  # the follow-up runs out: what was typed is submitted
        view.query_one("#answer", TextArea).text = "not sure"
        view.tick()
        await settle(app, pilot)
        report = app.screen
        assert isinstance(report, MockReportScreen)
        await settle(app, pilot)
        first_view = report.query_one("#question-0", InterviewAnswerView)
        text = str(first_view.query_one(".answer-follow-ups", Static).content)
        assert first_view.query_one(".answer-follow-ups", Static).display
        assert f"Follow-up 1 · on {first_missed.label}" in text
        assert f"Q: {first_missed.follow_up}" in text and "✓ recovered" in text and "counts half" in text
        assert "1 recovered" in str(first_view.border_subtitle)
        second_text = str(
            report.query_one("#question-1", InterviewAnswerView).query_one(".answer-follow-ups", Static).content
        )
        assert "timed out" in second_text and "You: not sure" in second_text and "✗ not heard" in second_text
    with ProgressStore.in_dir(data_dir) as store:
        (saved,) = store.interviews(deck.id)
    assert [f["matched"] for a in saved.answers for f in a.follow_ups] == [True, False]
    assert saved.answers[1].follow_ups[0]["timed_out"] is True
    per_point = 1 / len(card.key_points)
    assert saved.answers[0].coverage == per_point / 2  # nothing heard in the answer; one point recovered, half


async def test_the_setup_sets_how_many_follow_ups(app: QuizApp, deck: Deck) -> None:
    clock = FakeClock()
    async with app.run_test(size=SIZE) as pilot:
        open_mock(app, clock=clock, form=SetupForm(seed=3, questions="1"))
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, MockSetupScreen)
        box = setup.query_one("#follow-ups", Input)
        for bad in ("9", "-1", "x"):
            box.value = bad
            await pilot.pause()
            assert setup.query_one("#start", Button).disabled and box.has_class("-invalid")
            assert str(setup.query_one("#setup-status", Static).content).startswith("Follow-ups:")
        box.value = "0"
        await pilot.pause()
        assert setup.check.settings is not None and setup.check.settings.follow_ups == 0
        await pilot.click("#start")
        await settle(app, pilot)
        await answer(app, pilot, WEAK)
        await settle(app, pilot)
        assert isinstance(app.screen, MockReportScreen)  # no follow-up: straight to the report
