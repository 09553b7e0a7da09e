"""Contradictions and the user's corrections through the interview: the report, the personal best, the store,
the export and the Markdown."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quiz.deck import Deck
from quiz.interview import (
    FakeClock,
    InterviewError,
    InterviewSettings,
    MockInterview,
    compare_scores,
    report_from_record,
    report_markdown,
)
from quiz.progress import ProgressStore
from quiz.progress.exchange import export_data, export_json, import_file
from quiz.progress.interviews import record_overrides, record_report
from quiz.progress.schema import LATEST_VERSION, MIGRATIONS

WHEN = datetime(2026, 11, 29, 9, 30, tzinfo=UTC)
WRONG_15 = "He init is for tanh and sigmoid, Xavier is for ReLU; use the framework defaults."
GOOD_5 = "He is for ReLU: half of the activations are zero, so Var = 2/fan_in and the signal does not vanish."


def _interview(deck: Deck, cards: tuple[int, ...]) -> MockInterview:
    settings = InterviewSettings(cards=cards, questions=len(cards), follow_ups=0)
    interview = MockInterview.from_deck(deck, settings, clock=FakeClock(), wall_clock=lambda: WHEN)
    interview.start()
    return interview


def test_the_report_carries_contradictions_and_caps_the_question(deck: Deck) -> None:
    interview = _interview(deck, (15, 5))
    interview.submit(WRONG_15)
    interview.submit(GOOD_5)
    report = interview.report()
    wrong, good = report.questions
    assert wrong.coverage == 0.25 and good.coverage == 1.0
    assert report.contradicted
    as_json = report.to_json()["questions"]
    assert isinstance(as_json, list)
    assert as_json[0]["contradicted"] == [
        {
            "label": "He and Xavier swapped",
            "said": "He init is for tanh",
            "correction": "He is for ReLU; Xavier for tanh/sigmoid.",
        },
        {
            "label": "He and Xavier swapped",
            "said": "Xavier is for ReLU",
            "correction": "He is for ReLU; Xavier for tanh/sigmoid.",
        },
    ]
    assert as_json[1]["contradicted"] == []


def test_a_contradiction_is_never_a_personal_best(deck: Deck) -> None:
    interview = _interview(deck, (15, 5))
    interview.submit(WRONG_15)
    interview.submit(GOOD_5)
    report = interview.report(previous_scores=[0.2, 0.3])
    assert report.score > 0.3
    assert not report.comparison.personal_best
    md = report_markdown(report)
    assert "new personal best" not in md
    assert "does not count as a personal best" in md
    # Corrected (the user says He for ReLU was heard), it can be one again.
    interview.toggle_concept(0, "He for ReLU")
    assert not interview.report().contradicted
    assert interview.report(previous_scores=[0.2, 0.3]).comparison.personal_best


def test_an_earlier_contradicted_interview_is_not_the_best_to_beat() -> None:
    comp = compare_scores(0.6, [0.9, 0.5], previous_clean=[False, True])
    assert comp.previous_best == 0.5 and comp.personal_best
    assert compare_scores(0.6, [0.9, 0.5]).previous_best == 0.9
    assert compare_scores(0.6, [0.9], previous_clean=[False]).previous_best is None
    assert not compare_scores(0.6, [], contradicted=True).personal_best


def test_markdown_shows_the_contradictions_with_their_corrections(deck: Deck) -> None:
    interview = _interview(deck, (15,))
    interview.submit(WRONG_15)
    md = report_markdown(interview.report())
    assert "- [ ] He for ReLU — contradicted (“He init is for tanh”)" in md
    assert "Contradicted (the score is capped at 25%):" in md
    assert "- ✗ you said “He init is for tanh” — He is for ReLU; Xavier for tanh/sigmoid." in md


def test_toggle_errors(deck: Deck) -> None:
    interview = _interview(deck, (15,))
    with pytest.raises(InterviewError, match="no answered question 0"):
        interview.toggle_concept(0, "He for ReLU")
    interview.submit(WRONG_15)
    with pytest.raises(InterviewError, match="no key point 'nope'"):
        interview.toggle_concept(0, "nope")


def test_overrides_are_stored_exported_imported_and_marked_in_markdown(deck: Deck, tmp_path: Path) -> None:
    interview = _interview(deck, (15, 5))
    interview.submit(WRONG_15)
    interview.submit(GOOD_5)
    store = ProgressStore.in_dir(tmp_path / "a")
    interview_id = record_report(store, interview.report(), mode="tui")
    stored = store.interviews(deck.id)[0]
    assert not stored.clean
    assert stored.answers[0].contradicted[0]["said"] == "He init is for tanh"
    interview.toggle_concept(0, "He for ReLU")  # heard after all: its contradictions are withdrawn
    interview.toggle_concept(1, "Var = 2 / fan_in")  # not heard after all
    report = interview.report()
    record_overrides(store, interview_id, report, 0)
    record_overrides(store, interview_id, report, 1)
    stored = store.interviews(deck.id)[0]
    assert [a.overrides for a in stored.answers] == [{"He for ReLU": True}, {"Var = 2 / fan_in": False}]
    assert stored.answers[0].contradicted == ()
    assert stored.clean
    assert stored.score == pytest.approx(report.score) == pytest.approx((0.5 + 0.75) / 2)
    assert stored.answers[1].coverage == 0.75 and "Var = 2 / fan_in" in stored.answers[1].missed
    # The Markdown export rebuilds the report with the corrections, and marks them.
    rebuilt = report_from_record(deck, started_at=stored.started_at, settings=stored.settings, answers=stored.answers)
    assert rebuilt.score == pytest.approx(report.score)
    md = report_markdown(rebuilt)
    assert "- [x] He for ReLU — marked heard by you (the scorer did not hear it)" in md
    assert "- [ ] Var = 2 / fan_in — marked not heard by you (the scorer heard “2/fan_in”)" in md
    # Export → import into an empty store → export: the same corrections.
    exported = export_json(store)
    path = tmp_path / "export.json"
    path.write_text(exported, encoding="utf-8")
    other = ProgressStore.in_dir(tmp_path / "b")
    import_file(other, path)
    again = export_data(other)
    first = export_data(store)
    assert again["interviews"] == first["interviews"]
    assert again["interviews"][0]["answers"][0]["overrides"] == {"He for ReLU": True}
    assert other.interviews(deck.id)[0].answers[1].overrides == {"Var = 2 / fan_in": False}
    store.close()
    other.close()


def test_an_interview_stored_before_the_contradictions_reads_without_them(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    conn = sqlite3.connect(path, isolation_level=None)
    before = LATEST_VERSION - 1  # the schema before the migration that added them
    for script in MIGRATIONS[:before]:
        conn.executescript(script)
    conn.execute(f"PRAGMA user_version = {before}")
    conn.execute("INSERT INTO interviews (deck, started_at, score) VALUES ('d', ?, 0.5)", (WHEN.isoformat(),))
    conn.execute("INSERT INTO interview_answers (interview_id, position, card, answer) VALUES (1, 0, 5, 'relu')")
    conn.close()
    with ProgressStore(path) as store:
        [old] = store.interviews("d")
        assert old.answers[0].contradicted == () and old.answers[0].overrides == {} and old.clean
        assert old.started_at == WHEN
