"""Damaged rows never lock the data in: export writes them as stored and flags them; stats and drills name them and
go on; a schema that says the wrong version is a clear message, not a KeyError or "table already exists"."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quiz.cli import main
from quiz.deck import Deck
from quiz.progress import InterviewAnswer, ProgressStore
from quiz.progress import stats as progress_stats
from quiz.progress.drill import DrillSession
from quiz.progress.exchange import ExchangeError, export, import_file
from quiz.progress.schema import LATEST_VERSION

DECK = "weight-initialization"
NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)


def _store_with_history(folder: Path) -> Path:
    with ProgressStore.in_dir(folder) as store:
        store.record_review(DECK, 1, 3, answer="first", now=NOW)
        store.record_review(DECK, 1, 4, answer="second", now=NOW + timedelta(days=1))
        store.record_review(DECK, 2, 3, answer="card two", now=NOW)
        store.record_interview(
            DECK,
            [InterviewAnswer(0, 5, "He: 2/fan_in", 30.0, False, 0.5, ("fan-in",), ("ReLU",))],
            started_at=NOW,
            score=0.5,
        )
    return folder / "progress.db"


def _damage(path: Path, sql: str, *params: object) -> None:
    conn = sqlite3.connect(path)
    conn.execute(sql, params)
    conn.commit()
    conn.close()


def test_a_state_that_is_not_json_is_named_and_stats_and_drill_go_on(tmp_path: Path, deck: Deck) -> None:
    path = _store_with_history(tmp_path)
    _damage(path, "UPDATE reviews SET state = '{bad json' WHERE answer = 'second'")
    with ProgressStore(path) as store:
        figures = progress_stats.compute(store, deck, NOW + timedelta(days=2))
        [notice] = store.take_notices()
        assert "review #2" in notice and "card 1" in notice and "state: not valid JSON" in notice
        card1 = next(c for c in figures.cards if c.id == 1)
        # The schedule comes from the review before the damaged one; the counts keep both.
        assert card1.reviews == 2 and card1.last_grade == 4 and card1.due is not None and not card1.new
        session = DrillSession.chosen(store, deck, [1, 2], clock=lambda: NOW + timedelta(days=2))
        first = session.grade(3, "after the damage")
        assert first.card == 1 and first.due is not None
        assert session.grade(2).card == 2
        assert store.take_notices() == []  # named once per run, not at every read
    # Export writes it as stored, flagged; nothing else is.
    with ProgressStore(path) as store:
        result = export(store, NOW)
    reviews = result.document["reviews"]
    damaged = [r for r in reviews if "damaged" in r]
    assert [r["state"] for r in damaged] == ["{bad json"]
    assert damaged[0]["damaged"]["state"].startswith("not valid JSON")
    assert len(reviews) == 5 and len(result.damaged) == 1


@pytest.mark.parametrize(
    ("sql", "field", "message"),
    [
        ("UPDATE reviews SET state = '{\"card_id\": 1, \"state\": 2}' WHERE answer = 'second'", "state", "step"),
        ('UPDATE reviews SET state = replace(state, \'"step": null\', \'"step": "x"\')', "state", "step"),
        ("UPDATE reviews SET state = replace(state, '+00:00\"', '\"')", "state", "timezone"),
        ("UPDATE reviews SET reviewed_at = 'yesterday' WHERE answer = 'second'", "reviewed_at", ""),
        ("UPDATE reviews SET answer = CAST(x'ff41' AS TEXT) WHERE answer = 'second'", "answer", "UTF-8"),
    ],
)
def test_every_kind_of_damaged_review_is_exported_and_flagged(
    tmp_path: Path, deck: Deck, sql: str, field: str, message: str
) -> None:
    path = _store_with_history(tmp_path)
    _damage(path, sql)
    with ProgressStore(path) as store:
        result = export(store, NOW)
        progress_stats.compute(store, deck, NOW)  # no traceback
        DrillSession.due(store, deck, now=NOW + timedelta(days=30))
    flagged = [r for r in result.document["reviews"] if "damaged" in r]
    assert flagged and all(field in r["damaged"] for r in flagged)
    assert all(message in r["damaged"][field] for r in flagged)
    assert len(result.document["reviews"]) == 3


def test_a_flagged_record_does_not_import_until_repaired(tmp_path: Path) -> None:
    path = _store_with_history(tmp_path / "a")
    _damage(path, "UPDATE reviews SET state = '{bad json' WHERE answer = 'second'")
    with ProgressStore(path) as store:
        document = export(store, NOW).document
    out = tmp_path / "export.json"
    out.write_text(json.dumps(document), encoding="utf-8")
    with ProgressStore.in_dir(tmp_path / "b") as other, pytest.raises(ExchangeError) as info:
        import_file(other, out)
    assert "reviews[2] (record 3): damaged: this record was exported from a damaged row (state: not valid JSON" in str(
        info.value
    )


def test_a_damaged_interview_is_named_and_left_off_the_scores(tmp_path: Path, deck: Deck) -> None:
    path = _store_with_history(tmp_path)
    _damage(path, "UPDATE interviews SET score = 'NaN', settings = '{'")
    with ProgressStore(path) as store:
        assert store.interviews(DECK) == []
        figures = progress_stats.compute(store, deck, NOW)
        notices = store.take_notices()
        result = export(store, NOW)
    assert figures.mock_interviews == 1 and figures.interview_scores == []
    assert len(notices) == 1 and "mock interview #1" in notices[0] and "score" in notices[0]
    [interview] = result.document["interviews"]
    assert interview["settings"] == "{" and interview["score"] == "NaN"
    assert set(interview["damaged"]) == {"settings", "score"}


def test_the_cli_exports_stats_and_drills_a_damaged_store(
    data_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import io
    import sys

    path = _store_with_history(data_dir)
    _damage(path, "UPDATE reviews SET state = '{bad json' WHERE answer = 'second'")
    out = tmp_path / "export.json"
    assert main(["export", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert 'flagged ("damaged"): review #2' in err
    [flagged] = [r for r in json.loads(out.read_text(encoding="utf-8"))["reviews"] if r["answer"] == "second"]
    assert flagged["state"] == "{bad json" and "state" in flagged["damaged"]
    assert main(["export", "--format", "csv"]) == 0
    csv_out = capsys.readouterr().out
    assert "{bad json,state: not valid JSON" in csv_out
    assert main(["stats", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["reviews"] == 3 and "review #2" in captured.err
    sys.stdin = io.StringIO("an answer\n3\n")
    try:
        assert main(["drill", "--plain", "--cards", "1"]) == 0
    finally:
        sys.stdin = sys.__stdin__
    captured = capsys.readouterr()
    assert "saved: card 1" in captured.out and "review #2" in captured.err


@pytest.mark.parametrize(
    ("version", "message"),
    [
        (-1, "its schema version is -1, which no version of quiz ever wrote"),
        (
            1,
            "it says schema 1 but already has the table(s) exercise_reviews, interview_answers, interviews, "
            "review_days",
        ),
        (2, "it says schema 2 but already has the table(s) exercise_reviews, review_days of a later schema"),
    ],
)
def test_a_wrong_schema_version_is_a_clear_message(
    data_dir: Path, capsys: pytest.CaptureFixture[str], version: int, message: str
) -> None:
    path = _store_with_history(data_dir)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    assert main(["stats", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["reviews"] == 0
    assert message in captured.err and "moved to" in captured.err and "Traceback" not in captured.err
    [moved] = [p for p in data_dir.iterdir() if p.name.startswith("progress.db.corrupt-") and "-" not in p.name[20:]]
    conn = sqlite3.connect(moved)
    assert conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 3  # kept, whole
    conn.close()


def test_an_index_of_a_later_schema_in_an_older_file_is_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE reviews (id INTEGER PRIMARY KEY, deck TEXT)")
    conn.execute("CREATE INDEX interviews_by_deck ON reviews (deck)")  # a name the next migration creates
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with ProgressStore(path) as store:
        store.record_review(DECK, 1, 3, now=NOW)
        [notice] = store.take_notices()
    assert "its schema does not match" in notice and "already exists" in notice
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    conn.close()


def test_a_damaged_value_is_named_without_driving_the_terminal(tmp_path: Path, deck: Deck) -> None:
    path = _store_with_history(tmp_path)
    _damage(
        path, "UPDATE reviews SET reviewed_at = ? WHERE answer = 'second'", "9\x1b]0;TITLE\x07\x1b[2J"
    )  # sorts last: met first
    with ProgressStore(path) as store:
        progress_stats.compute(store, deck, NOW)
        [notice] = store.take_notices()
    assert "\x1b" not in notice and "\x07" not in notice
    assert "\\x1b]0;TITLE\\x07\\x1b[2J" in notice
