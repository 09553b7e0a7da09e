"""Opening a new store at the same instant from several processes or threads: the store is created once, never
moved aside, and every review reported saved is in it.

First the exact interleaving that broke it, made to happen every time: another process commits its migration
between the opener's read of the schema version and its read of the table list. Then rounds of real concurrency:
each round starts its openers together at a barrier on a fresh folder; the workers are forked once and reused for
every round, so a round costs milliseconds, not process starts (drills as real commands, killed with SIGKILL, are
in ``test_progress_kill.py``). Rounds are bounded: the file takes a few seconds.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
import traceback
from pathlib import Path
from typing import Any

import pytest

from quiz.progress import ProgressStore
from quiz.progress.schema import LATEST_VERSION, migrate

DECK = "weight-initialization"
OPENERS = 4
ROUNDS = 30


def test_a_migration_committed_between_the_two_reads_of_the_check_is_not_damage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "progress.db"
    first = sqlite3.connect(path, isolation_level=None)  # another quiz has just created the file, in WAL mode
    first.execute("PRAGMA journal_mode = WAL")
    real_connect = sqlite3.connect
    migrated: list[int] = []

    def other_process_migrates(sql: str) -> None:
        # The moment the opener has read the version and goes for the table list, the other one commits.
        if not migrated and "sqlite_master" in sql:
            migrated.append(migrate(first))

    def traced_connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = real_connect(*args, **kwargs)
        conn.set_trace_callback(other_process_migrates)
        return conn

    monkeypatch.setattr(sqlite3, "connect", traced_connect)
    with ProgressStore(path) as store:
        assert store.review_count() == 0
        assert store.take_notices() == []
        store.record_review(DECK, 1, 3)
    monkeypatch.undo()
    first.close()
    assert migrated == [0]  # the other process really did migrate in between
    assert sorted(p.name for p in tmp_path.iterdir() if ".corrupt-" in p.name) == []
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert conn.execute("SELECT card FROM reviews").fetchall() == [(1,)]
    conn.close()


def _open_and_use(folder: Path, who: int) -> None:
    """What a starting quiz does first: half the openers read (stats, export), half write (a drill's grade)."""
    with ProgressStore.in_dir(folder) as store:
        if who % 2:
            store.review_count()
            store.record_review(DECK, 1 + who, 3)
        else:
            store.record_review(DECK, 1 + who, 3)
        notices = store.take_notices()
    if notices:
        raise AssertionError(f"opener {who}: {notices}")


def _worker(base: str, who: int, barrier: Any, errors: Any) -> None:
    for round_no in range(ROUNDS):
        barrier.wait(timeout=60)
        try:
            _open_and_use(Path(base) / f"round-{round_no}", who)
        except BaseException:
            errors.put(f"round {round_no}, opener {who}: {traceback.format_exc(limit=3)}")


def _check_rounds(base: Path) -> list[str]:
    problems = []
    for round_no in range(ROUNDS):
        folder = base / f"round-{round_no}"
        names = sorted(p.name for p in folder.iterdir())
        if any(".corrupt-" in name for name in names):
            problems.append(f"round {round_no}: a file was moved aside: {names}")
            continue
        conn = sqlite3.connect(folder / "progress.db")
        cards = sorted(row[0] for row in conn.execute("SELECT card FROM reviews"))
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        conn.close()
        if cards != [1 + who for who in range(OPENERS)] or check != "ok":
            problems.append(f"round {round_no}: reviews of cards {cards}, integrity {check}")
    return problems


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork (POSIX)")
def test_processes_creating_the_store_at_once_over_many_rounds(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(OPENERS)
    errors = ctx.Queue()
    workers = [ctx.Process(target=_worker, args=(str(tmp_path), who, barrier, errors)) for who in range(OPENERS)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
        assert w.exitcode == 0, f"a worker died (exit code {w.exitcode})"
    reported = []
    while not errors.empty():
        reported.append(errors.get())
    assert reported == []
    assert _check_rounds(tmp_path) == []


def test_threads_creating_the_store_at_once_over_many_rounds(tmp_path: Path) -> None:
    # One process, one ProgressStore (so one connection) per thread: SQLite's locks between connections of the
    # same process, and the store's own checks, must hold as they do between processes.
    barrier = threading.Barrier(OPENERS)
    errors: list[str] = []

    def run(who: int) -> None:
        for round_no in range(ROUNDS):
            barrier.wait(timeout=60)
            try:
                _open_and_use(tmp_path / f"round-{round_no}", who)
            except BaseException:
                errors.append(f"round {round_no}, opener {who}: {traceback.format_exc(limit=3)}")

    threads = [threading.Thread(target=run, args=(who,)) for who in range(OPENERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert _check_rounds(tmp_path) == []
