"""Plain records the store returns. Frozen dataclasses: cheap, typed, and free of any storage detail."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from quiz.progress import scheduling

Mode = Literal["drill", "mock"]
MODES: tuple[Mode, ...] = ("drill", "mock")


@dataclass(frozen=True)
class Review:
    """One graded answer. ``state`` is the fsrs Card JSON after it (a cram review leaves the schedule as it was)."""

    id: int
    deck: str
    card: int
    mode: Mode
    grade: int
    answer: str
    duration_s: float
    reviewed_at: datetime
    cram: bool
    state: str | None

    @property
    def due(self) -> datetime | None:
        return scheduling.due_at(self.state) if self.state else None


class Scheduled:
    """What an fsrs schedule says, for a record with a ``state`` (the fsrs Card JSON; None: never scheduled)."""

    state: str | None

    @property
    def is_new(self) -> bool:
        return self.state is None

    @property
    def due(self) -> datetime | None:
        """When fsrs wants it again; None for a new item (which counts as due now)."""
        return scheduling.due_at(self.state) if self.state else None

    def is_due(self, now: datetime) -> bool:
        due = self.due
        return due is None or due <= scheduling.utc(now)

    def retrievability(self, now: datetime) -> float | None:
        """fsrs' probability of recall at ``now``; None for an item never scheduled."""
        return scheduling.retrievability(self.state, now) if self.state else None


@dataclass(frozen=True)
class CardState(Scheduled):
    """Where one card stands: its review count, last grade and fsrs schedule (``state`` None: never scheduled)."""

    deck: str
    card: int
    reviews: int = 0
    last_grade: int | None = None
    last_reviewed: datetime | None = None
    state: str | None = None


@dataclass(frozen=True)
class InterviewAnswer:
    """One question of a mock interview, as answered. ``position`` counts from 0."""

    position: int
    card: int
    answer: str = ""
    time_s: float = 0.0
    timed_out: bool = False
    coverage: float = 0.0
    matched: tuple[str, ...] = ()
    missed: tuple[str, ...] = ()
    self_grade: int | None = None
    contradicted: tuple[dict[str, str], ...] = ()
    """The wrong claims heard: ``{label, said, correction}`` each (those withdrawn by an override excluded)."""
    overrides: dict[str, bool] = field(default_factory=dict)
    """The user's corrections of the scorer: key point label → heard."""
    follow_ups: tuple[dict[str, Any], ...] = ()
    """The follow-up questions asked after it: ``{key_point, question, answer, matched, timed_out, time_s}`` each."""


@dataclass(frozen=True)
class Interview:
    id: int
    deck: str
    started_at: datetime
    finished_at: datetime | None
    settings: dict[str, Any] = field(default_factory=dict)
    score: float | None = None
    anchors: dict[str, Any] = field(default_factory=dict)
    answers: tuple[InterviewAnswer, ...] = ()

    @property
    def clean(self) -> bool:
        """No answer contradicts a key point: the interview may count as a personal best."""
        return not any(a.contradicted for a in self.answers)
