"""Rows of the progress tables to and from records, and the statements the store and the exchange share."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from quiz.progress import scheduling
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
    desired_retention: float = scheduling.DEFAULT_RETENTION,
) -> int:
    before = latest_state(conn, deck, card)
    state = before if cram else scheduling.review(before, card, grade, moment, desired_retention)
    cur = conn.execute(
        "INSERT INTO reviews (deck, card, mode, grade, answer, duration_s, reviewed_at, cram, state)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (deck, card, mode, grade, answer, max(0.0, float(duration_s)), scheduling.iso(moment), int(cram), state),
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


def latest_state(conn: sqlite3.Connection, deck: str, card: int) -> str | None:
    """The card's schedule: the state of its latest non-cram review (None: never scheduled, or imported without
    a state)."""
    row = conn.execute(
        "SELECT state FROM reviews WHERE deck = ? AND card = ? AND cram = 0 ORDER BY reviewed_at DESC, id DESC LIMIT 1",
        (deck, card),
    ).fetchone()
    return None if row is None or row[0] is None else str(row[0])


def last_review(conn: sqlite3.Connection, deck: str, card: int) -> tuple[int, str] | None:
    """(grade, reviewed_at) of the card's latest review, cram or not; None for a card never reviewed."""
    row = conn.execute(
        "SELECT grade, reviewed_at FROM reviews WHERE deck = ? AND card = ? ORDER BY reviewed_at DESC, id DESC LIMIT 1",
        (deck, card),
    ).fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


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


def read_interviews(conn: sqlite3.Connection, deck: str | None) -> list[Interview]:
    rows = conn.execute(
        "SELECT id, deck, started_at, finished_at, settings, score, anchors FROM interviews"
        " WHERE (? IS NULL OR deck = ?) ORDER BY started_at, id",
        (deck, deck),
    ).fetchall()
    answers: dict[int, list[InterviewAnswer]] = {row[0]: [] for row in rows}
    for a in conn.execute(
        "SELECT interview_id, position, card, answer, time_s, timed_out, coverage, matched, missed, self_grade,"
        " contradicted, overrides, follow_ups FROM interview_answers ORDER BY interview_id, position"
    ):
        if a[0] in answers:
            answers[a[0]].append(
                InterviewAnswer(
                    position=a[1],
                    card=a[2],
                    answer=a[3],
                    time_s=a[4],
                    timed_out=bool(a[5]),
                    coverage=a[6],
                    matched=tuple(json.loads(a[7])),
                    missed=tuple(json.loads(a[8])),
                    self_grade=a[9],
                    contradicted=tuple(json.loads(a[10])),
                    overrides=json.loads(a[11]),
                    follow_ups=tuple(json.loads(a[12])),
                )
            )
    return [
        Interview(
            id=row[0],
            deck=row[1],
            started_at=datetime.fromisoformat(row[2]),
            finished_at=datetime.fromisoformat(row[3]) if row[3] else None,
            settings=json.loads(row[4]),
            score=row[5],
            anchors=json.loads(row[6]),
            answers=tuple(answers[row[0]]),
        )
        for row in rows
    ]
