"""Saving a finished mock interview's report: one place for the CLI's plain mode and the app's report screen."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from quiz.progress import scheduling
from quiz.progress.exercises import insert_attempt
from quiz.progress.models import InterviewAnswer

if TYPE_CHECKING:
    from quiz.interview import InterviewReport, QuestionResult
    from quiz.progress.store import ProgressStore


def stored_answer(q: QuestionResult) -> InterviewAnswer:
    """What the store keeps of one answered question."""
    return InterviewAnswer(
        position=q.position,
        card=q.card_id,
        answer=q.answer,
        time_s=round(q.time_s, 3),
        timed_out=q.timed_out,
        coverage=q.coverage,
        matched=tuple(q.matched),
        missed=tuple(q.missed),
        self_grade=q.self_grade,
        contradicted=tuple(x.as_json() for x in q.contradicted),
        overrides=dict(q.score.overrides),
        follow_ups=tuple(f.stored() for f in q.follow_ups),
    )


def record_overrides(store: ProgressStore, interview_id: int, report: InterviewReport, position: int) -> None:
    """Store question ``position``'s corrections of the scorer (and what they change: its coverage, the score)."""
    question = next(q for q in report.questions if q.position == position)
    store.set_interview_answer_score(interview_id, position, stored_answer(question), report.score)


def record_report(
    store: ProgressStore, report: InterviewReport, *, mode: str, finished_at: datetime | None = None
) -> int:
    """Store the interview of ``report`` (its answers, times, coverage, score and anchors, and its exercises as
    attempts of their kinds), in one transaction; its id.

    ``mode`` (``plain``, ``tui``) is kept in the settings, with ``ended_early`` when the user stopped early.
    """
    answers = [stored_answer(q) for q in report.questions]
    settings = report.settings.model_dump(mode="json", exclude_defaults=True)
    settings["mode"] = mode
    if report.ended_early:
        settings["ended_early"] = True
    finished = finished_at or datetime.now(UTC)

    def save_exercises(conn: sqlite3.Connection, interview_id: int) -> None:
        # Each exercise asked is an attempt of its kind (mode "mock"): it moves the kind's fsrs schedule on.
        for e in report.exercises:
            if e.expected is None:
                continue  # could not be graded (its demo failed): nothing to schedule
            insert_attempt(
                conn,
                kind=e.kind,
                seed=e.seed,
                answer=e.answer,
                given=e.given,
                expected=e.expected,
                correct=e.correct,
                mode="mock",
                duration_s=round(e.time_s, 3),
                moment=scheduling.utc(finished),
                interview_id=interview_id,
                position=e.position,
                timed_out=e.timed_out,
            )

    return store.record_interview(
        report.deck_id,
        answers,
        started_at=report.started_at,
        finished_at=finished,
        settings=settings,
        score=report.score,
        anchors=report.anchors.as_dict(),
        also=save_exercises if report.exercises else None,
    )
