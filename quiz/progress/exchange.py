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
                                     "timed_out": false, "time_s": 12.0}]}]}]}

``follow_ups`` (the follow-up questions of a mock interview) came with schema 5; a file without them imports as
before.

Import validates the whole file with pydantic first and stops at the first bad record, naming its index and field;
then it adds everything in one transaction, so an error imports nothing. Re-importing never double-counts: a review
whose (deck, card, reviewed_at, mode) is already stored is skipped, and so is an interview whose (deck,
started_at) is. CSV export (reviews only, state as a JSON column) is for spreadsheets; it is not imported.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal, cast

from fsrs import Card as FsrsCard
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, field_validator

from quiz.progress import scheduling
from quiz.progress.models import InterviewAnswer, Mode
from quiz.progress.rows import insert_answer, insert_interview, read_interviews
from quiz.progress.store import ProgressError, ProgressStore

FORMAT = "quiz-progress"
VERSION = 1
CSV_COLUMNS = ("deck", "card", "mode", "grade", "answer", "duration_s", "reviewed_at", "cram", "due", "state")


class ExchangeError(ProgressError):
    """The file cannot be imported; the message names the record and field. Nothing was imported."""


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


DeckId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
CardId = Annotated[int, Field(gt=0, strict=True)]
Grade = Annotated[int, Field(ge=1, le=4, strict=True)]
Seconds = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class ReviewRecord(_Record):
    deck: DeckId
    card: CardId
    mode: Mode
    grade: Grade
    answer: str = ""
    duration_s: Seconds = 0.0
    reviewed_at: AwareDatetime
    cram: bool = False
    state: dict[str, Any] | None = None

    @field_validator("state")
    @classmethod
    def _fsrs_state(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is None:
            return None
        try:
            canonical = cast(dict[str, Any], FsrsCard.from_dict(cast(Any, value)).to_dict())
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not an fsrs card state ({type(exc).__name__}: {exc})") from None
        return canonical


class ContradictionRecord(_Record):
    label: str
    said: str
    correction: str


class FollowUpRecord(_Record):
    key_point: str
    question: str
    answer: str = ""
    matched: bool = False
    timed_out: bool = False
    time_s: Seconds = 0.0


class AnswerRecord(_Record):
    position: Annotated[int, Field(ge=0, strict=True)]
    card: CardId
    answer: str = ""
    time_s: Seconds = 0.0
    timed_out: bool = False
    coverage: Annotated[float, Field(ge=0, le=1)] = 0.0
    matched: list[str] = Field(default_factory=list)
    missed: list[str] = Field(default_factory=list)
    self_grade: Grade | None = None
    contradicted: list[ContradictionRecord] = Field(default_factory=list)
    overrides: dict[str, bool] = Field(default_factory=dict)
    follow_ups: list[FollowUpRecord] = Field(default_factory=list)

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


class InterviewRecord(_Record):
    deck: DeckId
    started_at: AwareDatetime
    finished_at: AwareDatetime | None = None
    settings: dict[str, Any] = Field(default_factory=dict)
    score: float | None = None
    anchors: dict[str, Any] = Field(default_factory=dict)
    answers: list[AnswerRecord] = Field(default_factory=list)

    @field_validator("answers")
    @classmethod
    def _unique_positions(cls, value: list[AnswerRecord]) -> list[AnswerRecord]:
        positions = [a.position for a in value]
        if len(set(positions)) != len(positions):
            raise ValueError("answer positions must not repeat")
        return value


class ProgressFile(_Record):
    format: Literal["quiz-progress"]
    version: Literal[1]
    exported_at: AwareDatetime | None = None
    reviews: list[ReviewRecord] = Field(default_factory=list)
    interviews: list[InterviewRecord] = Field(default_factory=list)


@dataclass(frozen=True)
class ImportResult:
    reviews_added: int
    reviews_skipped: int
    interviews_added: int
    interviews_skipped: int

    def summary(self) -> str:
        return (
            f"imported {self.reviews_added} review(s) and {self.interviews_added} interview(s); "
            f"skipped {self.reviews_skipped} review(s) and {self.interviews_skipped} interview(s) already stored"
        )


# --- export ---------------------------------------------------------------------------------------------------


def export_data(store: ProgressStore, now: datetime | None = None) -> dict[str, Any]:
    """Everything in the store as the JSON document above (an empty document when there is no store)."""
    out: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": scheduling.iso(scheduling.utc(now)),
        "reviews": [],
        "interviews": [],
    }
    with store.reading() as conn:
        if conn is None:
            return out
        out["reviews"] = _reviews(conn)
        interviews = read_interviews(conn, None)
    out["interviews"] = [
        {
            "deck": i.deck,
            "started_at": scheduling.iso(i.started_at),
            "finished_at": scheduling.iso(i.finished_at) if i.finished_at else None,
            "settings": i.settings,
            "score": i.score,
            "anchors": i.anchors,
            "answers": [
                {
                    "position": a.position,
                    "card": a.card,
                    "answer": a.answer,
                    "time_s": a.time_s,
                    "timed_out": a.timed_out,
                    "coverage": a.coverage,
                    "matched": list(a.matched),
                    "missed": list(a.missed),
                    "self_grade": a.self_grade,
                    "contradicted": list(a.contradicted),
                    "overrides": a.overrides,
                    "follow_ups": list(a.follow_ups),
                }
                for a in i.answers
            ],
        }
        for i in interviews
    ]
    return out


