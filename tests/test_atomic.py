"""Whole-file writes: the new text or the old, the usual permissions, no temporary file left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from quiz.atomic import write_text_atomic


def test_writes_and_replaces_text_as_given(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_text_atomic(path, "a,b\r\n1,2\r\n")
    assert path.read_bytes() == b"a,b\r\n1,2\r\n"  # newlines untouched
    write_text_atomic(path, "ü\n")
    assert path.read_text(encoding="utf-8") == "ü\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_permissions_are_those_of_a_plain_write(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("x", encoding="utf-8")
    atomic = tmp_path / "atomic.txt"
    write_text_atomic(atomic, "x")
    assert atomic.stat().st_mode == plain.stat().st_mode


def test_a_missing_folder_raises_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_text_atomic(tmp_path / "missing" / "out.txt", "x")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_keeps_the_old_file_and_removes_the_temporary(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_text_atomic(path, "bad \udc80 surrogate")
    assert path.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["out.txt"]
