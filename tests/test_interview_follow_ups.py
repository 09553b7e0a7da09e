"""Follow-up questions: the deck's, asked by the engine after a miss (fake clock), scored on one key point, counted
half, reported, stored, exported and imported."""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quiz.deck import Deck, DeckError, default_deck_path, parse_deck
from quiz.interview import FakeClock, FollowUpResult, InterviewSettings, MockInterview, report_markdown
from quiz.interview.follow_ups import follow_ups_for, score_follow_up
from quiz.interview.report import report_from_record
from quiz.progress import ProgressStore, exchange
from quiz.progress.interviews import record_report
from quiz.scoring import score_answer

WHEN = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
DATA = Path(__file__).resolve().parent / "data" / "follow_ups.toml"
PARTIAL_5 = "He init is meant for ReLU networks."  # 1 of card 5's 4 key points
RECOVERS = "Because ReLU zeroes half the activations, which halves the variance."


def _interview(deck: Deck, cards: tuple[int, ...], clock: FakeClock, **settings: object) -> MockInterview:
    chosen = InterviewSettings.model_validate({"cards": cards, "questions": len(cards), **settings})
    return MockInterview.from_deck(deck, chosen, clock=clock, wall_clock=lambda: WHEN)


# -- the deck ---------------------------------------------------------------------------------------------------


def test_every_key_point_of_the_shipped_deck_has_a_follow_up(deck: Deck) -> None:
    assert len(deck.cards) == 15
    for card in deck.cards:
        for kp in card.key_points:
            assert kp.follow_up, f"card {card.id}: {kp.label}"
            assert kp.follow_up.endswith("?") or kp.follow_up.endswith("."), kp.follow_up


def test_a_follow_up_never_answers_itself(deck: Deck) -> None:
    """Reading the follow-up back (or the question) is no evidence for its key point."""
    for card in deck.cards:
        for kp in card.key_points:
            assert kp.follow_up is not None
            asked = follow_ups_for(card, score_answer("", card), 5, 60.0)
            question = next(f for f in asked if f.key_point == kp.label)
            assert not score_follow_up(card, question, kp.follow_up).matched, (card.id, kp.label)
            assert not score_follow_up(card, question, f"{card.question} {kp.follow_up}").matched


def _labelled() -> list[dict[str, object]]:
    return list(tomllib.loads(DATA.read_text(encoding="utf-8"))["answer"])


def test_each_follow_up_is_answerable_and_not_fooled(deck: Deck) -> None:
    """A right answer in the writer's own words is heard; a wrong one with the same words is not (labelled set)."""
    answers = _labelled()
    covered = {(a["card"], a["key_point"]) for a in answers if a["kind"] == "good"}
    assert covered == {(c.id, kp.label) for c in deck.cards for kp in c.key_points}
    for a in answers:
        card = deck.card(int(str(a["card"])))
        question = next(
            f for f in follow_ups_for(card, score_answer("", card), 5, 60.0) if f.key_point == a["key_point"]
        )
        heard = score_follow_up(card, question, str(a["text"])).matched
        assert heard == (a["kind"] == "good"), a


def test_follow_up_is_validated(deck: Deck) -> None:
    data = tomllib.loads(default_deck_path().read_text(encoding="utf-8"))
    data["cards"][0]["key_points"][0]["follow_up"] = "   "
    with pytest.raises(DeckError) as info:
        parse_deck(data, "x.toml")
    assert "x.toml: card 1: key_points[0]: follow_up:" in str(info.value)
    data["cards"][0]["key_points"][0]["follow_up"] = "why? " * 100
    with pytest.raises(DeckError) as info:
        parse_deck(data, "x.toml")
    assert "at most 300 characters" in str(info.value)
    del data["cards"][0]["key_points"][0]["follow_up"]
    assert parse_deck(data, "x.toml").cards[0].key_points[0].follow_up is None  # optional


# -- the engine -------------------------------------------------------------------------------------------------


def test_a_miss_gets_a_timed_follow_up_scored_on_its_key_point(deck: Deck) -> None:
    clock = FakeClock()
    interview = _interview(deck, (5, 1), clock)
    interview.start()
    clock.advance(20)
    result = interview.submit(PARTIAL_5)
    assert result.matched == ["designed for ReLU"]  # type: ignore[union-attr]
    follow_up = interview.follow_up
    assert follow_up is not None and follow_up.key_point == "half the activations are zero"
    assert follow_up.question == "Why 2 and not 1?"
    assert interview.current is deck.card(5) and interview.position == 0  # still on question 1
    assert interview.time_limit() == 45 == interview.countdown().limit_s  # half of Medium's 90 s
    clock.advance(12)
    answered = interview.submit(RECOVERS)
    assert isinstance(answered, FollowUpResult)
    assert answered.matched and answered.said == "zeroes half the activations" and answered.time_s == 12
    assert interview.follow_up is None and interview.current is deck.card(1)  # default: one follow-up
    (question,) = interview.results
    assert question.recovered == ["half the activations are zero"]
    assert question.coverage == pytest.approx(0.25 + 0.5 * 0.25)  # recovered counts half


