"""`quiz export --out PATH` writes what the user named, the way `>` would: through a FIFO or a symlink, keeping a
file's mode, and refusing an empty path. Aimed at FIFOs, symlinks and temporary files only, never at a device."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import threading
from pathlib import Path

import pytest

from quiz.cli import main
from quiz.progress import ProgressStore

DECK = "weight-initialization"


@pytest.fixture
def some_progress(data_dir: Path) -> Path:
    with ProgressStore.in_dir(data_dir) as store:
        store.record_review(DECK, 1, 3, answer="symmetry")
    return data_dir


def test_an_empty_out_is_refused(some_progress: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--out", ""]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == (
        "quiz: error: --out: the path is empty; give a file name (or leave --out out to write to stdout)\n"
    )


def test_export_to_a_fifo_writes_through_it(
    some_progress: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "export.fifo"
    os.mkfifo(fifo)
    spare = tmp_path / "spare-link"
    os.link(fifo, spare)  # releases the reader below, whatever becomes of the path
    got: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            got.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        code = main(["export", "--format", "csv", "--out", str(fifo)])
    finally:
        with contextlib.suppress(OSError):
            os.close(os.open(spare, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(timeout=30)
    assert code == 0
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert got and got[0].startswith(b"deck,card,mode") and b"symmetry" in got[0]
    assert capsys.readouterr().err == f"exported to {fifo}\n"


def test_export_through_a_symlink_to_a_private_file(
    some_progress: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "backups" / "progress.json"
    target.parent.mkdir()
    target.write_text("an older export", encoding="utf-8")
    target.chmod(0o600)
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    assert main(["export", "--out", str(link)]) == 0
    assert link.is_symlink() and link.resolve() == target
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert json.loads(target.read_text(encoding="utf-8"))["reviews"][0]["answer"] == "symmetry"
    assert capsys.readouterr().err == f"exported to {target}\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["progress.json"]


def test_export_over_a_600_file_keeps_it_private(some_progress: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o600)
    assert main(["export", "--out", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "quiz-progress"


def test_export_to_a_folder_or_a_missing_folder_is_one_line(
    some_progress: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"quiz: error: --out: {tmp_path} is a folder; give a file name\n"
    assert main(["export", "--out", str(tmp_path / "nope" / "x.json")]) == 2
    assert "does not exist" in capsys.readouterr().err
