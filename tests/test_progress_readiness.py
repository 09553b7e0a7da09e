"""Readiness: fsrs' recall at the interview moment (or 24 h ahead), with a fake clock; the one weakest order; the
desired retention the scheduler uses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Card, Rating, Scheduler

from quiz.deck import Deck
from quiz.progress import ProgressStore, scheduling
from quiz.progress import stats as progress_stats
from quiz.progress.readiness import WITHOUT_DATE, card_readiness, horizon, readiness, store_horizon, weakest_first
from quiz.settings import Settings, update_settings

NOW = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
INTERVIEW = NOW + timedelta(days=6, hours=15)


def _ready(store: ProgressStore, deck: Deck, card: int, now: datetime, *, dated: bool = True) -> float:
    """The card's readiness at the interview saved beside ``store`` (``dated=False``: in 24 h, whatever is set)."""
    at = store_horizon(store, now).at if dated else now + WITHOUT_DATE
    return card_readiness(store, deck.id, [card], at)[card].readiness


def test_a_new_card_counts_zero(data_dir: Path, deck: Deck) -> None:
    store = ProgressStore.in_dir(data_dir)
    assert readiness(None, NOW) == 0.0
    assert _ready(store, deck, 1, NOW) == 0.0
    assert not (data_dir / "progress.db").exists()  # reading readiness creates nothing


def test_without_a_date_readiness_is_recall_in_24_hours(data_dir: Path, deck: Deck) -> None:
    store = ProgressStore.in_dir(data_dir)
    store.record_review(deck.id, 1, 3, now=NOW)
    state = store.card_state(deck.id, 1)
    assert state.retrievability(NOW) == 1.0  # fsrs: recall now, right after a review
    expected = Scheduler(enable_fuzzing=False).get_card_retrievability(Card.from_json(state.state), NOW + WITHOUT_DATE)
    assert _ready(store, deck, 1, NOW) == pytest.approx(expected)
    assert 0.5 < expected < 1.0


def test_a_card_graded_again_shows_low_readiness_at_once(data_dir: Path, deck: Deck) -> None:
    """The issue's complaint: right after a lapse, "recall now" read 100 %. Readiness falls at once."""
    store = ProgressStore.in_dir(data_dir)
    for days in (8, 6, 3):  # a card learnt over a week, then forgotten today
        store.record_review(deck.id, 2, 3, now=NOW - timedelta(days=days))
    update_settings(data_dir, interview_at=NOW + timedelta(days=7))
    before, before_24h = _ready(store, deck, 2, NOW), _ready(store, deck, 2, NOW, dated=False)
    store.record_review(deck.id, 2, 1, now=NOW)
    after, after_24h = _ready(store, deck, 2, NOW), _ready(store, deck, 2, NOW, dated=False)
    assert store.card_state(deck.id, 2).retrievability(NOW) == 1.0  # what the list used to show
    assert before > 0.9 > 0.8 > after  # ready for the interview a week away before; far from it after
    assert after_24h < before_24h
    # A card seen once and failed is below the target even for tomorrow.
    store.record_review(deck.id, 3, 3, now=NOW - timedelta(days=1))
    store.record_review(deck.id, 3, 1, now=NOW)
    assert _ready(store, deck, 3, NOW, dated=False) < 0.9
    assert _ready(store, deck, 3, NOW) < 0.75


def test_the_interview_date_moves_readiness(data_dir: Path, deck: Deck) -> None:
    store = ProgressStore.in_dir(data_dir)
    store.record_review(deck.id, 3, 3, now=NOW - timedelta(days=1))
    store.record_review(deck.id, 3, 3, now=NOW)
    update_settings(data_dir, interview_at=NOW + timedelta(days=3))
    soon = _ready(store, deck, 3, NOW)
    update_settings(data_dir, interview_at=NOW + timedelta(days=20))
    later = _ready(store, deck, 3, NOW)
    assert later < soon
    state = Card.from_json(store.card_state(deck.id, 3).state or "")
    fsrs = Scheduler(enable_fuzzing=False)
    assert later == pytest.approx(fsrs.get_card_retrievability(state, NOW + timedelta(days=20)))
    # A date in the past is ignored: readiness is recall in 24 h again.
    update_settings(data_dir, interview_at=NOW - timedelta(hours=1))
    assert store_horizon(store, NOW).interview_at is None
    assert store_horizon(store, NOW).passed == NOW - timedelta(hours=1)
    assert _ready(store, deck, 3, NOW) == pytest.approx(fsrs.get_card_retrievability(state, NOW + WITHOUT_DATE))


