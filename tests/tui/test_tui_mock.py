"""The mock interview driven through the real app: setup → interview (a FakeClock) → report, and the store."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input, ProgressBar, Select, Static, TextArea
from tui_helpers import settle, until, widget_text

from quiz.deck import Deck
from quiz.interview import FakeClock
from quiz.interview.typing_guard import BURST_GAP_S, GRACE_S
from quiz.progress import ProgressStore
from quiz.tui.app import QuizApp, create_app
from quiz.tui.launch_mock import open_mock
from quiz.tui.screens.confirm import ConfirmScreen
from quiz.tui.screens.mock_interview import MockInterviewScreen
from quiz.tui.screens.mock_report import MockReportScreen
from quiz.tui.screens.mock_setup import MockSetupScreen, SetupForm
from quiz.tui.screens.study import StudyScreen
from quiz.tui.widgets.countdown_bar import CountdownBar
from quiz.tui.widgets.interview_answer_view import ConceptRow, InterviewAnswerView
from quiz.tui.widgets.interview_scores_chart import EMPTY_TEXT, InterviewScoresChart

SIZE = (120, 36)
WEAK = "I would pick some small random numbers and hope for the best."


def setup(app: QuizApp) -> MockSetupScreen:
    assert isinstance(app.screen, MockSetupScreen)
    return app.screen


def interview(app: QuizApp) -> MockInterviewScreen:
    assert isinstance(app.screen, MockInterviewScreen)
    return app.screen


def report(app: QuizApp) -> MockReportScreen:
    assert isinstance(app.screen, MockReportScreen)
    return app.screen


def top(app: QuizApp) -> object:
    return app.screen


def text(app: QuizApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def start(app: QuizApp, pilot: Pilot[None], clock: FakeClock, **form: object) -> MockInterviewScreen:
    """Open the setup with ``form``'s values, start, and wait for the first question."""
    form.setdefault("seed", 3)  # the same questions every run
    form.setdefault("follow_ups", "0")  # follow-up questions: tests/tui/test_tui_follow_ups.py
    open_mock(app, clock=clock, form=SetupForm(**form))  # type: ignore[arg-type]
    await pilot.pause()
    await pilot.click("#start")
    await settle(app, pilot)
    screen = interview(app)
    assert screen.interview is not None and screen.interview.current is not None
    return screen


async def answer(app: QuizApp, pilot: Pilot[None], text_: str, key: str = "ctrl+s") -> None:
    box = app.screen.query_one("#answer", TextArea)
    box.text = text_
    await pilot.press(key)
    await pilot.pause()


# -- setup -------------------------------------------------------------------------------------------------------


async def test_setup_shows_the_defaults_and_esc_cancels(app: QuizApp, deck: Deck) -> None:
    async with app.run_test(size=SIZE) as pilot:
        open_mock(app)
        await settle(app, pilot)  # the last setup is read in a worker first
        screen = setup(app)
        assert screen.query_one("#questions", Input).value == "5"
        assert screen.query_one("#timing", Select).value == "difficulty"
        assert screen.query_one("#order", Select).value == "weakest"
        assert not screen.query_one("#seconds-row").display  # no seconds to type when timed by difficulty
        assert not screen.query_one("#start", Button).disabled
        status = text(app, "#setup-status")
        assert status == (
            f"{len(deck.cards)} cards match · 5 questions (4 cards, 1 exercise) · Easy 60 s · Medium 90 s · Hard 120 s"
            " · up to 1 follow-up a question (half its time)"
        )
        assert screen.query_one("#exercise-mix", Select).value == 5  # one question in five is an exercise
        assert screen.query_one("#follow-ups", Input).value == "1"
        settings = screen.check.settings
        assert settings is not None and settings.questions == 5 and settings.exercise_every == 5
        assert settings.follow_ups == 1
        assert settings.seconds_per_question is None and settings.total_seconds is None
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)


