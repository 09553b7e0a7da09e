"""`quiz import` stores nothing a later command cannot use: every fsrs state field, score, id, position and time
is checked, the first bad one named (record and field), and a bad file imports nothing. Encodings editors write
(a UTF-8 BOM, UTF-16) are read; absurd nesting is refused with a message.
"""

from __future__ import annotations

import codecs
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fsrs import Card, Rating, Scheduler, State

from quiz.cli import main
from quiz.progress import ProgressStore
from quiz.progress.drill import DrillSession
from quiz.progress.exchange import ExchangeError, export_json, import_file, parse
from quiz.progress.fsrs_state import STABILITY_MAX, STABILITY_MIN, FsrsState

DECK = "weight-initialization"
NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)


def _state(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "card_id": 3,
        "state": 2,
        "step": None,
        "stability": 2.3,
        "difficulty": 5.0,
        "due": "2026-01-12T12:00:00+00:00",
        "last_review": "2026-01-10T12:00:00+00:00",
    }
    base.update(changes)
    return base


def _review(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "deck": DECK,
        "card": 3,
        "mode": "drill",
        "grade": 3,
        "answer": "",
        "duration_s": 1.0,
        "reviewed_at": "2026-01-10T12:00:00+00:00",
        "cram": False,
        "state": _state(),
    }
    base.update(changes)
    return base


def _interview(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "deck": DECK,
        "started_at": "2026-01-10T12:00:00+00:00",
        "score": 0.5,
        "answers": [{"position": 0, "card": 1, "coverage": 0.5}],
    }
    base.update(changes)
    return base


def _doc(reviews: list[dict[str, Any]] | None = None, interviews: list[dict[str, Any]] | None = None) -> str:
    return json.dumps(
        {"format": "quiz-progress", "version": 1, "reviews": reviews or [], "interviews": interviews or []}
    )


def _import(tmp_path: Path, text: str | bytes) -> tuple[ProgressStore, Path]:
    path = tmp_path / "in.json"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    store = ProgressStore.in_dir(tmp_path / "data")
    return store, path


BAD_STATES = [
    ({"step": "x"}, "state.step: Input should be a valid integer"),
    ({"step": [1]}, "state.step: Input should be a valid integer"),
    ({"state": 1, "step": -5}, "state.step: Input should be greater than or equal to 0"),
    ({"stability": 1e400}, "state.stability: Input should be a finite number"),
    ({"stability": -3}, f"state.stability: Input should be greater than or equal to {STABILITY_MIN}"),
    ({"stability": 0}, f"state.stability: Input should be greater than or equal to {STABILITY_MIN}"),
    ({"stability": 1e300}, "state.stability: Input should be less than or equal to"),
    ({"stability": "2.3"}, "state.stability: Input should be a valid number"),
    ({"difficulty": 11}, "state.difficulty: Input should be less than or equal to 10"),
    ({"due": "2026-01-12T12:00:00"}, "state.due: Input should have timezone info"),
    ({"last_review": "2026-01-10T12:00:00"}, "state.last_review: Input should have timezone info"),
    ({"state": 4}, "state.state: Input should be less than or equal to 3"),
    ({"state": True}, "state.state: Input should be a valid integer"),
    ({"card_id": "3"}, "state.card_id: Input should be a valid integer"),
    ({"step": 1}, "state: step: must be null in the Review state (2), not 1"),
    ({"state": 3, "step": None}, "state: step: must be a number in the Relearning state (3), not null"),
    ({"stability": None}, "state: stability and difficulty: give both or neither"),
    ({"colour": "red"}, "state.colour: unknown field (not part of the quiz-progress format)"),
]


