"""What an interview asks: its settings (count, time limits, mix, order) and the picking of questions."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from quiz.deck import Card, Difficulty, Tag
from quiz.progress.readiness import weakest_first
from quiz.progress.scheduling import GRADE_NAMES

DEFAULT_QUESTIONS = 5
DEFAULT_FOLLOW_UPS = 1
MAX_FOLLOW_UPS = 5
SECONDS_BY_DIFFICULTY: dict[str, float] = {"easy": 60.0, "medium": 90.0, "hard": 120.0}
SELF_GRADES = GRADE_NAMES
"""A self-grade is an fsrs grade: the report screen records it as a ``mock`` review."""
Order = Literal["weakest", "random"]


class InterviewError(ValueError):
    """Settings that cannot make an interview (no card matches, unknown card, bad self-grade)."""


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class InterviewSettings(Frozen):
    """What the setup screen (or the CLI flags) chose."""

    questions: int = Field(DEFAULT_QUESTIONS, ge=1)
    seconds_per_question: float | None = Field(None, gt=0)
    """One limit for every question; None: by difficulty (:data:`SECONDS_BY_DIFFICULTY`)."""
    total_seconds: float | None = Field(None, gt=0)
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

    @model_validator(mode="after")
    def _one_timing(self) -> InterviewSettings:
        if self.seconds_per_question is not None and self.total_seconds is not None:
            raise ValueError("give seconds per question or a total budget, not both")
        return self

    def time_limit(self, card: Card) -> float:
        """The per-question limit for ``card`` (ignores a total budget)."""
        if self.seconds_per_question is not None:
            return self.seconds_per_question
        return SECONDS_BY_DIFFICULTY[card.difficulty]


def pick_questions(
    cards: Sequence[Card],
    settings: InterviewSettings,
    mastery: Mapping[int, float | None] | None = None,
    lapses: Mapping[int, int] | None = None,
) -> list[Card]:
    """The interview's questions, in the order they will be asked.

    ``weakest``: :func:`quiz.progress.readiness.weakest_first` of ``mastery`` (each card's readiness: its recall at
    the interview date; never studied, absent or None, counts 0) and ``lapses``, ties in a seeded random order.
    ``random``: a shuffle seeded by ``settings.seed`` (unseeded: different every time).
    """
    if settings.cards:
        by_id = {c.id: c for c in cards}
        unknown = [i for i in settings.cards if i not in by_id]
        if unknown:
            raise InterviewError(f"no card {unknown[0]} in this deck")
        return [by_id[i] for i in settings.cards][: settings.questions]
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
    return pool[: settings.questions]