def test_horizon_of_settings() -> None:
    dated = horizon(Settings(interview_at=INTERVIEW, desired_retention=0.85), NOW)
    assert (dated.at, dated.interview_at, dated.target, dated.dated) == (INTERVIEW, INTERVIEW, 0.85, True)
    undated = horizon(Settings(), NOW)
    assert (undated.at, undated.interview_at, undated.dated) == (NOW + timedelta(hours=24), None, False)


def test_weakest_first_is_readiness_then_lapses_stable_otherwise() -> None:
    ready = {1: 0.95, 2: 0.40, 3: 0.40, 4: None, 5: 0.40}
    lapses = {3: 2, 5: 1}
    assert weakest_first([1, 2, 3, 4, 5], ready, lapses) == [4, 3, 5, 2, 1]
    assert weakest_first([5, 2, 3], ready) == [5, 2, 3]  # equal readiness, no lapses: the order given


def test_stats_weakest_follow_readiness_then_lapses(data_dir: Path, deck: Deck) -> None:
    store = ProgressStore.in_dir(data_dir)
    for days in (9, 7, 4):
        store.record_review(deck.id, 10, 3, now=NOW - timedelta(days=days))  # known well
    store.record_review(deck.id, 11, 3, now=NOW - timedelta(days=4))
    store.record_review(deck.id, 11, 1, now=NOW - timedelta(hours=1))  # a Hard card that has just failed
    store.record_review(deck.id, 12, 4, now=NOW - timedelta(hours=2), cram=True)  # only crammed: still new
    figures = progress_stats.compute(store, deck, NOW)
    cards = {c.id: c for c in figures.cards}
    assert cards[12].new and cards[12].recall_at_interview == 0.0
    assert cards[11].lapses == 1 and cards[10].lapses == 0
    assert cards[11].recall_at_interview < cards[10].recall_at_interview
    assert figures.weakest == weakest_first(
        [10, 11, 12], {c: cards[c].recall_at_interview for c in (10, 11, 12)}, {11: 1}
    )
    assert figures.weakest == [12, 11, 10]


def test_stats_json_has_readiness_at_the_interview(data_dir: Path, deck: Deck) -> None:
    store = ProgressStore.in_dir(data_dir)
    store.record_review(deck.id, 1, 3, now=NOW - timedelta(days=2))
    store.record_review(deck.id, 1, 3, now=NOW)
    store.record_review(deck.id, 5, 1, now=NOW)
    update_settings(data_dir, interview_at=INTERVIEW)
    out = progress_stats.compute(store, deck, NOW).to_json()
    assert out["interview_at"] == INTERVIEW.isoformat()
    cards = {c["id"]: c for c in out["cards"]}
    fsrs = Scheduler(enable_fuzzing=False)
    for card in (1, 5):
        state = Card.from_json(store.card_state(deck.id, card).state or "")
        assert cards[card]["recall_at_interview"] == round(fsrs.get_card_retrievability(state, INTERVIEW), 4)
        assert cards[card]["retrievability"] == 1.0  # kept as it was: the recall now
    assert cards[2]["recall_at_interview"] == 0.0
    mean = sum(c["recall_at_interview"] for c in out["cards"]) / len(out["cards"])
    assert out["expected_recall"] == pytest.approx(mean, abs=1e-4)
    assert out["desired_retention"] == 0.9


def test_the_desired_retention_is_what_the_scheduler_uses(data_dir: Path, deck: Deck) -> None:
    store = ProgressStore.in_dir(data_dir)
    for days in (12, 9):
        store.record_review(deck.id, 4, 3, now=NOW - timedelta(days=days))
        store.record_review(deck.id, 6, 3, now=NOW - timedelta(days=days))
    update_settings(data_dir, desired_retention=0.8)
    low = store.record_review(deck.id, 4, 3, now=NOW)
    update_settings(data_dir, desired_retention=0.95)
    high = store.record_review(deck.id, 6, 3, now=NOW)
    assert store.desired_retention() == 0.95
    assert low.due is not None and high.due is not None
    assert low.due - NOW > high.due - NOW  # a lower retention waits longer before the next review
    # Exactly fsrs' own intervals for those retentions.
    before = Card.from_json(store.reviews(deck.id, 4)[-2].state or "")
    expected, _ = Scheduler(desired_retention=0.8, enable_fuzzing=False).review_card(before, Rating.Good, NOW)
    assert low.due == scheduling.utc(expected.due)