async def test_setup_rejects_bad_numbers_inline(app: QuizApp, deck: Deck) -> None:
    async with app.run_test(size=SIZE) as pilot:
        open_mock(app)
        await settle(app, pilot)  # the last setup is read in a worker first
        screen = setup(app)
        questions = screen.query_one("#questions", Input)
        start_button = screen.query_one("#start", Button)
        for bad, message in (("0", "at least 1"), ("abc", "not a whole number"), ("", "not a whole number")):
            questions.value = bad
            await pilot.pause()
            assert message in text(app, "#setup-status"), bad
            assert start_button.disabled and questions.has_class("-invalid")
        questions.focus()
        await pilot.press("enter")  # enter with a bad form does not start
        assert isinstance(app.screen, MockSetupScreen)
        questions.value = "3"
        screen.query_one("#timing", Select).value = "per-question"
        await pilot.pause()
        seconds = screen.query_one("#seconds", Input)
        assert screen.query_one("#seconds-row").display and seconds.value == "90"
        assert "90 s each" in text(app, "#setup-status") and not start_button.disabled
        seconds.value = "2"
        await pilot.pause()
        assert "at least 5 s" in text(app, "#setup-status") and start_button.disabled
        seconds.value = "ninety"
        await pilot.pause()
        assert "not a time" in text(app, "#setup-status") and seconds.has_class("-invalid")
        seconds.value = "1:30"
        screen.query_one("#difficulty-hard", Checkbox).value = True
        await pilot.pause()
        hard = [c for c in deck.cards if c.difficulty == "hard"]
        assert text(app, "#setup-status").startswith(f"{len(hard)} cards match")
        assert not start_button.disabled
        seconds.focus()
        await pilot.press("enter")  # enter in a field starts
        await settle(app, pilot)
        started = interview(app)
        assert started.settings.seconds_per_question == 90 and started.settings.difficulties == ("hard",)
        assert started.interview is not None and {c.difficulty for c in started.interview.cards} == {"hard"}


# -- the interview -----------------------------------------------------------------------------------------------


async def test_submit_then_a_timeout_submits_the_answer_so_far(app: QuizApp) -> None:
    clock = FakeClock()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot, clock, questions="2", order="random")
        engine = screen.interview
        assert engine is not None
        first = engine.current
        assert first is not None
        assert screen.query_one("#mock-question", Static).content == first.question
        bar = screen.query_one(CountdownBar)
        limit = engine.time_limit()
        assert bar.seconds_text.endswith("left") and screen.query_one(ProgressBar).percentage == 1.0
        await pilot.press(*"fan in")  # typed for real into the focused answer box
        assert screen.answer_text == "fan in"
        clock.advance(limit / 2)
        await until(pilot, lambda: screen.query_one(ProgressBar).percentage == 0.5, "the bar at half")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert engine.position == 1 and engine.results[0].answer == "fan in"
        assert not engine.results[0].timed_out and engine.results[0].time_s == limit / 2
        assert screen.answer_text == ""  # a fresh box for question 2
        second = engine.current
        assert second is not None and second is not first
        screen.query_one("#answer", TextArea).text = "The answer so far"
        clock.advance(engine.time_limit() - 5)
        await until(pilot, lambda: bar.has_class("-danger") and bar.seconds_text == "5 s left", "the last seconds")
        clock.advance(6)
        await until(pilot, lambda: isinstance(app.screen, MockReportScreen), "the timeout to end the interview")
        last = engine.results[1]
        assert last.timed_out and last.answer == "The answer so far" and last.time_s == last.time_limit_s
        await settle(app, pilot)


async def test_ctrl_enter_and_the_button_submit_too(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot, FakeClock(), questions="3", order="random")
        engine = screen.interview
        assert engine is not None
        await answer(app, pilot, "one", key="ctrl+enter")
        await answer(app, pilot, "two", key="ctrl+j")
        screen.query_one("#answer", TextArea).text = "three"
        await pilot.click("#submit")
        await pilot.pause()
        assert [r.answer for r in engine.results] == ["one", "two", "three"]
        assert isinstance(app.screen, MockReportScreen)
        await settle(app, pilot)


