"""Damaged exercise attempts never lock the data in, and never end a command in a traceback: export writes them
as stored, flagged; stats, schedules and the next graded answer skip them and use the attempt before."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quiz.cli import main
from quiz.progress import ProgressStore
from quiz.progress.exchange import ExchangeError, export, import_data, parse
from quiz.progress.exercises import attempts, kind_states, record_attempt

NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)


def _attempts(folder: Path) -> Path:
    with ProgressStore.in_dir(folder) as store:
        record_attempt(store, "fan", 1, answer="576", given=576.0, expected=576.0, correct=True, now=NOW)
        later = NOW + timedelta(days=3)
        record_attempt(store, "fan", 2, answer="3", given=3.0, expected=3456.0, correct=False, now=later)
        record_attempt(store, "gain", 3, answer="1.41", given=1.41, expected=1.414, correct=True, now=NOW)
    return folder / "progress.db"


def _damage(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("sql", "field", "message"),
    [
        ("UPDATE exercise_reviews SET reviewed_at = 'garbage' WHERE seed = 2", "reviewed_at", "datetime"),
        ("UPDATE exercise_reviews SET state = '{bad' WHERE seed = 2", "state", "not valid JSON"),
        ('UPDATE exercise_reviews SET state = \'{"card_id": 1, "state": 2}\' WHERE seed = 2', "state", "step"),
        ("UPDATE exercise_reviews SET given = 'abc' WHERE seed = 2", "given", "number"),
        ("UPDATE exercise_reviews SET answer = CAST(x'ff41' AS TEXT) WHERE seed = 2", "answer", "UTF-8"),
    ],
)
def test_a_damaged_attempt_is_exported_flagged_and_does_not_import(
    tmp_path: Path, sql: str, field: str, message: str
) -> None:
    path = _attempts(tmp_path)
    _damage(path, sql)
    with ProgressStore(path) as store:
        result = export(store, NOW)
    records = result.document["exercises"]
    assert len(records) == 3  # every attempt, the damaged one too
    [flagged] = [r for r in records if "damaged" in r]
    assert flagged["seed"] == 2 and message in flagged["damaged"][field]
    [damage] = result.damaged
    assert damage.table == "exercise_reviews" and damage.describe().startswith("exercise attempt #2 (kind fan, ")
    text = json.dumps(result.document)
    with pytest.raises(ExchangeError, match=r"exercises\[\d\] \(record \d\): damaged: this record was exported from"):
        parse(text.encode(), "export.json")


def test_healthy_attempts_export_as_before_and_import_back(tmp_path: Path) -> None:
    path = _attempts(tmp_path / "a")
    with ProgressStore(path) as store:
        document = export(store, NOW).document
    keys = (
        "kind seed mode answer given expected correct grade duration_s timed_out reviewed_at state interview position"
    )
    assert [list(r) for r in document["exercises"]] == [keys.split()] * 3
    assert isinstance(document["exercises"][0]["state"], dict) and document["exercises"][0]["correct"] is True
    with ProgressStore.in_dir(tmp_path / "b") as other:
        result = import_data(other, parse(json.dumps(document).encode(), "x.json"))
    assert result.exercises_added == 3


def test_the_schedule_comes_from_the_attempt_before_a_damaged_one(tmp_path: Path) -> None:
    path = _attempts(tmp_path)
    with ProgressStore(path) as store:
        healthy = kind_states(store)["fan"]
    _damage(path, "UPDATE exercise_reviews SET state = '{bad' WHERE seed = 2")
    with ProgressStore(path) as store:
        states = kind_states(store)
        [notice] = store.take_notices()
        fan = states["fan"]
        assert fan.attempts == 2  # counted, as a damaged review is
        assert fan.last_reviewed == NOW and fan.last_correct is True  # the attempt before the damaged one
        assert fan.state is not None and fan.state != healthy.state
        assert "exercise attempt #2 (kind fan" in notice and "state: not valid JSON" in notice
        assert [a.seed for a in attempts(store)] == [1, 3]  # the damaged one left out, named once
        # The next graded answer is scheduled from the usable attempt, and saved.
        saved = record_attempt(store, "fan", 4, answer="9", given=9.0, expected=9.0, correct=True, now=NOW)
        assert saved.state is not None


def test_stats_export_and_grading_run_on_a_store_whose_only_attempt_is_damaged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    with ProgressStore.in_dir(data) as store:
        record_attempt(store, "fan", 1, answer="5", given=5.0, expected=576.0, correct=False, now=NOW)
    _damage(data / "progress.db", "UPDATE exercise_reviews SET reviewed_at = 'garbage', state = '{bad'")
    assert main(["--data-dir", str(data), "stats", "--json"]) == 0
    fan = next(k for k in json.loads(capsys.readouterr().out)["exercises"] if k["kind"] == "fan")
    assert fan["attempts"] == 1 and fan["last_reviewed"] is None and fan["due"] is None
    assert main(["--data-dir", str(data), "export"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["exercises"][0]["reviewed_at"] == "garbage"
    assert "exercise attempt #1 (kind fan, garbage) is damaged" in err
    with ProgressStore.in_dir(data) as store:
        again = record_attempt(store, "fan", 2, answer="576", given=576.0, expected=576.0, correct=True, now=NOW)
    assert again.state is not None and again.id == 2
