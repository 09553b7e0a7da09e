"""Damaged exercise attempts: a row of ``exercise_reviews`` the program cannot use (a time that does not parse, a
state that is not JSON or that fsrs cannot schedule, a number stored as text, a text that is not UTF-8...).

The rules are those of ``damage`` for reviews and interviews: a row is damaged exactly when its export record would
not import (the check is the import's own model, ``records.ExerciseRecord``). Export writes it as stored, flagged;
schedules and stats skip it (:func:`usable_problems`) and use the attempt before it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter

from quiz.progress.damage import BAD_TIME, RowDamage, _json_value, _text_problems, checked_records, parse_moment
from quiz.progress.fsrs_state import state_problem

if TYPE_CHECKING:
    from quiz.progress.records import ExerciseRecord

EXERCISE_SQL = (
    "SELECT e.id, e.kind, e.seed, e.mode, e.answer, e.given, e.expected, e.correct, e.grade, e.duration_s,"
    " e.timed_out, e.reviewed_at, e.state, e.interview_id, e.position, i.deck, i.started_at"
    " FROM exercise_reviews e LEFT JOIN interviews i ON i.id = e.interview_id ORDER BY e.reviewed_at, e.id"
)


@cache
def _adapter() -> TypeAdapter[list[ExerciseRecord]]:
    """The import's exercise model, over a list (built on first use)."""
    from quiz.progress.records import ExerciseRecord

    return TypeAdapter(list[ExerciseRecord])


def _flag(value: object) -> object:
    return bool(value) if value in (0, 1) else value


def _record(row: Sequence[Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """An attempt's export record, values as stored (the same keys, in the same order, as a healthy export), and
    the problems found before validation (JSON that does not parse, text that is not UTF-8)."""
    state, state_error = _json_value(row[12])
    interview = None if row[13] is None or row[15] is None else {"deck": row[15], "started_at": row[16]}
    record = {
        "kind": row[1],
        "seed": row[2],
        "mode": row[3],
        "answer": row[4],
        "given": row[5],
        "expected": row[6],
        "correct": _flag(row[7]),
        "grade": row[8],
        "duration_s": row[9],
        "timed_out": _flag(row[10]),
        "reviewed_at": row[11],
        "state": state,
        "interview": interview,
        "position": row[14],
    }
    problems = _text_problems({k: v for k, v in record.items() if k != "interview"})
    if interview is not None:
        problems.update(_text_problems(interview, "interview."))
    if state_error:
        problems["state"] = state_error
    return record, problems


def exercise_records(conn: sqlite3.Connection) -> Iterator[tuple[dict[str, Any], RowDamage | None]]:
    """Every exercise attempt as its export record (values as stored), in time order, each with its damage (or
    None). An attempt of a mock interview names it by ``{"deck", "started_at"}``."""
    return checked_records(
        conn.execute(EXERCISE_SQL),
        _record,
        _adapter(),
        lambda row, found: RowDamage("exercise_reviews", row[0], None, None, row[11], found, kind=row[1]),
    )


def usable_problems(reviewed_at: object, state: object) -> dict[str, str]:
    """What keeps an attempt from being scheduled from or shown: its time, its state (``{}``: nothing)."""
    problems: dict[str, str] = {}
    if parse_moment(reviewed_at) is None:
        problems["reviewed_at"] = BAD_TIME
    state_error = state_problem(state) if isinstance(state, str | None) else "not JSON text"
    if state_error:
        problems["state"] = state_error
    return problems