async def test_esc_asks_first_cancel_keeps_going_confirm_abandons(app: QuizApp, data_dir: Path) -> None:
    clock = FakeClock()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot, clock, questions="2", order="random")
        await answer(app, pilot, "first answer")
        screen.query_one("#answer", TextArea).text = "half typed"
        await pilot.press("q")  # in the answer box q is a letter, not quit nor abandon
        assert top(app) is screen and screen.answer_text == "qhalf typed"
        screen.query_one("#answer", TextArea).text = "half typed"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # esc again: keep going
        await pilot.pause()
        assert top(app) is screen and screen.answer_text == "half typed"
        assert screen.query_one("#answer", TextArea).has_focus
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click("#no")  # the button says the same
        await pilot.pause()
        assert top(app) is screen
        await pilot.press("tab")  # to the Submit button, where q is not typed: it asks instead of quitting
        assert screen.query_one("#submit", Button).has_focus
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and app.is_running
        await pilot.press("n")
        await pilot.pause()
        assert top(app) is screen
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        assert screen.interview is not None and screen.interview.finished
        await settle(app, pilot)
        assert ProgressStore.in_dir(data_dir).interview_count() == 0  # abandoned: nothing saved


# -- the report --------------------------------------------------------------------------------------------------


async def finish_two(app: QuizApp, pilot: Pilot[None], clock: FakeClock) -> MockReportScreen:
    """A two-question interview: question 1 answered with the reference answer, question 2 weakly."""
    screen = await start(app, pilot, clock, questions="2", order="random")
    engine = screen.interview
    assert engine is not None and engine.current is not None
    clock.advance(12)
    await answer(app, pilot, engine.current.answer)
    clock.advance(30)
    await answer(app, pilot, WEAK)
    await settle(app, pilot)
    return report(app)


