"""Whole-file writes: the new text or the old, the usual permissions, no temporary file left behind; and the
user's own files (symlinks, FIFOs, hard links, modes) written the way `>` would, durably."""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from pathlib import Path

import pytest

from quiz.atomic import write_output, write_text_atomic


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


# --- write_output: the user's files ------------------------------------------------------------------------------


def test_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "private.json"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o600)
    write_output(path, "new")
    assert path.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_symlink_is_written_through(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert write_output(link, "new") == target
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "made.json")
    write_output(link, "x")
    assert link.is_symlink() and (tmp_path / "made.json").read_text(encoding="utf-8") == "x"


def test_a_hard_link_stays_linked(tmp_path: Path) -> None:
    first = tmp_path / "a.json"
    first.write_text("old old old", encoding="utf-8")
    second = tmp_path / "b.json"
    os.link(first, second)
    write_output(first, "new")
    assert second.read_text(encoding="utf-8") == "new"  # shorter than before: the rest is cut off
    assert first.stat().st_nlink == 2 and os.path.samefile(first, second)


def test_a_fifo_is_written_through_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    spare = tmp_path / "pipe-link"
    os.link(fifo, spare)  # to release the reader whatever happens to the path
    got: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:  # blocks until a writer opens it
            got.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        write_output(fifo, "through the pipe\n")
    finally:
        with contextlib.suppress(OSError):
            os.close(os.open(spare, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(timeout=30)
    assert got == [b"through the pipe\n"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe", "pipe-link"]  # no temporary file left


def test_a_path_through_proc_fd_is_written_in_place(tmp_path: Path) -> None:
    # What /dev/stdout is: a link to /proc/self/fd/1. Here a file of ours stands in for the terminal.
    out = tmp_path / "captured.txt"
    with out.open("wb") as handle:
        link = tmp_path / "stdout"
        link.symlink_to(f"/proc/self/fd/{handle.fileno()}")
        write_output(link, "to the descriptor\n")
        assert link.is_symlink()
    assert out.read_text(encoding="utf-8") == "to the descriptor\n"


def test_an_empty_path_and_a_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="empty"):
        write_output("", "x")
    with pytest.raises(IsADirectoryError):
        write_output(tmp_path, "x")
    assert list(tmp_path.iterdir()) == []


def test_the_data_and_the_rename_are_fsynced_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(src: str, dst: str) -> None:
        events.append("rename")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    write_output(tmp_path / "out.json", "x")
    assert events == ["fsync file", "rename", "fsync folder"]
    events.clear()
    write_text_atomic(tmp_path / "cache.json", "x")  # the app's own small files: atomic, no fsync
    assert events == ["rename"]


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_root_keeps_the_owner_of_a_replaced_file(tmp_path: Path) -> None:
    path = tmp_path / "theirs.json"
    path.write_text("old", encoding="utf-8")
    os.chown(path, 65534, 65534)
    write_output(path, "new")
    assert (path.stat().st_uid, path.stat().st_gid) == (65534, 65534)
