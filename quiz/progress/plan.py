"""The plan for an interview date: which cards to drill each day so that every card is ready on the day.

The plan is fsrs' own: :func:`make_plan` replays the days up to the interview with fsrs' ``Scheduler`` (for the
desired retention), one study session a day at the time of day the plan is made, every planned review assumed
recalled (graded Good). In each session a card is drilled when

- fsrs calls it **due** (new cards are due at once), or
- it is **at risk**: fsrs would not bring it back before the interview (its next due date is after the last
  session) yet its recall at the interview would be below the target. It is drilled at once, although fsrs does
  not call it due; this happens after the desired retention was raised (the due dates set before are too far), for
  a due date the day-by-day sessions cannot catch before the interview, or one rounded past it.

Nothing here computes an interval or a recall: fsrs does (``Scheduler.review_card``,
``Scheduler.get_card_retrievability``). The target is the desired retention, so fsrs' due dates alone keep recall
at or above it, and the at-risk rule covers what they leave out. The plan is made again from the store each time it
is asked for, so a card graded Again (not Good, as planned) is planned again at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from fsrs import Card, Rating

from quiz.deck import Deck
from quiz.progress import scheduling
from quiz.progress.readiness import Horizon, lapses, store_horizon, weakest_first
from quiz.progress.store import ProgressStore

SESSION_GAP = timedelta(days=1)
Why = Literal["new", "due", "at risk"]


@dataclass(frozen=True)
class PlanDay:
    """One study session of the plan."""

    at: datetime
    """When (UTC): the time of day the plan was made, on each day up to the interview."""
    cards: tuple[int, ...]
    """The cards to drill then, weakest first."""
    recall: float
    """Mean recall over the deck at that moment, before its drill (following the plan so far)."""
    readiness: float
    """Mean recall at the interview after that day's drill, if no other review followed."""
    recall_if_stopped: float
    """Mean recall at that moment with no more reviews from now on."""


@dataclass(frozen=True)
class CardPlan:
    card: int
    readiness: float
    """Recall at the interview with no more reviews (0 for a card never scheduled)."""
    planned: float
    """Recall at the interview if the plan is followed."""
    reviews: tuple[datetime, ...]
    """When the plan drills it."""
    why: Why | None = None
    """Why it is drilled today (None: not today)."""
    lapses: int = 0


@dataclass(frozen=True)
class Plan:
    now: datetime
    interview_at: datetime
    target: float
    days: tuple[PlanDay, ...]
    cards: tuple[CardPlan, ...]
    today: tuple[int, ...]
    """The cards to drill now, weakest first (lowest readiness at the interview, then most lapses)."""
    at_risk: tuple[int, ...] = field(default=())
    """Today's cards fsrs does not call due yet (at risk for the date)."""

    @property
    def expected_recall(self) -> float:
        """Mean readiness over the deck with no more reviews."""
        return _mean([c.readiness for c in self.cards])

    @property
    def planned_recall(self) -> float:
        """Mean recall at the interview if the plan is followed."""
        return _mean([c.planned for c in self.cards])

    @property
    def reviews(self) -> int:
        return sum(len(d.cards) for d in self.days)

    @property
    def below_target(self) -> list[int]:
        """Cards that would still be below target at the interview, even following the plan (none, normally)."""
        return [c.card for c in self.cards if c.planned < self.target]

    def card(self, card_id: int) -> CardPlan:
        return next(c for c in self.cards if c.card == card_id)

    def to_json(self) -> dict[str, object]:
        return {
            "now": scheduling.iso(self.now),
            "interview_at": self.interview_at.isoformat(),
            "target": self.target,
            "expected_recall": round(self.expected_recall, 4),
            "planned_recall": round(self.planned_recall, 4),
            "today": list(self.today),
            "at_risk": list(self.at_risk),
            "reviews_planned": self.reviews,
            "days": [
                {
                    "date": d.at.astimezone(self.interview_at.tzinfo).date().isoformat(),
                    "at": scheduling.iso(d.at),
                    "cards": list(d.cards),
                    "recall": round(d.recall, 4),
                    "readiness": round(d.readiness, 4),
                    "recall_if_stopped": round(d.recall_if_stopped, 4),
                }
                for d in self.days
            ],
            "cards": [
                {
                    "id": c.card,
                    "recall_at_interview": round(c.readiness, 4),
                    "planned_recall_at_interview": round(c.planned, 4),
                    "reviews_planned": [d.astimezone(self.interview_at.tzinfo).date().isoformat() for d in c.reviews],
                    "today": c.why,
                    "lapses": c.lapses,
                }
                for c in self.cards
            ],
        }


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def session_times(now: datetime, interview_at: datetime) -> list[datetime]:
    """Now, then the same time on each following day, while before the interview (at least now)."""
    start = scheduling.utc(now)
    end = scheduling.utc(interview_at)
    times = [start]
    while times[-1] + SESSION_GAP < end:
        times.append(times[-1] + SESSION_GAP)
    return times


