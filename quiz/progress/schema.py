"""The progress database schema: versions in ``PRAGMA user_version`` and the migrations between them.

Version 1 holds reviews only; version 2 adds mock interviews; version 3 adds per-day counts kept by triggers;
version 4 adds, per interview answer, the contradictions the scorer heard and the user's corrections of the scorer;
version 5 adds graded exercises; version 6 adds, per interview answer, the follow-up questions asked after it.
A new file runs every migration from version 0, so an old file and a new file end up with the same schema.
Never edit a released migration: add the next one.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import time

# MIGRATIONS[i] takes a database from version i to version i + 1.
MIGRATIONS: tuple[str, ...] = (
    # v0 -> v1: reviews. `state` is the fsrs Card JSON after the review (for a cram review: the state it left
    # unchanged, NULL for a card never scheduled). The current schedule of a card is the state of its latest
    # non-cram review, so deleting a review (undo) restores the state before it without storing it twice.
    """
    CREATE TABLE reviews (
        id          INTEGER PRIMARY KEY,
        deck        TEXT    NOT NULL,
        card        INTEGER NOT NULL,
        mode        TEXT    NOT NULL CHECK (mode IN ('drill', 'mock')),
        grade       INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 4),
        answer      TEXT    NOT NULL DEFAULT '',
        duration_s  REAL    NOT NULL DEFAULT 0 CHECK (duration_s >= 0),
        reviewed_at TEXT    NOT NULL,
        cram        INTEGER NOT NULL DEFAULT 0 CHECK (cram IN (0, 1)),
        state       TEXT
    );
    CREATE INDEX reviews_by_card ON reviews (deck, card, reviewed_at, grade);
    """,
    # v1 -> v2: mock interviews and their answers. `review_id` links a self-graded answer to the `mock` review
    # it fed to the scheduler (NULL when not graded, or after an import).
    """
    CREATE TABLE interviews (
        id          INTEGER PRIMARY KEY,
        deck        TEXT NOT NULL,
        started_at  TEXT NOT NULL,
        finished_at TEXT,
        settings    TEXT NOT NULL DEFAULT '{}',
        score       REAL,
        anchors     TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX interviews_by_deck ON interviews (deck, started_at);
    CREATE TABLE interview_answers (
        interview_id INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
        position     INTEGER NOT NULL,
        card         INTEGER NOT NULL,
        answer       TEXT    NOT NULL DEFAULT '',
        time_s       REAL    NOT NULL DEFAULT 0,
        timed_out    INTEGER NOT NULL DEFAULT 0 CHECK (timed_out IN (0, 1)),
        coverage     REAL    NOT NULL DEFAULT 0,
        matched      TEXT    NOT NULL DEFAULT '[]',
        missed       TEXT    NOT NULL DEFAULT '[]',
        self_grade   INTEGER CHECK (self_grade IS NULL OR self_grade BETWEEN 1 AND 4),
        review_id    INTEGER,
        PRIMARY KEY (interview_id, position)
    );
    """,
    # v2 -> v3: per-day, per-card counts kept by triggers, so stats read a few thousand rows, not every review.
    # Filled from the existing reviews; the triggers keep it exact through inserts, imports and undo.
    """
    CREATE TABLE review_days (
        deck     TEXT    NOT NULL,
        day      TEXT    NOT NULL,
        card     INTEGER NOT NULL,
        reviews  INTEGER NOT NULL,
        recalled INTEGER NOT NULL,
        PRIMARY KEY (deck, day, card)
    ) WITHOUT ROWID;
    INSERT INTO review_days (deck, day, card, reviews, recalled)
        SELECT deck, substr(reviewed_at, 1, 10), card, COUNT(*), SUM(grade > 1) FROM reviews
        GROUP BY deck, substr(reviewed_at, 1, 10), card;
    CREATE TRIGGER review_days_insert AFTER INSERT ON reviews BEGIN
        INSERT INTO review_days (deck, day, card, reviews, recalled)
            VALUES (NEW.deck, substr(NEW.reviewed_at, 1, 10), NEW.card, 1, NEW.grade > 1)
            ON CONFLICT (deck, day, card) DO UPDATE
            SET reviews = reviews + 1, recalled = recalled + excluded.recalled;
    END;
    CREATE TRIGGER review_days_delete AFTER DELETE ON reviews BEGIN
        UPDATE review_days SET reviews = reviews - 1, recalled = recalled - (OLD.grade > 1)
            WHERE deck = OLD.deck AND day = substr(OLD.reviewed_at, 1, 10) AND card = OLD.card;
        DELETE FROM review_days
            WHERE deck = OLD.deck AND day = substr(OLD.reviewed_at, 1, 10) AND card = OLD.card AND reviews <= 0;
    END;
    """,
    # v3 -> v4: per interview answer, the contradictions heard (JSON list of {label, said, correction}) and the
    # user's corrections of the scorer (JSON object: key point label -> heard). Older answers have neither.
    """
    ALTER TABLE interview_answers ADD COLUMN contradicted TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE interview_answers ADD COLUMN overrides TEXT NOT NULL DEFAULT '{}';
    """,
    # v4 -> v5: graded exercises (quiz.exercises). Each kind is one fsrs item: `state` is the kind's fsrs Card
    # JSON after the attempt, so a kind's schedule is the state of its latest attempt. `given` is the value typed
    # (NULL when nothing readable was, e.g. a mock question that timed out); `expected` the computed answer. An
    # attempt made inside a mock interview names it (`interview_id`, `position`).
    """
    CREATE TABLE exercise_reviews (
        id           INTEGER PRIMARY KEY,
        kind         TEXT    NOT NULL,
        seed         INTEGER NOT NULL CHECK (seed >= 0),
        mode         TEXT    NOT NULL CHECK (mode IN ('practice', 'mock')),
        answer       TEXT    NOT NULL DEFAULT '',
        given        REAL,
        expected     REAL    NOT NULL,
        correct      INTEGER NOT NULL CHECK (correct IN (0, 1)),
        grade        INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 4),
        duration_s   REAL    NOT NULL DEFAULT 0 CHECK (duration_s >= 0),
        timed_out    INTEGER NOT NULL DEFAULT 0 CHECK (timed_out IN (0, 1)),
        reviewed_at  TEXT    NOT NULL,
        state        TEXT,
        interview_id INTEGER REFERENCES interviews (id) ON DELETE SET NULL,
        position     INTEGER
    );
    CREATE INDEX exercise_reviews_by_kind ON exercise_reviews (kind, reviewed_at);
    CREATE INDEX exercise_reviews_by_interview ON exercise_reviews (interview_id, position);
    """,
    # v5 -> v6: per interview answer, the follow-up questions asked after it (JSON list of {key_point, question,
    # answer, matched, timed_out, time_s}). Older answers had none.
    """
    ALTER TABLE interview_answers ADD COLUMN follow_ups TEXT NOT NULL DEFAULT '[]';
    """,
)

LATEST_VERSION = len(MIGRATIONS)


def _tables_created(script: str) -> frozenset[str]:
    return frozenset(re.findall(r"CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)", script, re.IGNORECASE))


# Tables each version has, read off the migrations themselves (so a new migration needs no entry here). A file at
# version N without them is not ours; a file at version N with a table of a later version is not consistent.
TABLES_AT: dict[int, frozenset[str]] = {
    version: frozenset().union(*(_tables_created(m) for m in MIGRATIONS[:version]))
    for version in range(LATEST_VERSION + 1)
}


class ForeignDatabase(Exception):
    """The file is a SQLite database, but not a quiz progress store (or not a consistent one): it may be moved
    aside. The message says why, in words for the user."""


class NewerDatabase(Exception):
    """The file is a quiz progress store written by a newer version of quiz: healthy, so never moved aside, but
    this version cannot use it."""


def check_compatible(conn: sqlite3.Connection) -> int:
    """The file's schema version; :class:`ForeignDatabase` if it is not ours, :class:`NewerDatabase` if it is newer
    than this program.

    Reads the version and the table list: call it inside one transaction (``BEGIN``), so that both come from the
    same snapshot, never from either side of another process's migration. Raises :class:`sqlite3.DatabaseError`
    for a file that is not a SQLite database at all.
    """
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    tables = {t for t in tables if not t.startswith("sqlite_")}
    if version < 0:
        raise ForeignDatabase(f"its schema version is {version}, which no version of quiz ever wrote")
    if version > LATEST_VERSION:
        raise NewerDatabase(
            f"it was written by a newer version of quiz (schema {version}; this one knows up to {LATEST_VERSION})"
        )
    ours = TABLES_AT[LATEST_VERSION]
    if version == 0:
        if tables - ours:
            raise ForeignDatabase(f"it is a SQLite database with other tables ({', '.join(sorted(tables))})")
        if tables:
            raise ForeignDatabase(
                f"it says schema 0 (empty) but already has the table(s) {', '.join(sorted(tables))} of a later schema"
            )
        return 0
    missing = TABLES_AT[version] - tables
    if missing:
        raise ForeignDatabase(f"it says schema {version} but lacks the table(s) {', '.join(sorted(missing))}")
    early = (tables & ours) - TABLES_AT[version]
    if early:
        raise ForeignDatabase(
            f"it says schema {version} but already has the table(s) {', '.join(sorted(early))} of a later schema"
        )
    return version


def statements(script: str) -> list[str]:
    """Split a script into whole statements (a trigger's body keeps its inner semicolons).

    ``executescript`` would commit first, breaking the one-transaction migration.
    """
    out: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            out.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        out.append(buffer.strip())
    return out


def migrate(conn: sqlite3.Connection, target: int = LATEST_VERSION) -> int:
    """Bring the database up to ``target`` in one transaction; returns the version it started from.

    The connection must be in autocommit mode (``isolation_level=None``). ``BEGIN IMMEDIATE`` takes the write lock
    first, so two processes opening a new file at once run the migrations once.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        start = check_compatible(conn)
        for version in range(start, target):
            for statement in statements(MIGRATIONS[version]):
                try:
                    conn.execute(statement)
                except sqlite3.OperationalError as exc:
                    if "already exists" not in str(exc):
                        raise
                    # An index or trigger of a later schema in a file that says it is older: not consistent.
                    raise ForeignDatabase(f"it says schema {start} but its schema does not match ({exc})") from None
            conn.execute(f"PRAGMA user_version = {version + 1}")
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise
    return start


def checked_version(conn: sqlite3.Connection) -> int:
    """:func:`check_compatible` in one read transaction (one snapshot). The connection must be in autocommit mode."""
    conn.execute("BEGIN")
    try:
        version = check_compatible(conn)
    except BaseException:
        rollback(conn)
        raise
    conn.execute("COMMIT")
    return version


def rollback(conn: sqlite3.Connection) -> None:
    """Roll back, keeping the error that made us (SQLite may have rolled back already, after an I/O error)."""
    with contextlib.suppress(sqlite3.Error):
        conn.execute("ROLLBACK")


def set_up(conn: sqlite3.Connection, busy_timeout_ms: int) -> None:
    """Pragmas, then the compatibility check, then migrations if the file is older.

    The check reads one snapshot; a file that needs migrating is checked again inside the migration's own
    ``BEGIN IMMEDIATE`` transaction, so two processes starting on a new file at once never see each other's
    migration half-way. Retried while another process holds the file: switching a new file to WAL needs it alone,
    and SQLite reports that conflict at once rather than through the busy timeout."""
    deadline = time.monotonic() + busy_timeout_ms / 1000
    delay = 0.002
    while True:
        try:
            conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            if checked_version(conn) != LATEST_VERSION:
                migrate(conn)
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.1)