@pytest.mark.parametrize(("change", "message"), BAD_STATES)
def test_a_state_fsrs_cannot_schedule_is_refused_naming_the_record_and_field(
    tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    store, path = _import(
        tmp_path, _doc([_review(), _review(reviewed_at="2026-01-11T12:00:00+00:00", state=_state(**change))])
    )
    with store, pytest.raises(ExchangeError) as info:
        import_file(store, path)
    assert f"reviews[1] (record 2): {message}" in str(info.value)
    assert not store.path.exists()  # nothing imported: the good first record neither


def test_bad_states_through_the_cli_import_nothing_and_the_drill_still_works(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUIZ_DATA_DIR", str(tmp_path / "data"))
    good = tmp_path / "good.json"
    good.write_text(_doc([_review()]), encoding="utf-8")
    assert main(["import", str(good)]) == 0
    for change, _message in BAD_STATES:
        bad = tmp_path / "bad.json"
        bad.write_text(_doc([_review(reviewed_at="2026-01-11T12:00:00+00:00", state=_state(**change))]))
        assert main(["import", str(bad)]) == 2
        _out, err = capsys.readouterr()
        assert err.startswith("quiz: error: ") and err.count("\n") == 1 and "reviews[0] (record 1): state" in err
    from quiz.deck import default_deck_path, load_deck

    deck = load_deck(default_deck_path())
    with ProgressStore.in_dir(tmp_path / "data") as store:
        assert store.review_count() == 1
        session = DrillSession.chosen(store, deck, [3])  # the card whose state every bad file tried to break
        review = session.grade(3, "an answer")
        assert review.due is not None and store.card_state(DECK, 3).reviews == 2


@pytest.mark.parametrize(
    ("interview", "message"),
    [
        (_interview(score=1e308), "interviews[0] (record 1): score: Input should be less than or equal to 1"),
        (_interview(score=-5), "interviews[0] (record 1): score: Input should be greater than or equal to 0"),
        (_interview(score="NaN"), "interviews[0] (record 1): score: Input should be a valid number"),
        (_interview(anchors={"fan_in": "yes"}), "interviews[0] (record 1): anchors.fan_in: Input should be a valid"),
        (
            _interview(answers=[{"position": 2**63, "card": 1}]),
            "interviews[0] (record 1): answers[0].position: Input should be less than or equal to 9223372036854775807",
        ),
        (
            _interview(answers=[{"position": 0, "card": 99999999999999999999999999999}]),
            "interviews[0] (record 1): answers[0].card: Input should be less than or equal to 9223372036854775807",
        ),
        (
            _interview(started_at="9999-12-31T23:59:59-14:00"),
            "interviews[0] (record 1): started_at: Input should be less than 9000-01-01T00:00:00Z",
        ),
        (
            _interview(settings={"nested": json.loads("[" * 40 + "]" * 40)}),
            "interviews[0] (record 1): settings: nested more than 32 levels deep",
        ),
    ],
)
def test_interview_scores_ids_positions_and_dates_are_bounded(
    tmp_path: Path, interview: dict[str, Any], message: str
) -> None:
    store, path = _import(tmp_path, _doc(interviews=[interview]))
    with store, pytest.raises(ExchangeError) as info:
        import_file(store, path)
    assert message in str(info.value)
    assert not store.path.exists()


@pytest.mark.parametrize(
    ("review", "message"),
    [
        (_review(card=9223372036854775808), "card: Input should be less than or equal to 9223372036854775807"),
        (_review(card=99999999999999999999999999999), "card: Input should be less than or equal to"),
        (_review(reviewed_at="9999-12-31T23:59:59-14:00"), "reviewed_at: Input should be less than 9000-01-01"),
        (_review(reviewed_at="1969-12-31T23:59:59+00:00"), "reviewed_at: Input should be greater than or equal"),
        (_review(state=_state(due="9999-12-31T23:59:59-14:00")), "state.due: Input should be less than 9000"),
        (_review(duration_s="12"), "duration_s: Input should be a valid number"),
        (_review(cram="yes"), "cram: Input should be a valid boolean"),
    ],
)
def test_review_ids_and_dates_past_their_range_are_refused(
    tmp_path: Path, review: dict[str, Any], message: str
) -> None:
    store, path = _import(tmp_path, _doc([review]))
    with store, pytest.raises(ExchangeError) as info:
        import_file(store, path)
    assert f"reviews[0] (record 1): {message}" in str(info.value)
    assert "\n" not in str(info.value)


def test_every_state_the_checks_accept_is_one_fsrs_can_review() -> None:
    # The rules in FsrsState are read off fsrs' code; here fsrs itself confirms them at their edges: every state
    # that validates can be reviewed with each grade, and its retrievability computed, without an error.
    scheduler = Scheduler(enable_fuzzing=False)
    due, last = "2026-01-12T12:00:00+00:00", "2026-01-10T12:00:00+00:00"
    accepted = 0
    for state in (1, 2, 3):
        for step in (None, 0, 1, 5, 2**63 - 1):
            for stability, difficulty in ((None, None), (STABILITY_MIN, 1.0), (2.3, 5.0), (STABILITY_MAX, 10.0)):
                for last_review in (None, last):
                    raw = _state(
                        state=state, step=step, stability=stability, difficulty=difficulty, last_review=last_review
                    )
                    try:
                        valid = FsrsState.model_validate({**raw, "due": due})
                    except ValueError:
                        continue
                    accepted += 1
                    card = Card.from_json(valid.to_json())
                    for rating in Rating:
                        for when in (NOW - timedelta(days=400), NOW, NOW + timedelta(days=30000)):
                            scheduler.review_card(card, rating, when)
                            scheduler.get_card_retrievability(card, when)
    assert accepted > 20
    assert State(1) == State.Learning


def test_a_json_export_with_a_utf8_bom_or_in_utf16_imports(tmp_path: Path) -> None:
    text = _doc([_review(answer="symétrie, √2, ü")])
    variants = {
        "utf-8-sig": codecs.BOM_UTF8 + text.encode("utf-8"),
        "utf-16": text.encode("utf-16"),  # with its BOM, as PowerShell writes it
        "utf-16-le": text.encode("utf-16-le"),
        "utf-16-be": codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    }
    for name, raw in variants.items():
        data = parse(raw, name)
        assert data.reviews[0].answer == "symétrie, √2, ü", name


def test_bad_utf8_is_named_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(ExchangeError, match=r"not valid UTF-8 text \(byte \d+"):
        parse(b'{"format": "quiz-progress", "answer": "caf\xe9"}', "in.json")


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_json_nested_100000_deep_is_refused_with_a_message(tmp_path: Path, opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    deep = '{"format": "quiz-progress", "version": 1, "reviews": ' + opener * 100_000 + "1" + closer * 100_000 + "}"
    store, path = _import(tmp_path, deep)
    with store, pytest.raises(ExchangeError, match="nested far too deeply"):
        import_file(store, path)
    assert not store.path.exists()


def test_the_cli_says_it_in_one_line_for_deep_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"format": "quiz-progress", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    assert main(["import", str(path)]) == 2
    _out, err = capsys.readouterr()
    assert err.count("\n") == 1 and "nested far too deeply" in err and "Traceback" not in err


def test_what_import_accepts_exports_back_unchanged(tmp_path: Path) -> None:
    # The bounds take nothing away from real exports: a state at 09:00+05:00 round-trips as written.
    store, path = _import(tmp_path, _doc([_review(state=_state(due="2026-01-12T12:00:00+05:00"))]))
    with store:
        import_file(store, path)
        exported = json.loads(export_json(store, NOW))
    assert exported["reviews"][0]["state"]["due"] == "2026-01-12T12:00:00+05:00"
    assert "damaged" not in exported["reviews"][0]
