"""Progress on exercises: every graded attempt, and each kind scheduled by FSRS as an item of its own.

Progress is keyed by kind (``fan``, ``scale``, ``gain``, ``experiment``), never by the numbers: the seed is kept
with each attempt for its history, but a kind's schedule is the fsrs state of its latest attempt, whatever the
seed. A right answer grades the kind Good (3), a wrong one Again (1). Attempts live in the ``exercise_reviews``
table (see :mod:`quiz.progress.schema`); each is its own transaction, committed before the caller goes on.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from quiz.exercises.model import KINDS, Grade
from quiz.progress import scheduling
from quiz.progress.damage import RowDamage
from quiz.progress.exercise_damage import usable_problems
from quiz.progress.models import Scheduled
from quiz.progress.store import ProgressError, ProgressStore

ExerciseMode = Literal["practice", "mock"]
EXERCISE_MODES: tuple[ExerciseMode, ...] = ("practice", "mock")
KIND_IDS: dict[str, int] = {kind: i + 1 for i, kind in enumerate(KINDS)}
"""The fsrs card id of each kind (fsrs keys a schedule by an int)."""
COLUMNS = (
    "id, kind, seed, mode, answer, given, expected, correct, grade, duration_s, reviewed_at, state, interview_id, "
    "position, timed_out"
)


@dataclass(frozen=True)
class ExerciseAttempt:
    """One graded exercise answer, as stored. ``state`` is the kind's fsrs Card JSON after it."""

    id: int
    kind: str
    seed: int
    mode: ExerciseMode
    answer: str
    given: float | None
    expected: float
    correct: bool
    grade: int
    duration_s: float
    reviewed_at: datetime
    state: str | None
    interview_id: int | None = None
    position: int | None = None
    timed_out: bool = False
    """A mock interview's question whose time ran out (what was typed by then was graded)."""

    @property
    def due(self) -> datetime | None:
        return scheduling.due_at(self.state) if self.state else None


@dataclass(frozen=True)
class KindState(Scheduled):
    """Where one kind stands: attempts, right answers, the last one, and its fsrs schedule (None: never tried)."""

    kind: str
    attempts: int = 0
    correct: int = 0
    last_correct: bool | None = None
    last_reviewed: datetime | None = None
    state: str | None = None

    @property
    def accuracy(self) -> float | None:
        return round(self.correct / self.attempts, 4) if self.attempts else None

    def to_json(self, now: datetime) -> dict[str, Any]:
        """The kind's figures as ``quiz stats --json`` gives them."""
        due = self.due
        retrievability = self.retrievability(now)
        return {
            "kind": self.kind,
            "attempts": self.attempts,
            "correct": self.correct,
            "accuracy": self.accuracy,
            "last_correct": self.last_correct,
            "last_reviewed": scheduling.iso(self.last_reviewed) if self.last_reviewed else None,
            "due": scheduling.iso(due) if due else None,
            "retrievability": round(retrievability, 4) if retrievability is not None else None,
            "new": self.is_new,
            "is_due": self.is_due(now),
        }


