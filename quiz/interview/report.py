"""What an interview produced: each question's result, the comparison with earlier interviews, the report;
and a report rebuilt from a stored interview."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol

from pydantic import Field

from quiz.deck import Card, Deck, Difficulty
from quiz.interview.exercises import ExerciseResult
from quiz.interview.follow_ups import (
    FOLLOW_UP_SHARE,
    RECOVERED_WEIGHT,
    FollowUp,
    FollowUpResult,
    follow_up_result,
    recovered,
)
from quiz.interview.settings import Frozen, InterviewSettings
from quiz.scoring import AnchorCheck, AnswerScore, Contradiction, check_anchors, reference_spans, score_answer


class Countdown(Frozen):
    """The clock for the current question (or, with a total budget, for the whole interview)."""

    limit_s: float
    elapsed_s: float
    remaining_s: float
    budget: bool
    """True when the limit is the interview's total budget."""

    @property
    def fraction(self) -> float:
        """Remaining / limit, 1 → 0: the bar's fill."""
        return self.remaining_s / self.limit_s if self.limit_s > 0 else 0.0

    @property
    def expired(self) -> bool:
        return self.remaining_s <= 0

    @property
    def seconds(self) -> int:
        """Whole seconds left, rounded up (a countdown shows 1 until it reaches 0)."""
        return math.ceil(self.remaining_s)


class QuestionResult(Frozen):
    """One question as answered."""

    position: int
    card_id: int
    question: str
    difficulty: Difficulty
    reference: str
    """The card's answer, shown beside the typed one."""
    answer: str
    time_limit_s: float
    time_s: float
    timed_out: bool
    reached: bool = True
    """False for a question the total budget never reached."""
    score: AnswerScore
    self_grade: int | None = None
    card: Card
    """The card asked (its key points and misconceptions)."""
    follow_ups: list[FollowUpResult] = Field(default_factory=list)
    """The follow-up questions asked after the answer, in order."""

    @classmethod
    def of(
        cls,
        card: Card,
        answer: str,
        *,
        position: int,
        time_limit_s: float,
        time_s: float,
        timed_out: bool,
        reached: bool = True,
        self_grade: int | None = None,
        overrides: Mapping[str, bool] | None = None,
    ) -> QuestionResult:
        """``answer`` to ``card``, scored against the card's key points (with the user's ``overrides``: key point
        label → heard)."""
        score = score_answer(answer, card)
        return cls(
            position=position,
            card_id=card.id,
            question=card.question,
            difficulty=card.difficulty,
            reference=card.answer,
            answer=answer,
            time_limit_s=time_limit_s,
            time_s=time_s,
            timed_out=timed_out,
            reached=reached,
            score=score.with_overrides(overrides) if overrides else score,
            self_grade=self_grade,
            card=card,
        )

    @property
    def recovered(self) -> list[str]:
        """Key points missed in the answer and heard in a follow-up."""
        return recovered(self.score, self.follow_ups)

    @property
    def coverage(self) -> float:
        """The answer's coverage, plus half a key point for each one recovered in a follow-up (at most 1)."""
        total = len(self.score.scored)
        bonus = RECOVERED_WEIGHT * len(self.recovered) / total if total else 0.0
        return min(1.0, self.score.coverage + bonus)

    @property
    def matched(self) -> list[str]:
        return self.score.matched

    @property
    def missed(self) -> list[str]:
        return self.score.missed

    @property
    def contradicted(self) -> list[Contradiction]:
        return self.score.contradicted

    @property
    def missed_in_reference(self) -> list[tuple[int, int]]:
        """Where the reference answer says the key points this answer missed (to emphasize them)."""
        return reference_spans(self.card, self.missed)

    def to_json(self) -> dict[str, object]:
        """One question of the ``quiz mock --plain --json`` object."""
        return {
            "card": self.card_id,
            "coverage": round(self.coverage, 3),
            "matched": self.matched,
            "missed": self.missed,
            "contradicted": [x.as_json() for x in self.contradicted],
            "time_s": round(self.time_s, 1),
            "timed_out": self.timed_out,
            "follow_ups": [f.to_json() for f in self.follow_ups],
            "recovered": self.recovered,
        }


