"""Opening the store file: one connection, set up and checked, or a precise reason why not.

:func:`open_store` connects, sets the pragmas, checks the schema and migrates, all through ``schema.set_up`` (one
snapshot for the check, one ``BEGIN IMMEDIATE`` transaction for check and migration). It raises :class:`Damaged`
only for proven damage (see ``recovery``), and :class:`~quiz.progress.errors.ProgressError` for everything else.

A store in a folder that cannot be written (``chmod 555``, a read-only mount) still opens for reading: read-only,
and without its -wal/-shm files when there is no -wal file to read (SQLite would have to create the -shm).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from quiz.progress import recovery
from quiz.progress.damage import decode_text
from quiz.progress.errors import ProgressError, explain, explain_os_error, is_damage, is_read_only
from quiz.progress.recovery import Identity, identity
from quiz.progress.schema import LATEST_VERSION, ForeignDatabase, NewerDatabase, checked_version, set_up

ATTEMPTS = 5
"""Opens tried while the file keeps changing under us (another process moving it aside and starting anew)."""


@dataclass(frozen=True)
class Opened:
    conn: sqlite3.Connection
    identity: Identity
    read_only: bool = False


class Damaged(Exception):
    """The file at the path is proven damaged (or not a quiz store): ``reason`` says why, for the user."""

    def __init__(self, reason: str, identity: Identity | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.identity = identity


def _newer(path: Path, exc: NewerDatabase) -> ProgressError:
    return ProgressError(
        f"the progress store {path} cannot be used: {exc}. Run the newer quiz, or move the file away to start a new "
        "store; it was left where it is."
    )


def _connect(target: str | Path, busy_timeout_ms: int, *, uri: bool = False) -> sqlite3.Connection:
    conn = sqlite3.connect(
        target, isolation_level=None, timeout=busy_timeout_ms / 1000, check_same_thread=False, uri=uri
    )
    conn.text_factory = decode_text
    return conn


def _folder_writable(path: Path) -> bool:
    return os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def open_store(path: Path, busy_timeout_ms: int, *, read_only_ok: bool) -> Opened:
    """Open ``path`` for reading and writing (creating it if missing), or, with ``read_only_ok``, read-only when its
    folder or file cannot be written. Errors name what was being done: reading, or saving."""
    doing = "read" if read_only_ok else "save to"
    for _attempt in range(ATTEMPTS):
        try:
            before = identity(path)
        except OSError as exc:
            raise explain_os_error(path, exc, doing) from None
        if before is not None:
            _probe(path, before)
        try:
            conn = _connect(path, busy_timeout_ms)
        except sqlite3.Error as exc:
            if read_only_ok and before is not None and is_read_only(exc) and not _folder_writable(path):
                return open_read_only(path, busy_timeout_ms)
            raise explain(path, exc, doing) from None
        try:
            set_up(conn, busy_timeout_ms)
        except ForeignDatabase as exc:
            conn.close()
            if _changed(path, before):
                continue
            raise Damaged(str(exc), before) from None
        except NewerDatabase as exc:
            conn.close()
            raise _newer(path, exc) from None
        except sqlite3.DatabaseError as exc:
            conn.close()
            if _changed(path, before):
                continue  # replaced while we looked (another process moved it aside): look at the new file
            if is_damage(exc):
                try:
                    reason = recovery.confirm_damage(path, exc)
                except sqlite3.Error as check_exc:
                    raise explain(path, check_exc, "check") from None
                if reason is not None:
                    raise Damaged(reason, before) from None
                raise ProgressError(
                    f"the progress store {path} could not be opened ({exc}), but it passes SQLite's quick_check, so "
                    "it was left where it is; try again"
                ) from None
            if read_only_ok and before is not None and is_read_only(exc) and not _folder_writable(path):
                return open_read_only(path, busy_timeout_ms)
            raise explain(path, exc, doing) from None
        after = identity(path)
        if after is None or (before is not None and after != before):
            conn.close()
            continue
        return Opened(conn, after)
    raise ProgressError(f"the progress store {path} kept changing while quiz opened it; try again")


def _probe(path: Path, before: Identity) -> None:
    """Look at an existing file read-only before opening it for writing: :class:`Damaged` if it is proven damaged.

    A read-write connection to a file that turns out not to be a database deletes its -wal file when it closes,
    and that -wal may hold the latest changes: a damaged file must be moved aside with it, byte for byte. Any
    other trouble (a read-only folder, a lock, an I/O error) is left for the real open to report.
    """
    try:
        conn = sqlite3.connect(recovery.read_only_uri(path), uri=True, timeout=1.0)
    except sqlite3.Error:
        return
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as exc:
        conn.close()
        if not is_damage(exc) or _changed(path, before):
            return
        try:
            reason = recovery.confirm_damage(path, exc)
        except sqlite3.Error:
            return
        if reason is not None:
            raise Damaged(reason, before) from None
    else:
        conn.close()


def _changed(path: Path, before: Identity | None) -> bool:
    try:
        return identity(path) != before
    except OSError:
        return False


def open_read_only(path: Path, busy_timeout_ms: int) -> Opened:
    """Open ``path`` read-only in a folder that cannot be written: checked, never migrated, never moved."""
    wal = path.with_name(path.name + "-wal")
    try:
        immutable = not wal.exists() or wal.stat().st_size == 0
        before = identity(path)
    except OSError as exc:
        raise explain_os_error(path, exc, "read") from None
    if before is None:
        raise ProgressError(f"the progress store {path} vanished while quiz opened it; try again")
    try:
        conn = _connect(recovery.read_only_uri(path, immutable=immutable), busy_timeout_ms, uri=True)
        version = checked_version(conn)
    except (ForeignDatabase, sqlite3.DatabaseError) as exc:
        with contextlib.suppress(UnboundLocalError, sqlite3.Error):
            conn.close()
        if isinstance(exc, ForeignDatabase) or is_damage(exc):
            raise ProgressError(
                f"{path} is not a usable progress file ({exc}), and its folder is read-only, so it was left where it is"
            ) from None
        raise explain(path, exc, "read") from None
    except NewerDatabase as exc:
        conn.close()
        raise _newer(path, exc) from None
    if version != LATEST_VERSION:
        conn.close()
        raise ProgressError(
            f"the progress store {path} has schema {version} and needs upgrading to {LATEST_VERSION}, but its folder "
            f"{path.parent} is read-only; make it writable and try again"
        )
    return Opened(conn, before, read_only=True)
