"""Keys that arrive together are applied in the order typed, in every text field of the app.

Textual runs a field's editing bindings (backspace, ctrl+u, enter…) only once the key has bubbled up to the app, so
keys arriving in one burst (fast typing under load, a key macro, tmux sending a line) used to be applied out of order:
in the interview-date form, ``ctrl+u 2026-12-08 enter`` saved *no* date and the digits went on to the card list's
filters. The keys are posted here all at once, as a terminal delivers a burst, before the app handles any of them.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime, timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, TextArea
from textual.worker import WorkerCancelled
from tui_helpers import burst, open_drill_screen, until

from quiz.settings import load_settings
from quiz.tui.app import QuizApp
from quiz.tui.screens.plan_setup import PlanSetupScreen
from quiz.tui.screens.study import StudyScreen
from quiz.tui.widgets.card_list import CardList
from quiz.tui.widgets.in_order import Field, TextBox

SIZE = (120, 36)


async def settle(app: QuizApp, pilot: Pilot[None]) -> None:
    """Let the app handle what is queued. A worker that a newer one replaced (the list's readiness, reloaded once
    the date is saved) is cancelled: that is no failure here."""
    for _ in range(3):
        with suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()


async def test_a_date_typed_in_one_burst_after_ctrl_u_is_saved(app: QuizApp, data_dir: Path) -> None:
    when = (datetime.now() + timedelta(days=5)).strftime("%Y-%m-%dT10:00")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        assert isinstance(app.screen, PlanSetupScreen)
        date = app.screen.query_one("#plan-date", Input)
        assert isinstance(date, Field)
        burst(app, ["x", "y", "ctrl+u", *when, "enter"])
        await settle(app, pilot)
        await until(pilot, lambda: "ready for" in str(app.screen.query_one(CardList).border_title), "the new title")
        assert isinstance(app.screen, StudyScreen)
        saved = load_settings(data_dir).interview_at
        assert saved is not None and saved.strftime("%Y-%m-%dT%H:%M") == when
        title = str(app.screen.query_one(CardList).border_title)
        assert "ready for" in title and "/" not in title  # the digits reached no chip filter ("Cards 7/15")


async def test_backspace_in_a_burst_deletes_the_character_before_it(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        await settle(app, pilot)
        box = app.screen.query_one("#search", Input)
        burst(app, ["f", "x", "backspace", "a", "n"])
        await settle(app, pilot)
        assert box.value == "fan"


async def test_a_drill_answer_typed_in_a_burst_keeps_its_order(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        area = app.screen.query_one(TextArea)
        assert isinstance(area, TextBox)
        area.focus()
        await pilot.pause()
        burst(app, ["z", "e", "r", "x", "backspace", "o", "s"])
        await settle(app, pilot)
        assert area.text == "zeros"


async def test_into_the_answer_box_and_out_in_one_burst(app: QuizApp) -> None:
    """``a`` and the answer after it in one burst: the answer goes into the box, ``a``s and spaces in it included
    (a space sent to the drill would reveal the answer). ``ctrl+r`` and a grade after it: the answer is revealed
    with the typed one beside it, and the grade is the drill's (not a ``3`` typed into the box). ``esc`` and a
    space: out of the box, and the space reveals."""
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_drill_screen(app, pilot)
        assert screen.session is not None
        burst(app, ["a", *"a zero init"])
        await settle(app, pilot)
        assert screen.card_view.answer_box.text == "a zero init" and not screen.card_view.revealed
        burst(app, ["ctrl+r", "3"])
        await settle(app, pilot)
        assert screen.session.done == 1 and screen.session.graded[0].review.answer == "a zero init"
        assert screen.card_view.answer_box.text == ""  # the next card's box, empty
        burst(app, ["a", "x", "escape", "space"])  # out of the box, then the drill's space: the reveal
        await settle(app, pilot)
        assert screen.card_view.typed == "x" and screen.card_view.revealed
        assert screen.suggested is not None  # the reveal scored "x": it waited for the key typed before it


async def test_a_priority_key_waits_for_the_keys_typed_before_it(app: QuizApp) -> None:
    """``ctrl+r`` and ``esc`` are priority bindings: Textual runs them as they reach the app, ahead of letters typed
    before them that are still on their way to the answer box. In one burst they now wait for those letters: the
    reveal scores the whole answer, and ``esc`` leaves the box only once "xy" is in it."""
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_drill_screen(app, pilot)
        burst(app, ["a", *"zeros keep neurons identical", "ctrl+r"])
        await settle(app, pilot)
        assert screen.card_view.revealed
        assert screen.session is not None and screen.card_view.typed == "zeros keep neurons identical"
        assert screen.suggested is not None  # scored: what was typed before ctrl+r is what the reveal heard
        burst(app, ["3"])
        await settle(app, pilot)
        assert screen.session.graded[-1].review.answer == "zeros keep neurons identical"
        burst(app, ["a", "x", "y", "escape", "space"])
        await settle(app, pilot)
        assert screen.card_view.typed == "xy" and screen.card_view.revealed


async def test_a_search_typed_in_one_burst_with_its_slash_keeps_every_letter(app: QuizApp) -> None:
    """``/`` focused the search box in a callback queued behind the letters that came with it: the first one went to
    the card list and was lost ("/xyzzy" searched for "yzzy")."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        burst(app, ["/", *"xyzzy"])
        await settle(app, pilot)
        assert app.screen.query_one("#search", Input).value == "xyzzy"