class Comparison(Frozen):
    """This interview's score against the user's previous ones (scores 0..1)."""

    score: float
    previous: int
    previous_mean: float | None = None
    previous_best: float | None = None
    """The best earlier score that counts toward a personal best (an interview with a contradiction never does)."""
    last: float | None = None
    contradicted: bool = False
    """This interview has a contradicted answer: it cannot be a personal best."""

    @property
    def change_vs_last(self) -> float | None:
        return None if self.last is None else self.score - self.last

    @property
    def change_vs_mean(self) -> float | None:
        return None if self.previous_mean is None else self.score - self.previous_mean

    @property
    def personal_best(self) -> bool:
        return not self.contradicted and (self.previous_best is None or self.score > self.previous_best)


def signed_points(change: float) -> str:
    """A change of score (0..1) in percentage points, signed: ``+12``, ``-3``, ``0``."""
    points = round(change * 100)
    return f"+{points}" if points > 0 else str(points)


def compare_scores(
    score: float,
    previous_scores: Sequence[float],
    *,
    previous_clean: Sequence[bool] = (),
    contradicted: bool = False,
) -> Comparison:
    """Compare ``score`` with previous interview scores, oldest first. ``previous_clean[i]``: whether interview
    ``i`` had no contradicted answer (missing: it had none); only those count for the best. ``contradicted``: this
    interview has one, so it is no personal best."""
    if not previous_scores:
        return Comparison(score=score, previous=0, contradicted=contradicted)
    clean = [s for i, s in enumerate(previous_scores) if i >= len(previous_clean) or previous_clean[i]]
    return Comparison(
        score=score,
        previous=len(previous_scores),
        previous_mean=sum(previous_scores) / len(previous_scores),
        previous_best=max(clean) if clean else None,
        last=previous_scores[-1],
        contradicted=contradicted,
    )


class InterviewReport(Frozen):
    deck_id: str
    deck_title: str
    started_at: datetime
    settings: InterviewSettings
    planned: int
    """How many questions were picked."""
    questions: list[QuestionResult]
    ended_early: bool
    """The user stopped (end of input, abandon) before the last question."""
    anchors: AnchorCheck
    previous_scores: tuple[float, ...] = ()
    """The scores of the user's earlier interviews, oldest first, 0..1."""
    previous_clean: tuple[bool, ...] = ()
    """For each earlier interview, whether it had no contradicted answer (so it may be the best to beat)."""
    exercises: list[ExerciseResult] = Field(default_factory=list)
    """The exercises mixed in (graded), in question order; ``position`` places them among the cards."""

    @property
    def anything_said(self) -> bool:
        """Whether anything was said: at least one answer (a card's or an exercise's) is not empty. An interview
        where nothing was (every answer empty, timed out or not) is reported but never saved: it would count as a
        0 % interview."""
        return any(q.answer.strip() for q in self.questions) or any(e.answer.strip() for e in self.exercises)

    @property
    def score(self) -> float:
        """Mean of the questions' coverage (an exercise: 1 right, 0 wrong), 0..1."""
        parts = [q.coverage for q in self.questions] + [e.coverage for e in self.exercises]
        return sum(parts) / len(parts) if parts else 0.0

    @property
    def contradicted(self) -> bool:
        """Some answer contradicts a key point (then the interview is no personal best)."""
        return any(q.contradicted for q in self.questions)

    @property
    def comparison(self) -> Comparison:
        return compare_scores(
            self.score, self.previous_scores, previous_clean=self.previous_clean, contradicted=self.contradicted
        )

    @property
    def time_s(self) -> float:
        return sum(q.time_s for q in self.questions) + sum(e.time_s for e in self.exercises)

    @property
    def answered(self) -> int:
        """Questions in the report, cards and exercises."""
        return len(self.questions) + len(self.exercises)

    def in_order(self) -> list[QuestionResult | ExerciseResult]:
        """Cards and exercises in the order they were asked."""
        return sorted([*self.questions, *self.exercises], key=lambda q: q.position)

    def to_json(self) -> dict[str, object]:
        """The ``quiz mock --plain --json`` object (with ``exercises`` when some were mixed in)."""
        out: dict[str, object] = {
            "questions": [q.to_json() for q in self.questions],
            "score": round(self.score, 3),
            "anchors": self.anchors.as_dict(),
        }
        if self.exercises:
            out["exercises"] = [e.to_json() for e in self.exercises]
        return out


