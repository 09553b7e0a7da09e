"""The ``exercises`` list of a progress export: graded exercise attempts, out and back in.

Each record is one attempt (see :mod:`quiz.progress.exercises`); an attempt made in a mock interview names that
interview by ``{"deck", "started_at"}`` and its ``position`` in it. :mod:`quiz.progress.exchange` validates the list
with the rest of the file and calls :func:`import_attempts` inside the import's one transaction, after the file's
interviews are in. The list is optional: exports from before exercises have none.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from quiz.progress import scheduling
from quiz.progress.damage import RowDamage
from quiz.progress.exercise_damage import exercise_records

if TYPE_CHECKING:
    from quiz.progress.records import ExerciseRecord


def export_attempts(conn: sqlite3.Connection, damaged: list[RowDamage]) -> list[dict[str, Any]]:
    """Every exercise attempt as its JSON record, in time order. A damaged one is written as stored, with
    ``"damaged"`` naming its bad fields, and added to ``damaged``."""
    out = []
    for record, damage in exercise_records(conn):
        if damage is not None:
            damaged.append(damage)
            record = {**record, "damaged": damage.fields}
        out.append(record)
    return out


def import_attempts(conn: sqlite3.Connection, records: list[ExerciseRecord]) -> int:
    """Insert the attempts not yet stored (same kind, seed, time and mode), inside the caller's transaction; how
    many were added. An interview an attempt names must be stored by now; if not, ExchangeError (nothing is
    imported: the caller's transaction is rolled back)."""
    from quiz.progress.exchange import ExchangeError

    added = 0
    for index, e in enumerate(records):
        reviewed = scheduling.iso(e.reviewed_at)
        if conn.execute(
            "SELECT 1 FROM exercise_reviews WHERE kind = ? AND seed = ? AND reviewed_at = ? AND mode = ?",
            (e.kind, e.seed, reviewed, e.mode),
        ).fetchone():
            continue
        interview_id = None
        if e.interview is not None:
            started = scheduling.iso(e.interview.started_at)
            row = conn.execute(
                "SELECT id FROM interviews WHERE deck = ? AND started_at = ?", (e.interview.deck, started)
            ).fetchone()
            if row is None:
                raise ExchangeError(
                    f"exercises[{index}] (record {index + 1}): interview: no interview of deck {e.interview.deck!r} "
                    f"started at {started} in the file or the store"
                )
            interview_id = int(row[0])
        conn.execute(
            "INSERT INTO exercise_reviews (kind, seed, mode, answer, given, expected, correct, grade, duration_s,"
            " timed_out, reviewed_at, state, interview_id, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                e.kind,
                e.seed,
                e.mode,
                e.answer,
                e.given,
                e.expected,
                int(e.correct),
                e.grade,
                e.duration_s,
                int(e.timed_out),
                reviewed,
                e.state.to_json() if e.state is not None else None,
                interview_id,
                e.position,
            ),
        )
        added += 1
    return added
