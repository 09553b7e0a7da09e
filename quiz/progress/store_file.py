"""The store's file: one SQLite connection, opened on demand, and every fault of the file handled in one place.

Faults (see ``errors``, ``recovery``, ``opening``): a file proven damaged (no SQLite header, a failed quick_check,
a foreign schema) is moved aside and the reason added to :attr:`StoreFile.notices` for the caller to show; a full
disk, an I/O error, a lock, a read-only file or folder is a :class:`ProgressError` and the file stays. A store in
a read-only folder can still be read. A store file deleted or replaced while open is noticed before and after
every write (:class:`StoreVanished`): a change is never reported saved into a file the next command won't open.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from quiz.progress import recovery
from quiz.progress.damage import RowDamage
from quiz.progress.errors import ProgressError, StoreVanished, explain, explain_os_error, is_damage
from quiz.progress.opening import Damaged, Opened, open_store
from quiz.progress.schema import rollback

BUSY_TIMEOUT_MS = 10_000


class StoreFile:
    """The file behind a :class:`~quiz.progress.store.ProgressStore`: :meth:`reading` and :meth:`writing` give a
    connection inside one transaction. Safe to share between threads."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.notices: list[str] = []
        self._opened: Opened | None = None
        self._reported: set[tuple[str, int]] = set()
        self._lock = threading.RLock()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            if self._opened is not None:
                opened, self._opened = self._opened, None
                opened.conn.close()

    def take_notices(self) -> list[str]:
        """The notices so far (a file moved aside, a damaged row...), cleared once taken."""
        notices, self.notices = self.notices, []
        return notices

    @property
    def read_only(self) -> bool:
        """True while the store is open read-only (its folder cannot be written): reads work, writes fail."""
        return self._opened is not None and self._opened.read_only

    def note_damage(self, damaged: Sequence[RowDamage]) -> None:
        """Add a notice for each damaged row not reported yet by this store."""
        with self._lock:
            for d in damaged:
                if (d.table, d.row_id) not in self._reported:
                    self._reported.add((d.table, d.row_id))
                    self.notices.append(
                        f"{self.path}: {d.describe()}. It is left out here; `quiz export` still writes it as "
                        "stored, flagged."
                    )

    # --- connection ---------------------------------------------------------------------------------------------

    def _same_file(self) -> bool:
        """True while the path still names the file this store has open."""
        assert self._opened is not None
        try:
            return recovery.identity(self.path) == self._opened.identity
        except OSError:
            return True  # cannot tell (a folder that cannot be searched): the write itself will say

    def _let_go(self) -> None:
        """Close a connection whose file is no longer at the path. Its write-ahead log is checkpointed into that
        file and emptied first: the -wal keeps the path's name, and SQLite would replay a stale one into whatever
        database is opened at the path next."""
        assert self._opened is not None
        conn = self._opened.conn
        if conn.in_transaction:
            rollback(conn)
        with contextlib.suppress(sqlite3.Error):
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.close()

    def _vanished(self, when: str) -> StoreVanished:
        self._let_go()
        return StoreVanished(
            f"the progress store {self.path} was deleted or replaced while quiz was running, {when}; the next "
            "change goes to the file now at that path (a new store if there is none)"
        )

    def _connection(self, create: bool, *, write: bool = False) -> sqlite3.Connection | None:
        if self._opened is not None:
            if not self._same_file():
                if write:
                    raise self._vanished("so this change was not saved")
                self._let_go()
                self.notices.append(
                    f"the progress store {self.path} was deleted or replaced while quiz was running; "
                    "now reading the file at that path"
                )
            elif write and self._opened.read_only:
                self.close()  # the folder may be writable now: open again for writing, or say why not
            else:
                return self._opened.conn
        moved, reason = False, ""
        for _attempt in range(3):  # a damaged file moved aside (by us or another process), then the new one
            try:
                exists = self.path.exists()
            except OSError as exc:
                raise explain_os_error(self.path, exc, "open") from None
            if not exists:
                if not create:
                    return None
                try:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise ProgressError(
                        f"cannot create the data folder {self.path.parent}: {exc.strerror or exc}"
                    ) from None
            try:
                self._opened = open_store(self.path, BUSY_TIMEOUT_MS, read_only_ok=not write)
                return self._opened.conn
            except Damaged as exc:
                reason = exc.reason
                if moved:
                    break
                moved = self._move_aside(reason, exc.identity)
        raise ProgressError(
            f"{self.path} is not usable ({reason}), even after a damaged file was moved aside; it was left where it is"
        )

    def _move_aside(self, reason: str, expected: recovery.Identity | None) -> bool:
        """Move the damaged file aside (a notice says where); False if another process had already done it."""
        try:
            notice = recovery.move_aside(self.path, reason, expected)
        except OSError as exc:
            raise ProgressError(
                f"{self.path} is not a usable progress file ({reason}), and it could not be moved aside "
                f"({exc.strerror or exc}); it was left where it is"
            ) from None
        if notice is None:
            return False
        self.notices.append(notice)
        return True

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """One transaction holding the write lock from its start; committed (durably) when the block ends.

        Raises :class:`StoreVanished` when the file was deleted or replaced: before the block (nothing written) or
        after the commit (the change went into the old file, so it is not reported saved)."""
        with self._lock, self._sqlite_errors("save to"):
            conn = self._connection(create=True, write=True)
            assert conn is not None
            conn.execute("BEGIN IMMEDIATE")
            try:
                if not self._same_file():
                    raise self._vanished("so this change was not saved")
                yield conn
            except BaseException:
                if self._opened is not None:
                    rollback(conn)
                raise
            conn.execute("COMMIT")
            if not self._same_file():
                raise self._vanished("as this change was being saved: it went into the old file, so it is not saved")

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection | None]:
        """A connection for queries (one consistent snapshot), or None when there is no store file yet."""
        with self._lock, self._sqlite_errors("read"):
            conn = self._connection(create=False)
            if conn is None:
                yield None
                return
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                if self._opened is not None:
                    rollback(conn)  # a read changes nothing: ending it either way is the same

    @contextmanager
    def _sqlite_errors(self, doing: str) -> Iterator[None]:
        """SQLite's errors as one plain ProgressError; proven damage found past the opening checks moves the file
        aside like any damaged one (the change asked for now was rolled back, and the caller is told)."""
        try:
            yield
        except sqlite3.DatabaseError as exc:
            opened = self._opened
            if not is_damage(exc) or opened is None or opened.read_only:
                raise explain(self.path, exc, doing) from None
            self.close()
            try:
                reason = recovery.confirm_damage(self.path, exc)
            except sqlite3.Error as check_exc:
                raise explain(self.path, check_exc, "check") from None
            if reason is None:
                raise ProgressError(
                    f"the progress store {self.path} reported {exc}, but it passes SQLite's quick_check, so it was "
                    "left where it is; try again"
                ) from None
            if self._move_aside(reason, opened.identity):
                notice = self.notices[-1]
            else:
                notice = f"{self.path} is damaged ({reason}); another quiz process moved it aside."
            raise ProgressError(f"{notice} The last change was not saved; please do it again.") from None
