"""Exercise progress: each kind one FSRS item (keyed by kind, not by the numbers), the migration that adds it, and
its place in export/import."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from quiz.progress import InterviewAnswer, ProgressError, ProgressStore
from quiz.progress.exchange import ExchangeError, export_data, export_json, import_file
from quiz.progress.exercises import attempts, due_order, kind_states, next_kind, record_attempt
from quiz.progress.schema import LATEST_VERSION, MIGRATIONS, migrate

NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
DECK = "weight-initialization"


def _attempt(store: ProgressStore, kind: str, seed: int, correct: bool, at: datetime, **extra: Any) -> Any:
    return record_attempt(
        store,
        kind,
        seed,
        answer="sqrt(2/576)",
        given=0.0589,
        expected=0.0589 if correct else 0.07,
        correct=correct,
        now=at,
        **extra,
    )


def test_progress_is_keyed_by_kind_not_by_the_numbers(tmp_path: Path) -> None:
    with ProgressStore.in_dir(tmp_path) as store:
        first = _attempt(store, "scale", 1, True, NOW)
        second = _attempt(store, "scale", 999, True, NOW + timedelta(days=1))  # other numbers, same kind
        states = kind_states(store)
    assert first.grade == 3 and first.state is not None
    assert json.loads(first.state)["card_id"] == 2  # scale's fsrs item
    # The second attempt moved the same schedule on (a longer interval), though its seed differs.
    assert second.due is not None and first.due is not None
    assert second.due - (NOW + timedelta(days=1)) > first.due - NOW
    assert states["scale"].attempts == 2 and states["scale"].correct == 2
    assert states["scale"].state == second.state
    assert all(states[k].is_new for k in ("fan", "gain", "experiment"))


def test_a_wrong_answer_brings_the_kind_back_soon(tmp_path: Path) -> None:
    with ProgressStore.in_dir(tmp_path) as store:
        right = _attempt(store, "fan", 1, True, NOW)
        wrong = _attempt(store, "gain", 1, False, NOW)
    assert wrong.grade == 1 and right.grade == 3
    assert wrong.due is not None and right.due is not None and wrong.due < right.due


def test_the_next_kind_is_the_most_overdue_then_new_ones(tmp_path: Path) -> None:
    with ProgressStore.in_dir(tmp_path) as store:
        assert next_kind(kind_states(store), NOW) == "fan"  # all new: in order
        _attempt(store, "fan", 1, True, NOW)
        assert next_kind(kind_states(store), NOW) == "scale"
        _attempt(store, "scale", 1, False, NOW)  # due again in minutes
        later = NOW + timedelta(hours=1)
        assert next_kind(kind_states(store), later) == "scale"  # overdue beats new
        for kind in ("gain", "experiment"):
            _attempt(store, kind, 1, True, NOW)
        _attempt(store, "scale", 2, True, later)
        states = kind_states(store)
    # Nothing due a minute later: the one due soonest.
    soon = later + timedelta(minutes=1)
    soonest = min(states.values(), key=lambda s: s.due or NOW).kind
    assert next_kind(states, soon) == soonest
    assert sorted(due_order(states, soon)) == sorted(["fan", "scale", "gain", "experiment"])
    assert due_order(states, soon)[0] == soonest


def test_reading_a_missing_store_creates_nothing(tmp_path: Path) -> None:
    with ProgressStore.in_dir(tmp_path / "none") as store:
        assert all(s.is_new for s in kind_states(store).values())
        assert attempts(store) == []
    assert not (tmp_path / "none").exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "relu"}, "unknown exercise kind 'relu'"),
        ({"mode": "drill"}, "mode is practice or mock"),
        ({"seed": -1}, "seed is a whole number"),
        ({"duration_s": -2.0}, "at least 0 seconds"),
    ],
)
def test_bad_attempts_are_refused_and_nothing_is_written(tmp_path: Path, kwargs: dict[str, Any], message: str) -> None:
    args: dict[str, Any] = {"kind": "fan", "seed": 1, "mode": "practice", "duration_s": 0.0, **kwargs}
    with ProgressStore.in_dir(tmp_path) as store:
        with pytest.raises(ProgressError, match=message):
            record_attempt(
                store,
                args.pop("kind"),
                args.pop("seed"),
                answer="1",
                given=1.0,
                expected=1.0,
                correct=True,
                now=NOW,
                **args,
            )
        assert attempts(store) == []


def test_a_v3_store_gains_the_exercise_table(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, LATEST_VERSION - 1)
    conn.execute(
        "INSERT INTO reviews (deck, card, mode, grade, reviewed_at) VALUES (?, 1, 'drill', 3, ?)",
        (DECK, NOW.isoformat(timespec="microseconds")),
    )
    conn.close()
    with ProgressStore(path) as store:
        assert store.review_count() == 1  # kept
        _attempt(store, "gain", 3, True, NOW)
        assert kind_states(store)["gain"].attempts == 1
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION == len(MIGRATIONS)
    conn.close()


# --- export / import --------------------------------------------------------------------------------------------


def _fill(store: ProgressStore) -> int:
    store.record_review(DECK, 3, 3, now=NOW)
    _attempt(store, "fan", 11, True, NOW + timedelta(minutes=1))
    _attempt(store, "experiment", 12, False, NOW + timedelta(minutes=2), duration_s=30.5)
    interview = store.record_interview(
        DECK, [InterviewAnswer(0, 5, "He", 10.0)], started_at=NOW + timedelta(days=1), score=0.5
    )
    with store.writing() as conn:
        from quiz.progress.exercises import insert_attempt

        insert_attempt(
            conn,
            kind="scale",
            seed=77,
            answer="",
            given=None,
            expected=0.0625,
            correct=False,
            mode="mock",
            duration_s=90.0,
            moment=NOW + timedelta(days=1, minutes=2),
            interview_id=interview,
            position=1,
        )
    return interview


def test_exercises_export_and_import_round_trip(tmp_path: Path) -> None:
    with ProgressStore.in_dir(tmp_path / "a") as store:
        _fill(store)
        text = export_json(store, NOW)
    data = json.loads(text)
    assert [e["kind"] for e in data["exercises"]] == ["fan", "experiment", "scale"]
    first = data["exercises"][0]
    assert set(first) == {
        "kind",
        "seed",
        "mode",
        "answer",
        "given",
        "expected",
        "correct",
        "grade",
        "duration_s",
        "timed_out",
        "reviewed_at",
        "state",
        "interview",
        "position",
    }
    mock = data["exercises"][2]
    assert mock["interview"] == {"deck": DECK, "started_at": data["interviews"][0]["started_at"]}
    assert mock["position"] == 1 and mock["given"] is None and mock["mode"] == "mock"
    path = tmp_path / "export.json"
    path.write_text(text, encoding="utf-8")
    with ProgressStore.in_dir(tmp_path / "b") as store:
        result = import_file(store, path)
        assert (result.exercises_added, result.exercises_skipped) == (3, 0)
        assert "exercises: 3 attempts imported" in result.summary()
        again = import_file(store, path)
        assert (again.exercises_added, again.exercises_skipped) == (0, 3)
        exported = export_data(store, NOW)
        [interview] = store.interviews(DECK)
        assert [a.position for a in attempts(store, interview_id=interview.id)] == [1]
        assert kind_states(store)["experiment"].state is not None  # the schedule came with it
    assert exported == data


def test_an_old_export_without_exercises_still_imports(tmp_path: Path) -> None:
    old = {"format": "quiz-progress", "version": 1, "reviews": [], "interviews": []}
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    with ProgressStore.in_dir(tmp_path / "store") as store:
        result = import_file(store, path)
    assert result.exercises_added == 0 and "exercises" not in result.summary()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "relu"}, "exercises[0] (record 1): kind: Input should be 'fan', 'scale', 'gain' or 'experiment'"),
        ({"seed": -1}, "exercises[0] (record 1): seed"),
        ({"grade": 7}, "exercises[0] (record 1): grade"),
        ({"given": "lots"}, "exercises[0] (record 1): given"),
        ({"state": {"nonsense": 1}}, "exercises[0] (record 1): state.card_id: Field required"),
        ({"extra": 1}, "exercises[0] (record 1): extra: unknown field"),
        (
            {"interview": {"deck": DECK, "started_at": "2030-01-01T00:00:00+00:00"}},
            "exercises[0] (record 1): interview: no interview of deck",
        ),
    ],
)
def test_a_bad_exercise_record_imports_nothing(tmp_path: Path, change: dict[str, Any], message: str) -> None:
    with ProgressStore.in_dir(tmp_path / "a") as store:
        _fill(store)
        data = export_data(store, NOW)
    data["exercises"][0].update(change)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with ProgressStore.in_dir(tmp_path / "b") as store:
        with pytest.raises(ExchangeError, match=message.replace("[", r"\[").replace("(", r"\(").replace(")", r"\)")):
            import_file(store, path)
        assert store.review_count() == 0 and attempts(store) == []
