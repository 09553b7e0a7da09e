"""Export and import: the JSON format, round trips, duplicates, and errors that import nothing."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from quiz.progress import InterviewAnswer, ProgressStore
from quiz.progress.exchange import ExchangeError, export_csv, export_data, export_json, import_file

NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
DECK = "weight-initialization"


def _fill(store: ProgressStore) -> None:
    for i, card in enumerate([1, 2, 3, 1, 2, 5]):
        store.record_review(
            DECK,
            card,
            1 + i % 4,
            answer=f"answer «{i}», with, commas",
            duration_s=i * 1.5,
            now=NOW + timedelta(minutes=i),
        )
    store.record_review(DECK, 4, 2, cram=True, now=NOW + timedelta(hours=1))
    store.record_review("other-deck", 1, 3, now=NOW + timedelta(hours=2))
    store.record_interview(
        DECK,
        [InterviewAnswer(0, 5, "He: 2/fan_in", 30.0, False, 0.5, ("fan-in",), ("ReLU",), 3), InterviewAnswer(1, 7)],
        started_at=NOW + timedelta(days=1),
        finished_at=NOW + timedelta(days=1, minutes=4),
        settings={"questions": 2},
        score=0.25,
        anchors={"fan_in": True, "activation": False, "symmetry": False},
    )


def _without_stamp(text: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(text)
    data.pop("exported_at")
    return data


def test_export_has_the_documented_shape(tmp_path: Path) -> None:
    with ProgressStore.in_dir(tmp_path) as store:
        _fill(store)
        data = export_data(store, NOW)
    assert data["format"] == "quiz-progress" and data["version"] == 1
    assert data["exported_at"] == "2026-01-10T12:00:00.000000+00:00"
    assert len(data["reviews"]) == 9  # 8 recorded + the interview's self-graded mock review
    first = data["reviews"][0]
    assert set(first) == {"deck", "card", "mode", "grade", "answer", "duration_s", "reviewed_at", "cram", "state"}
    assert first["state"]["card_id"] == 1 and "due" in first["state"]
    assert [r["mode"] for r in data["reviews"]].count("mock") == 1
    [interview] = data["interviews"]
    assert interview["score"] == 0.25 and len(interview["answers"]) == 2
    assert interview["answers"][0]["matched"] == ["fan-in"]


def test_round_trip_is_identical(tmp_path: Path) -> None:
    with ProgressStore.in_dir(tmp_path / "a") as a:
        _fill(a)
        first = export_json(a)
    exported = tmp_path / "export.json"
    exported.write_text(first, encoding="utf-8")
    with ProgressStore.in_dir(tmp_path / "b") as b:
        result = import_file(b, exported)
        assert (result.reviews_added, result.interviews_added) == (9, 1)
        second = export_json(b)
        # The imported schedule is the live one: same due dates.
        assert b.card_state(DECK, 1).due == ProgressStore.in_dir(tmp_path / "a").card_state(DECK, 1).due
        again = import_file(b, exported)
        assert (again.reviews_added, again.reviews_skipped, again.interviews_added, again.interviews_skipped) == (
            0,
            9,
            0,
            1,
        )
        assert export_json(b).count('"reviewed_at"') == 9
    assert _without_stamp(first) == _without_stamp(second)


def test_csv_export(tmp_path: Path) -> None:
    with ProgressStore.in_dir(tmp_path) as store:
        assert export_csv(store).splitlines() == [
            "deck,card,mode,grade,answer,duration_s,reviewed_at,cram,due,state,damaged"
        ]
        _fill(store)
        rows = list(csv.DictReader(io.StringIO(export_csv(store))))
    assert len(rows) == 9
    assert rows[0]["answer"] == "answer «0», with, commas"
    assert rows[0]["due"] and json.loads(rows[0]["state"])["card_id"] == 1


def _review(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "deck": DECK,
        "card": 1,
        "mode": "drill",
        "grade": 3,
        "answer": "",
        "duration_s": 1.0,
        "reviewed_at": "2026-01-10T12:00:00+00:00",
        "cram": False,
        "state": None,
    }
    base.update(changes)
    return base


def _doc(reviews: list[dict[str, Any]], **changes: Any) -> dict[str, Any]:
    return {"format": "quiz-progress", "version": 1, "reviews": reviews, **changes}


def test_a_review_imported_without_a_state_leaves_the_card_new(tmp_path: Path) -> None:
    exported = tmp_path / "export.json"
    exported.write_text(json.dumps(_doc([_review(card=3, state=None)])), encoding="utf-8")
    with ProgressStore.in_dir(tmp_path / "data") as store:
        assert import_file(store, exported).reviews_added == 1
        state = store.card_state(DECK, 3)
        assert (state.reviews, state.state, state.is_new, state.due) == (1, None, True, None)
        review = store.record_review(DECK, 3, 3, now=NOW)  # scheduled from scratch, as a new card is
        assert review.due is not None and not store.card_state(DECK, 3).is_new


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b"{not json", "not valid JSON"),
        (b"deck,card,mode\nx,1,drill\n", "import reads the JSON export"),
        (json.dumps({"format": "anki", "version": 1}).encode(), "format is 'anki', not 'quiz-progress'"),
        (json.dumps(_doc([], version=2)).encode(), "version: Input should be 1"),
        (
            json.dumps(_doc([_review(), _review(), _review(grade=7)])).encode(),
            "reviews[2] (record 3): grade: Input should be less than or equal to 4",
        ),
        (json.dumps(_doc([_review(card="one")])).encode(), "reviews[0] (record 1): card"),
        (json.dumps(_doc([_review(mode="exam")])).encode(), "reviews[0] (record 1): mode"),
        (
            json.dumps(_doc([_review(reviewed_at="2026-01-10T12:00:00")])).encode(),
            "reviews[0] (record 1): reviewed_at: Input should have timezone info",
        ),
        (json.dumps(_doc([_review(colour="red")])).encode(), "reviews[0] (record 1): colour: unknown field"),
        (
            json.dumps(_doc([_review(state={"due": 3})])).encode(),
            "reviews[0] (record 1): state.card_id: Field required",
        ),
        (
            json.dumps(
                _doc(
                    [],
                    interviews=[
                        {
                            "deck": DECK,
                            "started_at": "2026-01-10T12:00:00+00:00",
                            "answers": [{"position": 0, "card": 1, "coverage": 2}],
                        }
                    ],
                )
            ).encode(),
            "interviews[0] (record 1): answers[0].coverage",
        ),
    ],
)
def test_bad_files_name_the_problem_and_import_nothing(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "in.json"
    path.write_bytes(content)
    with ProgressStore.in_dir(tmp_path / "data") as store:
        store.record_review(DECK, 9, 3, now=NOW)
        before = export_json(store, NOW)
        with pytest.raises(ExchangeError) as info:
            import_file(store, path)
        assert export_json(store, NOW) == before
    assert message in str(info.value)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with ProgressStore.in_dir(tmp_path) as store, pytest.raises(ExchangeError, match="no such file"):
        import_file(store, tmp_path / "nope.json")
    assert not (tmp_path / "progress.db").exists()
