"""Progress figures for one deck, from SQL aggregates over the per-day counts the triggers keep (``review_days``,
a few rows per card and day) and one indexed look-up per card: never every review, in SQL or in Python.

A damaged row (a state fsrs cannot use, a time that does not parse) is named in the store's notices and left out:
the card's schedule comes from the review before it, and a damaged interview stays off the score chart.

"Recalled" means graded Hard, Good or Easy (fsrs' notion of a successful recall; Again is a lapse), and accuracy
is recalled / reviews. Days are UTC days. Cram reviews count in every figure except the schedule (due,
retrievability, readiness), which they never touch.

Readiness (``recall_at_interview``) is fsrs' recall at the interview moment saved in ``settings.json`` beside the
store, or 24 h from now without one (``quiz.progress.readiness``); ``retrievability`` stays the recall now. The
weakest cards are the reviewed ones in :func:`~quiz.progress.readiness.weakest_first` order.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from quiz.deck import DIFFICULTIES, TAGS, Deck
from quiz.progress import scheduling
from quiz.progress.damage import BAD_TIME, RowDamage, parse_moment
from quiz.progress.exercises import KindState, kind_states
from quiz.progress.readiness import Horizon, readiness, store_horizon, weakest_first
from quiz.progress.rows import last_review, latest_state
from quiz.progress.store import ProgressStore

DAYS_CHARTED = 30
WEAKEST = 5


@dataclass(frozen=True)
class Accuracy:
    reviews: int = 0
    recalled: int = 0

    @property
    def accuracy(self) -> float | None:
        return round(self.recalled / self.reviews, 4) if self.reviews else None

    def to_json(self) -> dict[str, Any]:
        return {"reviews": self.reviews, "recalled": self.recalled, "accuracy": self.accuracy}


@dataclass(frozen=True)
class CardStats:
    id: int
    difficulty: str
    tags: list[str]
    reviews: int = 0
    recalled: int = 0
    last_grade: int | None = None
    last_reviewed: str | None = None
    due: str | None = None
    retrievability: float | None = None
    """fsrs' recall now (None: never scheduled)."""
    recall_at_interview: float = 0.0
    """fsrs' recall at the interview moment (24 h from now without a date); 0 for a card never scheduled."""
    lapses: int = 0
    """Reviews graded Again."""
    new: bool = True
    is_due: bool = True


@dataclass(frozen=True)
class DayCount:
    day: str
    reviews: int
    recalled: int


@dataclass(frozen=True)
class InterviewScore:
    id: int
    started_at: str
    score: float | None


