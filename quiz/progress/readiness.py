"""Readiness: will I know this card on the day?

A card's readiness is fsrs' retrievability (its predicted probability of recall) at the interview moment, from the
card's schedule now, with no more reviews; a card never scheduled counts 0. Without an interview date it is the
recall 24 hours from now. Unlike "recall now" (which fsrs puts at 100 % for a card reviewed today, even one just
failed), it falls at once when a card is graded Again: a lapse leaves a small stability, and recall a day or more
later is low.

:func:`weakest_first` is the one order of "weakest cards" everywhere (stats, the stats screen's ``w``, a mock
interview's "weakest first"): lowest readiness first, then the most lapses (reviews graded Again).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from quiz.progress import scheduling
from quiz.progress.store import ProgressStore
from quiz.settings import DEFAULT_RETENTION, Settings, load_settings

WITHOUT_DATE = timedelta(hours=24)
"""Without an interview date, readiness is the recall this long from now."""


@dataclass(frozen=True)
class Horizon:
    """When readiness is measured: the interview moment, or 24 h from now when no (future) date is set."""

    at: datetime
    interview_at: datetime | None
    """The interview moment, if one is set and still to come."""
    target: float = DEFAULT_RETENTION
    """The readiness every card should reach: the desired retention."""
    passed: datetime | None = None
    """A saved interview moment that is already past (it is then ignored)."""

    @property
    def dated(self) -> bool:
        return self.interview_at is not None


def horizon(settings: Settings, now: datetime) -> Horizon:
    """The horizon ``settings`` give at ``now``."""
    moment = scheduling.utc(now)
    target = settings.desired_retention
    at = settings.interview_at
    if at is not None and at > moment:
        return Horizon(at=scheduling.utc(at), interview_at=at, target=target)
    return Horizon(at=moment + WITHOUT_DATE, interview_at=None, target=target, passed=at)


def store_settings(store: ProgressStore) -> Settings:
    """The settings saved beside ``store`` (its data dir)."""
    return load_settings(store.path.parent)


def store_horizon(store: ProgressStore, now: datetime | None = None) -> Horizon:
    """The horizon of the settings saved beside ``store``, at ``now`` (default: the current time)."""
    return horizon(store_settings(store), scheduling.utc(now))


def readiness(state: str | None, at: datetime) -> float:
    """fsrs' recall at ``at`` for a card whose schedule is ``state`` (None: never scheduled → 0)."""
    return scheduling.retrievability(state, at) if state else 0.0


def lapses(store: ProgressStore, deck: str) -> dict[int, int]:
    """Per card, how many of its reviews were graded Again (cram included: a failure to recall is one). Cards with
    none are absent."""
    with store.reading() as conn:
        if conn is None:
            return {}
        rows = conn.execute(
            "SELECT card, SUM(reviews) - SUM(recalled) FROM review_days WHERE deck = ? GROUP BY card", (deck,)
        ).fetchall()
    return {int(card): int(count) for card, count in rows if count}


@dataclass(frozen=True)
class CardReadiness:
    card: int
    readiness: float
    """Recall at the horizon, 0–1 (0 for a card never scheduled)."""
    lapses: int = 0
    new: bool = True
    """Never scheduled (no review, or only cram reviews)."""


def card_readiness(store: ProgressStore, deck: str, card_ids: Sequence[int], at: datetime) -> dict[int, CardReadiness]:
    """Every card's readiness at ``at`` and its lapses. Reads the disk (from a worker, in the app)."""
    states = store.card_states(deck, card_ids)
    failed = lapses(store, deck)
    return {
        card: CardReadiness(card, readiness(state.state, at), failed.get(card, 0), state.is_new)
        for card, state in states.items()
    }


def weakest_first(
    cards: Iterable[int], readiness: Mapping[int, float | None], lapses: Mapping[int, int] | None = None
) -> list[int]:
    """``cards`` weakest first: lowest readiness first (absent or None counts 0), then the most lapses. Stable: cards
    equal on both keep the order they came in (deck order, or a seeded shuffle for a mock interview)."""
    failed = lapses or {}
    return sorted(cards, key=lambda c: (readiness.get(c) or 0.0, -failed.get(c, 0)))
