"""Export and import of the whole progress store.

JSON (``quiz export --format json``), the only format ``import`` reads::

    {"format": "quiz-progress", "version": 1, "exported_at": "2026-11-29T02:00:00.000000+00:00",
     "reviews": [{"deck": "weight-initialization", "card": 3, "mode": "drill", "grade": 3, "answer": "...",
                  "duration_s": 12.5, "reviewed_at": "2026-11-28T20:14:03.120000+00:00", "cram": false,
                  "state": {...fsrs Card as a dict, or null...}}, ...],
     "interviews": [{"deck": ..., "started_at": ..., "finished_at": ..., "settings": {...}, "score": 0.6,
                     "anchors": {...}, "answers": [{"position": 0, "card": 5, "answer": "...", "time_s": 41.0,
                     "timed_out": false, "coverage": 0.5, "matched": [...], "missed": [...], "self_grade": 3,
                     "contradicted": [{"label": ..., "said": ..., "correction": ...}], "overrides": {...},
                     "follow_ups": [{"key_point": ..., "question": ..., "answer": ..., "matched": false,
                                     "timed_out": false, "time_s": 12.0}]}]}],
     "exercises": [{"kind": "scale", "seed": 48213, "mode": "practice", "answer": "sqrt(2/576)",
                    "given": 0.0589, "expected": 0.0589, "correct": true, "grade": 3, "duration_s": 20.0,
                    "timed_out": false, "reviewed_at": "...", "state": {...fsrs Card of the kind...},
                    "interview": null, "position": null}]}

``follow_ups`` (the follow-up questions asked after a mock interview's answer) came with schema 6; a file without
them imports as before.

``exercises`` (graded exercise attempts, :mod:`quiz.progress.exercises`) is optional: files written before it
existed import as they always did. An attempt made in a mock interview names it by ``{"deck", "started_at"}``
(the interview must be in the same file or already stored) and its ``position`` in it.

Import validates the whole file with pydantic first (``records``: every field bounded, every fsrs state one fsrs can
schedule) and stops at the first bad record, naming its index and field; then it adds everything in one
transaction, so an error imports nothing. The file may be UTF-8 (with or without a BOM), UTF-16 or UTF-32, as
editors and PowerShell write them; JSON nested too deeply is refused with a message, not a crash.

Re-importing never double-counts: a review whose (deck, card, reviewed_at, mode) is already stored is skipped, and so
is an interview whose (deck, started_at) is, and an exercise attempt whose (kind, seed, reviewed_at, mode) is. CSV
export (reviews only, state as a JSON column) is for spreadsheets; it is not imported.

Export never fails on a damaged row (``damage``): the row is written as stored, and the record gets
``"damaged": {field: what is wrong}`` (CSV: a ``damaged`` column). Such a record does not import until repaired.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from quiz.plural import counted
from quiz.progress import scheduling
from quiz.progress.damage import RowDamage, interview_rows, review_records
from quiz.progress.exercise_exchange import export_attempts, import_attempts
from quiz.progress.records import ProgressFile
from quiz.progress.rows import insert_answer, insert_interview
from quiz.progress.store import ProgressError, ProgressStore

FORMAT = "quiz-progress"
VERSION = 1
CSV_COLUMNS = (
    "deck",
    "card",
    "mode",
    "grade",
    "answer",
    "duration_s",
    "reviewed_at",
    "cram",
    "due",
    "state",
    "damaged",
)


class ExchangeError(ProgressError):
    """The file cannot be imported; the message names the record and field. Nothing was imported."""


@dataclass(frozen=True)
class ImportResult:
    reviews_added: int
    reviews_skipped: int
    interviews_added: int
    interviews_skipped: int
    exercises_added: int = 0
    exercises_skipped: int = 0

    def summary(self) -> str:
        text = (
            f"imported {counted(self.reviews_added, 'review')} and {counted(self.interviews_added, 'interview')}; "
            f"skipped {counted(self.reviews_skipped, 'review')} and "
            f"{counted(self.interviews_skipped, 'interview')} already stored"
        )
        if self.exercises_added or self.exercises_skipped:
            text += (
                f"; exercises: {counted(self.exercises_added, 'attempt')} imported, "
                f"{self.exercises_skipped} already stored"
            )
        return text


# --- export ---------------------------------------------------------------------------------------------------


@dataclass
class Export:
    """An export's document, and the damaged rows it holds (written as stored, flagged)."""

    document: dict[str, Any]
    damaged: list[RowDamage]


def export(store: ProgressStore, now: datetime | None = None) -> Export:
    """Everything in the store as the JSON document above (an empty document when there is no store).

    Never fails on a damaged row: it is exported as stored, with ``"damaged"`` naming its bad fields."""
    out: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": scheduling.iso(scheduling.utc(now)),
        "reviews": [],
        "interviews": [],
        "exercises": [],
    }
    damaged: list[RowDamage] = []
    with store.reading() as conn:
        if conn is None:
            return Export(out, damaged)
        out["reviews"] = list(_flagged(review_records(conn), damaged))
        out["interviews"] = list(_flagged(((row.record, row.damage) for row in interview_rows(conn, None)), damaged))
        out["exercises"] = export_attempts(conn, damaged)
    return Export(out, damaged)


def _flagged(
    records: Iterator[tuple[dict[str, Any], RowDamage | None]], damaged: list[RowDamage]
) -> Iterator[dict[str, Any]]:
    for record, damage in records:
        if damage is not None:
            damaged.append(damage)
            record = {**record, "damaged": damage.fields}
        yield record


def export_data(store: ProgressStore, now: datetime | None = None) -> dict[str, Any]:
    """The JSON document of :func:`export`."""
    return export(store, now).document


