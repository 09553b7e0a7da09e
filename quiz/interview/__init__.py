"""The mock interview engine: settings, question picking, the countdown, submit/timeout, and the report.

Headless (no Textual): the TUI and ``quiz mock --plain`` both drive a :class:`MockInterview`::

    interview = MockInterview.from_deck(deck, InterviewSettings(questions=5), clock=MonotonicClock())
    interview.start()
    while not interview.finished:
        show(interview.current, interview.countdown())      # a bar: countdown.fraction, seconds: countdown.seconds
        ...
        interview.tick(answer_so_far)   # at zero: submits what was typed, marked timed_out, and moves on
        interview.submit(answer)        # the user submitted in time
    report = interview.report(previous_scores=[...])
    print(report_markdown(report))

Time comes from an injectable :class:`Clock` (``FakeClock`` in tests), so nothing here sleeps. Time limits are per
question (by difficulty: Easy 60 s, Medium 90 s, Hard 120 s, or one fixed value) or one total budget for the
whole interview, from 5 s to 4 hours either way (:func:`parse_seconds`: one rule for the CLI and the app); when
the budget is spent, the current answer is submitted as timed out and the questions not reached are recorded as
timed out with no answer. Weakest-first ordering takes per-card mastery (card id → retrievability 0..1, None or
absent for never studied) as input: this module does not read the progress store.

After an answer that misses key points with a ``follow_up`` in the deck, up to ``settings.follow_ups`` follow-up
questions are asked (``interview.follow_up`` is then set; ``submit`` answers it): see ``follow_ups``.

The package: ``settings`` (what to ask), ``clock``, ``engine`` (:class:`MockInterview`), ``follow_ups``,
``report`` (results, comparison, a report rebuilt from a stored interview), ``exercises`` (exercises mixed in: one
question in every ``InterviewSettings.exercise_every`` is graded by computation) and ``markdown``.
"""

from __future__ import annotations

from quiz.interview.clock import Clock, FakeClock, MonotonicClock
from quiz.interview.engine import MockInterview
from quiz.interview.exercises import ExerciseResult, Question, exercise_count, mix_in
from quiz.interview.follow_ups import FollowUp, FollowUpResult
from quiz.interview.markdown import report_markdown
from quiz.interview.report import (
    Comparison,
    Countdown,
    InterviewReport,
    QuestionResult,
    StoredAnswer,
    StoredExercise,
    compare_scores,
    report_from_record,
    signed_points,
)
from quiz.interview.settings import (
    DEFAULT_EXERCISE_EVERY,
    DEFAULT_FOLLOW_UPS,
    DEFAULT_QUESTIONS,
    MAX_FOLLOW_UPS,
    MAX_SECONDS,
    MIN_SECONDS,
    SECONDS_BY_DIFFICULTY,
    SELF_GRADES,
    InterviewError,
    InterviewSettings,
    Order,
    parse_seconds,
    pick_questions,
)

__all__ = [
    "DEFAULT_EXERCISE_EVERY",
    "DEFAULT_FOLLOW_UPS",
    "DEFAULT_QUESTIONS",
    "MAX_FOLLOW_UPS",
    "MAX_SECONDS",
    "MIN_SECONDS",
    "SECONDS_BY_DIFFICULTY",
    "SELF_GRADES",
    "Clock",
    "Comparison",
    "Countdown",
    "ExerciseResult",
    "FakeClock",
    "FollowUp",
    "FollowUpResult",
    "InterviewError",
    "InterviewReport",
    "InterviewSettings",
    "MockInterview",
    "MonotonicClock",
    "Order",
    "Question",
    "QuestionResult",
    "StoredAnswer",
    "StoredExercise",
    "compare_scores",
    "exercise_count",
    "mix_in",
    "parse_seconds",
    "pick_questions",
    "report_from_record",
    "report_markdown",
    "signed_points",
]
