"""The plan for an interview date, against fsrs: its days are fsrs' due dates (plus the cards at risk for the date),
and following it through the real store gets every card to the target on the day, as fsrs computes it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Card, Scheduler

from quiz.deck import Deck
from quiz.progress import ProgressStore
from quiz.progress.drill import DrillSession
from quiz.progress.plan import session_times, store_plan
from quiz.progress.readiness import weakest_first
from quiz.settings import update_settings

NOW = datetime(2026, 12, 1, 19, 0, tzinfo=UTC)
FSRS = Scheduler(enable_fuzzing=False)


def _history(store: ProgressStore, deck: Deck) -> None:
    """A week of study: some cards known, some failed, most never seen."""
    for card, grades in {1: (3, 3, 3), 2: (3, 1), 3: (4,), 5: (2, 3), 8: (1,)}.items():
        for back, grade in zip(range(len(grades), 0, -1), grades, strict=True):
            store.record_review(deck.id, card, grade, now=NOW - timedelta(days=2 * back))


def _recall(store: ProgressStore, deck: Deck, at: datetime) -> dict[int, float]:
    """fsrs' recall at ``at`` of every card, from the states in the store (0 for a card never scheduled)."""
    states = store.card_states(deck.id, [c.id for c in deck.cards])
    return {c: FSRS.get_card_retrievability(Card.from_json(s.state), at) if s.state else 0.0 for c, s in states.items()}


def test_no_date_no_plan(data_dir: Path, deck: Deck) -> None:
    assert store_plan(ProgressStore.in_dir(data_dir), deck, NOW) is None
    update_settings(data_dir, interview_at=NOW - timedelta(days=1))  # a date that has passed
    assert store_plan(ProgressStore.in_dir(data_dir), deck, NOW) is None


def test_sessions_run_daily_until_the_interview() -> None:
    interview = NOW + timedelta(days=3, hours=-5)
    assert session_times(NOW, interview) == [NOW, NOW + timedelta(days=1), NOW + timedelta(days=2)]
    assert session_times(NOW, NOW + timedelta(hours=1)) == [NOW]  # an interview within the hour: now only


def test_today_is_what_fsrs_calls_due_plus_the_cards_at_risk(data_dir: Path, deck: Deck) -> None:
    store = ProgressStore.in_dir(data_dir)
    _history(store, deck)
    interview = NOW + timedelta(days=9, hours=-4)
    update_settings(data_dir, interview_at=interview)
    plan = store_plan(store, deck, NOW)
    assert plan is not None
    due = set(store.due_cards(deck.id, [c.id for c in deck.cards], NOW))  # fsrs' own due list (new cards too)
    assert due <= set(plan.today)
    assert set(plan.today) - due == set(plan.at_risk)
    last = plan.days[-1].at
    at_interview = _recall(store, deck, interview)
    for card in plan.at_risk:
        state = store.card_state(deck.id, card)
        assert state.due is not None and state.due > last  # fsrs would not bring it back in time
        assert at_interview[card] < plan.target
    # Weakest first: readiness at the interview, then lapses (graded Again).
    lapses = {2: 1, 8: 1}
    assert list(plan.today) == weakest_first(
        sorted(plan.today, key=[c.id for c in deck.cards].index), at_interview, lapses
    )
    assert plan.expected_recall == pytest.approx(sum(at_interview.values()) / len(deck.cards))
    for day in plan.days:
        assert day.at < interview


def test_following_the_plan_gets_every_card_to_the_target(data_dir: Path, deck: Deck) -> None:
    """Drill each day exactly what the plan says (recalled: Good), through the store; re-plan every day as the app
    does. On the day, fsrs puts every card at the target or above, and the first plan foresaw the outcome."""
    store = ProgressStore.in_dir(data_dir)
    _history(store, deck)
    interview = NOW + timedelta(days=12, hours=-6)
    update_settings(data_dir, interview_at=interview)
    first = store_plan(store, deck, NOW)
    assert first is not None and not first.below_target
    reviews = 0
    for day, expected in enumerate(first.days):
        now = NOW + timedelta(days=day)
        plan = store_plan(store, deck, now)
        assert plan is not None
        assert plan.today == expected.cards  # the plan made days ago still holds when its day comes
        for card in plan.today:
            store.record_review(deck.id, card, 3, now=now)
            reviews += 1
    assert reviews == first.reviews
    recall = _recall(store, deck, interview)
    assert min(recall.values()) >= first.target
    assert sum(recall.values()) / len(recall) == pytest.approx(first.planned_recall)
    assert {c.card: c.planned for c in first.cards} == pytest.approx(recall)


def test_a_raised_retention_puts_far_due_cards_at_risk(data_dir: Path, deck: Deck) -> None:
    """Reviews scheduled for 0.7 come back late; at 0.9 for an interview before that, they are at risk now."""
    store = ProgressStore.in_dir(data_dir)
    update_settings(data_dir, desired_retention=0.7)
    for card in deck.cards:
        store.record_review(deck.id, card.id, 3, now=NOW - timedelta(days=3))
        store.record_review(deck.id, card.id, 3, now=NOW - timedelta(days=2))
    assert store.due_cards(deck.id, [c.id for c in deck.cards], NOW) == []  # fsrs calls nothing due
    update_settings(data_dir, desired_retention=0.9, interview_at=NOW + timedelta(days=8))
    plan = store_plan(store, deck, NOW)
    assert plan is not None and plan.target == 0.9
    assert set(plan.today) == set(plan.at_risk) == {c.id for c in deck.cards}
    session = DrillSession.due(store, deck, now=NOW)
    assert session.cards[0].id == plan.today[0] and len(session.cards) == len(deck.cards)
    assert session.plan is not None


def test_a_card_graded_again_comes_back_in_the_plan(data_dir: Path, deck: Deck) -> None:
    store = ProgressStore.in_dir(data_dir)
    for card in deck.cards:
        for back in (6, 4, 1):
            store.record_review(deck.id, card.id, 3, now=NOW - timedelta(days=back))
    update_settings(data_dir, interview_at=NOW + timedelta(days=4))
    before = store_plan(store, deck, NOW)
    assert before is not None and 7 not in before.today
    store.record_review(deck.id, 7, 1, now=NOW)
    later = NOW + timedelta(minutes=15)  # past its relearning step
    after = store_plan(store, deck, later)
    assert after is not None
    assert after.today[0] == 7  # due again, and the least ready for the interview
    assert after.card(7).readiness < before.card(7).readiness
    assert after.card(7).planned >= after.target


def test_plan_json(data_dir: Path, deck: Deck) -> None:
    store = ProgressStore.in_dir(data_dir)
    interview = datetime(2026, 12, 8, 14, 0, tzinfo=UTC)
    update_settings(data_dir, interview_at=interview)
    plan = store_plan(store, deck, NOW)
    assert plan is not None
    out = plan.to_json()
    assert out["interview_at"] == interview.isoformat()
    assert out["today"] == [c.id for c in deck.cards]  # all new: due, in deck order
    assert [d["date"] for d in out["days"]] == [f"2026-12-0{d}" for d in range(1, 8)]  # type: ignore[index]
    assert out["planned_recall"] >= 0.9 > out["expected_recall"] == 0.0  # type: ignore[operator]
    card = out["cards"][0]  # type: ignore[index]
    assert set(card) == {
        "id",
        "recall_at_interview",
        "planned_recall_at_interview",
        "reviews_planned",
        "today",
        "lapses",
    }
    assert card["today"] == "new"
