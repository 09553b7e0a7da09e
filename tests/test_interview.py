"""The mock interview engine with a fake clock: countdown, timeouts, budget, order, report and Markdown."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from quiz.deck import Deck
from quiz.interview import (
    FakeClock,
    InterviewError,
    InterviewSettings,
    MockInterview,
    compare_scores,
    pick_questions,
    report_markdown,
)

WHEN = datetime(2026, 11, 29, 9, 30, tzinfo=UTC)
STRONG_1 = (
    "With zero weights all neurons stay identical: they get the same gradients, so symmetry never breaks; random "
    "init lets the units specialize."
)
HALF_5 = "He init is meant for ReLU, because half the activations are zero."


def _interview(deck: Deck, cards: tuple[int, ...], clock: FakeClock, **settings: object) -> MockInterview:
    """An interview of ``cards``; no follow-up questions unless asked for (tests/test_interview_follow_ups.py)."""
    chosen = InterviewSettings.model_validate({"cards": cards, "questions": len(cards), "follow_ups": 0, **settings})
    return MockInterview.from_deck(deck, chosen, clock=clock, wall_clock=lambda: WHEN)


def test_countdown_by_difficulty(deck: Deck) -> None:
    clock = FakeClock()
    interview = _interview(deck, (1, 5, 8), clock)  # easy, medium, hard
    assert interview.start() is deck.card(1)
    countdown = interview.countdown()
    assert (countdown.limit_s, countdown.remaining_s, countdown.fraction, countdown.seconds) == (60, 60, 1.0, 60)
    clock.advance(15)
    countdown = interview.countdown()
    assert countdown.remaining_s == 45
    assert countdown.elapsed_s == 15
    assert countdown.fraction == 0.75
    clock.advance(44.5)
    assert interview.countdown().seconds == 1  # rounds up until it really is zero
    assert not interview.countdown().expired
    interview.submit("a")
    assert interview.time_limit() == 90
    interview.submit("b")
    assert interview.time_limit() == 120


def test_fixed_seconds_per_question(deck: Deck) -> None:
    interview = _interview(deck, (1, 8), FakeClock(), seconds_per_question=30)
    interview.start()
    assert interview.time_limit() == 30
    interview.submit("")
    assert interview.time_limit() == 30


def test_tick_times_out_and_advances(deck: Deck) -> None:
    clock = FakeClock()
    interview = _interview(deck, (1, 5), clock)
    interview.start()
    clock.advance(59)
    assert interview.tick("still typing") is None
    clock.advance(1)
    result = interview.tick(STRONG_1)
    assert result is not None
    assert result.timed_out
    assert result.time_s == 60
    assert result.answer == STRONG_1
    assert result.coverage == 1.0  # the answer so far is scored
    assert interview.current is deck.card(5)
    assert interview.countdown().remaining_s == 90  # the next question starts with a full clock
    clock.advance(10)
    done = interview.submit(HALF_5)
    assert not done.timed_out
    assert done.time_s == 10
    assert interview.finished
    assert interview.current is None
    assert interview.tick("") is None


def test_late_submit_counts_as_timed_out(deck: Deck) -> None:
    clock = FakeClock()
    interview = _interview(deck, (1,), clock)
    interview.start()
    clock.advance(75)
    result = interview.submit("late")
    assert result.timed_out
    assert result.time_s == 60


def test_time_out_from_the_callers_timer(deck: Deck) -> None:
    clock = FakeClock()
    interview = _interview(deck, (1, 5), clock)
    interview.start()
    clock.advance(59.99)  # a real timer may fire a hair early
    result = interview.time_out("")
    assert result.timed_out
    assert result.time_s == 60
    assert interview.position == 1


def test_total_budget(deck: Deck) -> None:
    clock = FakeClock()
    interview = _interview(deck, (1, 5, 13), clock, total_seconds=100)
    interview.start()
    countdown = interview.countdown()
    assert countdown.budget
    assert (countdown.limit_s, countdown.remaining_s) == (100, 100)
    clock.advance(40)
    interview.submit(STRONG_1)
    countdown = interview.countdown()
    assert (countdown.limit_s, countdown.remaining_s, countdown.fraction) == (100, 60, 0.6)
    clock.advance(60)
    result = interview.tick(HALF_5)
    assert result is not None and result.timed_out and result.time_s == 60
    # The budget is spent: the last question is recorded as not reached, and the interview is over.
    assert interview.finished
    report = interview.report()
    last = report.questions[2]
    assert (last.card_id, last.reached, last.timed_out, last.time_s, last.answer) == (13, False, True, 0.0, "")
    assert report.time_s == 100
    assert not report.ended_early
    assert "not reached" in report_markdown(report)


def test_settings_validation() -> None:
    with pytest.raises(ValidationError):
        InterviewSettings(questions=0)
    with pytest.raises(ValidationError):
        InterviewSettings(seconds_per_question=0)
    with pytest.raises(ValidationError, match="not both"):
        InterviewSettings(seconds_per_question=30, total_seconds=300)
    assert InterviewSettings().questions == 5


def test_pick_random_is_seeded(deck: Deck) -> None:
    settings = InterviewSettings(questions=5, seed=7)
    first = [c.id for c in pick_questions(deck.cards, settings)]
    assert first == [c.id for c in pick_questions(deck.cards, settings)]
    assert len(set(first)) == 5
    other = [c.id for c in pick_questions(deck.cards, InterviewSettings(questions=5, seed=8))]
    assert first != other


def test_pick_weakest_first(deck: Deck) -> None:
    mastery: dict[int, float | None] = {c.id: 0.9 for c in deck.cards}
    mastery.update({7: 0.2, 3: 0.5, 11: 0.35, 9: None})  # 9 never studied: weakest of all
    chosen = pick_questions(deck.cards, InterviewSettings(questions=4, order="weakest", seed=1), mastery)
    assert [c.id for c in chosen] == [9, 7, 11, 3]


def test_pick_weakest_counts_unstudied_cards_first(deck: Deck) -> None:
    mastery = {c.id: 0.5 for c in deck.cards if c.id != 4}
    chosen = pick_questions(deck.cards, InterviewSettings(questions=1, order="weakest"), mastery)
    assert [c.id for c in chosen] == [4]


def test_pick_by_difficulty_and_tag(deck: Deck) -> None:
    hard = pick_questions(deck.cards, InterviewSettings(questions=10, difficulties=("hard",), seed=1))
    assert sorted(c.id for c in hard) == [8, 11]
    he = pick_questions(deck.cards, InterviewSettings(questions=10, tags=("He",), difficulties=("medium",), seed=1))
    assert sorted(c.id for c in he) == [5, 12, 13]
    with pytest.raises(InterviewError, match="no card matches"):
        pick_questions(deck.cards, InterviewSettings(difficulties=("hard",), tags=("He",)))


def test_pick_explicit_cards(deck: Deck) -> None:
    chosen = pick_questions(deck.cards, InterviewSettings(cards=(13, 1, 5), questions=2, order="weakest"))
    assert [c.id for c in chosen] == [13, 1]
    with pytest.raises(InterviewError, match="no card 99"):
        pick_questions(deck.cards, InterviewSettings(cards=(99,)))


def test_report_numbers(deck: Deck) -> None:
    clock = FakeClock()
    interview = _interview(deck, (1, 5, 13), clock)
    interview.start()
    clock.advance(20)
    interview.submit(STRONG_1)
    clock.advance(90)
    interview.tick(HALF_5)
    clock.advance(5)
    interview.submit("")
    interview.set_self_grade(0, 4)
    interview.set_self_grade(1, 2)
    report = interview.report(previous_scores=[0.25, 0.5])
    assert [q.card_id for q in report.questions] == [1, 5, 13]
    assert [q.time_s for q in report.questions] == [20, 90, 5]
    assert [q.timed_out for q in report.questions] == [False, True, False]
    assert [q.coverage for q in report.questions] == [1.0, 0.5, 0.0]
    assert [q.self_grade for q in report.questions] == [4, 2, None]
    assert report.questions[1].matched == ["designed for ReLU", "half the activations are zero"]
    assert report.questions[1].reference == deck.card(5).answer
    assert report.score == pytest.approx(0.5)
    assert report.time_s == 115
    assert report.anchors.said == ["activation", "symmetry"]
    assert report.comparison.previous == 2
    assert report.comparison.change_vs_last == 0.0
    assert report.comparison.change_vs_mean == pytest.approx(0.125)
    assert not report.comparison.personal_best  # equal to the best is not a new best
    assert report.to_json() == {
        "questions": [
            {
                "card": 1,
                "coverage": 1.0,
                "matched": report.questions[0].matched,
                "missed": [],
                "contradicted": [],
                "time_s": 20.0,
                "timed_out": False,
                "follow_ups": [],
                "recovered": [],
            },
            {
                "card": 5,
                "coverage": 0.5,
                "matched": ["designed for ReLU", "half the activations are zero"],
                "missed": ["Var = 2 / fan_in", "prevents vanishing or exploding signal"],
                "contradicted": [],
                "time_s": 90.0,
                "timed_out": True,
                "follow_ups": [],
                "recovered": [],
            },
            {
                "card": 13,
                "coverage": 0.0,
                "matched": [],
                "missed": report.questions[2].missed,
                "contradicted": [],
                "time_s": 5.0,
                "timed_out": False,
                "follow_ups": [],
                "recovered": [],
            },
        ],
        "score": 0.5,
        "anchors": {"fan_in": False, "activation": True, "symmetry": True},
    }


def test_self_grade_validation(deck: Deck) -> None:
    interview = _interview(deck, (1, 5), FakeClock())
    interview.start()
    interview.submit("x")
    with pytest.raises(InterviewError, match="1 \\(again\\)"):
        interview.set_self_grade(0, 5)
    with pytest.raises(InterviewError, match="no answered question 1"):
        interview.set_self_grade(1, 3)
    assert interview.set_self_grade(0, None).self_grade is None


def test_end_early(deck: Deck) -> None:
    clock = FakeClock()
    interview = _interview(deck, (1, 5, 13), clock)
    interview.start()
    clock.advance(3)
    interview.submit(STRONG_1)
    interview.end()
    assert interview.finished
    with pytest.raises(InterviewError, match="over"):
        interview.submit("more")
    report = interview.report()
    assert report.ended_early
    assert report.planned == 3
    assert [q.card_id for q in report.questions] == [1]
    assert report.score == 1.0


def test_submit_before_start_is_an_error(deck: Deck) -> None:
    interview = _interview(deck, (1,), FakeClock())
    with pytest.raises(InterviewError, match="not started"):
        interview.submit("x")
    assert interview.tick("x") is None


def test_compare_scores() -> None:
    first = compare_scores(0.4, [])
    assert first.previous == 0 and first.personal_best and first.change_vs_last is None
    comp = compare_scores(0.8, [0.2, 0.6, 0.7])
    assert comp.previous == 3
    assert comp.last == 0.7
    assert comp.previous_best == 0.7
    assert comp.personal_best
    assert comp.change_vs_last == pytest.approx(0.1)


def test_markdown(deck: Deck) -> None:
    clock = FakeClock()
    interview = _interview(deck, (1, 5), clock)
    interview.start()
    clock.advance(12)
    interview.submit("symmetry | same gradients, random init, identical neurons")
    clock.advance(90)
    interview.tick(HALF_5)
    interview.set_self_grade(1, 3)
    md = report_markdown(interview.report(previous_scores=[0.1]))
    assert md.startswith("# Mock interview — Weight Initialization — 15 Interview Questions\n")
    assert "2026-11-29 09:30 UTC · 2 of 2 questions · score **25%**" in md
    assert "| 1 | Why can’t we set all weights to zero? | 12 s of 60 s | 0% | — |" in md
    assert "| 2 | He initialization—for which activation? | 90 s of 90 s (timed out) | 50% | 3 (good) |" in md
    # The typed answer beside the reference, with the table's pipe escaped and the missed points' words in bold.
    assert "| your answer | reference |" in md
    assert "| symmetry \\| same gradients, random init, identical neurons | **Neurons in a layer stay identical" in md
    assert "**symmetry never breaks**" in md
    assert "- [ ] same gradients and updates — only listed (“same gradients”), not explained" in md
    assert "_This answer reads as a list of keywords; say each point in a sentence._" in md
    assert "- [x] half the activations are zero — you said “half the activations are zero”" in md
    assert "- [ ] prevents vanishing or exploding signal" in md
    assert "- [x] activation — first said in answer 2" in md
    assert "- [ ] fan_in — never said" in md
    assert "1 previous · last 10% (+15 points) · mean 10% (+15) · best 10% · new personal best" in md
    first = report_markdown(_interview(deck, (1,), FakeClock()).report())
    assert "This is your first interview." in first


# --- one time-limit rule for the CLI and the app (issue 12) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"), [("5", 5.0), ("90", 90.0), ("90 s", 90.0), ("90s", 90.0), ("1:30", 90.0), ("2m", 120.0)]
)
def test_parse_seconds_reads_what_both_take(text: str, seconds: float) -> None:
    from quiz.interview import parse_seconds

    assert parse_seconds(text) == seconds


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("4.9", "at least 5 s"),
        ("0", "at least 5 s"),
        ("-1:30", "at least 5 s"),
        ("14400.5", "at most 4 hours"),
        ("1e10", "at most 4 hours"),
        ("9.3e9", "at most 4 hours"),
        ("1e300", "at most 4 hours"),
        ("inf", "at most 4 hours"),
        ("nan", "is not a time"),
        ("1:60", "is not a time"),
        ("", "'nothing' is not a time"),
        ("9" * 5000, "at most 4 hours"),
    ],
)
def test_parse_seconds_refuses_out_of_range_times(text: str, problem: str) -> None:
    from quiz.interview import parse_seconds

    with pytest.raises(ValueError, match=problem):
        parse_seconds(text)


def test_settings_hold_the_same_bounds(deck: Deck) -> None:
    from quiz.interview import MAX_SECONDS, MIN_SECONDS

    for field in ("seconds_per_question", "total_seconds"):
        for bad in (MIN_SECONDS - 0.1, MAX_SECONDS + 1, 1e10, float("nan")):
            with pytest.raises(ValidationError):
                InterviewSettings.model_validate({field: bad})
        assert getattr(InterviewSettings.model_validate({field: MAX_SECONDS}), field) == MAX_SECONDS


def test_an_answer_no_encoding_can_write_is_kept_with_a_replacement_character(deck: Deck) -> None:
    interview = _interview(deck, (1, 5), FakeClock())
    interview.start()
    # ascii(): a lone surrogate in a failure report would break pytest-xdist, so the escaped forms are compared
    assert ascii(interview.submit("zero \ud800 symmetry never breaks").answer) == ascii(
        "zero \ufffd symmetry never breaks"
    )
    assert ascii(interview.time_out("\udce9 half").answer) == ascii("\ufffd half")
    report_markdown(interview.report()).encode("utf-8")
