"""Rows of the progress tables to and from records, and the statements the store and the exchange share."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from quiz.progress import scheduling
from quiz.progress.damage import RowDamage, interview_rows, usable_review
from quiz.progress.models import Interview, InterviewAnswer, Mode, Review

REVIEW_COLUMNS = "id, deck, card, mode, grade, answer, duration_s, reviewed_at, cram, state"


def review_from_row(row: Sequence[Any]) -> Review:
    return Review(
        id=row[0],
        deck=row[1],
        card=row[2],
        mode=row[3],
        grade=row[4],
        answer=row[5],
        duration_s=row[6],
        reviewed_at=datetime.fromisoformat(row[7]),
        cram=bool(row[8]),
        state=row[9],
    )


def insert_review(
    conn: sqlite3.Connection,
    deck: str,
    card: int,
    grade: int,
    answer: str,
    duration_s: float,
    mode: Mode,
    cram: bool,
    moment: datetime,
    damaged: list[RowDamage] | None = None,
    desired_retention: float = scheduling.DEFAULT_RETENTION,
) -> int:
    """Insert one review, its state computed by fsrs from the card's schedule (damaged rows skipped, see
    :func:`latest_state`) for ``desired_retention``; its row id."""
    before = latest_state(conn, deck, card, damaged)
    state = before if cram else scheduling.review(before, card, grade, moment, desired_retention)
    cur = conn.execute(
        "INSERT INTO reviews (deck, card, mode, grade, answer, duration_s, reviewed_at, cram, state)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (deck, card, mode, grade, answer, max(0.0, float(duration_s)), scheduling.iso(moment), int(cram), state),
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


def latest_state(conn: sqlite3.Connection, deck: str, card: int, damaged: list[RowDamage] | None = None) -> str | None:
    """The card's schedule: the state of its latest usable non-cram review (None: never scheduled, or imported
    without a state). Damaged rows (a state fsrs cannot use, a time that does not parse) are skipped, so the
    review before one is used, and added to ``damaged``."""
    found = usable_review(conn, deck, card, scheduled_only=True, damaged=damaged)
    return None if found is None else found[2]


def last_review(
    conn: sqlite3.Connection, deck: str, card: int, damaged: list[RowDamage] | None = None
) -> tuple[int, str] | None:
    """(grade, reviewed_at) of the card's latest review with a usable time, cram or not; None for a card never
    reviewed. Rows with a damaged time are skipped and added to ``damaged``."""
    found = usable_review(conn, deck, card, scheduled_only=False, damaged=damaged)
    return None if found is None else (found[0], found[1])


def insert_interview(
    conn: sqlite3.Connection,
    deck: str,
    started_at: datetime,
    finished_at: datetime | None,
    settings: dict[str, Any],
    score: float | None,
    anchors: dict[str, Any],
) -> int:
    cur = conn.execute(
        "INSERT INTO interviews (deck, started_at, finished_at, settings, score, anchors) VALUES (?, ?, ?, ?, ?, ?)",
        (
            deck,
            scheduling.iso(started_at),
            scheduling.iso(finished_at) if finished_at else None,
            json.dumps(settings, sort_keys=True),
            score,
            json.dumps(anchors, sort_keys=True),
        ),
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


def insert_answer(conn: sqlite3.Connection, interview_id: int, a: InterviewAnswer, review_id: int | None) -> None:
    conn.execute(
        "INSERT INTO interview_answers (interview_id, position, card, answer, time_s, timed_out, coverage, matched,"
        " missed, self_grade, review_id, contradicted, overrides, follow_ups)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            interview_id,
            a.position,
            a.card,
            a.answer,
            a.time_s,
            int(a.timed_out),
            a.coverage,
            json.dumps(list(a.matched)),
            json.dumps(list(a.missed)),
            a.self_grade,
            review_id,
            json.dumps(list(a.contradicted)),
            json.dumps(a.overrides, sort_keys=True),
            json.dumps(list(a.follow_ups)),
        ),
    )


def read_interviews(
    conn: sqlite3.Connection, deck: str | None, damaged: list[RowDamage] | None = None
) -> list[Interview]:
    """The interviews of ``deck`` (None: all), oldest first; damaged ones are left out and added to ``damaged``."""
    out: list[Interview] = []
    for row in interview_rows(conn, deck):
        if row.valid is None:
            if damaged is not None and row.damage is not None:
                damaged.append(row.damage)
            continue
        record = row.valid
        out.append(
            Interview(
                id=row.id,
                deck=record.deck,
                started_at=datetime.fromisoformat(row.record["started_at"]),
                finished_at=datetime.fromisoformat(row.record["finished_at"]) if record.finished_at else None,
                settings=record.settings,
                score=record.score,
                anchors=dict(record.anchors),
                answers=tuple(a.to_answer() for a in record.answers),
            )
        )
    return out
