"""The records of the quiz-progress JSON format, as pydantic models: what ``quiz import`` accepts, and what a row of
the store must look like to be used (``damage`` checks stored rows against the same models).

Every field is bounded at the edge (``fsrs_state``): integers fit SQLite's 64 bits, times are aware and between
1970 and 9000 (UTC), floats are finite numbers (a JSON string is not a number), and an fsrs state holds only what
fsrs can schedule (:class:`~quiz.progress.fsrs_state.FsrsState`). Unknown fields are errors.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, Field, field_validator

from quiz.progress.fsrs_state import (
    INT64_MAX,
    CardId,
    DeckId,
    Flag,
    Fraction,
    FsrsState,
    Grade,
    Moment,
    Position,
    Record,
    Seconds,
)
from quiz.progress.models import InterviewAnswer, Mode

MAX_NESTING = 32
"""How deep a free-form JSON value (``settings``) may nest."""


def _depth(value: Any, limit: int) -> bool:
    """True if ``value`` nests no deeper than ``limit`` (checked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return False
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return True


class _FromDamagedRow(Record):
    damaged: dict[str, str] | None = None
    """Set by ``quiz export`` on a record whose row in the store is damaged: field → what is wrong."""

    @field_validator("damaged")
    @classmethod
    def _refuse_damaged(cls, value: dict[str, str] | None) -> None:
        if value:
            fields = "; ".join(f"{name}: {why}" for name, why in value.items())
            raise ValueError(
                f"this record was exported from a damaged row ({fields}); repair or remove it, then import again"
            )
        return None


class ReviewRecord(_FromDamagedRow):
    deck: DeckId
    card: CardId
    mode: Mode
    grade: Grade
    answer: str = ""
    duration_s: Seconds = 0.0
    reviewed_at: Moment
    cram: Flag = False
    state: FsrsState | None = None


class ContradictionRecord(Record):
    """A wrong claim the scorer heard in an answer: the misconception's label, the span said, the correction."""

    label: str
    said: str
    correction: str


class FollowUpRecord(Record):
    """A follow-up question asked after an answer, and the reply: heard (``matched``) or not."""

    key_point: str
    question: str
    answer: str = ""
    matched: Flag = False
    timed_out: Flag = False
    time_s: Seconds = 0.0


class AnswerRecord(Record):
    position: Position
    card: CardId
    answer: str = ""
    time_s: Seconds = 0.0
    timed_out: Flag = False
    coverage: Fraction = 0.0
    matched: list[str] = Field(default_factory=list)
    missed: list[str] = Field(default_factory=list)
    self_grade: Grade | None = None
    contradicted: list[ContradictionRecord] = Field(default_factory=list)
    overrides: dict[str, Flag] = Field(default_factory=dict)
    """The user's corrections of the scorer: key point label → heard."""
    follow_ups: list[FollowUpRecord] = Field(default_factory=list)
    """The follow-up questions asked after it (none in files made before schema 6)."""

    def to_answer(self) -> InterviewAnswer:
        return InterviewAnswer(
            position=self.position,
            card=self.card,
            answer=self.answer,
            time_s=self.time_s,
            timed_out=self.timed_out,
            coverage=self.coverage,
            matched=tuple(self.matched),
            missed=tuple(self.missed),
            self_grade=self.self_grade,
            contradicted=tuple(c.model_dump() for c in self.contradicted),
            overrides=dict(self.overrides),
            follow_ups=tuple(f.model_dump() for f in self.follow_ups),
        )


class InterviewRecord(_FromDamagedRow):
    deck: DeckId
    started_at: Moment
    finished_at: Moment | None = None
    settings: dict[str, Any] = Field(default_factory=dict)
    score: Fraction | None = None
    anchors: dict[str, Flag] = Field(default_factory=dict)
    answers: list[AnswerRecord] = Field(default_factory=list)

    @field_validator("settings")
    @classmethod
    def _shallow(cls, value: dict[str, Any]) -> dict[str, Any]:
        if not _depth(value, MAX_NESTING):
            raise ValueError(f"nested more than {MAX_NESTING} levels deep")
        return value

    @field_validator("answers")
    @classmethod
    def _unique_positions(cls, value: list[AnswerRecord]) -> list[AnswerRecord]:
        positions = [a.position for a in value]
        if len(set(positions)) != len(positions):
            raise ValueError("answer positions must not repeat")
        return value


class InterviewRef(Record):
    """The mock interview an exercise attempt was part of."""

    deck: DeckId
    started_at: Moment


Number = Annotated[float, Field(allow_inf_nan=False, strict=True)]


class ExerciseRecord(_FromDamagedRow):
    """One graded exercise attempt (``quiz.progress.exercises``); ``state`` is its kind's fsrs card after it."""

    kind: Literal["fan", "scale", "gain", "experiment"]
    seed: Annotated[int, Field(ge=0, le=INT64_MAX, strict=True)]
    mode: Literal["practice", "mock"] = "practice"
    answer: str = ""
    given: Number | None = None
    expected: Number
    correct: Flag
    grade: Grade
    duration_s: Seconds = 0.0
    timed_out: Flag = False
    reviewed_at: Moment
    state: FsrsState | None = None
    interview: InterviewRef | None = None
    position: Position | None = None


class ProgressFile(Record):
    format: Literal["quiz-progress"]
    version: Literal[1]
    exported_at: AwareDatetime | None = None
    reviews: list[ReviewRecord] = Field(default_factory=list)
    interviews: list[InterviewRecord] = Field(default_factory=list)
    exercises: list[ExerciseRecord] = Field(default_factory=list)
    """Optional: files from before exercises have none."""