def _check(kind: str, mode: str, seed: int, duration_s: float) -> None:
    if kind not in KIND_IDS:
        raise ProgressError(f"unknown exercise kind {kind!r}; kinds: {', '.join(KINDS)}")
    if mode not in EXERCISE_MODES:
        raise ProgressError(f"an exercise attempt's mode is practice or mock, not {mode!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
        raise ProgressError(f"an exercise seed is a whole number from 0 to 2**63 - 1, not {seed!r}")
    if not duration_s >= 0:
        raise ProgressError(f"a duration is at least 0 seconds, not {duration_s!r}")


def _latest_usable(conn: sqlite3.Connection, kind: str, damaged: list[RowDamage] | None) -> Sequence[Any] | None:
    """(correct, reviewed_at, state) of the kind's latest attempt whose time and state can be used, or None; damaged
    rows on the way are skipped and added to ``damaged``."""
    cursor = conn.execute(
        "SELECT id, correct, reviewed_at, state FROM exercise_reviews WHERE kind = ?"
        " ORDER BY reviewed_at DESC, id DESC",
        (kind,),
    )
    while (row := cursor.fetchone()) is not None:
        problems = usable_problems(row[2], row[3])
        if not problems:
            cursor.close()
            usable: Sequence[Any] = row[1:]
            return usable
        if damaged is not None:
            damaged.append(RowDamage("exercise_reviews", row[0], None, None, row[2], problems, kind=kind))
    return None


def latest_kind_state(conn: sqlite3.Connection, kind: str, damaged: list[RowDamage] | None = None) -> str | None:
    """The kind's schedule: the state of its latest usable attempt (None: never tried, or imported without a
    state). A damaged attempt is skipped (and added to ``damaged``): the one before it schedules the kind."""
    row = _latest_usable(conn, kind, damaged)
    return None if row is None or row[2] is None else str(row[2])


def insert_attempt(
    conn: sqlite3.Connection,
    *,
    kind: str,
    seed: int,
    answer: str,
    given: float | None,
    expected: float,
    correct: bool,
    mode: ExerciseMode,
    duration_s: float,
    moment: datetime,
    interview_id: int | None = None,
    position: int | None = None,
    timed_out: bool = False,
) -> int:
    """Insert one attempt inside the caller's transaction, moving the kind's fsrs schedule on; its row id."""
    _check(kind, mode, seed, duration_s)
    grade = 3 if correct else 1
    state = scheduling.review(latest_kind_state(conn, kind), KIND_IDS[kind], grade, moment)
    cur = conn.execute(
        "INSERT INTO exercise_reviews (kind, seed, mode, answer, given, expected, correct, grade, duration_s,"
        " timed_out, reviewed_at, state, interview_id, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            kind,
            seed,
            mode,
            answer,
            given,
            expected,
            int(correct),
            grade,
            round(float(duration_s), 3),
            int(timed_out),
            scheduling.iso(moment),
            state,
            interview_id,
            position,
        ),
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


def attempt_from_row(row: Sequence[Any]) -> ExerciseAttempt:
    return ExerciseAttempt(
        id=row[0],
        kind=row[1],
        seed=row[2],
        mode=row[3],
        answer=row[4],
        given=row[5],
        expected=row[6],
        correct=bool(row[7]),
        grade=row[8],
        duration_s=row[9],
        reviewed_at=datetime.fromisoformat(row[10]),
        state=row[11],
        interview_id=row[12],
        position=row[13],
        timed_out=bool(row[14]),
    )


def record_attempt(
    store: ProgressStore,
    kind: str,
    seed: int,
    *,
    answer: str,
    given: float | None,
    expected: float,
    correct: bool,
    mode: ExerciseMode = "practice",
    duration_s: float = 0.0,
    now: datetime | None = None,
) -> ExerciseAttempt:
    """Save one graded attempt and move its kind's schedule on. Committed (durably) on return."""
    _check(kind, mode, seed, duration_s)
    with store.writing() as conn:
        row_id = insert_attempt(
            conn,
            kind=kind,
            seed=seed,
            answer=answer,
            given=given,
            expected=expected,
            correct=correct,
            mode=mode,
            duration_s=duration_s,
            moment=scheduling.utc(now),
        )
        row = conn.execute(f"SELECT {COLUMNS} FROM exercise_reviews WHERE id = ?", (row_id,)).fetchone()
    return attempt_from_row(row)


def record_grade(
    store: ProgressStore,
    grade: Grade,
    *,
    mode: ExerciseMode = "practice",
    duration_s: float = 0.0,
    now: datetime | None = None,
) -> ExerciseAttempt:
    """Save a graded answer (:class:`quiz.exercises.Grade`) as an attempt of its kind (see :func:`record_attempt`)."""
    return record_attempt(
        store,
        grade.exercise.kind,
        grade.exercise.seed,
        answer=grade.text,
        given=grade.given,
        expected=grade.answer,
        correct=grade.correct,
        mode=mode,
        duration_s=duration_s,
        now=now,
    )


def kind_states(store: ProgressStore) -> dict[str, KindState]:
    """Every kind's attempts, right answers, last attempt and schedule (a missing store: all new, none created)."""
    out: dict[str, KindState] = {kind: KindState(kind) for kind in KINDS}
    with store.reading() as conn:
        if conn is None:
            return out
        counts = {
            str(row[0]): (int(row[1]), int(row[2]))
            for row in conn.execute("SELECT kind, COUNT(*), SUM(correct) FROM exercise_reviews GROUP BY kind")
        }
        damaged: list[RowDamage] = []
        for kind in KINDS:
            if kind not in counts:
                continue
            last = _latest_usable(conn, kind, damaged)
            out[kind] = KindState(
                kind=kind,
                attempts=counts[kind][0],
                correct=counts[kind][1],
                last_correct=None if last is None else bool(last[0]),
                last_reviewed=None if last is None else datetime.fromisoformat(last[1]),
                state=None if last is None or last[2] is None else str(last[2]),
            )
    store.note_damage(damaged)
    return out


def next_kind(states: dict[str, KindState], now: datetime | None = None, among: Sequence[str] = KINDS) -> str:
    """The kind to practise next: the most overdue, then new kinds (in order), then the one due soonest."""
    moment = scheduling.utc(now)
    candidates = [states.get(kind, KindState(kind)) for kind in among]
    if not candidates:
        raise ProgressError("no exercise kind to choose from")
    overdue = sorted((s.due, i) for i, s in enumerate(candidates) if s.due is not None and s.due <= moment)
    if overdue:
        return candidates[overdue[0][1]].kind
    new = [s for s in candidates if s.is_new]
    if new:
        return new[0].kind
    soonest = min((s.due, i) for i, s in enumerate(candidates) if s.due is not None)
    return candidates[soonest[1]].kind


def due_order(states: dict[str, KindState], now: datetime | None = None) -> list[str]:
    """Every kind, the one to practise next first (see :func:`next_kind`)."""
    left: list[str] = list(KINDS)
    order = []
    while left:
        kind = next_kind(states, now, left)
        order.append(kind)
        left.remove(kind)
    return order


def attempts(store: ProgressStore, *, interview_id: int | None = None) -> list[ExerciseAttempt]:
    """Attempts in time order: all of them, or those of one mock interview (in question order). A damaged attempt
    (see ``exercise_damage``) is left out and named in the store's notices."""
    with store.reading() as conn:
        if conn is None:
            return []
        if interview_id is None:
            rows = conn.execute(f"SELECT {COLUMNS} FROM exercise_reviews ORDER BY reviewed_at, id").fetchall()
        else:
            rows = conn.execute(
                f"SELECT {COLUMNS} FROM exercise_reviews WHERE interview_id = ? ORDER BY position, id",
                (interview_id,),
            ).fetchall()
    damaged = [
        RowDamage("exercise_reviews", row[0], None, None, row[10], problems, kind=row[1])
        for row in rows
        if (problems := usable_problems(row[10], row[11]))
    ]
    store.note_damage(damaged)
    bad = {d.row_id for d in damaged}
    return [attempt_from_row(row) for row in rows if row[0] not in bad]
