"""Opening a progress file safely: a file that is not ours is moved aside, never deleted or overwritten."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from quiz.progress.schema import ForeignDatabase, check_compatible

SIDECARS = ("-wal", "-shm", "-journal")


def problem_with(path: Path) -> str | None:
    """Why the existing file at ``path`` cannot be used as a progress store, or None if it can.

    Opened read-only, so looking never changes the file (no checkpoint, no header write).
    """
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=10.0)
    except sqlite3.Error as exc:
        return f"it could not be opened ({exc})"
    try:
        check_compatible(conn)
    except ForeignDatabase as exc:
        return str(exc)
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return None  # another process is writing: the file is fine
        return f"it is not a readable SQLite database ({exc})"
    finally:
        conn.close()
    return None


def move_aside(path: Path, reason: str, now: datetime | None = None) -> str:
    """Rename ``path`` (and its -wal/-shm) to ``<name>.corrupt-<UTC timestamp>``; return a notice for the user."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    try:
        path.rename(target)
    except FileNotFoundError:
        # Another process moved it first; it has told its user, and the file is safe where it went.
        return f"{path} was not a usable progress file ({reason}); another quiz process moved it aside."
    for suffix in SIDECARS:
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    return (
        f"{path} was not a usable progress file ({reason}). It was kept, moved to {target}, "
        "and a new, empty progress store was started."
    )
