"""Damaged rows: a stored value the program cannot use (a state that is not JSON, or that fsrs cannot schedule; a
time that does not parse; a text that is not UTF-8...). They come from hand edits, other tools, or imports made
before import checked every field.

A damaged row never locks the data in. Export writes every row as it is stored and flags the damaged fields
(``"damaged": {"state": "not valid JSON (...)"}``); scheduling and stats skip the damaged row, use the row before
it, and name it (:class:`RowDamage`) for the user. A row is damaged exactly when its export record would not import:
the check is the import's own models (``records``).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from quiz.progress.fsrs_state import EARLIEST, LATEST, state_problem

if TYPE_CHECKING:
    from quiz.progress.records import InterviewRecord, ReviewRecord


class UndecodableText(str):
    """A TEXT value that was not valid UTF-8, decoded with replacement characters (U+FFFD)."""

    __slots__ = ()


def decode_text(raw: bytes) -> str:
    """The connections' ``text_factory``: a value that is not UTF-8 reads as :class:`UndecodableText` instead of
    failing the whole query (SQLite's default), so such a row can still be exported and named."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return UndecodableText(raw.decode("utf-8", "replace"))


@dataclass(frozen=True)
class RowDamage:
    """One damaged row: where it is, and what is wrong with which field."""

    table: str
    row_id: int
    deck: object
    card: object | None
    when: object
    fields: dict[str, str] = field(default_factory=dict)
    kind: object | None = None
    """An exercise attempt's kind (``fan``, ``scale``…): it has no deck or card."""

    def describe(self) -> str:
        """One line naming the row (its stored values shown with control characters escaped) and its problems."""
        what = _ROW_KINDS.get(self.table, self.table)
        where = [] if self.deck is None else [f"deck {_shown(self.deck)}"]
        if self.card is not None:
            where.append(f"card {_shown(self.card)}")
        if self.kind is not None:
            where.append(f"kind {_shown(self.kind)}")
        where.append(_shown(self.when))
        problems = "; ".join(f"{name}: {why}" for name, why in self.fields.items())
        return f"{what} #{self.row_id} ({', '.join(where)}) is damaged: {problems}"


_ROW_KINDS = {"reviews": "review", "interviews": "mock interview", "exercise_reviews": "exercise attempt"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _shown(value: object) -> str:
    """A stored value for a message: a damaged one may hold anything, and must not drive the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))[:80]


def parse_moment(text: object) -> datetime | None:
    """A stored time, or None if it is not an aware ISO 8601 time in the range the store accepts."""
    if not isinstance(text, str) or isinstance(text, UndecodableText):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        return None
    try:
        return moment if EARLIEST <= moment < LATEST else None
    except OverflowError:
        return None


def _json_value(text: object) -> tuple[Any, str | None]:
    """A JSON column's value (``text`` itself when it does not parse) and what is wrong with it."""
    if text is None:
        return None, None
    if not isinstance(text, str):
        return text, f"not JSON text (a stored {type(text).__name__})"
    try:
        return json.loads(text), None
    except RecursionError:
        return text, "not valid JSON (nested too deeply)"
    except ValueError as exc:
        return text, f"not valid JSON ({exc})"


def _text_problems(record: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in record.items():
        if isinstance(value, UndecodableText):
            out[prefix + name] = "not valid UTF-8 text (exported with replacement characters)"
    return out


def _problem(loc: Sequence[int | str], msg: str) -> tuple[str, str]:
    """A validation error at ``loc`` (inside one record) as (field, message): ``answers[2].matched``; the inner
    field of a state goes in the message, the state being one column of the row."""
    parts = [f"[{p}]" if isinstance(p, int) else str(p) for p in loc]
    msg = msg.removeprefix("Value error, ")
    if not parts:
        return "record", msg
    if parts[0] == "state":
        return "state", f"{'.'.join(parts[1:])}: {msg}" if len(parts) > 1 else msg
    return ".".join(parts[:3]).replace(".[", "["), msg


def _record_problems(exc: ValidationError) -> dict[str, str]:
    out: dict[str, str] = {}
    for err in exc.errors(include_url=False):
        name, msg = _problem(err["loc"], str(err.get("msg", "invalid")))
        out.setdefault(name, msg)
    return out


def _problems_by_index(exc: ValidationError) -> dict[int, dict[str, str]]:
    """The errors of a list validation, by index, then field."""
    out: dict[int, dict[str, str]] = {}
    for err in exc.errors(include_url=False):
        loc = err["loc"]
        if loc and isinstance(loc[0], int):
            name, msg = _problem(loc[1:], str(err.get("msg", "invalid")))
            out.setdefault(loc[0], {}).setdefault(name, msg)
    return out


# --- reviews ----------------------------------------------------------------------------------------------------

BAD_TIME = "not an ISO 8601 time with a UTC offset, between 1970 and 9000"
REVIEW_SQL = (
    "SELECT id, deck, card, mode, grade, answer, duration_s, reviewed_at, cram, state FROM reviews"
    " ORDER BY reviewed_at, id"
)


@cache
def _reviews_adapter() -> TypeAdapter[list[ReviewRecord]]:
    """The import's review model, over a list (built on first use: stats and drills never need it)."""
    from quiz.progress.records import ReviewRecord

    return TypeAdapter(list[ReviewRecord])


_CHUNK = 5000


def _review_record(row: Sequence[Any]) -> tuple[dict[str, Any], dict[str, str]]:
    state, state_error = _json_value(row[9])
    record = {
        "deck": row[1],
        "card": row[2],
        "mode": row[3],
        "grade": row[4],
        "answer": row[5],
        "duration_s": row[6],
        "reviewed_at": row[7],
        "cram": bool(row[8]) if row[8] in (0, 1) else row[8],
        "state": state,
    }
    problems = _text_problems(record)
    if state_error:
        problems["state"] = state_error
    return record, problems


def review_records(conn: sqlite3.Connection) -> Iterator[tuple[dict[str, Any], RowDamage | None]]:
    """Every review as its export record (values as stored), in time order, each with its damage (or None)."""
    return checked_records(
        conn.execute(REVIEW_SQL),
        _review_record,
        _reviews_adapter(),
        lambda row, found: RowDamage("reviews", row[0], row[1], row[2], row[7], found),
    )


def checked_records(
    cursor: sqlite3.Cursor,
    build: Callable[[Sequence[Any]], tuple[dict[str, Any], dict[str, str]]],
    adapter: TypeAdapter[Any],
    damage: Callable[[Sequence[Any], dict[str, str]], RowDamage],
) -> Iterator[tuple[dict[str, Any], RowDamage | None]]:
    """The cursor's rows, each built into its export record (with what was found wrong while building it) and
    checked, a chunk at a time, by ``adapter`` (the import's model over a list): each record with its damage."""
    while rows := cursor.fetchmany(_CHUNK):
        built = [build(row) for row in rows]
        try:
            adapter.validate_python([record for record, _ in built])
            invalid: dict[int, dict[str, str]] = {}
        except ValidationError as exc:
            invalid = _problems_by_index(exc)
        for i, (row, (record, problems)) in enumerate(zip(rows, built, strict=True)):
            found = {**invalid.get(i, {}), **problems}
            yield record, (damage(row, found) if found else None)


def review_row_damage(row: Sequence[Any]) -> RowDamage | None:
    """What makes a review row (``rows.REVIEW_COLUMNS``) unusable as a :class:`~quiz.progress.models.Review`:
    its time, its state (when it has one) or a text that is not UTF-8."""
    problems = _text_problems({"answer": row[5], "deck": row[1]})
    if parse_moment(row[7]) is None:
        problems["reviewed_at"] = BAD_TIME
    state_error = state_problem(row[9]) if isinstance(row[9], str | None) else "not JSON text"
    if state_error:
        problems["state"] = state_error
    return RowDamage("reviews", row[0], row[1], row[2], row[7], problems) if problems else None


def usable_review(
    conn: sqlite3.Connection, deck: str, card: int, *, scheduled_only: bool, damaged: list[RowDamage] | None
) -> tuple[int, str, str | None] | None:
    """(grade, reviewed_at, state) of the card's latest review whose time and state can be used (non-cram only when
    ``scheduled_only``); None when it has none. Damaged rows on the way are skipped and added to ``damaged``."""
    sql = (
        "SELECT id, grade, reviewed_at, state FROM reviews WHERE deck = ? AND card = ?"
        + (" AND cram = 0" if scheduled_only else "")
        + " ORDER BY reviewed_at DESC, id DESC"
    )
    cursor = conn.execute(sql, (deck, card))
    while (row := cursor.fetchone()) is not None:
        problems: dict[str, str] = {}
        if parse_moment(row[2]) is None:
            problems["reviewed_at"] = BAD_TIME
        if scheduled_only:
            state_error = state_problem(row[3]) if isinstance(row[3], str | None) else "not JSON text"
            if state_error:
                problems["state"] = state_error
        if not problems:
            cursor.close()
            return int(row[1]), str(row[2]), None if row[3] is None else str(row[3])
        if damaged is not None:
            damaged.append(RowDamage("reviews", row[0], deck, card, row[2], problems))
    return None


# --- interviews -------------------------------------------------------------------------------------------------

INTERVIEW_SQL = (
    "SELECT id, deck, started_at, finished_at, settings, score, anchors FROM interviews"
    " WHERE (? IS NULL OR deck = ?) ORDER BY started_at, id"
)
ANSWER_SQL = (
    "SELECT interview_id, position, card, answer, time_s, timed_out, coverage, matched, missed, self_grade,"
    " contradicted, overrides, follow_ups FROM interview_answers ORDER BY interview_id, position"
)


@dataclass(frozen=True)
class InterviewRow:
    """One stored interview: its id, its export record (values as stored), the validated record when it is not
    damaged, and its damage otherwise."""

    id: int
    record: dict[str, Any]
    valid: InterviewRecord | None
    damage: RowDamage | None


def _interview_model() -> type[InterviewRecord]:
    from quiz.progress.records import InterviewRecord

    return InterviewRecord


def _answer_record(row: Sequence[Any], problems: dict[str, str], index: int) -> dict[str, Any]:
    matched, matched_error = _json_value(row[7])
    missed, missed_error = _json_value(row[8])
    contradicted, contradicted_error = _json_value(row[10])
    overrides, overrides_error = _json_value(row[11])
    follow_ups, follow_ups_error = _json_value(row[12])
    record = {
        "position": row[1],
        "card": row[2],
        "answer": row[3],
        "time_s": row[4],
        "timed_out": bool(row[5]) if row[5] in (0, 1) else row[5],
        "coverage": row[6],
        "matched": matched,
        "missed": missed,
        "self_grade": row[9],
        "contradicted": contradicted,
        "overrides": overrides,
        "follow_ups": follow_ups,
    }
    problems.update(_text_problems(record, f"answers[{index}]."))
    json_errors = (
        ("matched", matched_error),
        ("missed", missed_error),
        ("contradicted", contradicted_error),
        ("overrides", overrides_error),
        ("follow_ups", follow_ups_error),
    )
    for name, error in json_errors:
        if error:
            problems[f"answers[{index}].{name}"] = error
    return record


def interview_rows(conn: sqlite3.Connection, deck: str | None) -> list[InterviewRow]:
    """Every interview (of ``deck``, or all), oldest first, with its answers, each checked."""
    rows = conn.execute(INTERVIEW_SQL, (deck, deck)).fetchall()
    answers: dict[int, list[Sequence[Any]]] = {row[0]: [] for row in rows}
    for a in conn.execute(ANSWER_SQL):
        if a[0] in answers:
            answers[a[0]].append(a)
    out: list[InterviewRow] = []
    for row in rows:
        settings, settings_error = _json_value(row[4])
        anchors, anchors_error = _json_value(row[6])
        record: dict[str, Any] = {
            "deck": row[1],
            "started_at": row[2],
            "finished_at": row[3],
            "settings": settings,
            "score": row[5],
            "anchors": anchors,
        }
        problems = _text_problems(record)
        for name, error in (("settings", settings_error), ("anchors", anchors_error)):
            if error:
                problems[name] = error
        record["answers"] = [_answer_record(a, problems, i) for i, a in enumerate(answers[row[0]])]
        valid: InterviewRecord | None = None
        try:
            valid = _interview_model().model_validate(record)
        except ValidationError as exc:
            for name, msg in _record_problems(exc).items():
                problems.setdefault(name, msg)
        if problems:
            valid = None
        damage = RowDamage("interviews", row[0], row[1], None, row[2], problems) if problems else None
        out.append(InterviewRow(row[0], record, valid, damage))
    return out