def test_a_full_answer_gets_no_follow_up_and_zero_turns_them_off(deck: Deck) -> None:
    strong = deck.card(5).answer
    interview = _interview(deck, (5,), FakeClock())
    interview.start()
    interview.submit(strong)
    assert interview.follow_up is None and interview.finished
    off = _interview(deck, (5,), FakeClock(), follow_ups=0)
    off.start()
    off.submit(PARTIAL_5)
    assert off.follow_up is None and off.finished


def test_up_to_n_follow_ups_contradicted_first(deck: Deck) -> None:
    clock = FakeClock()
    interview = _interview(deck, (15,), clock, follow_ups=3)
    interview.start()
    interview.submit("Use Xavier for ReLU networks and He for tanh.")  # contradicts; says little else
    asked = []
    while interview.follow_up is not None:
        asked.append(interview.follow_up.key_point)
        interview.submit("")
    score = interview.results[0].score
    assert [c.label for c in score.concepts if c.contradicted] == ["He for ReLU"]
    # The contradicted key point first, then the missed ones in deck order, three in all.
    assert asked == ["He for ReLU", "Xavier for tanh/sigmoid", "framework defaults"]


def test_a_follow_up_times_out_and_a_wrong_one_is_contradicted(deck: Deck) -> None:
    clock = FakeClock()
    interview = _interview(deck, (5, 4), clock, follow_ups=2)
    interview.start()
    interview.submit(PARTIAL_5)
    clock.advance(46)
    timed_out = interview.tick("because half of")
    assert isinstance(timed_out, FollowUpResult) and timed_out.timed_out and timed_out.time_s == 45
    assert not timed_out.matched and interview.last_timed_out
    assert interview.follow_up is not None and interview.follow_up.key_point == "Var = 2 / fan_in"
    wrong = interview.submit("He uses 1/fan_in for the variance.")
    assert isinstance(wrong, FollowUpResult) and not wrong.matched and wrong.contradiction is not None
    assert interview.current is deck.card(4) and not interview.last_timed_out


def test_a_total_budget_bounds_the_follow_ups(deck: Deck) -> None:
    clock = FakeClock()
    interview = _interview(deck, (5, 1), clock, total_seconds=50)
    interview.start()
    clock.advance(30)
    interview.submit(PARTIAL_5)
    assert interview.follow_up is not None
    assert interview.remaining() == 20  # what is left of the budget, under the follow-up's 45 s
    clock.advance(25)
    interview.tick("")
    assert interview.finished
    assert [q.card_id for q in interview.report().questions] == [5, 1]
    assert not interview.report().questions[1].reached


def test_ending_during_a_follow_up_keeps_the_question(deck: Deck) -> None:
    interview = _interview(deck, (5, 1), FakeClock())
    interview.start()
    interview.submit(PARTIAL_5)
    interview.end()
    report = interview.report()
    assert report.ended_early and [q.card_id for q in report.questions] == [5]
    assert report.questions[0].follow_ups == []


def _answered(deck: Deck) -> MockInterview:
    clock = FakeClock()
    interview = _interview(deck, (5, 1), clock)
    interview.start()
    clock.advance(20)
    interview.submit(PARTIAL_5)
    clock.advance(10)
    interview.submit(RECOVERS)
    clock.advance(15)
    interview.submit(deck.card(1).answer)
    return interview


def test_the_report_shows_each_follow_up_under_its_question(deck: Deck) -> None:
    report = _answered(deck).report()
    out = report.to_json()
    first = out["questions"][0]  # type: ignore[index]
    assert first["follow_ups"] == [
        {
            "key_point": "half the activations are zero",
            "question": "Why 2 and not 1?",
            "answer": RECOVERS,
            "matched": True,
            "timed_out": False,
            "time_s": 10.0,
            "said": "zeroes half the activations",
            "contradicted": None,
        }
    ]
    assert first["recovered"] == ["half the activations are zero"] and first["coverage"] == 0.375
    assert out["questions"][1]["follow_ups"] == []  # type: ignore[index]
    md = report_markdown(report)
    section = md[md.index("## 1. He initialization") : md.index("## 2.")]
    assert "coverage 38% (1/4, 1 recovered)" in section
    assert "Follow-ups (a key point recovered in one counts half):" in section
    assert "- **Why 2 and not 1?** — on *half the activations are zero* · 10 s of 45 s" in section
    assert f"  - your answer: {RECOVERS}" in section
    assert "  - [x] recovered: you said “zeroes half the activations” (counts half)" in section


