"""The drill and cram screens driven through the real app, with the real SQLite store in the test's data dir."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Button, Static
from tui_helpers import burst, open_drill_screen, screen_text, until, widget_text

from quiz.deck import Deck
from quiz.progress import ProgressError, ProgressStore
from quiz.progress.drill import DrillSession
from quiz.tui import key_dispatch
from quiz.tui.app import QuizApp
from quiz.tui.launch import open_cram, open_drill
from quiz.tui.screens.cram_setup import CramSetupScreen
from quiz.tui.screens.drill import DrillScreen
from quiz.tui.screens.study import StudyScreen
from quiz.tui.store_access import open_store, store_for
from quiz.tui.widgets.demo_panel import DemoPanel
from quiz.tui.widgets.drill_card import DrillCard
from quiz.tui.widgets.drill_progress import DrillProgress
from quiz.tui.widgets.grade_bar import GradeBar
from quiz.tui.widgets.key_bar import KeyBar

SIZE = (120, 36)
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def clock() -> datetime:
    return NOW


def drill(app: QuizApp) -> DrillScreen:
    screen = app.screen
    assert isinstance(screen, DrillScreen), f"expected the drill screen, not {screen!r}"
    return screen


def shown_card(app: QuizApp) -> int:
    card = drill(app).query_one(DrillCard).card
    assert card is not None
    return card.id


def text_of(app: QuizApp, what: str) -> str:
    """What a ``Static`` (``#drill-status``) or a part of the drill card (``question``, ``typed``, ``answer``,
    ``scored``, ``suggestion``) shows."""
    if what.startswith("#"):
        return str(drill(app).query_one(what, Static).content)
    return drill(app).card_view.text(what)


async def settle(app: QuizApp, pilot: Pilot[Any]) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def start(app: QuizApp, pilot: Pilot[Any], **kwargs: Any) -> DrillScreen:
    return await open_drill_screen(app, pilot, clock=clock, **kwargs)


def held(gate: threading.Event, call: Callable[..., Any]) -> Callable[..., Any]:
    """``call``, made to wait for ``gate`` first: a worker held midway, without sleeping."""

    def waiting(*args: Any, **kwargs: Any) -> Any:
        gate.wait(timeout=60)
        return call(*args, **kwargs)

    return waiting


def writes_held(app: QuizApp, monkeypatch: pytest.MonkeyPatch, *, keys_held_at_most: float = 60.0) -> threading.Event:
    """Every grade's write waits, midway in its worker, until the event returned is set; the keys pressed meanwhile
    are held for it up to ``keys_held_at_most`` seconds (``key_dispatch.HELD_AT_MOST``, 0.5 s in the app). The
    tests that hold keys for a write wait on the app between the grade and those keys, and under a loaded suite that
    wait alone once took longer than the app's bound: the keys were no longer held when pressed."""
    monkeypatch.setattr(key_dispatch, "HELD_AT_MOST", keys_held_at_most)
    store = store_for(app)
    gate = threading.Event()
    monkeypatch.setattr(store, "record_review", held(gate, store.record_review))
    return gate


def first_write_fails(app: QuizApp, monkeypatch: pytest.MonkeyPatch) -> None:
    """The next grade's write fails as a store held by another quiz does; the writes after it work."""
    store = store_for(app)
    record = store.record_review
    failures = [ProgressError("the progress store is busy (another quiz is writing to it); nothing was lost")]

    def flaky_record(*args: Any, **kwargs: Any) -> Any:
        if failures:
            raise failures.pop()
        return record(*args, **kwargs)

    monkeypatch.setattr(store, "record_review", flaky_record)


def reviews(data_dir: Path, deck: Deck) -> list[Any]:
    with ProgressStore.in_dir(data_dir) as store:
        return store.reviews(deck.id)


