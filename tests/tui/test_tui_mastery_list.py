"""The study list shows each card's readiness (recall 24 h from now without an interview date), read from the store
in a worker, and follows drills."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import Static

from quiz.deck import Deck
from quiz.progress import ProgressStore, scheduling
from quiz.tui.app import QuizApp
from quiz.tui.screens.drill import DrillScreen
from quiz.tui.widgets.card_list import DUE_MARK, CardList

SIZE = (120, 36)


def prompt(app: QuizApp, card_id: int) -> str:
    cards = app.screen.query_one(CardList)
    return str(cards.prompt(card_id))


def in_24_h(data_dir: Path, deck: Deck, card: int) -> str:
    """fsrs' recall of ``card`` 24 h from now, as the badge prints it (whole days: the same all day long)."""
    with ProgressStore.in_dir(data_dir) as store:
        state = store.card_state(deck.id, card).state
    assert state is not None
    return f"{round(scheduling.retrievability(state, scheduling.utc() + timedelta(hours=24)) * 100)}%"


async def test_badges_show_reviewed_and_new_cards(app: QuizApp, deck: Deck, data_dir: Path) -> None:
    with ProgressStore.in_dir(data_dir) as store:
        store.record_review(deck.id, 1, 3)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert in_24_h(data_dir, deck, 1) in prompt(app, 1)
        assert "100%" not in prompt(app, 1)  # readiness, not "recall now" (which fsrs puts at 100% today)
        assert "new" in prompt(app, 2)
        assert "Why can’t we set all weights to zero?" in prompt(app, 1)
        assert "recall in 24 h" in str(app.screen.query_one(CardList).border_title)


async def test_no_store_means_every_card_is_new_and_nothing_is_created(app: QuizApp, data_dir: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert all("new" in prompt(app, i) for i in range(1, 16))
    assert not (data_dir / "progress.db").exists()


async def test_the_list_follows_a_drill(app: QuizApp, deck: Deck, data_dir: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "new" in prompt(app, 1)
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen)
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "saved" in str(app.screen.query_one("#drill-status", Static).content).lower()
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert in_24_h(data_dir, deck, 1) in prompt(app, 1)
        assert "new" in prompt(app, 2)


async def test_the_list_says_how_many_cards_are_due_and_marks_them(app: QuizApp, deck: Deck, data_dir: Path) -> None:
    """Cards 1–11 just reviewed (due again later), 12–15 new (new cards count as due, as in a drill): "4 due"."""
    with ProgressStore.in_dir(data_dir) as store:
        for card in range(1, 12):
            store.record_review(deck.id, card, 3)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        cards = app.screen.query_one(CardList)
        assert "4 due" in str(cards.border_title)
        for card in deck.cards:
            assert (DUE_MARK in prompt(app, card.id)) == (card.id >= 12), card.id
        await pilot.press("r")  # the drill takes exactly the cards marked due
        await app.workers.wait_for_complete()
        await pilot.pause()
        drill = app.screen
        assert isinstance(drill, DrillScreen) and drill.session is not None
        assert sorted(c.id for c in drill.session.cards) == [12, 13, 14, 15]