def export_json(store: ProgressStore, now: datetime | None = None) -> str:
    return document_json(export_data(store, now))


def document_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def export_csv(store: ProgressStore) -> str:
    return csv_text(export(store).document)


def csv_text(document: dict[str, Any]) -> str:
    """The reviews of an export document as CSV (``state`` as its JSON; ``damaged`` names a damaged row's fields)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in document["reviews"]:
        state = r["state"]
        damaged = r.get("damaged") or {}
        due = state.get("due", "") if isinstance(state, dict) and "state" not in damaged else ""
        writer.writerow(
            [
                r["deck"],
                r["card"],
                r["mode"],
                r["grade"],
                r["answer"],
                r["duration_s"],
                r["reviewed_at"],
                int(r["cram"]) if isinstance(r["cram"], bool) else r["cram"],
                due,
                (json.dumps(state) if not isinstance(state, str) else state) if state is not None else "",
                "; ".join(f"{name}: {why}" for name, why in damaged.items()),
            ]
        )
    return buffer.getvalue()


# --- import ---------------------------------------------------------------------------------------------------


def _where(loc: tuple[int | str, ...]) -> str:
    """``('reviews', 3, 'grade')`` → ``reviews[3] (record 4): grade``."""
    if len(loc) >= 2 and loc[0] in ("reviews", "interviews", "exercises") and isinstance(loc[1], int):
        head = f"{loc[0]}[{loc[1]}] (record {loc[1] + 1})"
        rest = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc[2:]).replace(".[", "[")
        return f"{head}: {rest}" if rest else head
    return ".".join(str(p) for p in loc)


def _text(raw: bytes, source: str) -> str:
    """The file's text: UTF-8 (a BOM allowed), UTF-16 or UTF-32 (told apart as JSON allows, BOM or not)."""
    encoding = json.detect_encoding(raw)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        name = encoding.removesuffix("-sig").upper()
        raise ExchangeError(f"{source}: not valid {name} text (byte {exc.start}: {exc.reason})") from None
    return text.removeprefix("\ufeff")


def parse(raw: bytes, source: str) -> ProgressFile:
    """Validate an export file's bytes; :class:`ExchangeError` names the first problem."""
    text = _text(raw, source)
    stripped = text.lstrip()
    if not stripped:
        raise ExchangeError(f"{source}: file is empty")
    if not stripped.startswith("{"):
        first_line = stripped.split("\n", 1)[0]
        hint = " (CSV exports are for spreadsheets; import reads the JSON export)" if "deck," in first_line else ""
        raise ExchangeError(f"{source}: not a quiz-progress JSON export{hint}")
    try:
        data = json.loads(text)
    except RecursionError:
        raise ExchangeError(f"{source}: not a quiz-progress JSON export: it is nested far too deeply") from None
    except ValueError as exc:
        raise ExchangeError(f"{source}: not valid JSON: {exc}") from None
    if isinstance(data, dict) and data.get("format") != FORMAT:
        format_name = data.get("format")
        shown = repr(format_name) if isinstance(format_name, str | int | float | None) else "not a string"
        raise ExchangeError(f"{source}: format is {shown[:80]}, not {FORMAT!r}: not a quiz progress export")
    try:
        return ProgressFile.model_validate(data)
    except RecursionError:
        raise ExchangeError(f"{source}: a value is nested far too deeply") from None
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        where = _where(tuple(err["loc"]))
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        if err.get("type") == "extra_forbidden":
            msg = "unknown field (not part of the quiz-progress format)"
        raise ExchangeError(f"{source}: {where}: {msg}" if where else f"{source}: {msg}") from None


def import_file(store: ProgressStore, path: str | Path) -> ImportResult:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ExchangeError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ExchangeError(f"{path}: is a directory, not an export file") from None
    except OSError as exc:
        raise ExchangeError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return import_data(store, parse(raw, str(path)))


def import_data(store: ProgressStore, data: ProgressFile) -> ImportResult:
    """Add ``data`` to the store in one transaction, skipping what is already there."""
    rows = [
        (
            r.deck,
            r.card,
            r.mode,
            r.grade,
            r.answer,
            r.duration_s,
            scheduling.iso(r.reviewed_at),
            int(r.cram),
            r.state.to_json() if r.state is not None else None,
        )
        for r in data.reviews
    ]
    interviews_added = 0
    with store.writing() as conn:
        cur = conn.executemany(
            "INSERT INTO reviews (deck, card, mode, grade, answer, duration_s, reviewed_at, cram, state)"
            " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9 WHERE NOT EXISTS (SELECT 1 FROM reviews"
            " WHERE deck = ?1 AND card = ?2 AND reviewed_at = ?7 AND mode = ?3)",
            rows,
        )
        reviews_added = max(0, cur.rowcount)  # rows inserted (the triggers' own changes not counted)
        for i in data.interviews:
            started = scheduling.iso(i.started_at)
            if conn.execute("SELECT 1 FROM interviews WHERE deck = ? AND started_at = ?", (i.deck, started)).fetchone():
                continue
            interview_id = insert_interview(conn, i.deck, i.started_at, i.finished_at, i.settings, i.score, i.anchors)
            for a in i.answers:
                # The self-grade is kept, but not linked to a review: the reviews came in on their own above.
                insert_answer(conn, interview_id, a.to_answer(), None)
            interviews_added += 1
        exercises_added = import_attempts(conn, data.exercises)
    return ImportResult(
        reviews_added=reviews_added,
        reviews_skipped=len(rows) - reviews_added,
        interviews_added=interviews_added,
        interviews_skipped=len(data.interviews) - interviews_added,
        exercises_added=exercises_added,
        exercises_skipped=len(data.exercises) - exercises_added,
    )