def test_follow_ups_are_stored_exported_imported_and_rebuilt(deck: Deck, data_dir: Path, tmp_path: Path) -> None:
    report = _answered(deck).report()
    with ProgressStore.in_dir(data_dir) as store:
        record_report(store, report, mode="plain")
        (saved,) = store.interviews(deck.id)
        assert saved.answers[0].follow_ups == (
            {
                "key_point": "half the activations are zero",
                "question": "Why 2 and not 1?",
                "answer": RECOVERS,
                "matched": True,
                "timed_out": False,
                "time_s": 10.0,
            },
        )
        assert saved.answers[0].coverage == pytest.approx(0.375)
        exported = exchange.export_data(store)
    assert exported["interviews"][0]["answers"][0]["follow_ups"][0]["matched"] is True
    path = tmp_path / "export.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    with ProgressStore.in_dir(tmp_path / "other") as other:
        exchange.import_file(other, path)
        (imported,) = other.interviews(deck.id)
        assert imported.answers[0].follow_ups == saved.answers[0].follow_ups
    rebuilt = report_from_record(deck, started_at=saved.started_at, settings=saved.settings, answers=saved.answers)
    assert rebuilt.questions[0].follow_ups == report.questions[0].follow_ups
    assert rebuilt.score == pytest.approx(report.score)
    assert report_markdown(rebuilt) == report_markdown(report)


def test_an_export_without_follow_ups_still_imports(deck: Deck, data_dir: Path, tmp_path: Path) -> None:
    """Exports made before follow-ups existed (schema 4) have no ``follow_ups`` key."""
    old = {
        "format": "quiz-progress",
        "version": 1,
        "reviews": [],
        "interviews": [
            {
                "deck": deck.id,
                "started_at": "2026-11-29T02:00:00+00:00",
                "answers": [{"position": 0, "card": 5, "answer": PARTIAL_5, "coverage": 0.25}],
            }
        ],
    }
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    with ProgressStore.in_dir(data_dir) as store:
        assert exchange.import_file(store, path).interviews_added == 1
        (saved,) = store.interviews(deck.id)
    assert saved.answers[0].follow_ups == ()


def test_a_bad_follow_up_record_is_named(data_dir: Path, tmp_path: Path, deck: Deck) -> None:
    bad = {
        "format": "quiz-progress",
        "version": 1,
        "interviews": [
            {
                "deck": deck.id,
                "started_at": "2026-11-29T02:00:00+00:00",
                "answers": [{"position": 0, "card": 5, "follow_ups": [{"key_point": "x", "matched": "yes"}]}],
            }
        ],
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    with ProgressStore.in_dir(data_dir) as store, pytest.raises(exchange.ExchangeError) as info:
        exchange.import_file(store, path)
    assert "interviews[0] (record 1): answers[0].follow_ups[0]" in str(info.value)


def test_an_empty_answer_gets_no_follow_up(deck: Deck) -> None:
    clock = FakeClock()
    interview = _interview(deck, (5, 1), clock)
    interview.start()
    interview.submit("   ")
    assert interview.follow_up is None and interview.current is deck.card(1)
    clock.advance(61)
    interview.tick("")  # the clock ran out on nothing
    assert interview.finished


def test_follow_ups_and_exercises_mixed_in(deck: Deck) -> None:
    """An exercise among the cards gets no follow-up, and the positions stay in order."""
    settings = InterviewSettings(questions=4, exercise_every=2, seed=3, follow_ups=1)
    interview = MockInterview.from_deck(deck, settings, clock=FakeClock(), wall_clock=lambda: WHEN)
    interview.start()
    asked = 0
    while not interview.finished:
        interview.submit("something vague about weights")
        if interview.follow_up is not None:
            asked += 1
            interview.submit("no idea")
    report = interview.report()
    assert asked == len(report.questions) == 2 and len(report.exercises) == 2
    assert sorted([q.position for q in report.questions] + [e.position for e in report.exercises]) == [0, 1, 2, 3]
    assert all(len(q.follow_ups) == 1 for q in report.questions)