def _reviews(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every review as its JSON record, in time order."""
    return [
        {
            "deck": row[0],
            "card": row[1],
            "mode": row[2],
            "grade": row[3],
            "answer": row[4],
            "duration_s": row[5],
            "reviewed_at": row[6],
            "cram": bool(row[7]),
            "state": json.loads(row[8]) if row[8] else None,
        }
        for row in conn.execute(
            "SELECT deck, card, mode, grade, answer, duration_s, reviewed_at, cram, state FROM reviews"
            " ORDER BY reviewed_at, id"
        )
    ]


def export_json(store: ProgressStore, now: datetime | None = None) -> str:
    return json.dumps(export_data(store, now), ensure_ascii=False, indent=1) + "\n"


def export_csv(store: ProgressStore) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    with store.reading() as conn:
        reviews = _reviews(conn) if conn is not None else []
    for r in reviews:
        state = r["state"]
        writer.writerow(
            [
                r["deck"],
                r["card"],
                r["mode"],
                r["grade"],
                r["answer"],
                r["duration_s"],
                r["reviewed_at"],
                int(r["cram"]),
                state["due"] if state else "",
                json.dumps(state) if state else "",
            ]
        )
    return buffer.getvalue()


# --- import ---------------------------------------------------------------------------------------------------


def _where(loc: tuple[int | str, ...]) -> str:
    """``('reviews', 3, 'grade')`` → ``reviews[3] (record 4): grade``."""
    if len(loc) >= 2 and loc[0] in ("reviews", "interviews") and isinstance(loc[1], int):
        head = f"{loc[0]}[{loc[1]}] (record {loc[1] + 1})"
        rest = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc[2:]).replace(".[", "[")
        return f"{head}: {rest}" if rest else head
    return ".".join(str(p) for p in loc)


def parse(raw: bytes, source: str) -> ProgressFile:
    """Validate an export file's bytes; :class:`ExchangeError` names the first problem."""
    text = raw.lstrip()
    if not text:
        raise ExchangeError(f"{source}: file is empty")
    if not text.startswith(b"{"):
        first_line = text.split(b"\n", 1)[0]
        hint = " (CSV exports are for spreadsheets; import reads the JSON export)" if b"deck," in first_line else ""
        raise ExchangeError(f"{source}: not a quiz-progress JSON export{hint}")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ExchangeError(f"{source}: not valid JSON: {exc}") from None
    if isinstance(data, dict) and data.get("format") != FORMAT:
        raise ExchangeError(f"{source}: format is {data.get('format')!r}, not {FORMAT!r}: not a quiz progress export")
    try:
        return ProgressFile.model_validate(data)
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
            json.dumps(r.state) if r.state is not None else None,
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
    return ImportResult(
        reviews_added=reviews_added,
        reviews_skipped=len(rows) - reviews_added,
        interviews_added=interviews_added,
        interviews_skipped=len(data.interviews) - interviews_added,
    )