async def test_report_shows_coverage_concepts_anchors_and_stores_the_interview(
    app: QuizApp, deck: Deck, data_dir: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await finish_two(app, pilot, FakeClock())
        stored = screen.stored
        assert stored is not None and stored.interview_id is not None and not stored.error
        store = ProgressStore.in_dir(data_dir)
        assert store.interview_count(deck.id) == 1
        saved = store.interviews(deck.id)[0]
        assert [a.card for a in saved.answers] == [q.card_id for q in screen.interview.results]
        assert saved.answers[1].answer == WEAK and saved.settings["mode"] == "tui"
        views = list(screen.query(InterviewAnswerView))
        assert len(views) == 2
        strong, weak = screen.interview.results
        assert strong.coverage > weak.coverage
        assert views[0].title == "1. " + strong.difficulty.capitalize() + " · 12 s of " + (
            "1:00" if strong.time_limit_s == 60 else "1:30" if strong.time_limit_s == 90 else "2:00"
        )
        concepts_count = len(strong.score.concepts)
        assert views[0].border_subtitle == (
            f"coverage {round(strong.coverage * 100)}% ({len(strong.matched)}/{concepts_count})"
        )
        concepts = "\n".join(str(row.content) for row in views[1].query(ConceptRow).results(ConceptRow))
        for label in weak.missed:
            assert f"✗ {label}" in concepts
        strong_concepts = "\n".join(str(row.content) for row in views[0].query(ConceptRow).results(ConceptRow))
        for label in strong.matched:
            assert f"✓ {label}" in strong_concepts
        columns = [str(s.content) for s in views[1].query(".answer-text").results(Static)]
        assert columns == [WEAK, weak.reference]  # typed answer beside the reference
        score_line = text(app, "#score-line")
        assert f"Score {round(stored.report.score * 100)}%" in score_line and "2 of 2 questions" in score_line
        assert "interview #1" in score_line
        anchors = [str(c.content) for c in screen.query("#anchors Chip").results(Static)]
        assert [a.split(" ", 1)[1] for a in anchors] == [a.label for a in deck.anchors]
        assert "first mock interview" in text(app, "#comparison")
        assert not screen.query_one(InterviewScoresChart).display  # one point is not a history yet


async def test_a_key_point_marked_heard_updates_the_score_and_is_stored(
    app: QuizApp, deck: Deck, data_dir: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await finish_two(app, pilot, FakeClock())
        before = screen.interview.report().score
        view = list(screen.query(InterviewAnswerView))[1]
        row = next(r for r in view.query(ConceptRow).results(ConceptRow) if not r.concept.matched)
        label = row.concept.label
        row.focus()
        await pilot.press("space")
        await settle(app, pilot)
        result = screen.interview.results[1]
        assert result.score.overrides == {label: True}
        assert row.concept.matched and f"✓ {label}" in str(row.content) and "your correction" in str(row.content)
        after = screen.interview.report().score
        assert after > before
        assert f"Score {round(after * 100)}%" in text(app, "#score-line")
        assert "corrected by you" in str(view.border_subtitle)
        saved = ProgressStore.in_dir(data_dir).interviews(deck.id)[0]
        assert saved.answers[1].overrides == {label: True}
        assert saved.answers[1].coverage == pytest.approx(result.coverage)
        assert label in saved.answers[1].matched
        assert saved.score == pytest.approx(after)
        # Toggled back: no correction, stored too.
        await pilot.press("space")
        await settle(app, pilot)
        assert screen.interview.results[1].score.overrides == {}
        assert ProgressStore.in_dir(data_dir).interviews(deck.id)[0].answers[1].overrides == {}
        # j / k still move between questions from a key point.
        row.focus()
        await pilot.press("k")
        assert screen.query(InterviewAnswerView).first().has_focus


async def test_self_grades_become_mock_reviews_and_s_saves_markdown(app: QuizApp, deck: Deck, data_dir: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await finish_two(app, pilot, FakeClock())
        views = list(screen.query(InterviewAnswerView))
        assert views[0].has_focus
        await pilot.press("3")
        await settle(app, pilot)
        assert views[0].status == "saved" and views[0].grade == 3
        await pilot.press("j")
        assert views[1].has_focus
        await pilot.click("#question-1 #grade-1")
        await settle(app, pilot)
        await pilot.press("4", "k", "2")  # regrade 2 → 4, then 1 → 2: the later grade replaces the earlier one
        await settle(app, pilot)
        store = ProgressStore.in_dir(data_dir)
        reviews = store.reviews(deck.id)
        first, second = screen.interview.results
        assert sorted((r.card, r.grade, r.mode) for r in reviews) == sorted(
            [(first.card_id, 2, "mock"), (second.card_id, 4, "mock")]
        )
        assert store.card_state(deck.id, first.card_id).last_grade == 2  # it feeds the scheduler
        assert [a.self_grade for a in store.interviews(deck.id)[0].answers] == [2, 4]
        await pilot.press("s")  # the report as Markdown, grades included
        await settle(app, pilot)
        path = screen.saved_path
        assert path is not None and path.parent == data_dir and path.suffix == ".md"
        markdown = path.read_text(encoding="utf-8")
        assert markdown.startswith("# Mock interview — ") and "| your answer | reference |" in markdown
        assert "2 (hard)" in markdown and "4 (easy)" in markdown and WEAK in markdown
        assert any(str(path) in n.message for n in app._notifications)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)


async def test_a_second_interview_is_compared_and_charted(app: QuizApp, deck: Deck, data_dir: Path) -> None:
    clock = FakeClock()
    async with app.run_test(size=SIZE) as pilot:
        first = await finish_two(app, pilot, clock)
        assert first.stored is not None
        await pilot.press("escape")
        await pilot.pause()
        second = await finish_two(app, pilot, clock)
        assert second.stored is not None
        assert "Compared with 1 earlier" in text(app, "#comparison")
        assert "interview #2" in text(app, "#score-line")
        chart = second.query_one(InterviewScoresChart)
        assert chart.display and len(chart.points) == 2
        assert ProgressStore.in_dir(data_dir).interview_count(deck.id) == 2


async def test_a_whole_interview_at_80x24(app: QuizApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await finish_two(app, pilot, FakeClock())
        await pilot.press("2")
        await settle(app, pilot)
        assert screen.query_one("#question-0", InterviewAnswerView).status == "saved"
        await pilot.resize_terminal(40, 12)
        await pilot.pause()


async def test_m_twice_opens_one_setup(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        open_mock(app)
        open_mock(app)
        await settle(app, pilot)  # the last setup is read in a worker first
        assert sum(isinstance(s, MockSetupScreen) for s in app.screen_stack) == 1


# -- the chart on its own ----------------------------------------------------------------------------------------


async def test_scores_chart_renders_empty_one_and_many(app: QuizApp) -> None:
    from datetime import UTC, datetime, timedelta

    async with app.run_test(size=SIZE) as pilot:
        chart = InterviewScoresChart(id="chart-under-test")
        await app.screen.mount(chart)
        await pilot.pause()
        assert EMPTY_TEXT in str(chart.render())
        day = datetime(2026, 11, 1, tzinfo=UTC)
        chart.show([(day, 0.4)])
        await pilot.pause()
        chart.show([(day + timedelta(days=i), i / 10) for i in range(10)])
        await pilot.pause()
        assert chart.border_title == "Mock interview scores (10)" and "best 90%" in str(chart.border_subtitle)
        chart.styles.height = 4
        await pilot.pause()
        assert "90%" in str(chart.render())  # too small for axes: a sparkline and the last score


async def test_a_total_budget_ends_the_interview_when_spent(app: QuizApp, data_dir: Path) -> None:
    clock = FakeClock()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot, clock, questions="3", timing="total", seconds="300", order="random")
        engine = screen.interview
        assert engine is not None and engine.settings.total_seconds == 300
        await answer(app, pilot, "first")
        clock.advance(100)
        await until(pilot, lambda: "Budget" in str(screen.query_one("#countdown-label", Static).content), "budget")
        screen.query_one("#answer", TextArea).text = "cut short"
        clock.advance(250)
        await until(pilot, lambda: isinstance(app.screen, MockReportScreen), "the budget to run out")
        results = engine.results
        assert [r.answer for r in results] == ["first", "cut short", ""]
        assert results[1].timed_out and not results[2].reached
        await settle(app, pilot)
        assert "not reached" in str(report(app).query_one("#question-2", InterviewAnswerView).border_title)


async def test_keys_typed_as_the_last_question_times_out_do_not_act_on_the_report(app: QuizApp) -> None:
    clock = FakeClock()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot, clock, questions="1", order="random")
        screen.query_one("#answer", TextArea).text = "still typ"
        clock.advance(200)
        await until(pilot, lambda: isinstance(app.screen, MockReportScreen), "the timeout")
        await settle(app, pilot)
        theme = app.theme
        # However long the report took to build and save, the interview's clock has not moved since it appeared:
        # the user was still typing. No grade, no theme, no quit.
        await pilot.press("i", "n", "g", "3", "t", "q")
        await settle(app, pilot)
        assert isinstance(app.screen, MockReportScreen) and app.is_running and app.theme == theme
        assert report(app).query_one("#question-0", InterviewAnswerView).grade is None
        # The user keeps typing, a key every half burst gap, until well past the grace: still swallowed...
        for _ in range(round(2 * GRACE_S / (BURST_GAP_S / 2))):
            clock.advance(BURST_GAP_S / 2)
            await pilot.press("q")
        await settle(app, pilot)
        assert isinstance(app.screen, MockReportScreen) and app.is_running
        # ...and after a pause, the first key acts: a self-grade.
        clock.advance(BURST_GAP_S)
        await pilot.press("3")
        await settle(app, pilot)
        assert report(app).query_one("#question-0", InterviewAnswerView).grade == 3


# -- snapshots of the full screens (the setup, a modal over the study screen, would change with it) --------------

SnapCompare = Callable[..., bool]


@pytest.fixture
def _no_text_area_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TextArea, "cursor_blink", False)


def _opened(clock: FakeClock, **form: object) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, QuizApp)
        form.setdefault("follow_ups", "0")
        open_mock(app, clock=clock, form=SetupForm(seed=7, **form))  # type: ignore[arg-type]
        await pilot.pause()

    return run_before


