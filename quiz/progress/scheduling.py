"""Scheduling through the ``fsrs`` library (FSRS-6). Nothing here computes intervals itself.

A card's schedule is an fsrs ``Card`` stored as its JSON. Fuzzing is off so that a given history always gives the
same due date (tests, and an export that re-imports to the same schedule); with 15 cards per deck there is no
review pile-up for fuzz to spread. The desired retention (the recall fsrs schedules each review for) is the user's
setting (``quiz.settings``: 0.7–0.97, default 0.9); each value gets its own fsrs ``Scheduler``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any, cast

from fsrs import Card, Rating, Scheduler

GRADE_NAMES: dict[int, str] = {1: "again", 2: "hard", 3: "good", 4: "easy"}
DEFAULT_RETENTION = 0.9


@cache
def scheduler(desired_retention: float = DEFAULT_RETENTION) -> Scheduler:
    """fsrs' scheduler for ``desired_retention`` (one per value; fuzzing off)."""
    return Scheduler(desired_retention=desired_retention, enable_fuzzing=False)


def utc(moment: datetime | None = None) -> datetime:
    """``moment`` (default: now) as an aware UTC datetime; a naive datetime is taken to be UTC already."""
    if moment is None:
        return datetime.now(UTC)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def iso(moment: datetime) -> str:
    """The one timestamp format stored: fixed-width UTC ISO 8601, so text order is time order."""
    return utc(moment).isoformat(timespec="microseconds")


def parse_grade(text: str) -> int | None:
    """``"3"``, ``"good"``, ``" Good "`` → 3; anything else → None."""
    word = text.strip().lower()
    if word in {"1", "2", "3", "4"}:
        return int(word)
    for grade, name in GRADE_NAMES.items():
        if word == name:
            return grade
    return None


def review(
    state_json: str | None, card_id: int, grade: int, now: datetime, desired_retention: float = DEFAULT_RETENTION
) -> str:
    """The state after grading a card ``grade`` (1–4) at ``now``, from its state before (None: a new card); the next
    due date is where fsrs expects recall to fall to ``desired_retention``."""
    card = Card.from_json(state_json) if state_json else Card(card_id=card_id, due=utc(now))
    after, _log = scheduler(desired_retention).review_card(card, Rating(grade), review_datetime=utc(now))
    return str(after.to_json())


def due_at(state_json: str) -> datetime:
    return utc(Card.from_json(state_json).due)


def retrievability(state_json: str, now: datetime) -> float:
    """fsrs' predicted probability of recall at ``now`` (0 for a card with no stability yet)."""
    return float(scheduler().get_card_retrievability(Card.from_json(state_json), utc(now)))


def canonical_state(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """An fsrs Card as a dict in its canonical form (an import's ``state``); ValueError if it is not one."""
    if value is None:
        return None
    try:
        return cast(dict[str, Any], Card.from_dict(cast(Any, value)).to_dict())
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"not an fsrs card state ({type(exc).__name__}: {exc})") from None


def preview(state_json: str | None, card_id: int, now: datetime) -> dict[int, timedelta]:
    """For each grade 1–4, how long until the card is due again if graded so at ``now`` (fsrs, as Anki shows on
    its buttons), from its state before (None: a new card)."""
    moment = utc(now)
    return {grade: utc(due_at(review(state_json, card_id, grade, moment))) - moment for grade in GRADE_NAMES}


def interval_text(interval: timedelta) -> str:
    """``10m``, ``5h``, ``3d``, ``2mo``, ``1.5y``: an interval as a grade button shows it (``now`` under a minute)."""
    seconds = interval.total_seconds()
    if seconds < 60:
        return "now"
    minutes = seconds / 60
    if minutes < 60:
        return f"{round(minutes)}m"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{round(days / 30.4)}mo"
    years = days / 365
    return f"{years:.1f}y".replace(".0y", "y")