async def test_drill_of_due_cards_takes_every_new_card_with_a_progress_bar(
    app: QuizApp, deck: Deck, data_dir: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        assert screen.session is not None and screen.session.total == len(deck.cards)
        assert shown_card(app) == deck.cards[0].id
        assert text_of(app, "question") == deck.cards[0].question
        bar = screen.query_one(DrillProgress)
        assert (bar.done, bar.total) == (0, len(deck.cards))
        assert "15 left of 15 cards" in widget_text(app, bar) and widget_text(app, bar).endswith("0%")
        assert not (data_dir / "progress.db").exists()  # reading never creates the store


async def test_the_drill_shows_a_loading_indicator_until_its_cards_are_read(
    app: QuizApp, deck: Deck, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    monkeypatch.setattr(DrillSession, "due", held(gate, DrillSession.due))
    async with app.run_test(size=SIZE) as pilot:
        open_drill(app, clock=clock)
        await pilot.pause()
        screen = drill(app)
        shown = {part: screen.query_one(part).display for part in ("#drill-loading", "#drill-card", "#drill-actions")}
        assert shown == {"#drill-loading": True, "#drill-card": False, "#drill-actions": False}
        assert not screen.query_one("#drill-progress").display
        gate.set()
        await settle(app, pilot)
        shown = {part: screen.query_one(part).display for part in ("#drill-loading", "#drill-card", "#drill-actions")}
        assert shown == {"#drill-loading": False, "#drill-card": True, "#drill-actions": True}
        assert screen.query_one("#drill-progress").display
        assert text_of(app, "question") == deck.cards[0].question
        assert deck.cards[0].question.split()[0] in screen_text(app)


async def test_type_reveal_grade_commits_the_review_and_shows_the_next_card(
    app: QuizApp, deck: Deck, data_dir: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        await pilot.press("a", *"no 1", "space", *"2")
        assert screen.card_view.typed == "no 1 2"  # digits and space type while the box has focus
        assert not screen.card_view.revealed
        assert reviews(data_dir, deck) == []
        await pilot.press("ctrl+r")
        assert screen.card_view.revealed
        assert text_of(app, "typed") == "no 1 2"
        assert text_of(app, "answer") == deck.cards[0].answer
        await pilot.press("3")
        await settle(app, pilot)
        saved = reviews(data_dir, deck)
        assert [(r.card, r.grade, r.answer, r.mode, r.cram) for r in saved] == [(1, 3, "no 1 2", "drill", False)]
        assert saved[0].reviewed_at == NOW
        assert saved[0].state is not None  # scheduled through fsrs
        assert shown_card(app) == deck.cards[1].id
        assert not screen.card_view.revealed and screen.card_view.typed == ""
        bar = screen.query_one(DrillProgress)
        assert (bar.done, bar.total) == (1, len(deck.cards))
        assert "14 left of 15 cards" in widget_text(app, bar) and widget_text(app, bar).endswith("7%")
        assert "saved" in text_of(app, "#drill-status")


def suggested_buttons(screen: DrillScreen) -> list[str]:
    return [b.id or "" for b in screen.query_one(GradeBar).query(".-suggested")]


async def test_a_typed_answer_is_scored_with_a_suggested_grade_that_enter_accepts(
    app: QuizApp, deck: Deck, data_dir: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        await pilot.press("a")
        screen.card_view.answer_box.text = (
            "All neurons stay identical since they get the same gradients, so symmetry never breaks."
        )
        await pilot.press("ctrl+r")
        assert screen.suggested == 3  # 3 of 4 key points
        assert suggested_buttons(screen) == ["grade-3"]
        scored = text_of(app, "scored")
        assert "✓ neurons stay identical" in scored and "✗ random init lets units specialize" in scored
        assert "Suggested: 3 Good (3 of 4 key points)" in text_of(app, "suggestion")
        # The reference beside it emphasizes the words of the point that was missed.
        reference = screen.card_view.content("answer")
        assert isinstance(reference, Content)
        emphasized = [
            str(reference)[span.start : span.end] for span in reference.spans if "underline" in str(span.style)
        ]
        assert emphasized == ["random (or other asymmetric) init"]
        await pilot.press("enter")
        await settle(app, pilot)
        assert [(r.card, r.grade) for r in reviews(data_dir, deck)] == [(1, 3)]
        # A contradiction suggests Again; 1–4 override the suggestion.
        await pilot.press("a")
        screen.card_view.answer_box.text = "Biases must be random to break the symmetry."
        await pilot.press("ctrl+r")
        assert screen.suggested == 1 and suggested_buttons(screen) == ["grade-1"]
        assert "You said “Biases must be random”" in text_of(app, "scored")
        await pilot.press("4")
        await settle(app, pilot)
        assert [(r.card, r.grade) for r in reviews(data_dir, deck)] == [(1, 3), (2, 4)]
        # Nothing typed: no suggestion, and enter grades nothing.
        await pilot.press("space")
        assert screen.suggested is None and suggested_buttons(screen) == []
        await pilot.press("enter")
        await settle(app, pilot)
        assert len(reviews(data_dir, deck)) == 2


async def test_grades_wait_for_the_reveal_and_space_reveals(app: QuizApp, deck: Deck, data_dir: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        await pilot.press("3", "4")
        await settle(app, pilot)
        assert reviews(data_dir, deck) == []
        assert shown_card(app) == 1
        await pilot.press("space")
        assert screen.card_view.revealed
        await pilot.press("1")
        await settle(app, pilot)
        assert [(r.card, r.grade) for r in reviews(data_dir, deck)] == [(1, 1)]


async def test_escape_leaves_the_answer_box_first_then_the_drill(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        await pilot.press("a")
        assert screen.typing
        await pilot.press("escape")
        assert not screen.typing and app.screen is screen
        await pilot.press("escape")
        assert isinstance(app.screen, StudyScreen)


async def test_undo_deletes_the_review_and_restores_the_schedule(app: QuizApp, deck: Deck, data_dir: Path) -> None:
    with ProgressStore.in_dir(data_dir) as store:
        store.record_review(deck.id, 4, 3, now=NOW - timedelta(days=40))
        before = store.card_state(deck.id, 4)
    assert before.due is not None and before.due < NOW  # due now: first in the drill
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        assert shown_card(app) == 4
        await pilot.press("a", *"f in", "ctrl+r", "4")
        await settle(app, pilot)
        with ProgressStore.in_dir(data_dir) as store:
            assert store.card_state(deck.id, 4).state != before.state
        assert shown_card(app) != 4
        await pilot.press("u")
        await settle(app, pilot)
        with ProgressStore.in_dir(data_dir) as store:
            after = store.card_state(deck.id, 4)
            assert store.review_count(deck.id) == 1
        assert after.state == before.state and after.due == before.due
        assert shown_card(app) == 4
        assert screen.card_view.revealed and text_of(app, "typed") == "f in"  # the answer comes back too
        assert "undone" in text_of(app, "#drill-status")
        assert screen.query_one(DrillProgress).done == 0
        await pilot.press("2")
        await settle(app, pilot)
        assert [(r.card, r.grade) for r in reviews(data_dir, deck)] == [(4, 3), (4, 2)]


async def test_cram_setup_filters_and_the_cram_drill_leaves_the_schedule_alone(
    app: QuizApp, deck: Deck, data_dir: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        open_cram(app, clock=clock)
        await pilot.pause()
        assert isinstance(app.screen, CramSetupScreen)
        await pilot.press("3", "6")  # He, Medium
        expected = [c.id for c in deck.filter(tags=["He"], difficulties=["medium"])]
        assert expected and list(app.screen.choice().card_ids) == expected
        await pilot.press("enter")
        await settle(app, pilot)
        screen = drill(app)
        assert screen.cram and screen.session is not None
        assert [c.id for c in screen.session.cards] == expected
        await pilot.press("space", "3")
        await settle(app, pilot)
        with ProgressStore.in_dir(data_dir) as store:
            saved = store.reviews(deck.id)
            assert [(r.card, r.cram) for r in saved] == [(expected[0], True)]
            state = store.card_state(deck.id, expected[0])
            assert state.is_new and state.reviews == 1  # counted, never scheduled
            assert store.due_cards(deck.id, [c.id for c in deck.cards], NOW) == [c.id for c in deck.cards]


async def test_cram_setup_escape_cancels(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        open_drill(app, cram=True)
        await pilot.pause()
        assert isinstance(app.screen, CramSetupScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)


async def test_the_next_card_shows_at_once_and_keys_wait_for_the_grades_commit(
    app: QuizApp, deck: Deck, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = writes_held(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        await pilot.press("space", "3")
        # The next card shows while the write runs; the status line says it is not saved yet, once that is slow.
        assert screen.busy and shown_card(app) == 2 and not screen.card_view.revealed
        await until(pilot, lambda: text_of(app, "#drill-status") == "Saving card 1 · Good…", "the saving note")
        assert "space Reveal" in widget_text(app, screen.query_one(KeyBar))  # the keys as they will be
        assert reviews(data_dir, deck) == []
        burst(app, [" "])  # waits for the commit: card 2 is not revealed yet
        await pilot.pause(0.1)
        assert not screen.card_view.revealed
        gate.set()
        await until(pilot, lambda: screen.card_view.revealed, "the held space to reveal card 2")
        assert [(r.card, r.grade) for r in reviews(data_dir, deck)] == [(1, 3)]
        assert text_of(app, "#drill-status").startswith("✓ saved card 1 · Good")
        assert shown_card(app) == 2 and not screen.busy


async def test_keys_pressed_during_a_grades_write_apply_in_order_once_it_is_committed(
    app: QuizApp, deck: Deck, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = writes_held(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        await pilot.press("space", "3")
        burst(app, ["u"])  # take the grade back at once
        await pilot.pause(0.1)
        assert shown_card(app) == 2 and reviews(data_dir, deck) == []
        gate.set()
        await until(pilot, lambda: "undone" in text_of(app, "#drill-status"), "the held u to undo the grade")
        await settle(app, pilot)
        assert reviews(data_dir, deck) == []
        assert shown_card(app) == 1 and screen.card_view.revealed


async def test_keys_are_held_a_short_while_at_most_for_a_write_that_hangs(
    app: QuizApp, deck: Deck, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = writes_held(app, monkeypatch, keys_held_at_most=0.2)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        await pilot.press("space", "3")
        await until(pilot, lambda: screen.check_action("reveal", ()) is None, "the waiting keys to dim")
        burst(app, [" ", "4", "escape"])  # held 0.2 s, then refused: the write still runs
        await pilot.pause(0.4)
        await until(pilot, lambda: not app._held_keys, "the held keys to go on")
        assert app.screen is screen and shown_card(app) == 2 and not screen.card_view.revealed
        gate.set()
        await settle(app, pilot)
        assert [(r.card, r.grade) for r in reviews(data_dir, deck)] == [(1, 3)]
        assert not screen.card_view.revealed and screen.check_action("reveal", ()) is True


async def test_the_last_cards_grade_shows_the_summary_once_committed(
    app: QuizApp, deck: Deck, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = writes_held(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot, card_ids=[7])
        await pilot.press("space", "2")
        assert shown_card(app) == 7 and screen.card_view.revealed and screen.phase == "card"
        await until(pilot, lambda: text_of(app, "#drill-status") == "Saving card 7 · Hard…", "the saving note")
        gate.set()
        await until(pilot, lambda: screen.phase == "finished", "the summary")
        assert [(r.card, r.grade) for r in reviews(data_dir, deck)] == [(7, 2)]


async def test_a_failed_write_is_shown_inline_and_the_answer_kept(
    app: QuizApp, deck: Deck, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_write_fails(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        await pilot.press("a", *"kept", "ctrl+r")
        shown_intervals = widget_text(app, screen.query_one(GradeBar))
        await pilot.press("3")
        await settle(app, pilot)
        # The next card was shown while the write ran: this one is back, as it was.
        assert "Not saved" in text_of(app, "#drill-status") and "busy" in text_of(app, "#drill-status")
        assert shown_card(app) == 1 and screen.card_view.revealed and text_of(app, "typed") == "kept"
        assert widget_text(app, screen.query_one(GradeBar)) == shown_intervals
        assert screen.query_one(DrillProgress).done == 0
        assert reviews(data_dir, deck) == []
        await pilot.press("3")  # try again
        await settle(app, pilot)
        assert [(r.card, r.answer) for r in reviews(data_dir, deck)] == [(1, "kept")]
        assert shown_card(app) == 2


async def test_a_failed_write_brings_back_the_suggestion_as_it_was_slow_answer_included(
    app: QuizApp, deck: Deck, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_write_fails(app, monkeypatch)
    now = [0.0]
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        session = screen.session
        assert session is not None
        session._timer = lambda: now[0]
        session.restart_timer()
        await pilot.press("a")
        screen.card_view.answer_box.insert(deck.cards[0].answer)  # every key point
        now[0] = 1000.0  # revealed long after the card's time
        await pilot.press("ctrl+r")
        suggested = text_of(app, "suggestion")
        assert "slower than" in suggested and screen.suggested == 3
        await pilot.press("3")
        await settle(app, pilot)
        assert "Not saved" in text_of(app, "#drill-status") and shown_card(app) == 1
        assert text_of(app, "suggestion") == suggested and screen.suggested == 3  # enter takes the same grade


async def test_chosen_cards_end_with_a_summary(app: QuizApp, deck: Deck, data_dir: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot, card_ids=[3, 7])
        await pilot.press("space", "1")
        await settle(app, pilot)
        await pilot.press("space", "4")
        await settle(app, pilot)
        assert screen.session is not None and screen.session.finished
        assert screen.phase == "finished"
        assert screen.query_one("#drill-summary").display and not screen.card_view.display
        summary = text_of(app, "#drill-summary")
        assert "Drill done" in summary and "2 of 2 cards graded" in summary
        assert "Graded Again: card 3 " in summary
        assert widget_text(app, screen.query_one(DrillProgress)).endswith("100%")
        await pilot.press("u")  # undo works from the summary too
        await settle(app, pilot)
        assert shown_card(app) == 7 and screen.phase == "card"
        assert screen.card_view.display and not screen.query_one("#drill-summary").display
        assert [r.card for r in reviews(data_dir, deck)] == [3]


async def test_nothing_due_says_when_the_next_card_is(app: QuizApp, deck: Deck, data_dir: Path) -> None:
    with ProgressStore.in_dir(data_dir) as store:
        for card in deck.cards:
            store.record_review(deck.id, card.id, 4, now=NOW - timedelta(hours=1))
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        assert screen.session is not None and screen.session.total == 0
        summary = text_of(app, "#drill-summary")
        assert "Nothing is due now" in summary and "next card due is card" in summary


async def test_the_demo_never_gives_the_answer_away_before_the_reveal(app: QuizApp, runner: Any) -> None:
    """Card 5's demo claim is its answer ("He init (Var = 2/fan_in) holds it near constant"): before the reveal, d
    runs nothing, shows nothing, and the footer does not offer it."""
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot, card_ids=[5])
        await pilot.press("d")
        await settle(app, pilot)
        assert not screen.query(DemoPanel) and runner.runs == 0  # mounted for the first demo that runs
        assert "demo" not in screen.query_one(KeyBar).shown
        assert "2/fan_in" not in screen_text(app)
        await pilot.press("space")
        assert "drill-demo" in screen.query_one(KeyBar).shown


async def test_d_runs_the_cards_demo_in_the_drill_once_revealed(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot, card_ids=[5])
        await pilot.press("space", "d", "d")  # the second restarts the run, in the same panel
        assert len(screen.query(DemoPanel)) == 1
        panel = screen.query_one(DemoPanel)
        assert panel.display
        await settle(app, pilot)
        assert not panel.has_class("-running")
        assert "holds" in str(panel.query_one("#verdict", Static).content)
        await pilot.press("3")
        await settle(app, pilot)
        assert screen.session is not None and screen.session.finished
        assert not panel.display  # put away when the drill moved on


async def test_the_mouse_can_reveal_and_grade(app: QuizApp, deck: Deck, data_dir: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        await pilot.click("#drill-reveal")
        assert screen.card_view.revealed
        await pilot.click("#grade-2")
        await settle(app, pilot)
        assert [(r.card, r.grade) for r in reviews(data_dir, deck)] == [(1, 2)]
        assert shown_card(app) == 2


@pytest.mark.parametrize("size", [(40, 12), (80, 24), (200, 60)])
async def test_the_drill_fits_small_and_large_terminals(app: QuizApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        screen = await start(app, pilot)
        await pilot.press("space")
        assert screen.query_one("#grades").region.height > 0  # the grades stay on screen, below the scrolling card
        await pilot.press("3")
        await settle(app, pilot)
        assert shown_card(app) == 2


async def test_a_corrupt_store_is_moved_aside_and_the_user_told(
    app: QuizApp, deck: Deck, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (data_dir / "progress.db").write_bytes(b"this is not a database, it is a shopping list" * 100)
    told: list[tuple[str, str, float | None]] = []
    notify = app.notify

    def recording_notify(message: str, **kwargs: Any) -> None:
        told.append((message, kwargs.get("severity", "information"), kwargs.get("timeout")))
        notify(message, **kwargs)

    monkeypatch.setattr(app, "notify", recording_notify)
    async with app.run_test(size=SIZE) as pilot:
        opened: list[ProgressStore] = []
        open_store(app, opened.append)
        await settle(app, pilot)
        assert opened == [store_for(app)]
        aside = list(data_dir.glob("progress.db.corrupt-*"))
        assert len(aside) == 1 and not (data_dir / "progress.db").exists()
        assert len(told) == 1
        message, severity, timeout = told[0]
        assert str(aside[0]) in message and severity == "warning" and (timeout or 0) >= 20
        screen = await start(app, pilot)
        assert screen.session is not None and screen.session.total == len(deck.cards)
        assert len(told) == 1  # told once


async def test_r_c_and_s_on_the_study_screen_open_drill_cram_and_stats(app: QuizApp) -> None:
    from quiz.tui.screens.stats import StatsScreen

    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        assert isinstance(app.screen, DrillScreen) and app.screen.card_ids is None and not app.screen.cram
        await pilot.press("escape")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CramSetupScreen)
        await pilot.press("escape", "s")
        await settle(app, pilot)
        assert isinstance(app.screen, StatsScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, StudyScreen)


async def test_u_after_leaving_and_coming_back_says_there_is_nothing_to_undo(
    app: QuizApp, deck: Deck, data_dir: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot, card_ids=[1, 2])
        await pilot.press("space", "3")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        screen = await start(app, pilot, card_ids=[2])
        await pilot.press("u")
        await settle(app, pilot)
        assert "Nothing to undo" in text_of(app, "#drill-status")
        assert "earlier drills stay saved" in text_of(app, "#drill-status")
        assert [(r.card, r.grade) for r in reviews(data_dir, deck)] == [(1, 3)]  # the earlier grade is kept
        assert shown_card(app) == 2 and not screen.card_view.revealed


async def test_the_grade_buttons_show_when_the_card_comes_back(
    app: QuizApp, deck: Deck, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As Anki shows them: for this card now, computed by fsrs (a card reviewed 40 days ago, then a new card,
    revealed before its intervals are read)."""
    from quiz.progress import scheduling
    from quiz.tui import one_frame

    with ProgressStore.in_dir(data_dir) as store:
        store.record_review(deck.id, 4, 3, now=NOW - timedelta(days=40))
        state = store.card_state(deck.id, 4).state
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot, card_ids=[4, 1])
        await pilot.press("space")
        await pilot.pause()
        expected = {g: scheduling.interval_text(d) for g, d in scheduling.preview(state, 4, NOW).items()}
        labels = {g: str(drill(app).query_one(f"#grade-{g}", Button).label) for g in range(1, 5)}
        names = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
        assert labels == {g: f"{g} {names[g]} {expected[g]}" for g in names}
        assert len(set(expected.values())) > 1  # the grades differ
        assert all(labels[g] in widget_text(app, drill(app).query_one(GradeBar)) for g in names)  # drawn whole
        monkeypatch.setattr(one_frame, "AHEAD_DELAY", 0.5)  # the intervals are read later than the reveal
        await pilot.press("3")
        await settle(app, pilot)
        await pilot.press("space")
        new = {g: scheduling.interval_text(d) for g, d in scheduling.preview(None, 1, NOW).items()}
        await until(
            pilot,
            lambda: str(drill(app).query_one("#grade-4", Button).label) == f"4 Easy {new[4]}",
            "the new card's intervals on the buttons",
        )
        assert str(drill(app).query_one("#grade-1", Button).label) == f"1 Again {new[1]}"
        assert new != {g: labels[g].split()[-1] for g in names}  # not the first card's, left on the buttons
        await pilot.pause()
        bar = widget_text(app, drill(app).query_one(GradeBar))
        assert all(f"{g} {names[g]} {new[g]}" in bar for g in names), bar  # each at its new width


async def test_longer_intervals_on_the_next_card_are_drawn_whole(app: QuizApp, deck: Deck, data_dir: Path) -> None:
    """A new card's short intervals (``1 Again 1m``), then a reviewed card's longer ones: each button is measured
    again for its new label (the bar keeps its arrangement while hidden)."""
    from quiz.progress import scheduling

    with ProgressStore.in_dir(data_dir) as store:
        store.record_review(deck.id, 4, 3, now=NOW - timedelta(days=40))
        state = store.card_state(deck.id, 4).state
    names = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot, card_ids=[1, 4])
        await pilot.press("space")
        await settle(app, pilot)
        first = {g: str(drill(app).query_one(f"#grade-{g}", Button).label) for g in names}
        await pilot.press("3")
        await settle(app, pilot)
        await pilot.press("space")
        await settle(app, pilot)
        expected = {g: scheduling.interval_text(d) for g, d in scheduling.preview(state, 4, NOW).items()}
        labels = {g: f"{g} {names[g]} {expected[g]}" for g in names}
        assert any(len(labels[g]) > len(first[g]) for g in names)  # some label grew
        bar = widget_text(app, drill(app).query_one(GradeBar))
        assert all(labels[g] in bar for g in names), bar


async def test_a_cram_drill_shows_no_intervals(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot, card_ids=[1], cram=True)
        await pilot.press("space")
        await pilot.pause()
        assert str(drill(app).query_one("#grade-3", Button).label) == "3 Good"


async def test_the_reveal_brings_the_answer_into_view(app: QuizApp, deck: Deck) -> None:
    """At 80×24 a long typed answer sits above the reference answer: the reveal scrolls the answer into view."""
    long_answer = " ".join(["the variance of the activations stays the same from layer to layer"] * 12)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(app, pilot, card_ids=[5])
        await pilot.press("a")
        screen.card_view.answer_box.insert(long_answer)
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.pause()
        body = screen.query_one("#drill-body")
        reference = screen.card_view.reference_region
        assert body.max_scroll_y > 0  # the card is taller than the screen: there is something to scroll
        assert body.region.contains(reference.x, reference.y)  # the answer's first line shows
        assert deck.card(5).answer[:30] in screen_text(app)


async def test_the_next_card_starts_at_its_top_after_a_scrolled_reveal(app: QuizApp, deck: Deck) -> None:
    long_answer = " ".join(["the variance of the activations stays the same from layer to layer"] * 12)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(app, pilot, card_ids=[5, 6])
        await pilot.press("a")
        screen.card_view.answer_box.insert(long_answer)
        await pilot.press("ctrl+r")
        body = screen.query_one("#drill-body")
        await until(pilot, lambda: body.scroll_y > 0, "the reveal to scroll the answer into view")
        await pilot.press("3")
        assert shown_card(app) == 6 and body.scroll_y == 0 and body.scroll_target_y == 0
        assert deck.card(6).question[:30] in screen_text(app)


async def test_cram_boxes_read_without_colour_and_the_tag_rule_is_plain(
    app: QuizApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ticked and unticked boxes both drew ▐X▌, told apart by colour only (lost with NO_COLOR)."""
    monkeypatch.setenv("NO_COLOR", "1")
    async with app.run_test(size=SIZE) as pilot:
        open_cram(app, clock=clock)
        await pilot.pause()
        await pilot.press("2", "7")
        await pilot.pause()
        text = screen_text(app)
        assert "[✓] 2 Xavier" in text and "[✓] 7 Hard" in text
        assert "[ ] 1 Variance" in text and "[ ] 5 Easy" in text
        assert "▐X▌" not in text
        assert "only cards that have all the ticked tags" in text
        assert "any ticked difficulty" in text


def rows_with(app: QuizApp, text: str) -> list[int]:
    return [y for y, line in enumerate(screen_text(app).splitlines()) if text in line]


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
async def test_the_reveal_shows_the_typed_answer_beside_the_reference_then_the_next_card_hides_it(
    app: QuizApp, deck: Deck, size: tuple[int, int]
) -> None:
    """Side by side from 90 columns up (the reference to the right of the typed answer), stacked below; the next
    card shows its question with the answer hidden and the answer box back."""
    card, following = deck.card(4), deck.card(1)
    assert card.formula is not None and card.formula_note is not None
    async with app.run_test(size=size) as pilot:
        screen = await start(app, pilot, card_ids=[4, 1])
        assert card.answer[:20] not in screen_text(app) and screen.card_view.answer_box.display
        await pilot.press("a")
        screen.card_view.answer_box.text = "Keep the variance the same forward and backward."
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert card.answer[:20] in screen_text(app)  # the reveal scrolls the reference answer into view
        screen.query_one("#drill-body").scroll_home(animate=False, immediate=True)
        await pilot.pause()
        shown = screen_text(app)
        for text in ["Your answer", "Keep the variance", "What the scorer heard", "Suggested:"]:
            assert text in shown, text
        if size[0] < 90:  # stacked: the reference comes below the typed answer
            screen.query_one("#drill-body").scroll_end(animate=False, immediate=True)
            await pilot.pause()
            shown = screen_text(app)
        for text in [card.formula, card.formula_note, card.key_points[0].label]:
            assert text in shown, text
        assert not screen.card_view.answer_box.display
        if size[0] >= 90:
            lines = screen_text(app).splitlines()
            (row,) = rows_with(app, "Your answer")
            assert "Answer" in lines[row][lines[row].index("Your answer") + len("Your answer") :]  # beside it
        await pilot.press("3")
        await settle(app, pilot)
        assert shown_card(app) == 1 and not screen.card_view.revealed
        shown = screen_text(app)
        assert following.question in shown and "Your answer" not in shown and card.formula not in shown
        assert screen.card_view.answer_box.display and screen.card_view.typed == ""


async def test_the_drill_card_text_can_be_selected_and_follows_the_theme(app: QuizApp, deck: Deck) -> None:
    card = deck.card(4)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot, card_ids=[4])
        await pilot.press("space")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        row = rows_with(app, card.answer[:20])[0]
        start_x = lines[row].index(card.answer[:20])
        await pilot.mouse_down(offset=(start_x, row))
        await pilot.hover(offset=(start_x + 19, row))
        await pilot.mouse_up(offset=(start_x + 19, row))
        await pilot.pause()
        assert app.screen.get_selected_text() == card.answer[:20]
        revealed = screen.query_one("#drill-revealed")
        note_row = rows_with(app, card.formula_note or "?")[0] - revealed.content_region.y
        before = [segment.style for segment in revealed.render_line(note_row)]
        await pilot.press("t")
        await pilot.pause()
        assert card.formula_note in screen_text(app)
        assert [segment.style for segment in revealed.render_line(note_row)] != before  # the light theme's colors
