"""Looking at a store without changing it: the checks the store itself relies on, as findings for a user.

:func:`inspect_store` opens the file read-only (never migrating, checkpointing or moving anything) and reports, in
order: the file, its SQLite header, ``PRAGMA quick_check`` (``integrity_check`` with ``full=True``), the schema
version, and every damaged row (``damage``, ``exercise_damage``): reviews, mock interviews and their answers,
exercise attempts. It also counts each card's reviews and answers (:attr:`StoreReport.cards`). It is what
``quiz doctor`` prints (``quiz.doctor``); :attr:`StoreReport.proven_damage` is exactly what would make the store
move the file aside when it next opens it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from quiz.plural import counted
from quiz.progress import recovery
from quiz.progress.damage import RowDamage, decode_text, interview_rows, review_records
from quiz.progress.errors import explain, is_damage
from quiz.progress.exercise_damage import exercise_records
from quiz.progress.schema import LATEST_VERSION, ForeignDatabase, NewerDatabase, checked_version

Check = Literal["file", "header", "integrity", "schema", "rows"]


@dataclass(frozen=True)
class Finding:
    check: Check
    ok: bool
    detail: str
    damage: bool = False
    """True when this finding proves the file damaged (it would be moved aside)."""


@dataclass(frozen=True)
class CardUse:
    """What the store holds of one card: its reviews and its mock-interview answers."""

    reviews: int = 0
    answers: int = 0


@dataclass(frozen=True)
class StoreReport:
    path: Path
    findings: tuple[Finding, ...] = ()
    damaged_rows: tuple[RowDamage, ...] = field(default_factory=tuple)
    cards: Mapping[tuple[object, object], CardUse] = field(default_factory=dict)
    """(deck, card) → its reviews and interview answers, as stored (read when the rows were: at the latest schema).
    A doctor compares it with the deck: reviews of a card the deck no longer has."""

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings) and not self.damaged_rows

    @property
    def proven_damage(self) -> bool:
        return any(f.damage for f in self.findings)

    def lines(self) -> list[str]:
        """One line per finding, then one per damaged row."""
        out = [f"{'ok' if f.ok else 'PROBLEM'}  {f.check}: {f.detail}" for f in self.findings]
        out += [f"PROBLEM  row: {d.describe()}" for d in self.damaged_rows]
        return out


def inspect_store(path: str | os.PathLike[str], *, full: bool = False) -> StoreReport:
    """Check the store at ``path`` without changing it; ``full`` runs ``integrity_check`` instead of the quicker
    ``quick_check``."""
    path = Path(path)
    findings: list[Finding] = []
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return StoreReport(path, (Finding("file", True, "no store yet: nothing has been saved"),))
    except OSError as exc:
        return StoreReport(path, (Finding("file", False, f"cannot be read: {exc.strerror or exc}"),))
    findings.append(Finding("file", True, f"{size:,} bytes"))
    # With no -wal file there is no log to read and no writer at work: open it immutable, so that not even an
    # empty -wal or -shm is left beside it. With one, read it as SQLite must (the -shm may be created).
    immutable = not path.with_name(path.name + "-wal").exists()
    try:
        conn = sqlite3.connect(recovery.read_only_uri(path, immutable=immutable), uri=True, timeout=10.0)
    except sqlite3.Error as exc:
        findings.append(Finding("file", False, str(explain(path, exc, "read"))))
        return StoreReport(path, tuple(findings))
    conn.text_factory = decode_text
    try:
        return _inspect(path, conn, findings, full=full, immutable=immutable)
    finally:
        conn.close()


def _inspect(
    path: Path, conn: sqlite3.Connection, findings: list[Finding], *, full: bool, immutable: bool
) -> StoreReport:
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            reason = recovery.header_problem(path) or f"its SQLite header is damaged ({exc})"
            findings.append(Finding("header", False, reason, damage=True))
        else:
            findings.append(Finding("file", False, str(explain(path, exc, "read"))))
        return StoreReport(path, tuple(findings))
    findings.append(Finding("header", True, "a SQLite database"))
    name = "integrity_check" if full else "quick_check"
    try:
        problems = recovery.quick_check(path, full=full, immutable=immutable)
    except sqlite3.Error as exc:
        findings.append(Finding("integrity", False, f"{name} could not run: {explain(path, exc, 'check')}"))
        return StoreReport(path, tuple(findings))
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        findings.append(Finding("integrity", False, f"{name}: {problems[0]}{more}", damage=True))
        return StoreReport(path, tuple(findings))
    findings.append(Finding("integrity", True, f"{name}: ok"))
    try:
        version = checked_version(conn)
    except ForeignDatabase as exc:
        findings.append(Finding("schema", False, str(exc), damage=True))
        return StoreReport(path, tuple(findings))
    except NewerDatabase as exc:
        findings.append(Finding("schema", False, str(exc)))
        return StoreReport(path, tuple(findings))
    except sqlite3.Error as exc:
        findings.append(Finding("schema", False, str(explain(path, exc, "read"))))
        return StoreReport(path, tuple(findings))
    if version != LATEST_VERSION:
        detail = f"schema {version}: it is upgraded to {LATEST_VERSION} the next time quiz writes to it"
        findings.append(Finding("schema", True, detail))
        return StoreReport(path, tuple(findings))
    findings.append(Finding("schema", True, f"schema {version} (the latest)"))
    damaged: list[RowDamage] = []
    try:
        conn.execute("BEGIN")
        damaged += [d for _record, d in review_records(conn) if d is not None]
        damaged += [row.damage for row in interview_rows(conn, None) if row.damage is not None]
        damaged += [d for _record, d in exercise_records(conn) if d is not None]
        cards = _cards_used(conn)
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        findings.append(Finding("rows", False, f"could not be read: {explain(path, exc, 'read')}"))
        return StoreReport(path, tuple(findings))
    count = counted(len(damaged), "damaged row") if damaged else "no damaged rows"
    findings.append(Finding("rows", not damaged, count))
    return StoreReport(path, tuple(findings), tuple(damaged), cards)


def _cards_used(conn: sqlite3.Connection) -> dict[tuple[object, object], CardUse]:
    """How many reviews and mock-interview answers each (deck, card) has."""
    reviews = conn.execute("SELECT deck, card, COUNT(*) FROM reviews GROUP BY deck, card")
    out = {(deck, card): CardUse(reviews=n) for deck, card, n in reviews}
    answers = conn.execute(
        "SELECT i.deck, a.card, COUNT(*) FROM interview_answers a JOIN interviews i ON i.id = a.interview_id"
        " GROUP BY i.deck, a.card"
    )
    for deck, card, n in answers:
        out[(deck, card)] = CardUse(out.get((deck, card), CardUse()).reviews, n)
    return out