@pytest.mark.usefixtures("_no_text_area_blink")
def test_snapshot_question_with_the_clock_running_80x24(snap_compare: SnapCompare, app: QuizApp) -> None:
    clock = FakeClock()

    async def run_before(pilot: Pilot[None]) -> None:
        await _opened(clock, questions="3")(pilot)
        await pilot.click("#start")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        pilot.app.screen.query_one("#answer", TextArea).text = "Zero weights make every neuron identical,"
        clock.advance(50)
        screen = pilot.app.screen
        assert isinstance(screen, MockInterviewScreen)
        screen.tick()
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=(80, 24))


@pytest.mark.usefixtures("_no_text_area_blink")
def test_snapshot_report(snap_compare: SnapCompare, app: QuizApp) -> None:
    clock = FakeClock()

    async def run_before(pilot: Pilot[None]) -> None:
        app_ = pilot.app
        assert isinstance(app_, QuizApp)
        await _opened(clock, questions="2")(pilot)
        await pilot.click("#start")
        await settle(app_, pilot)
        engine = interview(app_).interview
        assert engine is not None and engine.current is not None
        clock.advance(41)
        await answer(app_, pilot, engine.current.answer)
        clock.advance(17)
        await answer(app_, pilot, WEAK)
        await settle(app_, pilot)
        await pilot.press("3")
        await settle(app_, pilot)

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)