@dataclass(frozen=True)
class Stats:
    deck: str
    generated_at: str
    reviews: int = 0
    recalled: int = 0
    mock_interviews: int = 0
    streak_days: int = 0
    reviewed_today: int = 0
    cards: list[CardStats] = field(default_factory=list)
    by_difficulty: dict[str, Accuracy] = field(default_factory=dict)
    by_tag: dict[str, Accuracy] = field(default_factory=dict)
    reviews_per_day: list[DayCount] = field(default_factory=list)
    weakest: list[int] = field(default_factory=list)
    interview_scores: list[InterviewScore] = field(default_factory=list)
    exercises: list[KindState] = field(default_factory=list)
    """Each exercise kind (fan, scale, gain, experiment): attempts, right answers and its own fsrs schedule."""
    interview_at: str | None = None
    """The interview moment (ISO 8601 with its offset), if one is set and still to come."""
    readiness_at: str = ""
    """When ``recall_at_interview`` is measured: the interview, or 24 h from now (UTC)."""
    target: float = scheduling.DEFAULT_RETENTION
    """The readiness each card should reach: the desired retention."""

    @property
    def expected_recall(self) -> float:
        """Mean readiness over the deck's cards (new cards count 0)."""
        return sum(c.recall_at_interview for c in self.cards) / len(self.cards) if self.cards else 0.0

    @property
    def accuracy(self) -> float | None:
        return Accuracy(self.reviews, self.recalled).accuracy

    @property
    def due_now(self) -> int:
        return sum(1 for c in self.cards if c.is_due)

    @property
    def new_cards(self) -> int:
        return sum(1 for c in self.cards if c.new)

    def to_json(self) -> dict[str, Any]:
        return {
            "deck": self.deck,
            "generated_at": self.generated_at,
            "reviews": self.reviews,
            "recalled": self.recalled,
            "accuracy": self.accuracy,
            "mock_interviews": self.mock_interviews,
            "streak_days": self.streak_days,
            "reviewed_today": self.reviewed_today,
            "due_now": self.due_now,
            "new_cards": self.new_cards,
            "cards": [asdict(c) for c in self.cards],
            "by_difficulty": {k: v.to_json() for k, v in self.by_difficulty.items()},
            "by_tag": {k: v.to_json() for k, v in self.by_tag.items()},
            "reviews_per_day": [asdict(d) for d in self.reviews_per_day],
            "weakest": self.weakest,
            "interview_scores": [asdict(s) for s in self.interview_scores],
            "interview_at": self.interview_at,
            "readiness_at": self.readiness_at,
            "desired_retention": self.target,
            "expected_recall": round(self.expected_recall, 4),
            "exercises": [k.to_json(datetime.fromisoformat(self.generated_at)) for k in self.exercises],
        }


def compute(store: ProgressStore, deck: Deck, now: datetime | None = None) -> Stats:
    """Every figure for ``deck``; a missing store gives zeros (and is not created)."""
    moment = scheduling.utc(now)
    horizon = store_horizon(store, moment)
    damaged: list[RowDamage] = []
    exercises = list(kind_states(store).values())
    with store.reading() as conn:
        if conn is None:
            return _assemble(deck, moment, horizon, {}, {}, [], [], 0, exercises)
        per_card = {
            int(row[0]): (int(row[1]), int(row[2]))
            for row in conn.execute(
                "SELECT card, SUM(reviews), SUM(recalled) FROM review_days WHERE deck = ? GROUP BY card", (deck.id,)
            )
        }
        latest = {
            card.id: found
            for card in deck.cards
            if card.id in per_card and (found := _latest(conn, deck.id, card.id, damaged)) is not None
        }
        days = [
            DayCount(str(row[0]), int(row[1]), int(row[2]))
            for row in conn.execute(
                "SELECT day, SUM(reviews), SUM(recalled) FROM review_days WHERE deck = ? GROUP BY day ORDER BY day",
                (deck.id,),
            )
        ]
        scores = [
            InterviewScore(int(row[0]), str(row[1]), row[2])
            for row in conn.execute(
                "SELECT id, started_at, score FROM interviews WHERE deck = ? ORDER BY started_at, id", (deck.id,)
            )
            if _usable_score(row, deck.id, damaged)
        ]
        interviews = int(conn.execute("SELECT COUNT(*) FROM interviews WHERE deck = ?", (deck.id,)).fetchone()[0])
    store.note_damage(damaged)
    return _assemble(deck, moment, horizon, per_card, latest, days, scores, interviews, exercises)


def _latest(
    conn: sqlite3.Connection, deck: str, card: int, damaged: list[RowDamage]
) -> tuple[int, str, str | None] | None:
    """(last grade, when, schedule state) of one card that has reviews; None if every one of them is damaged."""
    last = last_review(conn, deck, card, damaged)
    return None if last is None else (*last, latest_state(conn, deck, card, damaged))


def _usable_score(row: tuple[Any, ...], deck: str, damaged: list[RowDamage]) -> bool:
    """Whether an interview's (id, started_at, score) can go on a chart; a damaged one is added to ``damaged``."""
    problems: dict[str, str] = {}
    if parse_moment(row[1]) is None:
        problems["started_at"] = BAD_TIME
    score = row[2]
    if score is not None and (
        isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 1 or score != score
    ):
        problems["score"] = f"not a number from 0 to 1 ({score!r})"
    if problems:
        damaged.append(RowDamage("interviews", int(row[0]), deck, None, row[1], problems))
    return not problems


