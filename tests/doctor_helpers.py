"""Shared by the `quiz doctor` tests: run it, build a store with every kind of row, snapshot folders byte for byte."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from quiz.cli import main
from quiz.deck import default_deck_path
from quiz.deck_cache import load_deck_cached
from quiz.progress import InterviewAnswer, ProgressStore
from quiz.progress.exercises import record_attempt

DECK = "weight-initialization"
NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)


def doctor(capsys: pytest.CaptureFixture[str], *args: str, demos: bool = False) -> tuple[int, list[str], str]:
    """`quiz doctor ARGS` in this process: exit code, stdout lines, stderr. Without ``demos``, ``--no-demos``."""
    code = main(["doctor", *args, *([] if demos else ["--no-demos"])])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def doctor_json(capsys: pytest.CaptureFixture[str], *args: str, demos: bool = False) -> tuple[int, list[Any]]:
    code, lines, err = doctor(capsys, "--json", *args, demos=demos)
    assert err == ""
    return code, json.loads("\n".join(lines))


def problems(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("problem: ")]


def healthy_store(data: Path) -> Path:
    """A store with reviews, a mock interview with an answer, and an exercise attempt: one row of every table."""
    with ProgressStore.in_dir(data) as store:
        store.record_review(DECK, 1, 3, answer="symmetry", now=NOW)
        store.record_review(DECK, 5, 4, answer="He for ReLU", now=NOW)
        store.record_interview(
            DECK,
            [InterviewAnswer(0, 5, "He: 2/fan_in", 30.0, False, 0.5, ("fan-in",), ("ReLU",))],
            started_at=NOW,
            score=0.5,
        )
        record_attempt(store, "fan", 7, answer="576", given=576.0, expected=576.0, correct=True, now=NOW)
    return data / "progress.db"


def warm_cache(cache: Path) -> None:
    """The cache as the app leaves it: a current entry for the shipped deck."""
    load_deck_cached(default_deck_path(), cache)


def write_settings(data: Path, value: object) -> Path:
    path = data / "settings.json"
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


def execute(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def snapshot(*folders: Path) -> dict[str, tuple[bytes, int, int] | str]:
    """Every file and folder under ``folders``: bytes, mtime and mode of each file; folders by name (a new -wal or
    -shm, a new cache entry, a deleted file all show)."""
    out: dict[str, tuple[bytes, int, int] | str] = {}
    for folder in folders:
        if not folder.exists():
            out[str(folder)] = "absent"
            continue
        for p in sorted([folder, *folder.rglob("*")]):
            if p.is_dir():
                out[str(p)] = "folder"
            else:
                st = p.stat()
                out[str(p)] = (p.read_bytes(), st.st_mtime_ns, st.st_mode)
    return out