async def test_an_unwritable_data_dir_still_reports_and_saves_markdown_in_cwd(
    deck: Deck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where the data dir should be")
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    app = create_app(deck, blocked)
    async with app.run_test(size=SIZE) as pilot:
        screen = await finish_two(app, pilot, FakeClock())
        assert screen.stored is not None and screen.stored.interview_id is None
        assert "could not save the interview" in text(app, "#score-line")
        await pilot.press("s")
        await settle(app, pilot)
        assert screen.saved_path is not None and screen.saved_path.parent == work and screen.saved_path.exists()


async def test_weakest_first_asks_the_card_you_know_least(app: QuizApp, deck: Deck, data_dir: Path) -> None:
    store = ProgressStore.in_dir(data_dir)
    weakest = deck.cards[6].id
    for card in deck.cards:
        if card.id != weakest:
            store.record_review(deck.id, card.id, 4)  # known well: only `weakest` was never studied
    store.close()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot, FakeClock(), questions="1")  # the form's default order: weakest first
        assert screen.settings.order == "weakest"
        assert screen.interview is not None and [c.id for c in screen.interview.cards] == [weakest]


async def test_a_self_grade_goes_to_the_question_in_view_after_scrolling(
    app: QuizApp, deck: Deck, data_dir: Path
) -> None:
    """Scrolled (the wheel) until Q2 sits mid-screen, 1 grades Q2 (it was Q1, a perfect answer, that got Again)."""
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await finish_two(app, pilot, FakeClock())
        first, second = list(screen.query(InterviewAnswerView))
        assert first.has_focus
        body = screen.query_one("#report")
        middle = body.region.y + body.region.height // 2
        for _ in range(40):  # the wheel, a notch at a time, until Q2 is mid-screen
            if second.region.y <= middle < second.region.bottom:
                break
            x, y = body.region.x + 2, middle
            body.post_message(events.MouseScrollDown(body, 2, y, 0, 1, 0, False, False, False, screen_x=x, screen_y=y))
            await pilot.pause()
            await pilot.pause()
        assert second.region.y <= middle < second.region.bottom
        assert second.has_focus and not first.has_focus  # the highlight went with the scroll
        assert "1–4 grade this one" in widget_text(app, second)
        assert "grade this one" not in widget_text(app, first)
        await pilot.press("1")
        await settle(app, pilot)
        assert second.grade == 1 and first.grade is None
        with ProgressStore.in_dir(data_dir) as store:
            assert [a.self_grade for a in store.interviews(deck.id)[0].answers] == [None, 1]


async def test_a_grade_of_an_unsaved_interview_can_be_changed(
    app: QuizApp, deck: Deck, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the interview itself could not be saved, each grade is a review of its own: a new grade replaces it."""
    from quiz.progress import store as store_module

    def fail(*args: object, **kwargs: object) -> int:
        raise store_module.ProgressError("the disk is full")

    monkeypatch.setattr(store_module.ProgressStore, "record_interview", fail)
    async with app.run_test(size=SIZE) as pilot:
        screen = await finish_two(app, pilot, FakeClock())
        assert screen.stored is not None and screen.stored.interview_id is None
        await pilot.press("1")
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        card = screen.interview.results[0].card_id
        with ProgressStore.in_dir(data_dir) as store:
            assert [(r.card, r.grade, r.mode) for r in store.reviews(deck.id)] == [(card, 3, "mock")]
        assert "1–4 changes it" in widget_text(app, screen.query(InterviewAnswerView).first())
