"""The progress store: every graded answer and mock interview, in SQLite at ``<data dir>/progress.db``.

Durability: WAL mode, ``synchronous=FULL``, a busy timeout, and one ``BEGIN IMMEDIATE`` transaction per write,
committed before the method returns. The file is created on the first write only; reading a missing store gives
empty results and creates nothing.

Faults of the file itself (damage, a full disk, a read-only folder, a file deleted while open) are handled by
:class:`~quiz.progress.store_file.StoreFile`. Damaged rows are skipped where they would break a schedule or a
figure, and named in the notices (``damage``).

A card's schedule is the fsrs state of its latest usable non-cram review, so undo (deleting a review) restores the
state before it. Reviews are scheduled for the desired retention saved in ``settings.json`` beside the store (the
data dir; :meth:`ProgressStore.desired_retention`). Every method takes an optional ``now`` for tests. The store is
safe to share between threads.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from quiz.progress import scheduling
from quiz.progress.damage import RowDamage, parse_moment, review_row_damage
from quiz.progress.errors import ProgressError, StoreVanished
from quiz.progress.models import MODES, CardState, Interview, InterviewAnswer, Mode, Review
from quiz.progress.rows import (
    REVIEW_COLUMNS,
    insert_answer,
    insert_interview,
    insert_review,
    last_review,
    latest_state,
    read_interviews,
    review_from_row,
)
from quiz.progress.store_file import BUSY_TIMEOUT_MS, StoreFile

FILENAME = "progress.db"

__all__ = ["BUSY_TIMEOUT_MS", "FILENAME", "ProgressError", "ProgressStore", "StoreVanished"]


def _check_grade(grade: int) -> None:
    if isinstance(grade, bool) or grade not in (1, 2, 3, 4):
        raise ProgressError(f"grade must be 1 (again), 2 (hard), 3 (good) or 4 (easy), not {grade!r}")


class ProgressStore(StoreFile):
    """``ProgressStore.in_dir(data_dir())``; use as a context manager or call :meth:`close`."""

    @classmethod
    def in_dir(cls, directory: str | Path) -> ProgressStore:
        return cls(Path(directory) / FILENAME)

    def desired_retention(self) -> float:
        """The recall fsrs schedules reviews for: the user's setting in ``settings.json`` beside the store (read at
        each write, so a change made in another terminal counts at once), else 0.9."""
        from quiz.settings import load_settings

        return load_settings(self.path.parent).desired_retention

    # --- reviews ------------------------------------------------------------------------------------------------

    def record_review(
        self,
        deck: str,
        card: int,
        grade: int,
        *,
        answer: str = "",
        duration_s: float = 0.0,
        mode: Mode = "drill",
        cram: bool = False,
        now: datetime | None = None,
    ) -> Review:
        """Save one graded answer and (unless ``cram``) move the card's fsrs schedule on. Committed on return."""
        _check_grade(grade)
        if mode not in MODES:
            raise ProgressError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        if cram and mode != "drill":
            raise ProgressError("only drill reviews can be cram reviews")
        moment = scheduling.utc(now)
        damaged: list[RowDamage] = []
        retention = self.desired_retention()
        with self.writing() as conn:
            review_id = insert_review(
                conn, deck, card, grade, answer, duration_s, mode, cram, moment, damaged, retention
            )
            row = conn.execute(f"SELECT {REVIEW_COLUMNS} FROM reviews WHERE id = ?", (review_id,)).fetchone()
        self.note_damage(damaged)
        return review_from_row(row)

    def undo_last(self, deck: str, review_id: int | None = None) -> Review | None:
        """Delete review ``review_id`` (default: the deck's most recently recorded one) and return it.

        The card's schedule goes back to what it was before that review. None if there was nothing to undo.
        """
        with self.reading() as conn:
            if conn is None:
                return None
        with self.writing() as conn:
            if review_id is None:
                sql = f"SELECT {REVIEW_COLUMNS} FROM reviews WHERE deck = ? ORDER BY id DESC LIMIT 1"
                row = conn.execute(sql, (deck,)).fetchone()
            else:
                sql = f"SELECT {REVIEW_COLUMNS} FROM reviews WHERE deck = ? AND id = ?"
                row = conn.execute(sql, (deck, review_id)).fetchone()
            if row is None:
                return None
            damage = review_row_damage(row)
            if damage is not None:
                raise ProgressError(f"cannot undo: {damage.describe()}")
            conn.execute("DELETE FROM reviews WHERE id = ?", (row[0],))
            conn.execute(
                "UPDATE interview_answers SET self_grade = NULL, review_id = NULL WHERE review_id = ?", (row[0],)
            )
        return review_from_row(row)

    def card_state(self, deck: str, card: int) -> CardState:
        return self.card_states(deck, [card])[card]

    def next_due(self, deck: str, cards: Sequence[int]) -> tuple[int, datetime] | None:
        """The card of ``cards`` due soonest and when (the lowest id among equals); ``None`` if none is scheduled."""
        dues = [(state.due, card) for card, state in self.card_states(deck, cards).items() if state.due is not None]
        if not dues:
            return None
        due, card = min(dues)
        return card, due

    def card_states(self, deck: str, cards: Sequence[int]) -> dict[int, CardState]:
        """Each card's review count, last grade and schedule; new cards get an empty :class:`CardState`."""
        out = {card: CardState(deck=deck, card=card) for card in cards}
        damaged: list[RowDamage] = []
        with self.reading() as conn:
            if conn is None:
                return out
            for card in cards:
                last = last_review(conn, deck, card, damaged)
                if last is None:
                    continue
                count = conn.execute(
                    "SELECT COUNT(*) FROM reviews WHERE deck = ? AND card = ?", (deck, card)
                ).fetchone()
                out[card] = CardState(
                    deck=deck,
                    card=card,
                    reviews=int(count[0]),
                    last_grade=last[0],
                    last_reviewed=parse_moment(last[1]),
                    state=latest_state(conn, deck, card, damaged),
                )
        self.note_damage(damaged)
        return out

    def due_cards(self, deck: str, cards: Sequence[int], now: datetime | None = None) -> list[int]:
        """The cards of ``cards`` due at ``now``: overdue ones first (earliest due first), then new ones in order."""
        moment = scheduling.utc(now)
        states = self.card_states(deck, cards)
        scheduled = [(s.due, c) for c, s in states.items() if s.due is not None and s.due <= moment]
        new = [c for c in cards if states[c].is_new]
        return [c for _due, c in sorted(scheduled)] + new

    def review_count(self, deck: str | None = None) -> int:
        with self.reading() as conn:
            if conn is None:
                return 0
            if deck is None:
                return int(conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0])
            return int(conn.execute("SELECT COUNT(*) FROM reviews WHERE deck = ?", (deck,)).fetchone()[0])

    def reviews(self, deck: str | None = None, card: int | None = None) -> list[Review]:
        """Reviews in time order (for a card's history; exports stream through ``exchange`` instead). Damaged rows
        are left out and named in the notices."""
        sql = f"SELECT {REVIEW_COLUMNS} FROM reviews WHERE (? IS NULL OR deck = ?) AND (? IS NULL OR card = ?)"
        with self.reading() as conn:
            if conn is None:
                return []
            rows = conn.execute(sql + " ORDER BY reviewed_at, id", (deck, deck, card, card)).fetchall()
        damage = [d for d in map(review_row_damage, rows) if d is not None]
        self.note_damage(damage)
        bad = {d.row_id for d in damage}
        return [review_from_row(row) for row in rows if row[0] not in bad]

    # --- mock interviews ----------------------------------------------------------------------------------------

    def record_interview(
        self,
        deck: str,
        answers: Sequence[InterviewAnswer],
        *,
        started_at: datetime,
        finished_at: datetime | None = None,
        settings: dict[str, Any] | None = None,
        score: float | None = None,
        anchors: dict[str, Any] | None = None,
        also: Callable[[sqlite3.Connection, int], None] | None = None,
    ) -> int:
        """Save a mock interview with its answers in one transaction; returns its id.

        An answer with a ``self_grade`` also feeds the scheduler as a ``mock`` review of its card. ``also`` is
        called inside the same transaction with the new interview's id (to save what belongs with it: the
        exercises it asked).
        """
        for a in answers:
            if a.self_grade is not None:
                _check_grade(a.self_grade)
        finished = finished_at or started_at
        damaged: list[RowDamage] = []
        retention = self.desired_retention()
        with self.writing() as conn:
            interview_id = insert_interview(conn, deck, started_at, finished_at, settings or {}, score, anchors or {})
            for a in answers:
                review_id = None
                if a.self_grade is not None:
                    review_id = insert_review(
                        conn,
                        deck,
                        a.card,
                        a.self_grade,
                        a.answer,
                        a.time_s,
                        "mock",
                        False,
                        scheduling.utc(finished),
                        damaged,
                        retention,
                    )
                insert_answer(conn, interview_id, a, review_id)
            if also is not None:
                also(conn, interview_id)
        self.note_damage(damaged)
        return interview_id

    def set_interview_self_grade(
        self, interview_id: int, position: int, grade: int, *, now: datetime | None = None
    ) -> Review:
        """Grade one interview answer 1–4 after the fact; the grade is recorded as a ``mock`` review (a second
        call replaces the first one's review)."""
        _check_grade(grade)
        damaged: list[RowDamage] = []
        retention = self.desired_retention()
        with self.writing() as conn:
            row = conn.execute(
                "SELECT i.deck, a.card, a.answer, a.time_s, a.review_id FROM interview_answers a"
                " JOIN interviews i ON i.id = a.interview_id WHERE a.interview_id = ? AND a.position = ?",
                (interview_id, position),
            ).fetchone()
            if row is None:
                raise ProgressError(f"interview {interview_id} has no question {position}")
            deck, card, answer, time_s, old_review = row
            if old_review is not None:
                conn.execute("DELETE FROM reviews WHERE id = ?", (old_review,))
            review_id = insert_review(
                conn, deck, card, grade, answer, time_s, "mock", False, scheduling.utc(now), damaged, retention
            )
            conn.execute(
                "UPDATE interview_answers SET self_grade = ?, review_id = ? WHERE interview_id = ? AND position = ?",
                (grade, review_id, interview_id, position),
            )
            out = conn.execute(f"SELECT {REVIEW_COLUMNS} FROM reviews WHERE id = ?", (review_id,)).fetchone()
        self.note_damage(damaged)
        return review_from_row(out)

    def set_interview_answer_score(
        self, interview_id: int, position: int, answer: InterviewAnswer, score: float
    ) -> None:
        """Store what the user's corrections of the scorer changed: one answer's coverage, matched, missed,
        contradicted and overrides, and the interview's ``score``, in one transaction."""
        with self.writing() as conn:
            cur = conn.execute(
                "UPDATE interview_answers SET coverage = ?, matched = ?, missed = ?, contradicted = ?, overrides = ?"
                " WHERE interview_id = ? AND position = ?",
                (
                    answer.coverage,
                    json.dumps(list(answer.matched)),
                    json.dumps(list(answer.missed)),
                    json.dumps(list(answer.contradicted)),
                    json.dumps(answer.overrides, sort_keys=True),
                    interview_id,
                    position,
                ),
            )
            if cur.rowcount != 1:
                raise ProgressError(f"interview {interview_id} has no question {position}")
            conn.execute("UPDATE interviews SET score = ? WHERE id = ?", (score, interview_id))

    def interviews(self, deck: str | None = None) -> list[Interview]:
        """Mock interviews, oldest first, with their answers; damaged ones are left out and named in the notices."""
        damaged: list[RowDamage] = []
        with self.reading() as conn:
            if conn is None:
                return []
            out = read_interviews(conn, deck, damaged)
        self.note_damage(damaged)
        return out

    def interview_count(self, deck: str | None = None) -> int:
        with self.reading() as conn:
            if conn is None:
                return 0
            row = conn.execute("SELECT COUNT(*) FROM interviews WHERE (? IS NULL OR deck = ?)", (deck, deck)).fetchone()
            return int(row[0])
