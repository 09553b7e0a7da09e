"""inspect_store (for `quiz doctor`): the store's own checks as findings, and the file left exactly as it was."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from quiz.progress import ProgressStore
from quiz.progress.health import inspect_store
from quiz.progress.schema import LATEST_VERSION

DECK = "weight-initialization"


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def _store(folder: Path) -> Path:
    with ProgressStore.in_dir(folder) as store:
        for i in range(30):
            store.record_review(DECK, 1 + i % 15, 3, answer="x" * 200)
    return folder / "progress.db"


def test_a_healthy_store_is_all_ok_and_untouched(tmp_path: Path) -> None:
    path = _store(tmp_path)
    before = _snapshot(tmp_path)
    report = inspect_store(path, full=True)
    assert report.ok and not report.proven_damage
    assert [f.check for f in report.findings] == ["file", "header", "integrity", "schema", "rows"]
    assert "integrity_check: ok" in report.lines()[2]
    assert _snapshot(tmp_path) == before  # not a byte, not a timestamp, no -wal or -shm left behind


def test_no_store_yet_is_fine(tmp_path: Path) -> None:
    report = inspect_store(tmp_path / "progress.db")
    assert report.ok and report.lines() == ["ok  file: no store yet: nothing has been saved"]
    assert list(tmp_path.iterdir()) == []


def test_a_bad_header_is_proven_damage(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    path.write_bytes(b"shopping list\n" * 100)
    report = inspect_store(path)
    assert report.proven_damage and not report.ok
    assert report.findings[-1].check == "header" and "not a SQLite database" in report.findings[-1].detail
    assert path.read_bytes() == b"shopping list\n" * 100


def test_damaged_pages_fail_the_check(tmp_path: Path) -> None:
    path = _store(tmp_path)
    data = bytearray(path.read_bytes())
    data[4096:] = bytes(len(data) - 4096)
    path.write_bytes(bytes(data))
    report = inspect_store(path)
    assert report.proven_damage
    assert report.findings[-1].check == "integrity" and report.findings[-1].detail.startswith("quick_check: ")
    assert path.read_bytes() == bytes(data)


@pytest.mark.parametrize(
    ("version", "damage", "detail"),
    [(LATEST_VERSION + 1, False, "newer version of quiz"), (-1, True, "schema version is -1")],
)
def test_the_schema_version_is_checked(tmp_path: Path, version: int, damage: bool, detail: str) -> None:
    path = _store(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    report = inspect_store(path)
    schema = report.findings[-1]
    assert schema.check == "schema" and not schema.ok and schema.damage is damage and detail in schema.detail


def test_damaged_rows_are_listed(tmp_path: Path) -> None:
    path = _store(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE reviews SET state = '{bad' WHERE id IN (3, 7)")
    conn.commit()
    conn.close()
    report = inspect_store(path)
    assert not report.ok and not report.proven_damage  # rows are flagged, the file is not moved for them
    assert [d.row_id for d in report.damaged_rows] == [3, 7]
    assert report.lines()[-1].startswith("PROBLEM  row: review #7")


def test_a_read_only_folder_is_inspected_without_writing(tmp_path: Path) -> None:
    path = _store(tmp_path / "data")
    before = _snapshot(path.parent)
    os.chmod(path.parent, 0o555)
    try:
        report = inspect_store(path)
    finally:
        os.chmod(path.parent, 0o755)
    assert report.ok
    assert _snapshot(path.parent) == before
