"""What an interview asks: its settings (count, time limits, mix, order) and the picking of questions."""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, model_validator

from quiz.deck import Card, Difficulty, Tag
from quiz.progress.readiness import weakest_first
from quiz.progress.scheduling import GRADE_NAMES

DEFAULT_QUESTIONS = 5
DEFAULT_FOLLOW_UPS = 1
MAX_FOLLOW_UPS = 5
DEFAULT_EXERCISE_EVERY = 5
"""One question in every five is an exercise (quiz.exercises), unless the settings say otherwise."""
SECONDS_BY_DIFFICULTY: dict[str, float] = {"easy": 60.0, "medium": 90.0, "hard": 120.0}
MIN_SECONDS = 5.0
"""The shortest time limit (a question, or a whole budget): under 5 s nobody reads a question, let alone answers;
a slip such as ``--seconds 0.5`` would only make an interview that times out unread."""
MAX_SECONDS = 4 * 3600.0
"""The longest: 4 hours, longer than any interview loop, and far inside what the clock and the OS timers can wait
(``threading.TIMEOUT_MAX`` is about 9.2e9 s: ``--seconds 1e10`` used to end in OverflowError)."""
SELF_GRADES = GRADE_NAMES
"""A self-grade is an fsrs grade: the report screen records it as a ``mock`` review."""
Order = Literal["weakest", "random"]


class InterviewError(ValueError):
    """Settings that cannot make an interview (no card matches, unknown card, bad self-grade)."""


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Timed(Protocol):
    """Anything asked against the clock (a card, an exercise): its difficulty sets its time."""

    @property
    def difficulty(self) -> str: ...


class InterviewSettings(Frozen):
    """What the setup screen (or the CLI flags) chose."""

    questions: int = Field(DEFAULT_QUESTIONS, ge=1)
    seconds_per_question: float | None = Field(None, ge=MIN_SECONDS, le=MAX_SECONDS)
    """One limit for every question; None: by difficulty (:data:`SECONDS_BY_DIFFICULTY`)."""
    total_seconds: float | None = Field(None, ge=MIN_SECONDS, le=MAX_SECONDS)
    """One budget for the whole interview instead of per-question limits."""
    difficulties: tuple[Difficulty, ...] = ()
    """Only these difficulties (empty: any)."""
    tags: tuple[Tag, ...] = ()
    """Only cards with at least one of these tags (empty: any)."""
    order: Order = "random"
    seed: int | None = None
    cards: tuple[int, ...] = ()
    """Exactly these cards, in this order (the other filters and the order are then ignored)."""
    follow_ups: int = Field(DEFAULT_FOLLOW_UPS, ge=0, le=MAX_FOLLOW_UPS)
    """At most this many follow-up questions after each answer (on key points it missed); 0: none."""
    exercise_every: int = Field(DEFAULT_EXERCISE_EVERY, ge=0, le=100)
    """One question in every this many is an exercise graded by computation (``quiz.exercises``); 0: none. Not
    used when exact ``cards`` are asked for."""

    @model_validator(mode="after")
    def _one_timing(self) -> InterviewSettings:
        if self.seconds_per_question is not None and self.total_seconds is not None:
            raise ValueError("give seconds per question or a total budget, not both")
        return self

    def time_limit(self, card: Timed) -> float:
        """The per-question limit for ``card`` (or an exercise; ignores a total budget)."""
        if self.seconds_per_question is not None:
            return self.seconds_per_question
        return SECONDS_BY_DIFFICULTY[card.difficulty]


def parse_seconds(text: str) -> float:
    """A time limit as the CLI (``--seconds``) and the app's setup both take it: ``"90"``, ``"90 s"``, ``"1:30"`` or
    ``"2m"`` → seconds, from :data:`MIN_SECONDS` to :data:`MAX_SECONDS`. ValueError saying why for anything else."""
    shown = text.strip()
    raw = shown.lower().removesuffix("s").strip()
    try:
        if ":" in raw:
            minutes, _, secs = raw.partition(":")
            if not 0 <= float(secs) < 60:
                raise ValueError
            value = int(minutes) * 60 + float(secs)
        elif raw.endswith("m"):
            value = float(raw[:-1]) * 60
        else:
            value = float(raw)
        if math.isnan(value):
            raise ValueError
    except ValueError:
        raise ValueError(f"{shown or 'nothing'!r} is not a time: type seconds (90) or m:ss (1:30)") from None
    return check_seconds(value)


def check_seconds(value: float) -> float:
    """``value`` if it is a time limit quiz takes; else ValueError naming the bounds."""
    if not value >= MIN_SECONDS:
        raise ValueError(f"the time must be at least {MIN_SECONDS:g} s, not {value:g} s")
    if not value <= MAX_SECONDS:
        raise ValueError(f"the time must be at most {MAX_SECONDS / 3600:g} hours ({MAX_SECONDS:g} s), not {value:g} s")
    return value


def pick_questions(
    cards: Sequence[Card],
    settings: InterviewSettings,
    mastery: Mapping[int, float | None] | None = None,
    lapses: Mapping[int, int] | None = None,
    *,
    count: int | None = None,
) -> list[Card]:
    """The interview's card questions, in the order they will be asked: ``count`` of them (default
    ``settings.questions``; fewer when exercises are mixed in).

    ``weakest``: :func:`quiz.progress.readiness.weakest_first` of ``mastery`` (each card's readiness: its recall at
    the interview date; never studied, absent or None, counts 0) and ``lapses``, ties in a seeded random order.
    ``random``: a shuffle seeded by ``settings.seed`` (unseeded: different every time).
    """
    wanted = settings.questions if count is None else count
    if settings.cards:
        by_id = {c.id: c for c in cards}
        unknown = [i for i in settings.cards if i not in by_id]
        if unknown:
            raise InterviewError(f"no card {unknown[0]} in this deck")
        return [by_id[i] for i in settings.cards][:wanted]
    pool = [
        c
        for c in cards
        if (not settings.difficulties or c.difficulty in settings.difficulties)
        and (not settings.tags or set(c.tags) & set(settings.tags))
    ]
    if not pool:
        raise InterviewError("no card matches the chosen difficulties and tags")
    rng = random.Random(settings.seed)
    rng.shuffle(pool)
    if settings.order == "weakest":
        by_id = {c.id: c for c in pool}
        order = weakest_first([c.id for c in pool], mastery or {}, lapses)  # stable: the shuffle breaks ties
        pool = [by_id[i] for i in order]
    return pool[:wanted]
