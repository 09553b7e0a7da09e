"""A progress file proven damaged is moved aside, never deleted or overwritten; nothing else is ever moved.

Proof is one of: SQLite finds no SQLite header (``SQLITE_NOTADB``); SQLite reports damage (``SQLITE_CORRUPT``) and
``PRAGMA quick_check`` confirms it; the schema is not ours (``schema.ForeignDatabase``). A full disk, an I/O error,
a lock or a read-only folder proves nothing (see ``errors``), and a store written by a newer quiz is healthy.

Moving happens under a lock on the data folder, and only if the file at the path is still the one found damaged:
two processes that find the same damage move it once, and never move the new store the first one started.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from quiz.progress.errors import SQLITE_NOTADB, is_damage, primary_code

SIDECARS = ("-wal", "-shm", "-journal")
SQLITE_HEADER = b"SQLite format 3\x00"

Identity = tuple[int, int]
"""(device, inode) of a file: which file a path named when it was opened."""


def identity(path: Path) -> Identity | None:
    """The file ``path`` names now, or None if there is none. Other ``OSError``\\s propagate."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


def read_only_uri(path: Path, *, immutable: bool = False) -> str:
    """A ``file:`` URI opening ``path`` read-only (``immutable``: without the -wal/-shm files, for a read-only
    folder where they cannot be made; only safe when there is no -wal file)."""
    return f"file:{quote(str(path.resolve()))}?mode=ro" + ("&immutable=1" if immutable else "")


def header_problem(path: Path) -> str | None:
    """Why the first bytes of ``path`` are not a SQLite header, or None. Call it only when SQLite itself found no
    database there: a plain read and close of a file this process holds open through SQLite would drop its locks."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError:
        return None
    if not head:
        return None  # an empty file is an empty database
    if head != SQLITE_HEADER:
        return f"it is not a SQLite database (it starts with {head[:16]!r})"
    return None


def quick_check(path: Path, *, full: bool = False, immutable: bool = False) -> list[str]:
    """The problems ``PRAGMA quick_check`` (``integrity_check`` with ``full``) finds in ``path``, opened read-only:
    ``[]`` for a sound file. A check that fails with damage is itself a finding; any other error (I/O, busy)
    propagates, since it proves nothing."""
    conn = sqlite3.connect(read_only_uri(path, immutable=immutable), uri=True, timeout=10.0)
    try:
        rows = conn.execute(f"PRAGMA {'integrity_check' if full else 'quick_check'}(20)").fetchall()
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            return [str(exc)]
        raise
    finally:
        conn.close()
    lines = [line.strip() for row in rows for line in str(row[0]).splitlines()]
    problems = [line for line in lines if line and not line.startswith("*** in database")]
    return [] if problems == ["ok"] else problems


def confirm_damage(path: Path, exc: sqlite3.DatabaseError) -> str | None:
    """The proven damage behind SQLite's ``exc`` (a reason for the user), or None when the file turns out sound.
    Errors of the check itself (I/O...) propagate."""
    if primary_code(exc) == SQLITE_NOTADB:
        return header_problem(path) or f"its SQLite header is damaged ({exc})"
    problems = quick_check(path)
    if not problems:
        return None
    more = f" and {len(problems) - 1} more problem(s)" if len(problems) > 1 else ""
    return f"it is damaged ({exc}; quick_check: {problems[0]}{more})"


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on ``folder`` (flock on the folder itself: never on the database file, whose SQLite locks a
    plain close would drop). Where there is no flock (Windows), no lock."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the flock


def move_aside(path: Path, reason: str, expected: Identity | None, now: datetime | None = None) -> str | None:
    """Rename ``path`` (and its -wal/-shm) to ``<name>.corrupt-<UTC timestamp>``; a notice for the user.

    None when the file at ``path`` is no longer the one found damaged (``expected``): another process moved it and
    may have started a new store, which must not be touched; the caller opens the path again.
    """
    with folder_lock(path.parent):
        current = identity(path)
        if current is None or (expected is not None and current != expected):
            return None
        stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = path.with_name(f"{path.name}.corrupt-{stamp}")
        n = 1
        while any(target.with_name(target.name + s).exists() for s in ("", *SIDECARS)):
            n += 1
            target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        path.rename(target)
        for suffix in SIDECARS:
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.rename(target.with_name(target.name + suffix))
    return (
        f"{path} was not a usable progress file ({reason}). It was kept, moved to {target}, "
        "and a new, empty progress store was started."
    )