def make_plan(
    states: Mapping[int, str | None],
    horizon: Horizon,
    now: datetime,
    failures: Mapping[int, int] | None = None,
) -> Plan:
    """The plan for the cards of ``states`` (card id → fsrs state JSON, None for a card never scheduled), in the
    order given, up to ``horizon.interview_at`` (``ValueError`` without one)."""
    if horizon.interview_at is None:
        raise ValueError("a plan needs an interview date")
    sched = scheduling.scheduler(horizon.target)
    target = horizon.target
    interview = scheduling.utc(horizon.interview_at)
    moment = scheduling.utc(now)
    failed = dict(failures or {})
    ids = list(states)
    start = {i: Card.from_json(s) if s else None for i, s in states.items()}
    cards = dict(start)

    def recall(card: Card | None, at: datetime) -> float:
        return 0.0 if card is None else float(sched.get_card_retrievability(card, at))

    sessions = session_times(moment, interview)
    last = sessions[-1]
    days: list[PlanDay] = []
    planned: dict[int, list[datetime]] = {i: [] for i in ids}
    why_today: dict[int, Why] = {}
    for index, at in enumerate(sessions):
        before = _mean([recall(cards[i], at) for i in ids])
        ready_before = {i: recall(cards[i], interview) for i in ids}
        stopped = _mean([recall(start[i], at) for i in ids])
        drilled: list[int] = []
        for i in ids:
            card = cards[i]
            why: Why | None
            if card is None:
                why = "new"
            elif scheduling.utc(card.due) <= at:
                why = "due"
            elif scheduling.utc(card.due) > last and ready_before[i] < target:
                why = "at risk"
            else:
                why = None
            if why is None:
                continue
            fresh = card or Card(card_id=i, due=at)
            cards[i], _log = sched.review_card(fresh, Rating.Good, review_datetime=at)
            planned[i].append(at)
            drilled.append(i)
            if index == 0:
                why_today[i] = why
        days.append(
            PlanDay(
                at=at,
                cards=tuple(weakest_first(drilled, ready_before, failed)),
                recall=before,
                readiness=_mean([recall(cards[i], interview) for i in ids]),
                recall_if_stopped=stopped,
            )
        )
    readiness_now = {i: recall(start[i], interview) for i in ids}
    card_plans = tuple(
        CardPlan(
            card=i,
            readiness=readiness_now[i],
            planned=recall(cards[i], interview),
            reviews=tuple(planned[i]),
            why=why_today.get(i),
            lapses=failed.get(i, 0),
        )
        for i in ids
    )
    today = days[0].cards
    return Plan(
        now=moment,
        interview_at=horizon.interview_at,
        target=target,
        days=tuple(days),
        cards=card_plans,
        today=today,
        at_risk=tuple(i for i in today if why_today.get(i) == "at risk"),
    )


def store_plan(store: ProgressStore, deck: Deck, now: datetime | None = None) -> Plan | None:
    """The plan for ``deck`` from ``store`` and the settings beside it; None when no interview date (still to come)
    is set. Reads the disk (from a worker, in the app)."""
    moment = scheduling.utc(now)
    horizon = store_horizon(store, moment)
    if not horizon.dated:
        return None
    ids = [card.id for card in deck.cards]
    states = {card: state.state for card, state in store.card_states(deck.id, ids).items()}
    return make_plan(states, horizon, moment, lapses(store, deck.id))