def _assemble(
    deck: Deck,
    now: datetime,
    horizon: Horizon,
    per_card: dict[int, tuple[int, int]],
    latest: dict[int, tuple[int, str, str | None]],
    days: list[DayCount],
    scores: list[InterviewScore],
    interviews: int,
    exercises: list[KindState],
) -> Stats:
    cards: list[CardStats] = []
    by_difficulty = {d: [0, 0] for d in DIFFICULTIES}
    by_tag = {t: [0, 0] for t in TAGS}
    for card in deck.cards:
        reviews, recalled = per_card.get(card.id, (0, 0))
        for bucket in [by_difficulty[card.difficulty], *(by_tag[t] for t in card.tags)]:
            bucket[0] += reviews
            bucket[1] += recalled
        if card.id not in latest:
            cards.append(
                CardStats(
                    id=card.id, difficulty=card.difficulty, tags=list(card.tags), reviews=reviews, recalled=recalled
                )
            )
            continue
        grade, when, state = latest[card.id]
        due = scheduling.due_at(state) if state else None
        cards.append(
            CardStats(
                id=card.id,
                difficulty=card.difficulty,
                tags=list(card.tags),
                reviews=reviews,
                recalled=recalled,
                last_grade=grade,
                last_reviewed=when,
                due=scheduling.iso(due) if due else None,
                retrievability=round(scheduling.retrievability(state, now), 4) if state else None,
                recall_at_interview=round(readiness(state, horizon.at), 4),
                lapses=reviews - recalled,
                new=state is None,
                is_due=due is None or due <= now,
            )
        )
    today = now.date().isoformat()
    return Stats(
        deck=deck.id,
        generated_at=scheduling.iso(now),
        reviews=sum(r for r, _ in per_card.values()),
        recalled=sum(c for _, c in per_card.values()),
        mock_interviews=interviews,
        streak_days=_streak({d.day for d in days}, now),
        reviewed_today=next((d.reviews for d in days if d.day == today), 0),
        cards=cards,
        by_difficulty={k: Accuracy(*v) for k, v in by_difficulty.items()},
        by_tag={k: Accuracy(*v) for k, v in by_tag.items()},
        reviews_per_day=_last_days(days, now),
        weakest=_weakest(cards),
        interview_scores=scores,
        interview_at=horizon.interview_at.isoformat() if horizon.interview_at else None,
        readiness_at=scheduling.iso(horizon.at),
        target=horizon.target,
        exercises=exercises,
    )


def _streak(days: set[str], now: datetime) -> int:
    """Consecutive days with a review, ending today (or yesterday, if today has none yet)."""
    day = now.date()
    if day.isoformat() not in days:
        day -= timedelta(days=1)
    streak = 0
    while day.isoformat() in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def _last_days(days: list[DayCount], now: datetime) -> list[DayCount]:
    """The last ``DAYS_CHARTED`` days, oldest first, days without reviews included (a chart's x axis)."""
    counts = {d.day: d for d in days}
    out = []
    for back in range(DAYS_CHARTED - 1, -1, -1):
        day = (now.date() - timedelta(days=back)).isoformat()
        out.append(counts.get(day, DayCount(day, 0, 0)))
    return out


def _weakest(cards: list[CardStats]) -> list[int]:
    """The reviewed cards least ready for the interview (then with the most lapses), weakest first."""
    reviewed = [c for c in cards if c.reviews]
    readiness_by_card = {c.id: c.recall_at_interview for c in reviewed}
    lapses_by_card = {c.id: c.lapses for c in reviewed}
    return weakest_first([c.id for c in reviewed], readiness_by_card, lapses_by_card)[:WEAKEST]