class StoredAnswer(Protocol):
    """What a stored interview keeps of one answer (``quiz.progress.InterviewAnswer`` fits)."""

    @property
    def position(self) -> int: ...
    @property
    def card(self) -> int: ...
    @property
    def answer(self) -> str: ...
    @property
    def time_s(self) -> float: ...
    @property
    def timed_out(self) -> bool: ...
    @property
    def self_grade(self) -> int | None: ...
    @property
    def overrides(self) -> Mapping[str, bool]: ...
    @property
    def follow_ups(self) -> Sequence[Mapping[str, object]]: ...


class StoredExercise(Protocol):
    """What a stored interview keeps of one exercise (``quiz.progress.exercises.ExerciseAttempt`` fits)."""

    @property
    def position(self) -> int | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def seed(self) -> int: ...
    @property
    def answer(self) -> str: ...
    @property
    def duration_s(self) -> float: ...
    @property
    def timed_out(self) -> bool: ...


def report_from_record(
    deck: Deck,
    *,
    started_at: datetime,
    settings: Mapping[str, object],
    answers: Sequence[StoredAnswer],
    previous_scores: Sequence[float] = (),
    previous_clean: Sequence[bool] = (),
    exercises: Sequence[StoredExercise] = (),
) -> InterviewReport:
    """Rebuild the report of a stored interview (answers are scored again, so it reads like the live one, and the
    user's overrides are applied again; so are the follow-ups' answers, against their key points; exercises are
    graded again).

    Answers whose card is no longer in the deck are left out.
    """
    known = {name: value for name, value in settings.items() if name in InterviewSettings.model_fields}
    try:
        chosen = InterviewSettings.model_validate(known)
    except ValueError:
        chosen = InterviewSettings()
    cards = {card.id: card for card in deck.cards}
    questions = []
    for stored in sorted(answers, key=lambda a: a.position):
        card = cards.get(stored.card)
        if card is None:
            continue
        result = QuestionResult.of(
            card,
            stored.answer,
            position=stored.position,
            time_limit_s=chosen.time_limit(card),
            time_s=stored.time_s,
            timed_out=stored.timed_out,
            self_grade=stored.self_grade,
            overrides=stored.overrides,
        )
        limit = chosen.time_limit(card) * FOLLOW_UP_SHARE
        follow_ups = [f for f in (_stored_follow_up(card, item, limit) for item in stored.follow_ups) if f]
        questions.append(result.model_copy(update={"follow_ups": follow_ups}) if follow_ups else result)
    graded = [_stored_exercise(e, chosen) for e in sorted(exercises, key=lambda e: e.position or 0)]
    return InterviewReport(
        deck_id=deck.id,
        deck_title=deck.title,
        started_at=started_at,
        settings=chosen,
        planned=max(len(questions), len(answers)) + len(graded),
        questions=questions,
        ended_early=bool(settings.get("ended_early", False)),
        anchors=check_anchors([q.answer for q in questions], deck.anchors),
        previous_scores=tuple(previous_scores),
        previous_clean=tuple(previous_clean),
        exercises=graded,
    )


def _stored_follow_up(card: Card, item: Mapping[str, object], limit_s: float) -> FollowUpResult | None:
    """A stored follow-up scored again against its key point (None if the card no longer has that key point)."""
    label = str(item.get("key_point", ""))
    if label not in {kp.label for kp in card.key_points}:
        return None
    time_s = item.get("time_s", 0.0)
    asked = FollowUp(key_point=label, question=str(item.get("question", "")), time_limit_s=limit_s)
    return follow_up_result(
        card,
        asked,
        str(item.get("answer", "")),
        time_s=float(time_s) if isinstance(time_s, int | float) else 0.0,
        timed_out=bool(item.get("timed_out", False)),
    )


def _stored_exercise(stored: StoredExercise, settings: InterviewSettings) -> ExerciseResult:
    from quiz.exercises import make_exercise

    exercise = make_exercise(stored.kind, stored.seed)
    return ExerciseResult(
        position=stored.position or 0,
        kind=stored.kind,
        seed=stored.seed,
        question=exercise.question,
        answer=stored.answer,
        time_limit_s=settings.time_limit(exercise),
        time_s=stored.duration_s,
        timed_out=stored.timed_out,
    ).graded()
