"""The stats screen on a real store: figures that match the store, the weakest-card drill, and a snapshot."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from quiz.deck import Deck
from quiz.progress import InterviewAnswer, ProgressStore
from quiz.progress import stats as progress_stats
from quiz.progress.readiness import readiness
from quiz.tui.app import QuizApp
from quiz.tui.launch import open_stats
from quiz.tui.screens.drill import DrillScreen
from quiz.tui.screens.stats import StatsScreen
from quiz.tui.store_access import load_mastery
from quiz.tui.widgets.accuracy_table import AccuracyTable
from quiz.tui.widgets.interview_scores_chart import InterviewScoresChart
from quiz.tui.widgets.mastery import mastery_badge, mastery_content, mastery_percent
from quiz.tui.widgets.mastery_tile import MasteryTile, due_label
from quiz.tui.widgets.reviews_chart import ReviewsChart

SIZE = (120, 36)
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

SEED: list[tuple[int, int, int]] = [
    # (card, grade, days ago)
    (1, 3, 6),
    (1, 3, 3),
    (2, 1, 3),
    (2, 2, 2),
    (3, 4, 2),
    (5, 1, 1),
    (5, 3, 1),
    (7, 3, 1),
    (9, 1, 0),
    (12, 4, 0),
]


def clock() -> datetime:
    return NOW


def seed(data_dir: Path, deck: Deck, *, interviews: bool = False) -> None:
    with ProgressStore.in_dir(data_dir) as store:
        for card, grade, days in SEED:
            store.record_review(deck.id, card, grade, answer="seeded", now=NOW - timedelta(days=days, hours=2))
        if interviews:
            for n, score in enumerate((0.42, 0.58, 0.71)):
                started = NOW - timedelta(days=5 - 2 * n)
                store.record_interview(
                    deck.id,
                    [InterviewAnswer(position=0, card=4, answer="fan-in", time_s=30.0, coverage=score)],
                    started_at=started,
                    finished_at=started + timedelta(minutes=10),
                    score=score,
                )


def stats_screen(app: QuizApp) -> StatsScreen:
    screen = app.screen
    assert isinstance(screen, StatsScreen), f"expected the stats screen, not {screen!r}"
    return screen


async def show_stats(app: QuizApp, pilot: Pilot[Any]) -> StatsScreen:
    open_stats(app, clock=clock)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    return stats_screen(app)


def plain(widget: Static) -> str:
    return str(widget.content)


def test_mastery_badge_is_fixed_width_and_says_new_for_unscheduled_cards() -> None:
    assert mastery_badge(None).plain.strip() == "new"
    assert mastery_badge(0.843).plain == "▇  84%"
    assert mastery_badge(1.0).plain == "█ 100%"
    assert {len(mastery_badge(r).plain) for r in (None, 0.0, 0.05, 0.5, 0.99, 1.0)} == {6}
    assert "red" in str(mastery_badge(0.3).style) and "green" in str(mastery_badge(0.9).style)
    assert mastery_content(0.5).plain == mastery_badge(0.5).plain
    assert mastery_percent(None) == "new"


def test_due_label_reads_like_a_person_would_say_it() -> None:
    assert due_label(None, NOW, is_new=True) == "new"
    assert due_label(NOW - timedelta(minutes=1), NOW, is_new=False) == "due now"
    assert due_label(NOW + timedelta(minutes=9, seconds=50), NOW, is_new=False) == "due in 10m"
    assert due_label(NOW + timedelta(hours=5), NOW, is_new=False) == "due in 5h"
    assert due_label(NOW + timedelta(days=3), NOW, is_new=False) == "due in 3d"
    assert due_label(NOW + timedelta(days=30), NOW, is_new=False) == "due in 4w"


async def test_stats_show_the_figures_the_store_gives(app: QuizApp, deck: Deck, data_dir: Path) -> None:
    seed(data_dir, deck)
    with ProgressStore.in_dir(data_dir) as store:
        expected = progress_stats.compute(store, deck, NOW)
        states = store.card_states(deck.id, [c.id for c in deck.cards])
    async with app.run_test(size=SIZE) as pilot:
        screen = await show_stats(app, pilot)
        assert not screen.has_class("-loading")
        assert screen.stats is not None and screen.stats.reviews == len(SEED) == expected.reviews
        overview = plain(screen.query_one("#overview", Static))
        assert f"Reviews    {len(SEED)}" in overview
        assert f"{round(expected.recalled / expected.reviews * 100)}%" in overview
        assert f"Streak     {expected.streak_days} days" in overview and expected.streak_days == 4
        assert f"Due now    {expected.due_now}" in overview
        for card in deck.cards:
            tile = screen.query_one(f"#tile-{card.id}", MasteryTile)
            shown = str(tile.content)
            assert tile.has_class(f"-{card.difficulty}")
            state = states[card.id]
            # Readiness: fsrs' recall 24 h from now (no interview date), not the recall now.
            ready = None if state.is_new else readiness(state.state, NOW + timedelta(hours=24))
            assert mastery_percent(ready) in shown
            if states[card.id].is_new:
                assert "new" in shown
        accuracy = plain(screen.query_one(AccuracyTable))
        for name, acc in expected.by_difficulty.items():
            if acc.reviews:
                assert f"{acc.recalled}/{acc.reviews}" in accuracy, name
        assert "Variance" in accuracy and "Random" in accuracy
        chart = screen.query_one(ReviewsChart)
        assert sum(d.reviews for d in chart.days) == len(SEED)
        assert [d.reviews for d in chart.days][-4:] == [2, 2, 3, 2]
        weakest = plain(screen.query_one("#weakest", Static))
        first = weakest.splitlines()[0]
        assert first.strip().startswith(str(expected.weakest[0]))


async def test_w_drills_the_weakest_cards_and_the_stats_follow(app: QuizApp, deck: Deck, data_dir: Path) -> None:
    seed(data_dir, deck)
    async with app.run_test(size=SIZE) as pilot:
        screen = await show_stats(app, pilot)
        assert screen.stats is not None
        weakest = list(screen.stats.weakest)
        assert weakest
        await pilot.press("w")
        await app.workers.wait_for_complete()
        await pilot.pause()
        drill = app.screen
        assert isinstance(drill, DrillScreen) and not drill.cram
        assert drill.session is not None and [c.id for c in drill.session.cards] == weakest
        await pilot.press("space", "4")
        await app.workers.wait_for_complete()
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen
        assert screen.stats is not None and screen.stats.reviews == len(SEED) + 1
        with ProgressStore.in_dir(data_dir) as store:
            assert store.reviews(deck.id)[-1].card == weakest[0]


async def test_empty_store_shows_zeros_and_no_weakest_key(app: QuizApp, data_dir: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await show_stats(app, pilot)
        assert "Reviews    0" in plain(screen.query_one("#overview", Static))
        assert "No card reviewed yet" in plain(screen.query_one("#weakest", Static))
        assert screen.check_action("drill_weakest", ()) is None
        await pilot.press("w")
        assert app.screen is screen
        await pilot.press("escape")
        assert not isinstance(app.screen, StatsScreen)
        assert not (data_dir / "progress.db").exists()


async def test_interview_scores_are_charted_when_there_are_some(app: QuizApp, deck: Deck, data_dir: Path) -> None:
    seed(data_dir, deck, interviews=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await show_stats(app, pilot)
        chart = screen.query_one(InterviewScoresChart)
        assert [round(score, 2) for _, score in chart.points] == [0.42, 0.58, 0.71]
        assert "Interviews 3" in plain(screen.query_one("#overview", Static))


@pytest.fixture
def utc_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Dates drawn in local time (the interview chart's) come out the same on every machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("utc_local_time")
def test_stats_screen_snapshot(snap_compare: Any, app: QuizApp, deck: Deck, data_dir: Path) -> None:
    """Seeded reviews and interviews at a fixed clock: the mastery grid, charts, accuracy and weakest cards."""
    seed(data_dir, deck, interviews=True)

    async def run_before(pilot: Pilot[Any]) -> None:
        await show_stats(app, pilot)

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)


@pytest.mark.parametrize("size", [(40, 12), (80, 24), (200, 60)])
async def test_stats_fit_small_and_large_terminals(
    app: QuizApp, deck: Deck, data_dir: Path, size: tuple[int, int]
) -> None:
    seed(data_dir, deck)
    async with app.run_test(size=size) as pilot:
        screen = await show_stats(app, pilot)
        grid = screen.query_one("#mastery")
        assert grid.region.width <= size[0]
        assert screen.query_one("#tile-1", MasteryTile).region.height == 4


async def test_load_mastery_gives_the_study_list_each_cards_retrievability(
    app: QuizApp, deck: Deck, data_dir: Path
) -> None:
    seed(data_dir, deck)
    got: list[dict[int, float | None]] = []
    async with app.run_test(size=SIZE) as pilot:
        load_mastery(app, deck, got.append)
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert len(got) == 1 and set(got[0]) == {c.id for c in deck.cards}
    reviewed = {card for card, _grade, _days in SEED}
    assert all((got[0][c] is None) == (c not in reviewed) for c in got[0])
    assert all(0.0 <= r <= 1.0 for r in got[0].values() if r is not None)
    assert mastery_badge(got[0][1]).plain.endswith("%")
