"""The store's errors, and SQLite's errors told in plain words.

Only two of SQLite's answers can mean that a file is damaged: ``SQLITE_CORRUPT`` and ``SQLITE_NOTADB`` (and even
then the store confirms it with ``PRAGMA quick_check`` before moving anything, see ``recovery``). Everything else
(a full disk, a file size limit, an I/O error, a lock held too long, a read-only file or folder, a permission) is a
condition of the moment: it is reported as what it is, and the file stays where it is.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_NOMEM = 7
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

DAMAGE_CODES = frozenset({SQLITE_CORRUPT, SQLITE_NOTADB})
"""Primary result codes that may mean a damaged file (to be confirmed)."""

READ_ONLY_CODES = frozenset({SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM})
"""Primary result codes of a file or folder that cannot be written (or created)."""


class ProgressError(Exception):
    """A request the store cannot honour (bad grade, unknown interview, a full disk...). The message is for the
    user; nothing was moved or lost."""


class StoreVanished(ProgressError):
    """The store file was deleted or replaced while this process had it open: the change was not saved there."""


def primary_code(exc: BaseException) -> int:
    """SQLite's primary result code of ``exc`` (0 when it carries none)."""
    return int(getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def is_damage(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.DatabaseError) and primary_code(exc) in DAMAGE_CODES


def is_read_only(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.DatabaseError) and primary_code(exc) in READ_ONLY_CODES


def is_busy(exc: BaseException) -> bool:
    if primary_code(exc) in (SQLITE_BUSY, SQLITE_LOCKED):
        return True
    text = str(exc)
    return "database is locked" in text or "database is busy" in text


def _name(exc: BaseException) -> str:
    name = getattr(exc, "sqlite_errorname", "")
    return f" ({name})" if name else ""


def explain(path: Path, exc: BaseException, doing: str = "use") -> ProgressError:
    """A :class:`ProgressError` saying what went wrong with the store at ``path`` while trying to ``doing`` it,
    in words a user can act on. Never about damage: damage goes through ``recovery``."""
    code = primary_code(exc)
    kept = "The file was left where it is; nothing saved before was lost."
    if is_busy(exc):
        return ProgressError(
            f"the progress store {path} is busy (another quiz is writing to it); nothing was lost, try again"
        )
    if code == SQLITE_FULL:
        return ProgressError(
            f"cannot {doing} the progress store {path}: the disk is full{_name(exc)}. {kept} Free some space and "
            "try again."
        )
    if code == SQLITE_IOERR:
        return ProgressError(
            f"cannot {doing} the progress store {path}: {exc}{_name(exc)}; the disk may be full, a file size limit "
            f"reached (ulimit -f), or the disk failing. {kept}"
        )
    if code == SQLITE_READONLY:
        return ProgressError(
            f"cannot {doing} the progress store {path}: it is read-only ({exc}{_name(exc)}). Make the file and its "
            f"folder {path.parent} writable, or give another --data-dir. {kept}"
        )
    if code in (SQLITE_CANTOPEN, SQLITE_PERM):
        return ProgressError(
            f"cannot {doing} the progress store {path}: {exc}{_name(exc)} (check that the folder {path.parent} "
            f"exists and that you may read and write it). {kept}"
        )
    if code == SQLITE_NOMEM:
        return ProgressError(f"cannot {doing} the progress store {path}: out of memory. {kept}")
    return ProgressError(f"cannot {doing} the progress store {path}: {exc}{_name(exc)}. {kept}")


def explain_os_error(path: Path, exc: OSError, doing: str = "use") -> ProgressError:
    return ProgressError(f"cannot {doing} the progress store {path}: {exc.strerror or exc}")
