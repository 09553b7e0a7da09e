"""A healthy store is never moved aside for a condition of the moment, and the user is told what it is.

A file size limit (``ulimit -f``, the way to fill a disk in a test), a lock held too long, a full database, a
read-only folder (as an unprivileged user: root ignores permissions), a store deleted while a drill runs. In every
case: exit code 2 and one clear line on the CLI, the file where it was, no ``.corrupt-`` file, and no ``saved``
for a grade the next command won't find.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from drill_process import start_drill
from unprivileged import SKIP_REASON, unprivileged

from quiz.progress import ProgressError, ProgressStore, store_file
from quiz.progress import opening as opening_module
from quiz.progress.errors import StoreVanished

ROOT = Path(__file__).resolve().parent.parent
DECK = "weight-initialization"
ANSWERS = "a\n3\nb\n2\nc\n4\nd\n1\ne\n3\n"  # five cards answered and graded


def _env(data: Path) -> dict[str, str]:
    return {**os.environ, "QUIZ_DATA_DIR": str(data), "PYTHONUNBUFFERED": "1"}


def _quiz(data: Path, *args: str, stdin: str = "", limit_kb: int | None = None) -> subprocess.CompletedProcess[str]:
    """`quiz ARGS` as a real process, under ``ulimit -f limit_kb`` when given (bash counts 1024-byte blocks)."""
    command = [sys.executable, "-m", "quiz", *args]
    if limit_kb is not None:
        command = ["bash", "-c", f'ulimit -f {limit_kb} && exec "$@"', "bash", *command]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, cwd=ROOT, env=_env(data), timeout=60)


def _aside(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".corrupt-" in p.name)


def _reviews(path: Path) -> list[tuple[int, int]]:
    conn = sqlite3.connect(path)
    try:
        return [(int(r[0]), int(r[1])) for r in conn.execute("SELECT card, grade FROM reviews ORDER BY id")]
    finally:
        conn.close()


def _saved(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("saved")]


# --- a file size limit: the disk is "full" ------------------------------------------------------------------------


@pytest.mark.parametrize("limit_kb", [16, 36])
def test_a_file_size_limit_never_moves_the_store_and_never_claims_a_grade_saved(tmp_path: Path, limit_kb: int) -> None:
    # 16 KiB: the store cannot even be opened (its -shm needs 32 KiB); 36 KiB: it opens, the first grades fit in
    # the write-ahead log, then a write fails. Either way nothing moves, and what says "saved" is saved.
    data = tmp_path / "data"
    first = _quiz(data, "drill", "--plain", stdin="a\n3\n")
    assert first.returncode == 0 and len(_saved(first.stdout)) == 1
    before = _reviews(data / "progress.db")

    stats = _quiz(data, "stats", limit_kb=limit_kb)
    drill = _quiz(data, "drill", "--plain", stdin=ANSWERS, limit_kb=limit_kb)

    for proc in (stats, drill):
        assert "Traceback" not in proc.stderr
        assert proc.returncode in (0, 2)
    if limit_kb == 16:  # not even readable: stats says why, in one line, and prints no figures
        assert stats.returncode == 2 and stats.stdout == ""
        assert stats.stderr.count("\n") == 1 and "disk I/O error" in stats.stderr
    assert drill.returncode == 2, drill.stderr
    [line] = drill.stderr.splitlines()
    assert line.startswith("quiz: error: cannot ") and "disk I/O error" in line and "left where it is" in line
    assert "moved" not in drill.stderr + stats.stderr
    assert _aside(data) == []
    # Every grade reported saved is in the store, and nothing else is.
    after = _reviews(data / "progress.db")
    assert after[: len(before)] == before
    assert len(after) - len(before) == len(_saved(drill.stdout))
    again = _quiz(data, "stats", "--json")  # no limit: the same store, all there
    assert again.returncode == 0 and json.loads(again.stdout)["reviews"] == len(after)


# --- conditions of the moment, in process -----------------------------------------------------------------------


def test_a_lock_held_too_long_is_busy_not_damage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "progress.db"
    with ProgressStore(path) as store:
        store.record_review(DECK, 1, 3)
    monkeypatch.setattr(store_file, "BUSY_TIMEOUT_MS", 50)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with ProgressStore(path) as store, pytest.raises(ProgressError, match="busy"):
            store.record_review(DECK, 2, 3)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert _aside(tmp_path) == []
    assert _reviews(path) == [(1, 3)]


def test_a_full_database_is_reported_as_full_and_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "progress.db"
    with ProgressStore(path) as store:
        store.record_review(DECK, 1, 3)
    pages = sqlite3.connect(path).execute("PRAGMA page_count").fetchone()[0]
    real_connect = opening_module._connect

    def capped(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = real_connect(*args, **kwargs)
        conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own SQLITE_FULL, as on a full disk
        return conn

    monkeypatch.setattr(opening_module, "_connect", capped)
    with ProgressStore(path) as store:
        saved = 0
        with pytest.raises(ProgressError, match=r"the disk is full.*left where it is"):  # noqa: PT012
            for i in range(200):
                store.record_review(DECK, 2, 3, answer="x" * 2000 + str(i))
                saved += 1
    monkeypatch.undo()
    assert _aside(tmp_path) == []
    with ProgressStore(path) as store:
        assert store.review_count() == 1 + saved
        assert store.take_notices() == []


# --- a read-only folder, as a user to whom permissions apply ------------------------------------------------------


def test_a_read_only_folder_still_allows_stats_and_export(shared_tmp: Path) -> None:
    runner = unprivileged()
    if runner is None:
        pytest.skip(SKIP_REASON)
    python, options, env_extra = runner
    data = shared_tmp / "data"
    with ProgressStore.in_dir(data) as store:
        store.record_review(DECK, 1, 3)
        store.record_review(DECK, 2, 4)
    if os.geteuid() == 0:
        os.chown(data, options["user"], options["group"])
        os.chown(data / "progress.db", options["user"], options["group"])
    data.chmod(0o555)

    def quiz(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        env = {**_env(data), **env_extra, "QUIZ_CACHE_DIR": str(shared_tmp / "cache")}
        command = [python, "-m", "quiz", *args]
        return subprocess.run(
            command, input=stdin, capture_output=True, text=True, cwd="/", env=env, timeout=60, **options
        )

    stats = quiz("stats", "--json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["reviews"] == 2
    export = quiz("export")
    assert export.returncode == 0, export.stderr
    assert [r["card"] for r in json.loads(export.stdout)["reviews"]] == [1, 2]
    drill = quiz("drill", "--plain", "--cards", "3", stdin="an answer\n3\n")
    assert drill.returncode == 2 and _saved(drill.stdout) == []
    [line] = drill.stderr.splitlines()
    assert "read-only" in line and "left where it is" in line
    assert sorted(p.name for p in data.iterdir()) == ["progress.db"]  # nothing moved, nothing created
    assert _reviews(data / "progress.db") == [(1, 3), (2, 4)]


# --- the store deleted while a drill runs -------------------------------------------------------------------------


def test_a_store_deleted_mid_drill_is_noticed_and_no_grade_is_claimed_saved(tmp_path: Path) -> None:
    data = tmp_path / "data"
    proc = start_drill(data)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("first answer\n3\n")
    proc.stdin.flush()
    while not (line := proc.stdout.readline()).startswith("saved"):
        assert line, "the drill ended early"
    (data / "progress.db").unlink()  # `rm progress.db` in another terminal
    out, err = proc.communicate("second answer\n4\nthird answer\n2\n", timeout=60)
    assert proc.returncode == 2
    assert _saved(out) == []
    [message] = err.splitlines()
    assert "was deleted or replaced while quiz was running" in message and "not saved" in message
    assert not (data / "progress.db").exists()  # nothing was written anywhere the next command would look


def test_a_store_replaced_under_an_open_store_is_not_written_into(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    with ProgressStore(path) as store:
        store.record_review(DECK, 1, 3)
        backup = tmp_path / "backup.db"
        with ProgressStore(backup) as other:
            other.record_review(DECK, 7, 4)
        os.replace(backup, path)  # a restored backup moved into place
        with pytest.raises(StoreVanished, match="not saved"):
            store.record_review(DECK, 2, 3)
        again = store.record_review(DECK, 2, 3)  # the next grade goes to the file now at the path
        assert again.card == 2
    assert _reviews(path) == [(7, 4), (2, 3)]


def test_a_deleted_store_is_read_afresh_with_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    with ProgressStore(path) as store:
        store.record_review(DECK, 1, 3)
        path.unlink()
        assert store.review_count() == 0  # not the 1 review still in the deleted file
        [notice] = store.take_notices()
        assert "deleted or replaced" in notice
